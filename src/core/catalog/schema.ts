// KLK1xx: what the JSON Schemas (schemas/) refuse. ajv's own message, in English and as ajv-i18n
// translates it, is one of the facts where no better words exist.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** A value's pattern or format (KLK105, and KLK221 for a network). */
export interface PatternFacts {
  field: string;
  value: string;
  /** The ajv format the value failed (email, date, ...), when it failed one. */
  format: string | undefined;
  /** ajv's words for the failure, the Indonesian from ajv-i18n. */
  ajv: Text;
  /** The schema's description of the field: the hint when nothing more precise is known. */
  description: string | undefined;
}

/** "'port' has an invalid value ..." */
export function invalidValue({ field, value, format, ajv }: PatternFacts): Text {
  return {
    en: `'${field}' has an invalid value ${JSON.stringify(value)}${format ? ` (expected ${format})` : ''}`,
    id: `'${field}' bernilai tidak sah ${JSON.stringify(value)}${format ? ` (${ajv.id})` : ''}`,
  };
}

const FORMAT_HINTS: Record<string, Text> = {
  email: { en: 'write an address like nama@opd.tarakankota.go.id', id: 'tulis alamat seperti nama@opd.tarakankota.go.id' },
  date: { en: 'write the date as YYYY-MM-DD, in quotes: "2026-11-02"', id: 'tulis tanggal sebagai TTTT-BB-HH, dalam tanda kutip: "2026-11-02"' },
  ipv4: { en: 'write four numbers 0-255 separated by dots, e.g. 203.0.113.10', id: 'tulis empat angka 0-255 dipisah titik, mis. 203.0.113.10' },
  ipv6: { en: 'write an IPv6 address, e.g. 2001:db8::10', id: 'tulis alamat IPv6, mis. 2001:db8::10' },
  phone: { en: 'write digits with an optional leading +, e.g. +62 811 5400 123', id: 'tulis angka dengan awalan + bila perlu, mis. +62 811 5400 123' },
  number: { en: 'write the letter number as printed, e.g. 800/123/BKPSDM/2026', id: 'tulis nomor surat seperti tercetak, mis. 800/123/BKPSDM/2026' },
};

/** A field's limit (KLK104, and KLK220 for a port) as ajv words it. */
export interface LimitFacts {
  field: string;
  ajv: Text;
}

export function outsideLimit({ field, ajv }: LimitFacts): Text {
  return { en: `'${field}' ${ajv.en}`, id: `'${field}' ${ajv.id}` };
}

/** Files an OPD team writes (requests), as opposed to the registry of OPDs beside them. */
function isOpdFile(file: string): boolean {
  return file.startsWith('requests/') && file !== 'requests/opds.yaml';
}

/** YAML 1.1 spelled booleans this way; under YAML 1.2 (and here) they are text. */
const YAML11_BOOLEANS = /^(y|yes|n|no|on|off|true|false)$/i;

/** `null`, `array`, or what `typeof` says. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeWordId(type: string): string {
  const words: Record<string, string> = {
    integer: 'bilangan bulat',
    number: 'angka',
    string: 'teks',
    boolean: 'true/false',
    object: 'objek (pasangan kunci: nilai)',
    array: 'daftar',
    null: 'kosong (null)',
  };
  return words[type] ?? type;
}

/** A value of the wrong type (KLK100): `written` is the value as the file spells it. */
interface WrongType {
  file: string;
  /** The JSON pointer of the value: '' for the whole document. */
  path: string;
  field: string;
  expected: string;
  data: unknown;
  written: string | undefined;
}

function isDocumentNotMapping({ path, expected }: WrongType): boolean {
  return path === '' && expected === 'object';
}

function wrongTypeText(facts: WrongType): Text {
  const { file, field, expected, data } = facts;
  const actual = describeType(data);
  if (isDocumentNotMapping(facts)) {
    const request = isOpdFile(file);
    return {
      en: `the file holds ${article(actual)}, not ${request ? 'a request' : 'a mapping'} of 'name: value' lines`,
      id: `berkas berisi ${typeWordId(actual)}, bukan ${request ? 'permohonan' : 'pemetaan'} berupa baris 'nama: nilai'`,
    };
  }
  return {
    en: `'${field}' must be ${article(expected)}, not ${actual}`,
    id: `'${field}' harus berupa ${typeWordId(expected)}, bukan ${typeWordId(actual)}`,
  };
}

/** The fix for the usual slips: quotes around a number, yes/no, a bare number where text is meant. */
function wrongTypeHint(facts: WrongType): Text {
  const { file, field, expected, data, written } = facts;
  if (isDocumentNotMapping(facts)) {
    return isOpdFile(file)
      ? { en: 'this file must hold a request: start from `kolokasi new <opd>/<name>`, which writes every field', id: 'berkas ini harus berisi permohonan: mulailah dari `kolokasi new <opd>/<nama>`, yang menulis semua isian' }
      : { en: 'write the file as key: value lines; restore it from git if it was overwritten', id: 'tulis berkas sebagai baris kunci: nilai; pulihkan dari git bila tertimpa' };
  }
  if (expected === 'boolean') {
    return typeof data === 'string' && YAML11_BOOLEANS.test(data)
      ? { en: `write true or false: '${data}' is text here (yes, no, on and off are not true/false in YAML 1.2)`, id: `tulis true atau false: '${data}' di sini adalah teks (yes, no, on dan off bukan true/false di YAML 1.2)` }
      : { en: 'write true or false', id: 'tulis true atau false' };
  }
  if (typeof data === 'string' && /^-?\d+$/.test(data) && (expected === 'integer' || expected === 'number')) {
    return { en: `write the number without quotes: ${data}`, id: `tulis angkanya tanpa tanda kutip: ${data}` };
  }
  if (expected === 'string' && (typeof data === 'number' || typeof data === 'boolean')) {
    // YAML reads 08123456789 as the number 8123456789 and +62811 as 62811: quotes keep it as written.
    const value = written ?? String(data);
    return {
      en: `put it in quotes, exactly as written: ${field}: "${value}"`,
      id: `apit dengan tanda kutip, persis seperti ditulis: ${field}: "${value}"`,
    };
  }
  return { en: `give '${field}' a value of type ${expected}`, id: `isi '${field}' dengan nilai bertipe ${typeWordId(expected)}` };
}

/** A key the schema does not know (KLK101): a field, or a key outside the allowed names. */
interface UnknownKey {
  key: string;
  isField: boolean;
  /** The known name nearest to the key, when one is near enough. */
  nearest: string | undefined;
  known: readonly string[];
  /** The schema's description of the allowed names. */
  description: string | undefined;
}

function unknownKeyHint({ isField, nearest, known, description }: UnknownKey): Text {
  if (nearest) return { en: `did you mean '${nearest}'?`, id: `mungkin maksudnya '${nearest}'?` };
  if (isField) return { en: `allowed here: ${known.join(', ')}`, id: `yang diizinkan di sini: ${known.join(', ')}` };
  if (known.length > 0) return { en: `known keys: ${known.join(', ')}`, id: `kunci yang dikenal: ${known.join(', ')}` };
  return { en: description ?? 'check the spelling of the key', id: 'periksa ejaan kuncinya' };
}

/** A value outside the allowed ones (KLK103): not in the list, or none of the alternative forms. */
type NotAllowed =
  | { kind: 'enum'; field: string; value: unknown; allowed: readonly unknown[] }
  | { kind: 'form'; field: string; path: string; description: string | undefined };

function allowedList(allowed: readonly unknown[]): string {
  return allowed.map((v) => JSON.stringify(v)).join(', ');
}

export const SCHEMA_MESSAGES = {
  KLK100: entry<[WrongType]>({
    summary: { en: 'wrong type (e.g. a port written as a string)', id: 'tipe salah (mis. port ditulis sebagai teks)' },
    text: wrongTypeText,
    hint: wrongTypeHint,
  }),
  KLK101: entry<[UnknownKey]>({
    summary: { en: 'unknown field; the nearest known name is suggested', id: 'isian tidak dikenal; nama terdekat yang dikenal disarankan' },
    text: ({ key, isField }) => isField
      ? { en: `unknown field '${key}'`, id: `isian '${key}' tidak dikenal` }
      : { en: `unknown key '${key}'`, id: `kunci '${key}' tidak dikenal` },
    hint: unknownKeyHint,
  }),
  KLK102: entry<[{ file: string; missing: string; parent: string | undefined }]>({
    summary: { en: 'required field missing', id: 'isian wajib tidak ada' },
    text: ({ missing, parent }) => ({
      en: `missing required field '${missing}'${parent !== undefined ? ` in '${parent}'` : ''}`,
      id: `isian wajib '${missing}' belum diisi${parent !== undefined ? ` pada '${parent}'` : ''}`,
    }),
    hint: ({ file, missing }) => isOpdFile(file)
      ? {
          en: `add '${missing}:'; \`kolokasi new\` writes a skeleton with every field`,
          id: `tambahkan '${missing}:'; \`kolokasi new\` menulis kerangka dengan semua isian`,
        }
      : { en: `add '${missing}:'`, id: `tambahkan '${missing}:'` },
  }),
  KLK103: entry<[NotAllowed]>({
    summary: { en: 'value not among the allowed ones', id: 'nilai bukan salah satu yang diizinkan' },
    text: (facts) => facts.kind === 'enum'
      ? {
          en: `'${facts.field}' is ${JSON.stringify(facts.value)}; allowed: ${allowedList(facts.allowed)}`,
          id: `'${facts.field}' bernilai ${JSON.stringify(facts.value)}; yang diizinkan: ${allowedList(facts.allowed)}`,
        }
      : { en: `'${facts.field}' has none of the allowed forms`, id: `'${facts.field}' tidak sesuai bentuk yang diizinkan` },
    hint: (facts) => {
      if (facts.kind === 'enum') return { en: `use one of: ${allowedList(facts.allowed)}`, id: `gunakan salah satu: ${allowedList(facts.allowed)}` };
      if (/\/access$/.test(facts.path)) {
        return {
          en: 'write public (the internet), intranet (the city WAN), or a list of networks such as [10.10.0.0/16]',
          id: 'tulis public (internet), intranet (WAN kota), atau daftar jaringan seperti [10.10.0.0/16]',
        };
      }
      return { en: facts.description ?? 'check the schema for the allowed forms', id: facts.description ?? 'periksa skema untuk bentuk yang diizinkan' };
    },
  }),
  KLK104: entry<[{ kind: 'limit' } & LimitFacts | { kind: 'probe'; probe: string }]>({
    summary: { en: 'value outside its limits (length, count, range)', id: 'nilai di luar batasnya (panjang, jumlah, rentang)' },
    text: (facts) => facts.kind === 'limit'
      ? outsideLimit(facts)
      : { en: `probe '${facts.probe}': the port must be 1-65535`, id: `probe '${facts.probe}': port harus 1-65535` },
    hint: (facts) => facts.kind === 'limit'
      ? { en: `bring '${facts.field}' within the limit`, id: `sesuaikan '${facts.field}' dengan batasnya` }
      : { en: 'write host:port, e.g. 10.10.0.5:22', id: 'tulis host:port, mis. 10.10.0.5:22' },
  }),
  KLK105: entry<[PatternFacts]>({
    summary: { en: 'value of the wrong form (pattern or format: e-mail, date, address)', id: 'bentuk nilai salah (pola atau format: e-mail, tanggal, alamat)' },
    text: invalidValue,
    hint: ({ field, format, description }) => (format ? FORMAT_HINTS[format] : undefined) ?? FORMAT_HINTS[field] ?? {
      en: description ?? 'use only the allowed characters',
      id: 'gunakan hanya karakter yang diizinkan',
    },
  }),
  KLK106: entry<[{ field: string; value: string }]>({
    summary: { en: 'a `<...>` placeholder from `kolokasi new` is still there', id: 'tempat isian `<...>` dari `kolokasi new` masih ada' },
    text: ({ field, value }) => ({
      en: `'${field}' still holds the placeholder ${value}`,
      id: `'${field}' masih berisi tempat isian ${value}`,
    }),
    hint: ({ value }) => ({ en: `replace ${value} with the real value`, id: `ganti ${value} dengan nilai sebenarnya` }),
  }),
  KLK107: entry<[{ key: string }]>({
    summary: {
      en: 'a key that must not be in the file (Cloudflare credentials in the stack config)',
      id: 'kunci yang tidak boleh ada di berkas (kredensial Cloudflare di konfigurasi stack)',
    },
    text: ({ key }) => ({
      en: `'${key}' must not be in this file`,
      id: `'${key}' tidak boleh ada di berkas ini`,
    }),
    hint: ({ key }) => key.startsWith('cloudflare:')
      ? {
          en: 'Cloudflare credentials come only from CLOUDFLARE_API_TOKEN in the environment (a CI secret); delete this key and revoke the token',
          id: 'kredensial Cloudflare hanya dari CLOUDFLARE_API_TOKEN di environment (secret CI); hapus kunci ini dan cabut tokennya',
        }
      : { en: `delete '${key}'`, id: `hapus '${key}'` },
  }),
  KLK108: entry<[{ hidden: number }]>({
    summary: {
      en: 'more than 50 schema problems in one file: the rest are counted, not listed',
      id: 'lebih dari 50 masalah skema dalam satu berkas: sisanya dihitung, tidak dicantumkan',
    },
    text: ({ hidden }) => ({
      en: `${hidden} more schema problem(s) in this file are not shown`,
      id: `${hidden} masalah skema lain di berkas ini tidak ditampilkan`,
    }),
    hint: () => ({
      en: 'fix the problems above and validate again',
      id: 'perbaiki masalah di atas lalu validasi lagi',
    }),
  }),
  KLK109: entry<[{ field: string; ajv: Text }]>({
    summary: { en: 'other schema violation', id: 'pelanggaran skema lainnya' },
    text: ({ field, ajv }) => ({ en: `'${field}' ${ajv.en}`, id: `'${field}' ${ajv.id}` }),
    hint: () => ({ en: 'see the schema in schemas/', id: 'lihat skema di folder schemas/' }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
