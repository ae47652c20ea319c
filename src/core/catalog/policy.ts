// KLK2xx: what a schema alone cannot say: a request against its path, the OPD registry, the
// stack's policy and the other requests.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';
import { describeChar } from '../diagnostics.ts';
import { isDnsLabel } from '../labels.ts';
import { invalidValue, outsideLimit, type LimitFacts, type PatternFacts } from './schema.ts';

/** A value that is not a DNS label: `subject` names it as the sentence starts ("'subdomain'"). */
interface LabelFacts {
  subject: string;
  value: string;
  /** KLK213: the first character not allowed; none when the value is empty. */
  char?: string | undefined;
}

const LABEL_CHARACTERS: Text = {
  en: 'use lowercase letters a-z, digits and hyphens, starting and ending with a letter or digit',
  id: 'gunakan huruf kecil a-z, angka dan tanda hubung, diawali dan diakhiri huruf atau angka',
};

function labelText(subject: string, problem: Text): Text {
  return { en: `${subject} ${problem.en}`, id: `${subject} ${problem.id}` };
}

const CHARACTER_REASONS: Record<string, Text> = {
  '.': { en: 'a dot makes a deeper subdomain; one label only', id: 'titik membuat subdomain bertingkat; hanya satu label' },
  '*': { en: 'wildcards are not allowed', id: 'wildcard tidak diizinkan' },
  _: { en: 'underscores are not allowed in host names', id: 'garis bawah tidak diizinkan pada nama host' },
};

function badCharacter(char: string): Text {
  const reason = CHARACTER_REASONS[char] ?? { en: 'only a-z, 0-9 and - are allowed', id: 'hanya a-z, 0-9 dan - yang diizinkan' };
  return { en: `contains ${describeChar(char)}: ${reason.en}`, id: `mengandung ${describeChar(char)}: ${reason.id}` };
}

/** A few names and a count: a message about thousands of files must stay readable (and small). */
function listed(ids: readonly string[], shown = 4): Text {
  if (ids.length <= shown + 1) return { en: ids.join(', '), id: ids.join(', ') };
  const head = ids.slice(0, shown).join(', ');
  return { en: `${head} and ${ids.length - shown} more`, id: `${head} dan ${ids.length - shown} lainnya` };
}

/** Consecutive ports as ranges: 21, 22, 23, 3306 -> 21-23, 3306. */
function portRuns(ports: readonly number[]): string[] {
  const runs: [number, number][] = [];
  for (const port of ports) {
    const last = runs[runs.length - 1];
    if (last && port === last[1] + 1) last[1] = port;
    else runs.push([port, port]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
}

/** Restricted ports a service opens, and the range they were found in when it declares one. */
interface RestrictedFacts {
  ports: readonly number[];
  range: { from: number; to: number } | undefined;
}

/**
 * "port 22 is" / "ports 21-23 inside the range 20-25 are", and for a public range the pieces of
 * the range that stay open once the restricted ports are taken out.
 */
function restrictedWords({ ports, range }: RestrictedFacts): Text & { them: string; split?: Text } {
  const runs = portRuns(ports).join(', ');
  const plural = ports.length > 1;
  const inside = range ? { en: ` inside the range ${range.from}-${range.to}`, id: ` di dalam rentang ${range.from}-${range.to}` } : { en: '', id: '' };
  const words = {
    en: `${plural ? 'ports' : 'port'} ${runs}${inside.en} ${plural ? 'are' : 'is'}`,
    id: `port ${runs}${inside.id}`,
    them: plural ? 'them' : 'it',
  };
  if (!range) return words;
  const open: number[] = [];
  for (let p = range.from; p <= range.to && open.length < 65536; p++) if (!ports.includes(p)) open.push(p);
  const rest = portRuns(open).join(', ');
  return {
    ...words,
    split: {
      en: `${plural ? 'ports' : 'port'} ${runs} ${plural ? 'are' : 'is'} restricted: ${rest ? `open ${rest} instead of the whole range` : 'remove the range'}, and declare the restricted ${plural ? 'ports' : 'port'} as ${plural ? 'their own services' : 'its own service'} limited to the intranet or your office's CIDRs, with a justification`,
      id: `port ${runs} dibatasi: ${rest ? `buka ${rest} saja, bukan seluruh rentang` : 'hapus rentangnya'}, dan deklarasikan port yang dibatasi sebagai layanan tersendiri yang hanya untuk intranet atau CIDR kantor Anda, disertai justifikasi`,
    },
  };
}

/**
 * A restricted port open too widely (KLK230): to the public, or to networks wider than the widest
 * prefix allowed, each with the IPv4 network it holds when written in IPv6.
 */
type RestrictedOpen = RestrictedFacts & (
  | { openTo: 'public' }
  | { openTo: 'networks'; networks: readonly { network: string; ipv4?: string | undefined }[]; widest: { ipv4: number; ipv6: number } }
);

function tooWideText(facts: RestrictedOpen): Text {
  const ports = restrictedWords(facts);
  if (facts.openTo === 'public') {
    return { en: `${ports.en} restricted and may never be open to the public`, id: `${ports.id} dibatasi dan tidak boleh dibuka untuk publik` };
  }
  const wide = facts.networks.map(({ network, ipv4 }) => (ipv4 === undefined ? network : `${network} (= IPv4 ${ipv4})`)).join(', ');
  return {
    en: `${ports.en} restricted, and ${wide} opens ${ports.them} to a large part of the internet`,
    id: `${ports.id} dibatasi, dan ${wide} membukanya untuk sebagian besar internet`,
  };
}

function tooWideHint(facts: RestrictedOpen): Text {
  if (facts.openTo === 'public') {
    return restrictedWords(facts).split ?? {
      en: 'limit access to the intranet or to the CIDRs of your office, with a justification',
      id: 'batasi akses ke intranet atau CIDR kantor Anda, disertai justifikasi',
    };
  }
  const { ipv4, ipv6 } = facts.widest;
  return {
    en: `list only the networks that need it, each /${ipv4} or narrower (IPv6: /${ipv6}; an IPv4 network written in IPv6, such as ::ffff:0.0.0.0/96, counts as the IPv4 network it holds), or use intranet`,
    id: `tulis hanya jaringan yang memerlukannya, masing-masing /${ipv4} atau lebih sempit (IPv6: /${ipv6}; jaringan IPv4 yang ditulis dalam IPv6, seperti ::ffff:0.0.0.0/96, dihitung sebagai jaringan IPv4 yang dimuatnya), atau gunakan intranet`,
  };
}

/** A network that is not one (KLK221): a value the schema's pattern refused, or one with host bits or a wrong prefix. */
type BadNetwork =
  | ({ kind: 'pattern' } & PatternFacts)
  | { kind: 'host-bits'; entry: string; network: string }
  | { kind: 'invalid'; entry: string };

export const POLICY_MESSAGES = {
  KLK200: entry<[{ name: string; fileName: string }]>({
    summary: { en: '`metadata.name` differs from the file name', id: '`metadata.name` berbeda dengan nama berkas' },
    text: ({ name, fileName }) => ({
      en: `metadata.name '${name}' differs from the file name '${fileName}.yaml'`,
      id: `metadata.name '${name}' berbeda dengan nama berkas '${fileName}.yaml'`,
    }),
    // A file name that is no DNS label cannot be the request's name: only renaming the file helps.
    hint: ({ name, fileName }) => isDnsLabel(fileName)
      ? { en: `set name: ${fileName}, or rename the file to ${name}.yaml`, id: `isi name: ${fileName}, atau ganti nama berkas menjadi ${name}.yaml` }
      : { en: `rename the file to ${name}.yaml`, id: `ganti nama berkas menjadi ${name}.yaml` },
  }),
  KLK201: entry<[{ opd: string; directory: string }]>({
    summary: { en: '`metadata.opd` differs from the directory', id: '`metadata.opd` berbeda dengan foldernya' },
    text: ({ opd, directory }) => ({
      en: `metadata.opd '${opd}' differs from the directory 'requests/${directory}/'`,
      id: `metadata.opd '${opd}' berbeda dengan folder 'requests/${directory}/'`,
    }),
    hint: ({ opd, directory }) => isDnsLabel(directory)
      ? { en: `set opd: ${directory}, or move the file to requests/${opd}/`, id: `isi opd: ${directory}, atau pindahkan berkas ke requests/${opd}/` }
      : { en: `move the file to requests/${opd}/`, id: `pindahkan berkas ke requests/${opd}/` },
  }),
  KLK202: entry<[{ opd: string; registered: readonly string[] }]>({
    summary: { en: 'OPD not registered in `requests/opds.yaml`', id: 'OPD belum terdaftar di `requests/opds.yaml`' },
    text: ({ opd }) => ({ en: `OPD '${opd}' is not registered`, id: `OPD '${opd}' belum terdaftar` }),
    hint: ({ registered }) => {
      const list = [...registered].sort().join(', ');
      return {
        en: `registered: ${list}; a new OPD is added to requests/opds.yaml by Bidang Aplikasi`,
        id: `yang terdaftar: ${list}; OPD baru ditambahkan ke requests/opds.yaml oleh Bidang Aplikasi`,
      };
    },
  }),
  KLK210: entry<[LabelFacts]>({
    summary: { en: 'DNS label has uppercase letters', id: 'label DNS mengandung huruf besar' },
    text: ({ subject }) => labelText(subject, { en: 'has uppercase letters', id: 'mengandung huruf besar' }),
    hint: ({ value }) => ({ en: `write it in lowercase: ${value.toLowerCase()}`, id: `tulis dengan huruf kecil: ${value.toLowerCase()}` }),
  }),
  KLK211: entry<[LabelFacts]>({
    summary: { en: 'DNS label starts or ends with a hyphen', id: 'label DNS diawali atau diakhiri tanda hubung' },
    text: ({ subject }) => labelText(subject, { en: 'starts or ends with a hyphen', id: 'diawali atau diakhiri tanda hubung' }),
    hint: ({ value }) => {
      const trimmed = value.replace(/^-+|-+$/g, '');
      return { en: `remove the hyphen: ${trimmed || 'name'}`, id: `hapus tanda hubungnya: ${trimmed || 'nama'}` };
    },
  }),
  KLK212: entry<[LabelFacts]>({
    summary: { en: 'DNS label longer than 63 characters', id: 'label DNS lebih dari 63 karakter' },
    text: ({ subject, value }) => labelText(subject, {
      en: `is ${value.length} characters long; a DNS label has at most 63`,
      id: `panjangnya ${value.length} karakter; label DNS paling banyak 63`,
    }),
    hint: () => ({ en: 'choose a shorter name', id: 'pilih nama yang lebih pendek' }),
  }),
  KLK213: entry<[LabelFacts]>({
    summary: {
      en: 'DNS label has a character other than a-z, 0-9, `-` (dot, wildcard, underscore, newline, non-ASCII)',
      id: 'label DNS mengandung karakter selain a-z, 0-9, `-` (titik, wildcard, garis bawah, baris baru, non-ASCII)',
    },
    text: ({ subject, char }) => labelText(subject, char === undefined ? { en: 'is empty', id: 'kosong' } : badCharacter(char)),
    hint: () => LABEL_CHARACTERS,
  }),
  KLK215: entry<[{ subdomain: string; opd: string }]>({
    summary: { en: 'subdomain reserved by the stack', id: 'subdomain dicadangkan oleh stack' },
    text: ({ subdomain }) => ({ en: `subdomain '${subdomain}' is reserved by DKISP`, id: `subdomain '${subdomain}' dicadangkan oleh DKISP` }),
    hint: ({ subdomain, opd }) => ({ en: `choose another name, e.g. ${subdomain}-${opd}`, id: `pilih nama lain, mis. ${subdomain}-${opd}` }),
  }),
  KLK216: entry<[{ subdomain: string; claimants: readonly string[]; holder: { id: string; file: string } | undefined }]>({
    summary: {
      en: 'subdomain requested by more than one request (only those that do not hold it yet; the holder is named)',
      id: 'subdomain diminta oleh lebih dari satu permohonan (hanya yang belum memegangnya; pemegangnya disebut)',
    },
    text: ({ subdomain, claimants, holder }) => {
      if (holder) {
        return {
          en: `subdomain '${subdomain}' is already held by ${holder.id} (${holder.file}), a live request`,
          id: `subdomain '${subdomain}' sudah dipegang ${holder.id} (${holder.file}), permohonan yang sudah berjalan`,
        };
      }
      const ids = listed(claimants);
      return {
        en: `subdomain '${subdomain}' is requested by ${ids.en}; none of them holds it yet`,
        id: `subdomain '${subdomain}' diminta oleh ${ids.id}; belum ada yang memegangnya`,
      };
    },
    hint: ({ subdomain, holder }) => holder
      ? { en: `choose another subdomain for this request; ${holder.id} keeps '${subdomain}'`, id: `pilih subdomain lain untuk permohonan ini; ${holder.id} tetap memakai '${subdomain}'` }
      : { en: 'each subdomain belongs to one request; agree which one keeps it and choose another for the others', id: 'setiap subdomain milik satu permohonan; sepakati mana yang memakainya dan pilih yang lain untuk sisanya' },
  }),
  KLK219: entry({
    summary: { en: 'a service needs exactly one of `port` or `portRange`', id: 'layanan harus punya tepat satu dari `port` atau `portRange`' },
    text: () => ({
      en: 'a service needs exactly one of `port` or `portRange`',
      id: 'layanan harus punya tepat satu dari `port` atau `portRange`',
    }),
    hint: () => ({
      en: 'write `port: 443` for one port or `portRange: { from: 8080, to: 8089 }` for a range',
      id: 'tulis `port: 443` untuk satu port atau `portRange: { from: 8080, to: 8089 }` untuk rentang',
    }),
  }),
  KLK220: entry<[({ kind: 'limit' } & LimitFacts) | { kind: 'reversed'; from: number; to: number }]>({
    summary: { en: 'port outside 1-65535, or a reversed range', id: 'port di luar 1-65535, atau rentang terbalik' },
    text: (facts) => facts.kind === 'limit'
      ? outsideLimit(facts)
      : { en: `port range ${facts.from}-${facts.to} is reversed`, id: `rentang port ${facts.from}-${facts.to} terbalik` },
    hint: (facts) => facts.kind === 'limit'
      ? { en: 'a port is a whole number from 1 to 65535', id: 'port adalah bilangan bulat dari 1 sampai 65535' }
      : { en: `write from: ${facts.to}, to: ${facts.from}`, id: `tulis from: ${facts.to}, to: ${facts.from}` },
  }),
  KLK221: entry<[BadNetwork]>({
    summary: { en: 'invalid CIDR (prefix too long, host bits set)', id: 'CIDR tidak sah (prefiks terlalu panjang, bit host terisi)' },
    text: (facts) => {
      if (facts.kind === 'pattern') return invalidValue(facts);
      if (facts.kind === 'host-bits') {
        return { en: `'${facts.entry}' has host bits set; the network is ${facts.network}`, id: `'${facts.entry}' memiliki bit host; jaringannya adalah ${facts.network}` };
      }
      return {
        en: `'${facts.entry}' is not a valid network (address/prefix, prefix at most 32 for IPv4 and 128 for IPv6)`,
        id: `'${facts.entry}' bukan jaringan yang sah (alamat/prefiks, prefiks paling besar 32 untuk IPv4 dan 128 untuk IPv6)`,
      };
    },
    hint: (facts) => {
      if (facts.kind === 'pattern') return { en: 'write a network as address/prefix, e.g. 10.10.0.0/16', id: 'tulis jaringan sebagai alamat/prefiks, mis. 10.10.0.0/16' };
      if (facts.kind === 'host-bits') return { en: `write ${facts.network}`, id: `tulis ${facts.network}` };
      return { en: 'e.g. 10.10.0.0/16 or 192.0.2.7/32', id: 'mis. 10.10.0.0/16 atau 192.0.2.7/32' };
    },
  }),
  KLK222: entry<[{ field: string; address: string; pools: string }]>({
    summary: { en: "pinned address outside the stack's pools", id: 'alamat yang dipatok berada di luar pool stack' },
    text: ({ field, address, pools }) => ({
      en: `pinned ${field} ${address} is outside the stack's pool (${pools})`,
      id: `${field} yang dipatok ${address} berada di luar pool stack (${pools})`,
    }),
    hint: () => ({
      en: 'pin only an address the server already has inside the pool, or remove the pin to get one allocated',
      id: 'patok hanya alamat yang sudah dimiliki server di dalam pool, atau hapus patokan agar alamat dialokasikan',
    }),
  }),
  KLK223: entry<[{ address: string; claimants: readonly string[]; holder: string | undefined }]>({
    summary: {
      en: 'one address pinned by several requests (only those that do not hold it yet; the holder is named)',
      id: 'satu alamat dipatok oleh beberapa permohonan (hanya yang belum memegangnya; pemegangnya disebut)',
    },
    text: ({ address, claimants, holder }) => {
      if (holder) return { en: `address ${address} is already held by ${holder}, a live request`, id: `alamat ${address} sudah dipegang ${holder}, permohonan yang sudah berjalan` };
      const ids = listed(claimants);
      return { en: `address ${address} is pinned by ${ids.en}`, id: `alamat ${address} dipatok oleh ${ids.id}` };
    },
    hint: ({ holder }) => holder
      ? { en: 'pin only an address this server already has, or remove the pin to get a free one', id: 'patok hanya alamat yang sudah dimiliki server ini, atau hapus patokan agar mendapat alamat bebas' }
      : { en: 'an address belongs to one server; fix the pin', id: 'satu alamat untuk satu server; perbaiki patokannya' },
  }),
  KLK225: entry<[{ reason: 'pin-without-ipv6' | 'no-ipv6-pool' }]>({
    summary: {
      en: 'IPv6 asked for but not possible (no pool, or a pin without `ipv6: true`)',
      id: 'IPv6 diminta tetapi tidak mungkin (tidak ada pool, atau patokan tanpa `ipv6: true`)',
    },
    text: ({ reason }) => reason === 'pin-without-ipv6'
      ? { en: 'a pinned publicIpv6 needs ipv6: true', id: 'publicIpv6 yang dipatok memerlukan ipv6: true' }
      : { en: 'this stack has no public IPv6 pool', id: 'stack ini tidak memiliki pool IPv6 publik' },
    hint: ({ reason }) => reason === 'pin-without-ipv6'
      ? { en: 'add ipv6: true under network', id: 'tambahkan ipv6: true di bawah network' }
      : { en: 'remove ipv6: true, or ask the NOC for an IPv6 pool', id: 'hapus ipv6: true, atau minta pool IPv6 ke NOC' },
  }),
  KLK226: entry<[{ subdomain: string }]>({
    summary: {
      en: 'subdomain is an internationalised (punycode `xn--`) name: look-alike letters can imitate another name',
      id: 'subdomain adalah nama internasional (punycode `xn--`): huruf yang mirip dapat meniru nama lain',
    },
    text: ({ subdomain }) => ({
      en: `subdomain '${subdomain}' is an internationalised (punycode) name`,
      id: `subdomain '${subdomain}' adalah nama internasional (punycode)`,
    }),
    hint: () => ({
      en: 'use a plain ASCII name (a-z, 0-9, -): an internationalised name can look exactly like another one (look-alike letters), so the city accepts ASCII names only',
      id: 'gunakan nama ASCII biasa (a-z, 0-9, -): nama internasional dapat tampak persis seperti nama lain (huruf yang mirip), jadi kota hanya menerima nama ASCII',
    }),
  }),
  KLK230: entry<[RestrictedOpen]>({
    summary: {
      en: 'restricted port open to the public, or to a network wide enough to be it (wider than /8 or /32 for IPv6; an IPv4 network written in IPv6, e.g. `::ffff:0.0.0.0/96`, counts as that IPv4 network)',
      id: 'port terbatas dibuka untuk publik, atau untuk jaringan yang cukup lebar untuk menyamainya (lebih lebar dari /8 atau /32 untuk IPv6; jaringan IPv4 yang ditulis dalam IPv6, mis. `::ffff:0.0.0.0/96`, dihitung sebagai jaringan IPv4 itu)',
    },
    text: tooWideText,
    hint: tooWideHint,
  }),
  KLK231: entry<[RestrictedFacts]>({
    summary: { en: 'restricted port without a justification', id: 'port terbatas tanpa justifikasi' },
    text: (facts) => {
      const ports = restrictedWords(facts);
      return { en: `${ports.en} restricted: access needs a justification`, id: `${ports.id} dibatasi: akses memerlukan justifikasi` };
    },
    hint: () => ({
      en: 'add justification: why this access is needed and from where',
      id: 'tambahkan justification: mengapa akses ini diperlukan dan dari mana',
    }),
  }),
  KLK232: entry<[{ service: string; other: number; protocol: string; port: number }]>({
    summary: { en: 'two services overlap on the same protocol and port', id: 'dua layanan bertumpang tindih pada protokol dan port yang sama' },
    text: ({ service, other, protocol, port }) => ({
      en: `service '${service}' overlaps service #${other} on ${protocol} ${port}`,
      id: `layanan '${service}' bertumpang tindih dengan layanan ke-${other} pada ${protocol} ${port}`,
    }),
    hint: () => ({
      en: 'declare each port once; list every allowed source on that one service',
      id: 'deklarasikan setiap port sekali; tulis semua sumber yang diizinkan pada satu layanan itu',
    }),
  }),
  KLK233: entry<[{ service: string; other: number }]>({
    summary: { en: 'two services share a name', id: 'dua layanan memakai nama yang sama' },
    text: ({ service, other }) => ({
      en: `service name '${service}' is already used by service #${other}`,
      id: `nama layanan '${service}' sudah dipakai layanan ke-${other}`,
    }),
    hint: () => ({ en: 'give each service its own name', id: 'beri setiap layanan nama sendiri' }),
  }),
  KLK235: entry({
    summary: { en: '`proxied: true` without a public web service on 80 or 443', id: '`proxied: true` tanpa layanan web publik di 80 atau 443' },
    text: () => ({
      en: 'proxied: true needs a public web service on port 80 or 443',
      id: 'proxied: true memerlukan layanan web publik di port 80 atau 443',
    }),
    hint: () => ({ en: 'set proxied: false, or declare the web service', id: 'isi proxied: false, atau deklarasikan layanan webnya' }),
  }),
  KLK236: entry<[{ ports: readonly number[] }]>({
    summary: {
      en: 'warning: a proxied name cannot carry the other public ports',
      id: 'peringatan: nama yang di-proxy tidak dapat membawa port publik lainnya',
    },
    text: ({ ports }) => ({
      en: `through the Cloudflare proxy, public port(s) ${ports.join(', ')} will not be reachable by name`,
      id: `melalui proxy Cloudflare, port publik ${ports.join(', ')} tidak dapat dicapai lewat nama`,
    }),
    hint: () => ({
      en: 'use a separate, unproxied request for non-web services',
      id: 'gunakan permohonan terpisah tanpa proxy untuk layanan non-web',
    }),
  }),
  KLK240: entry<[{ field: string; char: string }]>({
    summary: { en: 'control character (newline, tab) in a text field', id: 'karakter kendali (baris baru, tab) dalam isian teks' },
    text: ({ field, char }) => ({
      en: `'${field}' contains the control or invisible character ${describeChar(char)}`,
      id: `'${field}' mengandung karakter kendali atau tak terlihat ${describeChar(char)}`,
    }),
    hint: () => ({
      en: 'retype the value as plain text: no tabs, line breaks (except in purpose and justification), or characters copied from a word processor that change the text direction',
      id: 'ketik ulang nilainya sebagai teks biasa: tanpa tab, baris baru (kecuali pada purpose dan justification), atau karakter salinan dari pengolah kata yang mengubah arah teks',
    }),
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
