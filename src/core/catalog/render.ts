// KLK6xx: what stops a firewall config or a zone file from being written: a string outside its
// alphabet, an address or port that is not what the rule model needs, a rule a target cannot
// express, a byte that should not be there. Values arrive as they are shown (printable), and a
// checked field (`what`) as data: its name is said here, in both languages.
import type { Text } from '../model.ts';
import { entry, type CatalogEntry } from '../messages.ts';

/** The alphabets a string must keep to before it may reach a gateway config. */
export type SafeAlphabet = 'requestId' | 'serviceName' | 'interfaceName' | 'stackName' | 'comment';

/** What a civil servant is told each alphabet allows. */
const ALPHABET_WORDS: Record<SafeAlphabet, Text> = {
  requestId: { en: 'two DNS labels joined by one slash: a-z, 0-9 and -', id: 'dua label DNS yang digabung satu garis miring: a-z, 0-9 dan -' },
  serviceName: { en: 'a lowercase letter, then a-z, 0-9 and -', id: 'huruf kecil, lalu a-z, 0-9 dan -' },
  interfaceName: {
    en: 'at most 15 characters of A-Z, a-z, 0-9, ., _ and -, not starting with . _ or -',
    id: 'paling banyak 15 karakter A-Z, a-z, 0-9, ., _ dan -, tidak diawali . _ atau -',
  },
  stackName: { en: 'A-Z, a-z, 0-9, ., _ and -', id: 'A-Z, a-z, 0-9, ., _ dan -' },
  comment: { en: 'a-z, 0-9, space, and , / : -', id: 'a-z, 0-9, spasi, dan , / : -' },
};

/** A field the last check before rendering looks at. */
export type CheckedField =
  | 'stack-name' | 'wan-interface' | 'lan-interface' | 'private-pool' | 'ipv6-pool' | 'intranet' | 'public-pool' | 'gateway-address'
  | 'request-id' | 'service-name' | 'protocol' | 'public-ipv4' | 'private-ipv4' | 'address' | 'source' | 'rule-comment' | 'port-range';

const CHECKED_FIELD_WORDS: Record<CheckedField, Text> = {
  'stack-name': { en: 'stack name', id: 'nama stack' },
  'wan-interface': { en: 'WAN interface', id: 'antarmuka WAN' },
  'lan-interface': { en: 'LAN interface', id: 'antarmuka LAN' },
  'private-pool': { en: 'private pool', id: 'pool privat' },
  'ipv6-pool': { en: 'IPv6 pool', id: 'pool IPv6' },
  intranet: { en: 'intranet network', id: 'jaringan intranet' },
  'public-pool': { en: 'public pool', id: 'pool publik' },
  'gateway-address': { en: 'gateway address', id: 'alamat gateway' },
  'request-id': { en: 'request id', id: 'id permohonan' },
  'service-name': { en: 'service name', id: 'nama layanan' },
  protocol: { en: 'protocol', id: 'protokol' },
  'public-ipv4': { en: 'public IPv4', id: 'IPv4 publik' },
  'private-ipv4': { en: 'private IPv4', id: 'IPv4 privat' },
  address: { en: 'address', id: 'alamat' },
  source: { en: 'source', id: 'sumber' },
  'rule-comment': { en: 'rule comment', id: 'komentar aturan' },
  'port-range': { en: 'port range', id: 'rentang port' },
};

/**
 * A checked field, and the request it belongs to when it belongs to one. `quoted`: the request's
 * id is itself refused, so it is shown as a value (printable) after the word "request".
 */
export interface FieldOf {
  field: CheckedField;
  request?: { id: string; quoted: boolean };
}

function fieldOfWords({ field, request }: FieldOf): Text {
  const name = CHECKED_FIELD_WORDS[field];
  if (!request) return name;
  return {
    en: `${name.en} of ${request.quoted ? `request ${request.id}` : request.id}`,
    id: `${name.id} milik ${request.quoted ? `permohonan ${request.id}` : request.id}`,
  };
}

/** A string outside its alphabet: `bad` is its first character outside it, if it has one. */
export interface UnsafeText {
  kind: 'text';
  what: FieldOf;
  value: string;
  bad: string | undefined;
  alphabet: SafeAlphabet;
}

function unsafeText({ what, value, bad }: UnsafeText): Text {
  const en = bad !== undefined ? `contains ${bad}` : value.length === 0 ? 'is empty' : 'has a shape that is not allowed';
  const id = bad !== undefined ? `mengandung ${bad}` : value.length === 0 ? 'kosong' : 'bentuknya tidak diizinkan';
  const name = fieldOfWords(what);
  return {
    en: `${name.en} '${value}' ${en}; refused before it reaches a firewall config`,
    id: `${name.id} '${value}' ${id}; ditolak sebelum masuk ke konfigurasi firewall`,
  };
}

function alphabetHint({ alphabet }: UnsafeText): Text {
  return { en: `use only ${ALPHABET_WORDS[alphabet].en}`, id: `gunakan hanya ${ALPHABET_WORDS[alphabet].id}` };
}

/** A value of a service in a request that the rule model cannot take. */
export type BadService =
  | { kind: 'protocol'; protocol: string }
  | { kind: 'ports'; from: string; to: string }
  | { kind: 'no-sources' }
  | { kind: 'source'; source: string }
  | { kind: 'source-kind' };

/** A value of a built rule that the last check before rendering refuses. */
export type BadRuleValue =
  | { kind: 'protocol'; protocol: string }
  | { kind: 'address'; value: string; family: 4 | 6 }
  | { kind: 'cidr'; value: string; family?: 4 | 6 }
  | { kind: 'ports'; from: string; to: string };

/** KLK603, by where the value was found: the stack's pools and intranet, a server, a service, a built rule. */
export type BadAddressing =
  | { kind: 'private-pool'; value: string }
  | { kind: 'ipv6-pool'; value: string }
  | { kind: 'public-pool'; value: string }
  | { kind: 'intranet'; value: string }
  | { kind: 'server-address'; field: string; value: string; request: string; family: 4 | 6 }
  | { kind: 'service'; service: string; request: string; problem: BadService }
  | { kind: 'rule'; what: FieldOf; problem: BadRuleValue };

function badService(problem: BadService): Text {
  switch (problem.kind) {
    case 'protocol':
      return { en: `protocol '${problem.protocol}' is neither tcp nor udp`, id: `protokol '${problem.protocol}' bukan tcp maupun udp` };
    case 'ports':
      return {
        en: `ports ${problem.from}-${problem.to} are not a range within 1-65535`,
        id: `port ${problem.from}-${problem.to} bukan rentang dalam 1-65535`,
      };
    case 'no-sources':
      return { en: 'has an empty source list', id: 'daftar sumbernya kosong' };
    case 'source':
      return { en: `source '${problem.source}' is not a CIDR without host bits`, id: `sumber '${problem.source}' bukan CIDR tanpa bit host` };
    case 'source-kind':
      return { en: 'has sources of an unknown kind', id: 'sumbernya berjenis tidak dikenal' };
  }
}

function badRuleValue(problem: BadRuleValue): Text {
  switch (problem.kind) {
    case 'protocol':
      return { en: `'${problem.protocol}' is neither tcp nor udp`, id: `'${problem.protocol}' bukan tcp maupun udp` };
    case 'address':
      return { en: `'${problem.value}' is not a canonical IPv${problem.family} address`, id: `'${problem.value}' bukan alamat IPv${problem.family} kanonis` };
    case 'cidr': {
      const kind = problem.family === undefined ? 'CIDR' : `IPv${problem.family} CIDR`;
      return { en: `'${problem.value}' is not a canonical ${kind}`, id: `'${problem.value}' bukan ${kind} kanonis` };
    }
    case 'ports':
      return { en: `${problem.from}-${problem.to} is not within 1-65535`, id: `${problem.from}-${problem.to} tidak dalam 1-65535` };
  }
}

/** Why a DNS record cannot be written into the zone file. */
export type ZoneRecordProblem =
  | { kind: 'request-id'; request: string }
  | { kind: 'name'; fqdn: string; zone: string }
  | { kind: 'content'; content: string; type: 'A' | 'AAAA' }
  | { kind: 'ttl'; ttl: number };

function zoneRecordProblem(problem: ZoneRecordProblem): Text {
  switch (problem.kind) {
    case 'request-id':
      return { en: `request id '${problem.request}' is not <opd>/<name>`, id: `id permohonan '${problem.request}' bukan <opd>/<nama>` };
    case 'name':
      return {
        en: `name '${problem.fqdn}' is not a host name inside the zone ${problem.zone}`,
        id: `nama '${problem.fqdn}' bukan nama host di dalam zona ${problem.zone}`,
      };
    case 'content': {
      const family = problem.type === 'A' ? 'IPv4' : 'IPv6';
      return {
        en: `'${problem.content}' is not an ${family} address for a ${problem.type} record`,
        id: `'${problem.content}' bukan alamat ${family} untuk rekaman ${problem.type}`,
      };
    }
    case 'ttl':
      return { en: `TTL ${problem.ttl} is outside 1-86400`, id: `TTL ${problem.ttl} di luar 1-86400` };
  }
}

export const RENDER_MESSAGES = {
  /** `text`: a request string outside its alphabet; `data`: the catch-all walk over the whole policy. */
  KLK601: entry<[UnsafeText | { kind: 'data'; pointer: string; problem: string }]>({
    summary: {
      en: 'a request string outside its safe alphabet would reach a firewall config',
      id: 'string permohonan di luar alfabet amannya akan masuk ke konfigurasi firewall',
    },
    text: (facts) =>
      facts.kind === 'text'
        ? unsafeText(facts)
        : {
            en: `firewall data ${facts.pointer} holds ${facts.problem}; refused before rendering`,
            id: `data firewall ${facts.pointer} memuat ${facts.problem}; ditolak sebelum dirender`,
          },
    hint: (facts) =>
      facts.kind === 'text'
        ? alphabetHint(facts)
        : { en: 'only names and addresses may reach a gateway config', id: 'hanya nama dan alamat yang boleh masuk ke konfigurasi gateway' },
  }),

  KLK602: entry<[UnsafeText]>({
    summary: {
      en: 'a stack config string (interface, stack name) outside its safe alphabet',
      id: 'string konfigurasi stack (antarmuka, nama stack) di luar alfabet amannya',
    },
    text: unsafeText,
    hint: alphabetHint,
  }),

  KLK603: entry<[BadAddressing]>({
    summary: {
      en: 'invalid or non-canonical address, CIDR, port or protocol in the rule model',
      id: 'alamat, CIDR, port atau protokol yang tidak sah atau tidak kanonis pada model aturan',
    },
    text: (facts) => {
      switch (facts.kind) {
        case 'private-pool':
          return {
            en: `the private pool '${facts.value}' is not an IPv4 CIDR; the firewall cannot protect the colocation LAN`,
            id: `pool privat '${facts.value}' bukan CIDR IPv4; firewall tidak dapat melindungi LAN colocation`,
          };
        case 'ipv6-pool':
          return { en: `the IPv6 pool '${facts.value}' is not an IPv6 prefix`, id: `pool IPv6 '${facts.value}' bukan prefiks IPv6` };
        case 'public-pool':
          return {
            en: `the public pool '${facts.value}' is not an IPv4 CIDR; the firewall cannot guard it`,
            id: `pool publik '${facts.value}' bukan CIDR IPv4; firewall tidak dapat menjaganya`,
          };
        case 'intranet':
          return { en: `intranet entry '${facts.value}' is not a CIDR`, id: `entri intranet '${facts.value}' bukan CIDR` };
        case 'server-address':
          return {
            en: `${facts.field} '${facts.value}' of ${facts.request} is not an IPv${facts.family} address`,
            id: `${facts.field} '${facts.value}' milik ${facts.request} bukan alamat IPv${facts.family}`,
          };
        case 'service': {
          const why = badService(facts.problem);
          return {
            en: `service ${facts.service} of ${facts.request}: ${why.en}`,
            id: `layanan ${facts.service} milik ${facts.request}: ${why.id}`,
          };
        }
        case 'rule': {
          const why = badRuleValue(facts.problem);
          const name = fieldOfWords(facts.what);
          return {
            en: `${name.en}: ${why.en}; refused before it reaches a firewall config`,
            id: `${name.id}: ${why.id}; ditolak sebelum masuk ke konfigurasi firewall`,
          };
        }
      }
    },
    hint: (facts) => {
      switch (facts.kind) {
        case 'private-pool':
          return { en: 'write the private pool as a.b.c.d/n', id: 'tulis pool privat sebagai a.b.c.d/n' };
        case 'ipv6-pool':
          return { en: 'write the IPv6 pool as a prefix, e.g. 2001:db8:7a::/64', id: 'tulis pool IPv6 sebagai prefiks, mis. 2001:db8:7a::/64' };
        case 'public-pool':
          return { en: 'write the pool as a.b.c.d/n', id: 'tulis pool sebagai a.b.c.d/n' };
        case 'intranet':
          return { en: 'write it as a.b.c.d/n', id: 'tulis sebagai a.b.c.d/n' };
        case 'server-address':
          return { en: 'check the allocation ledger and the pinned addresses of the request', id: 'periksa buku alokasi dan alamat yang dipatok pada permohonan' };
        case 'service':
          return { en: 'fix the service in the request', id: 'perbaiki layanan pada permohonan' };
        case 'rule':
          return { en: 'check the allocation ledger and the request', id: 'periksa buku alokasi dan permohonannya' };
      }
    },
  }),

  /** `private`: outside the colocation LAN; `ipv6`: outside the stack's IPv6 pool. */
  KLK604: entry<[{ kind: 'private'; address: string; request: string; lan: string } | { kind: 'ipv6'; address: string; request: string }]>({
    summary: {
      en: 'private address outside the colocation LAN, or IPv6 outside the IPv6 pool',
      id: 'alamat privat di luar LAN colocation, atau IPv6 di luar pool IPv6',
    },
    text: (facts) =>
      facts.kind === 'private'
        ? {
            en: `private address ${facts.address} of ${facts.request} is outside the colocation LAN ${facts.lan}; the gateway cannot reach it there, nor filter it`,
            id: `alamat privat ${facts.address} milik ${facts.request} di luar LAN colocation ${facts.lan}; gateway tidak dapat menjangkau maupun menyaringnya`,
          }
        : {
            en: `public IPv6 ${facts.address} of ${facts.request} is outside the stack's IPv6 pool; traffic to it would bypass the colocation filter`,
            id: `IPv6 publik ${facts.address} milik ${facts.request} di luar pool IPv6 stack; lalu lintas ke alamat itu akan melewati filter colocation`,
          },
    hint: (facts) =>
      facts.kind === 'private'
        ? { en: 'give the server an address from the private pool', id: 'berikan server alamat dari pool privat' }
        : {
            en: 'configure pools.publicIpv6 in the stack and allocate the address from it',
            id: 'atur pools.publicIpv6 pada stack dan alokasikan alamat dari pool itu',
          },
  }),

  KLK605: entry<[{ service: string; request: string }]>({
    summary: {
      en: 'warning: a service allows only IPv6 sources but the server has no IPv6',
      id: 'peringatan: layanan hanya mengizinkan sumber IPv6 tetapi server tidak punya IPv6',
    },
    text: ({ service, request }) => ({
      en: `service ${service} of ${request} allows only IPv6 sources, but the server has no public IPv6: it opens nothing`,
      id: `layanan ${service} milik ${request} hanya mengizinkan sumber IPv6, tetapi server tidak punya IPv6 publik: tidak ada yang dibuka`,
    }),
    hint: () => ({
      en: 'set network.ipv6: true, or add the IPv4 networks that need the service',
      id: 'atur network.ipv6: true, atau tambahkan jaringan IPv4 yang memerlukan layanan ini',
    }),
  }),

  KLK606: entry<[{ target: string; rule: string; request: string; feature: string; because: Text }]>({
    summary: {
      en: 'a firewall target cannot express a rule (names target, server, rule and reason)',
      id: 'target firewall tidak dapat menyatakan sebuah aturan (menyebut target, server, aturan dan alasannya)',
    },
    text: ({ target, rule, request, feature, because }) => ({
      en: `${target} cannot express ${rule} of ${request} (${feature}): ${because.en}`,
      id: `${target} tidak dapat menyatakan ${rule} milik ${request} (${feature}): ${because.id}`,
    }),
    hint: () => ({
      en: 'change the service, or use another target in firewall.targets',
      id: 'ubah layanannya, atau gunakan target lain pada firewall.targets',
    }),
  }),

  KLK607: entry<[{ target: string; limit: number; comment: string; rule: string }]>({
    summary: {
      en: 'a rule comment longer than the target keeps',
      id: 'komentar aturan lebih panjang daripada yang disimpan target',
    },
    text: ({ target, limit, comment, rule }) => ({
      en: `${target} keeps comments of at most ${limit} characters; the comment '${comment}' of ${rule} has ${comment.length}`,
      id: `${target} hanya menyimpan komentar paling banyak ${limit} karakter; komentar '${comment}' untuk ${rule} panjangnya ${comment.length}`,
    }),
    hint: () => ({
      en: 'shorten the request or service names',
      id: 'perpendek nama permohonan atau nama layanannya',
    }),
  }),

  KLK608: entry<[{ role: 'public IPv4' | 'private IPv4' | 'public IPv6'; address: string; request: string; owner: string }]>({
    summary: {
      en: 'two servers hold one address in the rule model',
      id: 'dua server memegang satu alamat pada model aturan',
    },
    text: ({ role, address, request, owner }) => ({
      en: `${role} ${address} of ${request} is also held by ${owner}; one address cannot be translated to two servers`,
      id: `${role} ${address} milik ${request} juga dipegang ${owner}; satu alamat tidak dapat diterjemahkan ke dua server`,
    }),
    hint: () => ({
      en: 'check the allocation ledger: every address belongs to one request',
      id: 'periksa buku alokasi: setiap alamat milik satu permohonan',
    }),
  }),

  KLK609: entry<[{ target: string; known: readonly string[] }]>({
    summary: {
      en: 'unknown firewall target',
      id: 'target firewall tidak dikenal',
    },
    text: ({ target }) => ({
      en: `unknown firewall target '${target}'`,
      id: `target firewall '${target}' tidak dikenal`,
    }),
    hint: ({ known }) => ({
      en: `use one of: ${known.join(', ')}`,
      id: `gunakan salah satu: ${known.join(', ')}`,
    }),
  }),

  KLK610: entry<[{ file: string; char: string }]>({
    summary: {
      en: 'a rendered firewall file holds something other than printable ASCII; withheld',
      id: 'berkas firewall hasil render memuat karakter selain ASCII yang dapat dicetak; tidak ditulis',
    },
    text: ({ file, char }) => ({
      en: `the rendered ${file} contains ${char}; the file is withheld`,
      id: `${file} hasil render mengandung ${char}; berkas tidak ditulis`,
    }),
    hint: () => ({
      en: 'this is a bug in kolokasi: report it with the request that caused it',
      id: 'ini bug pada kolokasi: laporkan beserta permohonan penyebabnya',
    }),
  }),

  /** `zone`: the stack's zone itself; `record`: one DNS record of a request. */
  KLK620: entry<[{ kind: 'zone'; zone: string } | { kind: 'record'; record: string; problem: ZoneRecordProblem }]>({
    summary: {
      en: 'zone-file fragment: a value outside its safe alphabet; withheld',
      id: 'fragmen berkas zona: nilai di luar alfabet amannya; tidak ditulis',
    },
    text: (facts) => {
      if (facts.kind === 'zone') return { en: `zone '${facts.zone}' is not a host name`, id: `zona '${facts.zone}' bukan nama host` };
      const why = zoneRecordProblem(facts.problem);
      return {
        en: `DNS record ${facts.record} cannot go into the zone file: ${why.en}`,
        id: `rekaman DNS ${facts.record} tidak dapat ditulis ke berkas zona: ${why.id}`,
      };
    },
    hint: (facts) =>
      facts.kind === 'zone'
        ? { en: 'write the zone as lowercase labels separated by dots', id: 'tulis zona sebagai label huruf kecil yang dipisah titik' }
        : {
            en: 'this is a kolokasi bug or a hand-edited ledger; report it with the request file',
            id: 'ini kesalahan kolokasi atau buku alokasi yang diubah manual; laporkan beserta berkas permohonannya',
          },
  }),
} satisfies Record<string, CatalogEntry<never[]>>;
