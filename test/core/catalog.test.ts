// The message catalog: every code has its words in both languages, every code the source reports
// is in the catalog, and every entry of the catalog is reported somewhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes, CATALOG, said, type Code, type FactsOf } from '../../src/core/catalog/index.ts';
import type { CatalogEntry } from '../../src/core/messages.ts';
import type { Text } from '../../src/core/model.ts';
import { PROJECT_ROOT, sourceFiles } from '../helpers/paths.ts';

/** The ranges whose samples are here (and KLK813, the ledger's); catalog-edge.test.ts has those of KLK5xx, KLK6xx, KLK8xx and KLK9xx. */
type CoreCode = Extract<Code, `KLK0${string}` | `KLK1${string}` | `KLK2${string}` | `KLK3${string}` | `KLK4${string}` | `KLK7${string}` | 'KLK813'>;

const PIN = { field: 'publicIpv4', address: '203.0.113.9' } as const;
const PATTERN = { field: 'email', value: 'dewi@', format: 'email', ajv: { en: 'must match format "email"', id: 'harus sesuai dengan format "email"' }, description: undefined };
const LIMIT = { field: 'rackUnits', ajv: { en: 'must be <= 42', id: 'harus <= 42' } };
const LABEL = { subject: "'subdomain'", value: 'Sim_peg-' };

/** Facts to word every code by, one sample per case an entry words differently: a code left out does not compile. */
const SAMPLES: { [C in CoreCode]: readonly FactsOf<C>[] } = {
  KLK001: [
    [{ kind: 'indent', what: "'hostname:'", has: 5, wants: 4, likeLine: 24, like: "'rackUnits:'" }],
    [{ kind: 'indent', what: "'-'", has: 0, wants: 1, likeLine: 3, like: "'-'" }],
    [{ kind: 'tab' }],
    [{ kind: 'unclosed', opening: '"' }],
    [{ kind: 'unclosed', opening: '[' }],
    [{ kind: 'dash-without-space', fixed: '- name: Andi' }],
    [{ kind: 'colon-without-space', key: 'rackUnits', rest: '2' }],
    [{ kind: 'no-colon', key: 'rackUnits', value: '2' }],
    [{ kind: 'colon-in-value', key: 'title', value: 'Sistem: "Informasi"' }],
    [{ kind: 'unexpected-char', char: ']' }],
    [{ kind: 'item-without-dash' }],
    [{ kind: 'parser', code: 'BAD_DQ_ESCAPE' }],
    [{ kind: 'parser', code: 'TAB_AS_INDENT' }],
    [{ kind: 'parser', code: 'SOMETHING_NEW' }],
  ],
  KLK002: [[]],
  KLK003: [[{ maxAliases: 50 }]],
  KLK004: [[{ file: 'requests/dinkes/sik.yaml', size: 300_000, limit: 262_144 }], [{ file: 'stacks/Pulumi.dev.yaml', size: 300_000, limit: 262_144 }]],
  KLK005: [[]],
  KLK006: [[{ file: 'requests/dinkes/sik.yaml' }], [{ file: 'requests/opds.yaml' }]],
  KLK007: [[{ documents: 2 }]],
  KLK008: [[{ kind: 'symlink' }], [{ kind: 'special' }]],
  KLK009: [[{ file: 'requests/dinkes/sik.yml' }], [{ file: 'requests/sik.yaml' }]],
  KLK010: [[{ tag: '!!js/function' }]],
  KLK100: [
    [{ file: 'requests/dinkes/sik.yaml', path: '', field: '(document)', expected: 'object', data: [1], written: undefined }],
    [{ file: 'stacks/Pulumi.dev.yaml', path: '', field: '(document)', expected: 'object', data: 'text', written: undefined }],
    [{ file: 'requests/dinkes/sik.yaml', path: '/spec/dns/proxied', field: 'proxied', expected: 'boolean', data: 'yes', written: 'yes' }],
    [{ file: 'requests/dinkes/sik.yaml', path: '/spec/dns/proxied', field: 'proxied', expected: 'boolean', data: 1, written: '1' }],
    [{ file: 'requests/dinkes/sik.yaml', path: '/spec/services/0/port', field: 'port', expected: 'integer', data: '443', written: '"443"' }],
    [{ file: 'requests/dinkes/sik.yaml', path: '/spec/contact/phone', field: 'phone', expected: 'string', data: 8123456789, written: '08123456789' }],
    [{ file: 'requests/dinkes/sik.yaml', path: '/spec/team', field: 'team', expected: 'array', data: null, written: undefined }],
  ],
  KLK101: [
    [{ key: 'hostnme', isField: true, nearest: 'hostname', known: ['hostname', 'os'], description: undefined }],
    [{ key: 'zzz', isField: true, nearest: undefined, known: ['hostname', 'os'], description: undefined }],
    [{ key: 'zzz', isField: false, nearest: undefined, known: ['a', 'b'], description: undefined }],
    [{ key: 'zzz', isField: false, nearest: undefined, known: [], description: 'a kolokasi: key' }],
    [{ key: 'zzz', isField: false, nearest: undefined, known: [], description: undefined }],
  ],
  KLK102: [
    [{ file: 'requests/dinkes/sik.yaml', missing: 'os', parent: 'server' }],
    [{ file: 'requests/opds.yaml', missing: 'opds', parent: undefined }],
  ],
  KLK103: [
    [{ kind: 'enum', field: 'protocol', value: 'icmp', allowed: ['tcp', 'udp'] }],
    [{ kind: 'form', field: 'access', path: '/spec/services/0/access', description: undefined }],
    [{ kind: 'form', field: 'targets', path: '/targets', description: undefined }],
  ],
  KLK104: [[{ kind: 'limit', ...LIMIT }], [{ kind: 'probe', probe: '10.0.0.1:99999' }]],
  KLK105: [[PATTERN], [{ ...PATTERN, field: 'phone', format: undefined }], [{ ...PATTERN, field: 'title', format: undefined, description: 'one line of text' }]],
  KLK106: [[{ field: 'title', value: '<judul>' }]],
  KLK107: [[{ key: 'cloudflare:apiToken' }], [{ key: 'secret' }]],
  KLK108: [[{ hidden: 12 }]],
  KLK109: [[{ field: 'team', ajv: { en: 'must NOT have duplicate items', id: 'tidak boleh memiliki item yang sama' } }]],
  KLK200: [[{ name: 'simpeg', fileName: 'sim-peg' }], [{ name: 'simpeg', fileName: 'Sim_Peg' }]],
  KLK201: [[{ opd: 'dinkes', directory: 'bkpsdm' }], [{ opd: 'dinkes', directory: 'Dinkes' }]],
  KLK202: [[{ opd: 'dishub', registered: ['dinkes', 'bkpsdm'] }]],
  KLK210: [[LABEL]],
  KLK211: [[LABEL], [{ ...LABEL, value: '---' }]],
  KLK212: [[{ ...LABEL, value: 'a'.repeat(64) }]],
  KLK213: [[{ ...LABEL, char: '_' }], [{ ...LABEL, char: '\n' }], [{ ...LABEL, char: 'é' }], [{ ...LABEL, value: '' }]],
  KLK215: [[{ subdomain: 'www', opd: 'dinkes' }]],
  KLK216: [
    [{ subdomain: 'sik', claimants: ['a/one', 'b/two'], holder: undefined }],
    [{ subdomain: 'sik', claimants: ['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6'], holder: undefined }],
    [{ subdomain: 'sik', claimants: ['a/one', 'b/two'], holder: { id: 'a/one', file: 'requests/a/one.yaml' } }],
  ],
  KLK219: [[]],
  KLK220: [[{ kind: 'limit', field: 'port', ajv: { en: 'must be <= 65535', id: 'harus <= 65535' } }], [{ kind: 'reversed', from: 90, to: 80 }]],
  KLK221: [[{ kind: 'pattern', ...PATTERN, field: 'access[0]', format: undefined }], [{ kind: 'host-bits', entry: '10.10.1.1/24', network: '10.10.1.0/24' }], [{ kind: 'invalid', entry: '10.0.0.0/33' }]],
  KLK222: [[{ field: 'publicIpv4', address: '192.0.2.9', pools: '203.0.113.0/26, 198.51.100.0/28' }]],
  KLK223: [[{ address: '203.0.113.9', claimants: ['a/one', 'b/two'], holder: undefined }], [{ address: '203.0.113.9', claimants: ['a/one', 'b/two'], holder: 'a/one' }]],
  KLK225: [[{ reason: 'pin-without-ipv6' }], [{ reason: 'no-ipv6-pool' }]],
  KLK226: [[{ subdomain: 'xn--simpeg-9za' }]],
  KLK230: [
    [{ ports: [22], range: undefined, openTo: 'public' }],
    [{ ports: [21, 22, 23], range: { from: 20, to: 25 }, openTo: 'public' }],
    [{ ports: [22], range: { from: 22, to: 22 }, openTo: 'public' }],
    [{ ports: [22], range: undefined, openTo: 'networks', networks: [{ network: '0.0.0.0/0' }, { network: '::ffff:0.0.0.0/96', ipv4: '0.0.0.0/0' }], widest: { ipv4: 8, ipv6: 32 } }],
  ],
  KLK231: [[{ ports: [3306], range: undefined }], [{ ports: [21, 22], range: { from: 20, to: 30 } }]],
  KLK232: [[{ service: 'web', other: 1, protocol: 'tcp', port: 443 }]],
  KLK233: [[{ service: 'web', other: 1 }]],
  KLK235: [[]],
  KLK236: [[{ ports: [22, 8081] }]],
  KLK240: [[{ field: 'title', char: '\u202e' }]],
  KLK401: [[{ ...PIN, pools: [{ name: 'publik-a', cidr: '203.0.113.0/26' }] }]],
  KLK402: [[{ ...PIN, pool: 'publik-a', reason: 'gateway', entry: undefined }], [{ ...PIN, pool: 'publik-a', reason: 'reserved', entry: '203.0.113.8/30' }]],
  KLK403: [[{ ...PIN, holder: 'a/one' }]],
  KLK404: [[{ ...PIN, claimants: ['a/one', 'b/two'] }]],
  KLK405: [[{ ...PIN, releasedBy: 'a/one', freeFrom: '2026-12-21T08:00:00Z', own: false }], [{ ...PIN, releasedBy: 'a/one', freeFrom: '2026-12-21T08:00:00Z', own: true }]],
  KLK406: [
    [{ request: 'a/one', shortages: [{ field: 'publicIpv4', pools: [{ name: 'publik-a', cidr: '203.0.113.0/30' }] }], left: ['a/one'] }],
    [{ request: 'a/one', shortages: [{ field: 'publicIpv6', pools: [] }], left: Array.from({ length: 25 }, (_, i) => `a/n${i}`) }],
  ],
  KLK407: [[{ field: 'publicIpv6', address: '2001:db8::9' }]],
  KLK408: [[{ field: 'privateIpv4', pin: '10.20.30.9', held: '10.20.30.4' }]],
  KLK410: [[{ from: 'dinkes/sik', to: 'bkpsdm/sik', subdomain: 'sik', fromOpd: 'dinkes', toOpd: 'bkpsdm' }]],
  KLK701: [
    [{ kind: 'network', pool: 'publik-a', cidr: '203.0.113.5/26', family: 4 }],
    [{ kind: 'gateway', pool: 'publik-a', gateway: '10.0.0.1', cidr: '203.0.113.0/26' }],
    [{ kind: 'reserved', pool: 'publik-a', entry: '10.0.0.1', cidr: '203.0.113.0/26' }],
    [{ kind: 'overlap', pool: 'publik-b', cidr: '203.0.113.0/28', other: 'publik-a', otherCidr: '203.0.113.0/26' }],
    [{ kind: 'name-twice', pool: 'publik-a' }],
    [{ kind: 'intranet', entry: '10.10.0.1/16' }],
  ],
  KLK702: [[{ opd: 'dinkes' }]],
  KLK301: [['prod', 'dev', 'stacks/dev.allocations.yaml']],
  KLK302: [['203.0.113.4', [{ en: 'allocation of dinkes/sik', id: 'alokasi dinkes/sik' }, { en: 'allocation of bapenda/esppt', id: 'alokasi bapenda/esppt' }]]],
  KLK303: [['dinkes/sik', { en: 'public IPv4', id: 'IPv4 publik' }, '198.51.100.4', 'publik-a (203.0.113.0/26)']],
  KLK304: [['dinkes/sik', { en: 'public IPv4', id: 'IPv4 publik' }, '203.0.113.0', { en: 'the network address', id: 'alamat jaringan' }, 'publik-a']],
  KLK305: [['dinkes/sik', { en: 'public IPv4', id: 'IPv4 publik' }, '203.0.113.9', { en: 'reserved', id: 'dicadangkan' }, 'publik-a']],
  KLK306: [
    [{ kind: 'not-a-time', field: 'allocatedAt', value: 'kemarin' }],
    [{ kind: 'not-a-time', field: 'releasedAt', value: 'besok' }],
    [{ kind: 'released-before-allocated', releasedAt: '2026-11-19T08:00:00Z', allocatedAt: '2026-11-20T08:00:00Z' }],
  ],
  KLK307: [['2026-11-19T08:00:00Z', '2026-11-20T08:00:00Z']],
  KLK308: [['stacks/dev.allocations.yaml', { allocations: 3, released: 1 }, { allocations: 2, released: 0 }]],
  KLK813: [[{ kind: 'plan', file: 'stacks/dev.allocations.yaml' }], [{ kind: 'changed-paths' }]],
};

const sayWith = said as (code: Code, ...facts: readonly unknown[]) => { message: Text; hint: Text };

/** What a text must never show: a fact left out or one of the wrong kind. */
const LEAKS = /undefined|\[object Object\]|NaN/;

function expectBilingual(text: Text, what: string): void {
  expect(text.en.trim(), `${what} (en)`).not.toBe('');
  expect(text.id.trim(), `${what} (id)`).not.toBe('');
  expect(text.id, `${what}: the Indonesian is the English`).not.toBe(text.en);
  expect(`${text.en}\n${text.id}`, what).not.toMatch(LEAKS);
}

const sampled = Object.keys(SAMPLES) as CoreCode[];

describe('the message catalog', () => {
  it('has a summary for the table of codes, in both languages', () => {
    for (const code of allCodes()) expectBilingual((CATALOG[code] as CatalogEntry<never[]>).summary, `${code} summary`);
  });

  it.each(sampled)('%s words each case in both languages, every fact in its place', (code) => {
    expect(SAMPLES[code].length).toBeGreaterThan(0);
    for (const facts of SAMPLES[code]) {
      const { message, hint } = sayWith(code, ...facts);
      const what = `${code} ${JSON.stringify(facts)}`;
      expectBilingual(message, `${what} text`);
      expectBilingual(hint, `${what} hint`);
    }
  });

  it('words a case by its facts, not by a caller choosing the sentence', () => {
    // The file name decides: one that is no DNS label cannot become the request's name.
    expect(said('KLK200', { name: 'simpeg', fileName: 'sim-peg' }).hint.en).toBe('set name: sim-peg, or rename the file to simpeg.yaml');
    expect(said('KLK200', { name: 'simpeg', fileName: 'Sim_Peg' }).hint.en).toBe('rename the file to simpeg.yaml');
    expect(said('KLK004', { file: 'stacks/Pulumi.dev.yaml', size: 2, limit: 1 }).hint.en).toContain('git checkout -- stacks/Pulumi.dev.yaml');
  });
});


const CATALOG_DIR = path.join(PROJECT_ROOT, 'src/core/catalog');
const callSites = sourceFiles(path.join(PROJECT_ROOT, 'src'))
  .filter((file) => !file.startsWith(`${CATALOG_DIR}${path.sep}`))
  .map((file) => ({ file: path.relative(PROJECT_ROOT, file), code: readFileSync(file, 'utf8') }));

describe('codes in the source and in the catalog', () => {
  const used = new Set(callSites.flatMap(({ code }) => [...code.matchAll(/'(KLK\d{3})'/g)].map((m) => m[1]!)));

  it('every code the source reports is in the catalog', () => {
    expect([...used].filter((code) => !(code in CATALOG)).sort()).toEqual([]);
  });

  it('every code of the catalog is reported somewhere', () => {
    expect(allCodes().filter((code) => !used.has(code))).toEqual([]);
  });

  it('no call site writes the words of a catalogued code itself', () => {
    const inline = callSites.flatMap(({ file, code }) =>
      [...code.matchAll(/\bcode:\s*'(KLK\d{3})'[^;]{0,300}?\b(message|hint):\s*\{/g)].map((m) => `${file}: ${m[1]!}`));
    expect(inline).toEqual([]);
  });
});
