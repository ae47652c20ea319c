// The catalog's entries for the safety gate, the renderers, the path of a change to main and the
// gateway (KLK5xx, KLK6xx, KLK8xx, KLK9xx): every wording of every entry reads as a sentence in
// both languages, and the codes the source reports are exactly the codes these entries hold.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG, said, type Code, type FactsOf } from '../../src/core/catalog/index.ts';
import { PROJECT_ROOT, sourceFiles } from '../helpers/paths.ts';

type EdgeCode = Exclude<Extract<Code, `KLK5${string}` | `KLK6${string}` | `KLK8${string}` | `KLK9${string}`>, 'KLK813'>;

const EDGE = /^KLK[5689]\d\d$/;
/** Reported from the ledger's side of the catalog, not from these entries. */
const ELSEWHERE = new Set(['KLK813']);

const COMMIT = '4862948323e006fbbb71f3bcea2676758f493896';
const SHA = '55d1dfd2cbe8afac21e559915ab6876bb23e95baab8fb5f48bce50b5407afaae';
const LIMITS = { maxCount: 3, maxPercent: 25 };
const MANY = Array.from({ length: 12 }, (_, i) => `dinkes/app${i}`);

/** Facts for every entry, one sample per wording it has: the type makes a missing code a compile error. */
const SAMPLES: { [C in EdgeCode]: FactsOf<C>[] } = {
  KLK501: [
    [{ released: ['dinkes/simpus', 'bapenda/pajak'], existing: 7, limits: LIMITS }],
    [{ released: MANY, existing: 30, limits: LIMITS }],
    [{ released: MANY, existing: 0, limits: LIMITS }],
  ],
  KLK502: [[{ deleted: 4, existing: 9, limits: LIMITS }]],
  KLK503: [[{ request: 'dinkes/simpus', moves: [{ field: 'publicIpv4', from: '203.0.113.10', to: '203.0.113.11' }] }]],

  KLK601: [
    [{ kind: 'text', what: { field: 'request-id' }, value: 'dinkes/sim;pus', bad: "';' (U+003B)", alphabet: 'requestId' }],
    [{ kind: 'text', what: { field: 'service-name', request: { id: 'dinkes/simpus', quoted: false } }, value: '', bad: undefined, alphabet: 'serviceName' }],
    [{ kind: 'text', what: { field: 'rule-comment', request: { id: 'dinkes/simpus', quoted: false } }, value: '-web', bad: undefined, alphabet: 'comment' }],
    [{ kind: 'data', pointer: '/allows/0/note', problem: "'{' (U+007B)" }],
  ],
  KLK602: [
    [{ kind: 'text', what: { field: 'wan-interface' }, value: 'eth0;', bad: "';' (U+003B)", alphabet: 'interfaceName' }],
    [{ kind: 'text', what: { field: 'stack-name' }, value: '-prod', bad: undefined, alphabet: 'stackName' }],
  ],
  KLK603: [
    [{ kind: 'private-pool', value: '10.10.0.0' }],
    [{ kind: 'ipv6-pool', value: '10.0.0.0/8' }],
    [{ kind: 'public-pool', value: '203.0.113.0/33' }],
    [{ kind: 'intranet', value: 'kota' }],
    [{ kind: 'server-address', field: 'privateIpv4', value: '10.10.0.300', request: 'dinkes/simpus', family: 4 }],
    [{ kind: 'service', service: 'web', request: 'dinkes/simpus', problem: { kind: 'protocol', protocol: 'sctp' } }],
    [{ kind: 'service', service: 'web', request: 'dinkes/simpus', problem: { kind: 'ports', from: '443', to: '80' } }],
    [{ kind: 'service', service: 'web', request: 'dinkes/simpus', problem: { kind: 'no-sources' } }],
    [{ kind: 'service', service: 'web', request: 'dinkes/simpus', problem: { kind: 'source', source: '10.0.0.1/8' } }],
    [{ kind: 'service', service: 'web', request: 'dinkes/simpus', problem: { kind: 'source-kind' } }],
    [{ kind: 'rule', what: { field: 'protocol', request: { id: 'dinkes/simpus', quoted: false } }, problem: { kind: 'protocol', protocol: 'icmp' } }],
    [{ kind: 'rule', what: { field: 'address', request: { id: 'DINKES/x', quoted: true } }, problem: { kind: 'address', value: '2001:DB8::1', family: 6 } }],
    [{ kind: 'rule', what: { field: 'intranet' }, problem: { kind: 'cidr', value: '10.0.0.1/8' } }],
    [{ kind: 'rule', what: { field: 'source', request: { id: 'dinkes/simpus', quoted: false } }, problem: { kind: 'cidr', value: '10.0.0.1/8', family: 4 } }],
    [{ kind: 'rule', what: { field: 'port-range', request: { id: 'dinkes/simpus', quoted: false } }, problem: { kind: 'ports', from: '0', to: '70000' } }],
  ],
  KLK604: [
    [{ kind: 'private', address: '192.168.1.5', request: 'dinkes/simpus', lan: '10.10.0.0/24' }],
    [{ kind: 'ipv6', address: '2001:db8:99::5', request: 'dinkes/simpus' }],
  ],
  KLK605: [[{ service: 'web', request: 'dinkes/simpus' }]],
  KLK606: [[{
    target: 'routeros', rule: 'allow IPv6 tcp/443 to 2001:db8:7a::5 from anywhere (web)', request: 'dinkes/simpus', feature: 'ipv6',
    because: { en: 'the export has no IPv6 filter', id: 'ekspor tidak memiliki filter IPv6' },
  }]],
  KLK607: [[{ target: 'routeros', limit: 20, comment: 'kolokasi:dinkes/simpus:web,api', rule: 'DNAT tcp/443 203.0.113.10 -> 10.10.0.5 (web, api)' }]],
  KLK608: [[{ role: 'public IPv4', address: '203.0.113.10', request: 'dinkes/simpus', owner: 'bapenda/pajak' }]],
  KLK609: [[{ target: 'pf', known: ['iptables', 'nftables', 'routeros'] }]],
  KLK610: [[{ file: 'firewall/kolokasi.nft', char: 'U+00A0' }]],
  KLK620: [
    [{ kind: 'zone', zone: 'Tarakan..go.id' }],
    [{ kind: 'record', record: 'A simpus.tarakankota.go.id', problem: { kind: 'request-id', request: 'Dinkes/simpus' } }],
    [{ kind: 'record', record: 'A simpus.example.org', problem: { kind: 'name', fqdn: 'simpus.example.org', zone: 'tarakankota.go.id' } }],
    [{ kind: 'record', record: 'A simpus.tarakankota.go.id', problem: { kind: 'content', content: '2001:db8::1', type: 'A' } }],
    [{ kind: 'record', record: 'AAAA simpus.tarakankota.go.id', problem: { kind: 'content', content: '10.0.0.1', type: 'AAAA' } }],
    [{ kind: 'record', record: 'A simpus.tarakankota.go.id', problem: { kind: 'ttl', ttl: 0 } }],
  ],

  KLK801: [[{ role: 'noc' }]],
  KLK811: [[{ opds: ['bapenda', 'dinkes'] }]],
  KLK812: [[{ kinds: ['stack', 'code'] }], [{ kinds: ['registry', 'schema', 'github', 'other'] }]],
  KLK820: [
    [{ reason: { en: 'awaiting sign-off: requests/dinkes/simpus.yaml', id: 'menunggu tanda tangan: requests/dinkes/simpus.yaml' }, change: 'added' }],
    [{ reason: { en: 'awaiting sign-off: requests/dinkes/simpus.yaml', id: 'menunggu tanda tangan: requests/dinkes/simpus.yaml' }, change: 'changed' }],
    [{ reason: { en: 'awaiting sign-off: requests/dinkes/simpus.yaml', id: 'menunggu tanda tangan: requests/dinkes/simpus.yaml' }, change: 'deleted' }],
  ],
  KLK821: [[{ emergency: 'emergency by noc-oncall: outage, https://github.example/runs/1' }]],
  KLK822: [[{ detail: 'Unexpected end of JSON input' }]],
  KLK840: [[{ kind: 'no-section', firstRole: 'applications' }], [{ kind: 'no-team', role: 'noc' }]],
  KLK841: [[{ first: 'applications', second: 'noc', team: 42 }]],
  KLK842: [[{ role: 'security', required: ['applications', 'noc'] }]],

  KLK900: [[{ commit: COMMIT }]],
  KLK901: [[{ manifest: SHA, branch: 'main', commit: COMMIT }]],
  KLK902: [[{ commit: COMMIT }]],
  KLK903: [[{ kind: 'late' }], [{ kind: 'watchdog', commit: COMMIT }]],
  KLK904: [[{ commit: COMMIT, detail: 'nft: syntax error, unexpected }' }]],
  KLK905: [[{ commit: COMMIT, deadline: '2026-12-01T06:12:49.006Z' }]],
  KLK906: [[{ kind: 'none' }], [{ kind: 'loaded', commit: COMMIT }], [{ kind: 'loaded' }]],
  KLK907: [[{ commit: COMMIT }]],
  KLK908: [[]],
  KLK910: [[{ branch: 'main', remote: 'git@git.example:kota/colo.git', detail: 'timed out after 30 s' }]],
  KLK911: [[{ branch: 'main', ledgerFile: 'stacks/prod.allocations.yaml', stack: 'prod' }]],
  KLK912: [[{ stack: 'prod', manifestFile: 'manifest.json', configBranch: 'gateway-config' }]],
  KLK913: [
    [{ branch: 'main', commit: COMMIT, cause: { kind: 'requests-changed' } }],
    [{ branch: 'main', commit: COMMIT, cause: { kind: 'ledger', published: SHA, main: SHA.split('').reverse().join('') } }],
  ],
  KLK914: [[{ branch: 'main', commit: COMMIT }]],
  KLK915: [
    [{ kind: 'no-set', branch: 'main', commit: COMMIT, report: 'requests/dinkes/simpus.yaml:3:1: error KLK101: ...\n' }],
    [{ kind: 'ledger', commit: COMMIT }],
  ],
  KLK916: [[{ stack: 'prod', target: 'iptables', missing: ['firewall/kolokasi.rules', 'firewall/kolokasi6.rules'] }]],
  KLK920: [[{ kind: 'locked' }], [{ kind: 'waiting' }]],
};

const sayAny = said as (code: string, ...facts: unknown[]) => ReturnType<typeof said>;
const cases = Object.entries(SAMPLES).flatMap(([code, samples]) =>
  (samples as unknown[][]).map((facts, i) => ({ code, i, facts, said: sayAny(code, ...facts) })));

function broken(text: string): boolean {
  return /undefined|\[object Object\]|NaN/.test(text);
}


describe('catalog entries KLK5xx, KLK6xx, KLK8xx, KLK9xx', () => {
  it.each(cases)('$code #$i: text and hint in both languages, different, whole', ({ said: { message, hint } }) => {
    for (const text of [message, hint]) {
      expect(text.en.trim()).not.toBe('');
      expect(text.id.trim()).not.toBe('');
      expect(text.en).not.toBe(text.id);
      expect(broken(text.en) || broken(text.id)).toBe(false);
    }
  });

  it('gives each wording of an entry its own text: every sample is a branch of its own', () => {
    for (const code of Object.keys(SAMPLES)) {
      const texts = cases.filter((c) => c.code === code).map((c) => c.said.message.en);
      expect(new Set(texts).size, code).toBe(texts.length);
    }
  });

  it('has a summary in both languages for the table of codes', () => {
    for (const code of Object.keys(SAMPLES) as EdgeCode[]) {
      const { summary } = CATALOG[code];
      expect(summary.en.trim(), code).not.toBe('');
      expect(summary.id.trim(), code).not.toBe('');
      expect(summary.en, code).not.toBe(summary.id);
      expect(broken(summary.en) || broken(summary.id), code).toBe(false);
    }
  });

  it('names a checked field in the reader\'s language, with the request it belongs to', () => {
    const ports = { kind: 'ports', from: '0', to: '70000' } as const;
    const portRange = said('KLK603', { kind: 'rule', what: { field: 'port-range', request: { id: 'dinkes/simpus', quoted: false } }, problem: ports });
    expect(portRange.message.en).toMatch(/^port range of dinkes\/simpus: /);
    expect(portRange.message.id).toMatch(/^rentang port milik dinkes\/simpus: /);
    const refusedId = said('KLK603', { kind: 'rule', what: { field: 'address', request: { id: "'DINKES/x'", quoted: true } }, problem: { kind: 'address', value: '10.0.0.300', family: 4 } });
    expect(refusedId.message.en).toMatch(/^address of request 'DINKES\/x': /);
    expect(refusedId.message.id).toMatch(/^alamat milik permohonan 'DINKES\/x': /);
    expect(said('KLK602', { kind: 'text', what: { field: 'wan-interface' }, value: 'eth0;', bad: "';' (U+003B)", alphabet: 'interfaceName' }).message.id).toMatch(/^antarmuka WAN 'eth0;' /);
  });

  it('keeps the words the status and the plan are read by', () => {
    expect(said('KLK903', { kind: 'watchdog', commit: COMMIT }).message.en).toBe(
      'commit 4862948323e0 was not confirmed before the deadline; the watchdog put the previous tables back');
    expect(said('KLK913', { branch: 'main', commit: COMMIT, cause: { kind: 'ledger', published: SHA, main: COMMIT } }).message.id).toBe(
      'set terbitan lebih lama daripada main pada 4862948323e0 (sha256 buku alokasi 55d1dfd2cbe8, main 4862948323e0); tidak ada yang dimuat');
    expect(said('KLK501', { released: MANY, existing: 30, limits: LIMITS }).message.en).toBe(
      `12 of 30 allocations would be released (40%), more than both limits (the limits are 3 and 25%): ${MANY.slice(0, 10).join(', ')}, … (+2)`);
    expect(said('KLK502', { deleted: 1, existing: 3, limits: LIMITS }).message.en).toContain('(33.3%)');
    expect(said('KLK915', { kind: 'no-set', branch: 'main', commit: COMMIT, report: 'line\n\n' }).message.en).toMatch(/nothing loaded:\nline$/);
  });

  it('holds exactly the codes of these ranges that the source reports', async () => {
    const used = new Set<string>();
    const catalogDir = path.join(PROJECT_ROOT, 'src', 'core', 'catalog');
    for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
      if (file.startsWith(catalogDir + path.sep)) continue;
      for (const match of (await readFile(file, 'utf8')).matchAll(/'(KLK\d{3})'/g)) {
        if (EDGE.test(match[1]!) && !ELSEWHERE.has(match[1]!)) used.add(match[1]!);
      }
    }
    const held = Object.keys(CATALOG).filter((code) => EDGE.test(code) && !ELSEWHERE.has(code));
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((code) => !held.includes(code)).sort()).toEqual([]);
    expect(held.filter((code) => !used.has(code)).sort()).toEqual([]);
    expect(Object.keys(SAMPLES).sort()).toEqual(held.sort());
  });
});
