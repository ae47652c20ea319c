// KLK0xx: reading a file: its bytes, its YAML syntax, its place in the repository.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** The one YAML syntax mistake of a file (KLK001), as core/yaml-syntax.ts found it. */
export type YamlMistake =
  /** A line whose indentation fits no open level: `what` has `has` spaces, line `likeLine` (`like`) the right `wants`. */
  | { kind: 'indent'; what: string; has: number; wants: number; likeLine: number; like: string }
  | { kind: 'tab' }
  /** A quote or bracket opened in a value and not closed on its line. */
  | { kind: 'unclosed'; opening: '"' | "'" | '[' | '{' }
  | { kind: 'dash-without-space'; fixed: string }
  | { kind: 'colon-without-space'; key: string; rest: string }
  | { kind: 'no-colon'; key: string; value: string }
  | { kind: 'colon-in-value'; key: string; value: string }
  | { kind: 'unexpected-char'; char: string }
  | { kind: 'item-without-dash' }
  /** What the `yaml` package said (its ErrorCode), when the lines alone do not show the mistake. */
  | { kind: 'parser'; code: string };

const TAB: { message: Text; hint: Text } = {
  message: { en: 'a tab is used for indentation; YAML accepts only spaces', id: 'tab dipakai untuk indentasi; YAML hanya menerima spasi' },
  hint: {
    en: 'use spaces, not tabs: replace the tab with spaces, aligned with the lines above (set your editor to insert spaces for Tab)',
    id: 'gunakan spasi, bukan tab: ganti tab dengan spasi, sejajar dengan baris di atasnya (atur penyunting agar tombol Tab menulis spasi)',
  },
};

const CHECK_LINE: Text = {
  en: 'check this line and the one above: indentation (spaces, not tabs), a space after each colon, closed quotes and brackets',
  id: 'periksa baris ini dan baris di atasnya: indentasi (spasi, bukan tab), spasi setelah setiap titik dua, tanda kutip dan kurung yang tertutup',
};

const QUOTE_THE_VALUE: Text = {
  en: 'put the whole value in double quotes, e.g. title: "..."',
  id: 'apit seluruh nilai dengan tanda kutip ganda, mis. title: "..."',
};

/** The parser's codes (yaml 2.x `ErrorCode`) in the reader's words. */
const PARSER_WORDS: Record<string, { message: Text; hint: Text }> = {
  BAD_INDENT: {
    message: { en: 'this line is not indented like the lines of its level', id: 'baris ini tidak menjorok seperti baris setingkatnya' },
    hint: { en: 'indent like the line above, with spaces', id: 'buat menjorok seperti baris di atasnya, dengan spasi' },
  },
  TAB_AS_INDENT: TAB,
  MISSING_CHAR: {
    message: { en: 'a character is missing here', id: 'ada karakter yang kurang di sini' },
    hint: CHECK_LINE,
  },
  BLOCK_AS_IMPLICIT_KEY: {
    message: { en: 'a second colon followed by a space in one line', id: 'ada titik dua kedua yang diikuti spasi dalam satu baris' },
    hint: QUOTE_THE_VALUE,
  },
  MULTILINE_IMPLICIT_KEY: {
    message: { en: "this line is not 'name: value'", id: "baris ini bukan 'nama: nilai'" },
    hint: { en: 'write the field name, a colon and a space, then the value', id: 'tulis nama isian, titik dua dan spasi, lalu nilainya' },
  },
  BAD_SCALAR_START: {
    message: { en: 'a value cannot start with this character unquoted', id: 'nilai tidak boleh diawali karakter ini tanpa tanda kutip' },
    hint: QUOTE_THE_VALUE,
  },
  BAD_DQ_ESCAPE: {
    message: { en: 'a backslash inside double quotes starts an escape, and this one is not valid', id: 'garis miring terbalik di dalam tanda kutip ganda memulai escape, dan yang ini tidak sah' },
    hint: { en: "use single quotes ('...') for text with backslashes, or write \\\\ for one backslash", id: "gunakan tanda kutip tunggal ('...') untuk teks bergaris miring terbalik, atau tulis \\\\ untuk satu garis miring terbalik" },
  },
  UNEXPECTED_TOKEN: {
    message: { en: 'YAML did not expect this here', id: 'YAML tidak mengharapkan ini di sini' },
    hint: CHECK_LINE,
  },
  BLOCK_IN_FLOW: {
    message: { en: 'a block value inside [ ] or { }', id: 'nilai blok di dalam [ ] atau { }' },
    hint: { en: 'inside brackets, write the items on one line separated by commas', id: 'di dalam kurung, tulis butirnya dalam satu baris dipisahkan koma' },
  },
  KEY_OVER_1024_CHARS: {
    message: { en: 'a field name longer than 1024 characters', id: 'nama isian lebih dari 1024 karakter' },
    hint: CHECK_LINE,
  },
  MULTIPLE_ANCHORS: {
    message: { en: 'more than one & anchor on one value', id: 'lebih dari satu jangkar & pada satu nilai' },
    hint: { en: 'write the value out without & and *', id: 'tulis nilainya langsung tanpa & dan *' },
  },
  MULTIPLE_TAGS: {
    message: { en: 'more than one ! tag on one value', id: 'lebih dari satu tag ! pada satu nilai' },
    hint: { en: 'write plain values without ! tags', id: 'tulis nilai biasa tanpa tag !' },
  },
  BAD_ALIAS: {
    message: { en: 'an * alias that names no & anchor', id: 'alias * yang tidak merujuk jangkar & mana pun' },
    hint: { en: 'write the value out without & and *', id: 'tulis nilainya langsung tanpa & dan *' },
  },
  BAD_DIRECTIVE: {
    message: { en: 'a % directive YAML does not know', id: 'direktif % yang tidak dikenal YAML' },
    hint: { en: 'remove the line that starts with %', id: 'hapus baris yang diawali %' },
  },
};

const UNKNOWN_PARSER_ERROR = {
  message: { en: 'YAML cannot read this line', id: 'YAML tidak dapat membaca baris ini' },
  hint: CHECK_LINE,
};

function spaces(n: number): Text {
  if (n === 0) return { en: 'no spaces', id: 'tanpa spasi' };
  return n === 1 ? { en: '1 space', id: '1 spasi' } : { en: `${n} spaces`, id: `${n} spasi` };
}

function isBracket(opening: string): boolean {
  return opening === '[' || opening === '{';
}

const CLOSING: Record<string, string> = { '"': '"', "'": "'", '[': ']', '{': '}' };

function syntaxWords(mistake: YamlMistake): { message: Text; hint: Text } {
  switch (mistake.kind) {
    case 'indent': {
      const { what, has, wants, likeLine, like } = mistake;
      const deeper = has > wants;
      return {
        message: {
          en: `${what} is indented ${spaces(has).en}, ${deeper ? 'more' : 'less'} than the lines of its level (${spaces(wants).en}); YAML reads the structure from the indentation`,
          id: `${what} menjorok ${spaces(has).id}, ${deeper ? 'lebih dalam' : 'kurang dalam'} daripada baris setingkatnya (${spaces(wants).id}); YAML membaca struktur dari indentasi`,
        },
        hint: {
          en: `indent it like line ${likeLine} (${like}): ${spaces(wants).en}`,
          id: `buat menjorok seperti baris ${likeLine} (${like}): ${spaces(wants).id}`,
        },
      };
    }
    case 'tab':
      return TAB;
    case 'unclosed': {
      const { opening } = mistake;
      const closing = CLOSING[opening]!;
      const what = isBracket(opening) ? { en: 'bracket', id: 'kurung' } : { en: 'quote', id: 'tanda kutip' };
      return {
        message: {
          en: `the ${what.en} ${opening} opened here is not closed on this line`,
          id: `${what.id} ${opening} yang dibuka di sini tidak ditutup di baris ini`,
        },
        hint: {
          en: `close it with ${closing} at the end of the value${isBracket(opening) ? `, or remove the ${opening} if the value is plain text` : ''}`,
          id: `tutup dengan ${closing} di akhir nilai${isBracket(opening) ? `, atau hapus ${opening} bila nilainya teks biasa` : ''}`,
        },
      };
    }
    case 'dash-without-space':
      return {
        message: { en: "a list item's dash needs a space after it", id: 'tanda hubung butir daftar memerlukan spasi sesudahnya' },
        hint: { en: `write: ${mistake.fixed}`, id: `tulis: ${mistake.fixed}` },
      };
    case 'colon-without-space': {
      const { key, rest } = mistake;
      return {
        message: { en: `no space after the colon of '${key}'`, id: `tidak ada spasi setelah titik dua '${key}'` },
        hint: { en: `put a space after the colon: ${key}: ${rest}`, id: `beri spasi setelah titik dua: ${key}: ${rest}` },
      };
    }
    case 'no-colon': {
      const { key, value } = mistake;
      return {
        message: { en: `no colon after '${key}'`, id: `tidak ada titik dua setelah '${key}'` },
        hint: { en: `write: ${key}: ${value}`, id: `tulis: ${key}: ${value}` },
      };
    }
    case 'colon-in-value': {
      const { key } = mistake;
      const quoted = mistake.value.replace(/"/g, '\\"');
      return {
        message: { en: `the value of '${key}' holds a colon and a space, which YAML reads as another field`, id: `nilai '${key}' memuat titik dua dan spasi, yang dibaca YAML sebagai isian lain` },
        hint: { en: `put the value in double quotes: ${key}: "${quoted}"`, id: `apit nilainya dengan tanda kutip ganda: ${key}: "${quoted}"` },
      };
    }
    case 'unexpected-char': {
      const { char } = mistake;
      return {
        message: { en: `'${char}' is not expected here`, id: `'${char}' tidak diharapkan di sini` },
        hint: { en: `remove the '${char}', or put the whole value in double quotes`, id: `hapus '${char}', atau apit seluruh nilai dengan tanda kutip ganda` },
      };
    }
    case 'item-without-dash':
      return {
        message: { en: 'a list item without its dash', id: 'butir daftar tanpa tanda hubungnya' },
        hint: { en: "start each item with '- ' like the items above, or indent the line like the fields of the item", id: "awali setiap butir dengan '- ' seperti butir di atasnya, atau buat baris menjorok seperti isian butir itu" },
      };
    case 'parser':
      return PARSER_WORDS[mistake.code] ?? UNKNOWN_PARSER_ERROR;
  }
}

/** Request files are written by OPD teams; the others by kolokasi or the NOC, and git has them. */
function isRequestFile(file: string): boolean {
  return /^requests\/[^/]+\/[^/]+\.ya?ml$/.test(file);
}

function restoreFromGit(file: string): Text {
  return {
    en: `restore it from git (git checkout -- ${file}) or fix it by hand`,
    id: `pulihkan dari git (git checkout -- ${file}) atau perbaiki secara manual`,
  };
}

export const YAML_MESSAGES = {
  KLK001: entry<[YamlMistake]>({
    summary: {
      en: 'YAML syntax error: one per file, on the line of the mistake (tab, indentation, unclosed quote or bracket, missing colon or space)',
      id: 'kesalahan sintaks YAML: satu per berkas, pada baris kesalahannya (tab, indentasi, tanda kutip atau kurung tidak ditutup, titik dua atau spasi kurang)',
    },
    text: (mistake) => syntaxWords(mistake).message,
    hint: (mistake) => syntaxWords(mistake).hint,
  }),
  KLK002: entry({
    summary: { en: 'duplicate key in a mapping', id: 'kunci ganda dalam satu pemetaan' },
    text: () => ({ en: 'duplicate key', id: 'kunci ganda' }),
    hint: () => ({
      en: 'a key may appear once per mapping; keep one and delete the other',
      id: 'satu kunci hanya boleh muncul sekali; simpan satu dan hapus yang lain',
    }),
  }),
  KLK003: entry<[{ maxAliases: number }]>({
    summary: { en: 'YAML aliases expand too far (alias bomb)', id: 'alias YAML berkembang terlalu banyak (bom alias)' },
    text: ({ maxAliases }) => ({
      en: `YAML aliases expand too far (more than ${maxAliases}): refused as a resource-exhaustion attempt`,
      id: `alias YAML berkembang terlalu banyak (lebih dari ${maxAliases}): ditolak sebagai upaya menghabiskan sumber daya`,
    }),
    hint: () => ({
      en: 'write the values out instead of using `&anchor` and `*alias`',
      id: 'tulis nilainya langsung, tanpa `&anchor` dan `*alias`',
    }),
  }),
  KLK004: entry<[{ file: string; size: number; limit: number }]>({
    summary: { en: 'file larger than 256 KiB', id: 'berkas lebih besar dari 256 KiB' },
    text: ({ size, limit }) => ({
      en: `file is ${size} bytes, more than the limit of ${limit}`,
      id: `ukuran berkas ${size} byte, melebihi batas ${limit}`,
    }),
    hint: ({ file }) => isRequestFile(file)
      ? { en: 'a request is a short text file; remove what does not belong in it', id: 'permohonan adalah berkas teks pendek; hapus isi yang bukan bagiannya' }
      : restoreFromGit(file),
  }),
  KLK005: entry({
    summary: { en: 'not UTF-8 text: binary or control bytes', id: 'bukan teks UTF-8: byte biner atau karakter kendali' },
    text: () => ({
      en: 'file is not UTF-8 text (binary or control bytes found)',
      id: 'berkas bukan teks UTF-8 (ada byte biner atau karakter kendali)',
    }),
    hint: () => ({
      en: 'save the file as plain UTF-8 text from a text editor',
      id: 'simpan berkas sebagai teks UTF-8 biasa dari penyunting teks',
    }),
  }),
  KLK006: entry<[{ file: string }]>({
    summary: { en: 'empty file', id: 'berkas kosong' },
    text: () => ({ en: 'file is empty', id: 'berkas kosong' }),
    hint: ({ file }) => isRequestFile(file)
      ? { en: 'start from `kolokasi new <opd>/<name>`, which writes a complete skeleton', id: 'mulailah dari `kolokasi new <opd>/<nama>`, yang menulis kerangka lengkap' }
      : restoreFromGit(file),
  }),
  KLK007: entry<[{ documents: number }]>({
    summary: { en: 'more than one YAML document in a file', id: 'lebih dari satu dokumen YAML dalam satu berkas' },
    text: ({ documents }) => ({
      en: `file holds ${documents} YAML documents; one is allowed`,
      id: `berkas berisi ${documents} dokumen YAML; hanya satu yang diizinkan`,
    }),
    hint: () => ({
      en: 'remove the `---` separator and put each request in its own file',
      id: 'hapus pemisah `---` dan tulis setiap permohonan di berkasnya sendiri',
    }),
  }),
  KLK008: entry<[{ kind: 'symlink' | 'special' }]>({
    summary: {
      en: 'not a regular file: a symbolic link, pipe, socket or device is refused',
      id: 'bukan berkas biasa: tautan simbolik, pipe, socket atau device ditolak',
    },
    text: ({ kind }) => {
      const what = kind === 'symlink'
        ? { en: 'a symbolic link', id: 'tautan simbolik (symlink)' }
        : { en: 'a special file (pipe, socket or device)', id: 'berkas khusus (pipe, socket atau device)' };
      return {
        en: `${what.en} is not accepted: only regular files are read`,
        id: `${what.id} tidak diterima: hanya berkas biasa yang dibaca`,
      };
    },
    hint: () => ({
      en: 'replace it with the file itself and commit that',
      id: 'ganti dengan berkasnya sendiri lalu commit',
    }),
  }),
  KLK009: entry<[{ file: string }]>({
    summary: { en: 'file outside `requests/<opd>/<name>.yaml`', id: 'berkas di luar `requests/<opd>/<nama>.yaml`' },
    text: () => ({
      en: 'a request must be a file requests/<opd>/<name>.yaml',
      id: 'permohonan harus berupa berkas requests/<opd>/<nama>.yaml',
    }),
    hint: ({ file }) => /^requests\/[^/]+\/[^/]+\.yml$/.test(file)
      ? { en: `rename it to ${file.replace(/\.yml$/, '.yaml')}`, id: `ganti namanya menjadi ${file.replace(/\.yml$/, '.yaml')}` }
      : {
          en: 'move it to requests/<opd>/<name>.yaml, one directory per OPD',
          id: 'pindahkan ke requests/<opd>/<nama>.yaml, satu folder per OPD',
        },
  }),
  KLK010: entry<[{ tag: string }]>({
    summary: { en: 'YAML tag (`!foo`, `!!js/...`) refused', id: 'tag YAML (`!foo`, `!!js/...`) ditolak' },
    text: ({ tag }) => ({
      en: `YAML tag ${tag} is not allowed`,
      id: `tag YAML ${tag} tidak diizinkan`,
    }),
    hint: () => ({
      en: 'write plain values without `!` tags',
      id: 'tulis nilai biasa tanpa tag `!`',
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
