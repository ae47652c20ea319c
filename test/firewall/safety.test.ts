// Injection: no string from a request or the stack config may carry syntax into a gateway config.
// Every field that reaches a config is tried with characters that mean something to nft,
// iptables-restore or RouterOS; each attempt must be refused, naming the server, with no file
// written. Free-text fields must not reach a config at all.
import { describe, expect, it } from 'vitest';
import type { DesiredState, ServerState, StackConfig } from '../../src/core/model.ts';
import { buildFirewallPolicy, type FirewallPolicy } from '../../src/core/firewall.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { checkPolicyStrings, checkRenderedText, isSafe } from '../../src/render/firewall/safe.ts';
import { ANY, devConfig, exampleDesired, server, service, desired } from './fixtures.ts';

/** Characters with a meaning in at least one of the three formats, plus invisible ones. */
const PAYLOADS = ['\n', '\r', '"', "'", '{', '}', ';', '#', '$', '\\', '`', ' ', '\t', '\u0000', '\u2028', '[', ']', '|', '&', '=', '\u00a0'];
/** Whole attempts, as someone would write them. */
const ATTEMPTS = [
  'web" ; flush ruleset ; "',
  'web\n-A FORWARD -j ACCEPT',
  'web}\ntable inet evil { chain c { type filter hook forward priority -500; policy accept; } }',
  'web comment="x" action=accept',
  'web$(reboot)',
  'web\nCOMMIT\n*filter',
];

function withPayload(value: string, payload: string): string {
  // In the middle, at the end and alone: a check that only looks at one end misses the others.
  return `${value.slice(0, 2)}${payload}${value.slice(2)}`;
}

type Mutation = { field: string; apply: (state: DesiredState, config: StackConfig, payload: string) => void };

const simpeg = (state: DesiredState): ServerState => state.servers.find((s) => s.request === 'bkpsdm/simpeg')!;

const MUTATIONS: Mutation[] = [
  { field: 'request id (opd part)', apply: (s, _c, p) => void (simpeg(s).request = `${withPayload('bkpsdm', p)}/simpeg`) },
  { field: 'request id (name part)', apply: (s, _c, p) => void (simpeg(s).request = `bkpsdm/${withPayload('simpeg', p)}`) },
  { field: 'request id (slash)', apply: (s, _c, p) => void (simpeg(s).request = `bkpsdm${p}simpeg`) },
  { field: 'service name', apply: (s, _c, p) => void (simpeg(s).services[0]!.name = withPayload('https', p)) },
  { field: 'service name (restricted service)', apply: (s, _c, p) => void (simpeg(s).services[2]!.name = withPayload('ssh', p)) },
  { field: 'WAN interface', apply: (_s, c, p) => void (c.firewall.interfaces.wan = withPayload('eth0', p)) },
  { field: 'LAN interface', apply: (_s, c, p) => void (c.firewall.interfaces.lan = withPayload('eth1', p)) },
  { field: 'stack name', apply: (s, _c, p) => void (s.stack = withPayload('dev', p)) },
  { field: 'public IPv4', apply: (s, _c, p) => void (simpeg(s).publicIpv4 = withPayload('203.0.113.5', p)) },
  { field: 'private IPv4', apply: (s, _c, p) => void (simpeg(s).privateIpv4 = withPayload('10.20.30.5', p)) },
  { field: 'public IPv6', apply: (s, _c, p) => void (simpeg(s).publicIpv6 = withPayload('2001:db8:7a::2', p)) },
  { field: 'source CIDR', apply: (s, _c, p) => void (simpeg(s).services[2]!.sources = { kind: 'cidrs', cidrs: [withPayload('10.10.0.0/16', p)] }) },
  { field: 'intranet CIDR', apply: (_s, c, p) => void (c.intranet = [withPayload('10.10.0.0/16', p)]) },
  { field: 'private pool', apply: (_s, c, p) => void (c.pools.private = { ...c.pools.private, cidr: withPayload('10.20.30.0/24', p) }) },
  { field: 'public pool', apply: (_s, c, p) => void (c.pools.publicIpv4[0]!.cidr = withPayload('203.0.113.0/26', p)) },
];

/**
 * A pool's own entries (its gateway, `reserved`) only exempt addresses from the guard: an entry that
 * is not an address or network exempts nothing, and its text never reaches the policy or a file.
 */
const OWN_ENTRY_MUTATIONS: { field: string; value: (payload: string) => string; apply: (config: StackConfig, value: string) => void }[] = [
  { field: 'public pool gateway', value: (p) => withPayload('203.0.113.1', p), apply: (c, v) => void (c.pools.publicIpv4[0]!.gateway = v) },
  { field: 'public pool reserved address', value: (p) => withPayload('203.0.113.2', p), apply: (c, v) => void (c.pools.publicIpv4[0]!.reserved = [v]) },
  { field: 'public pool reserved network', value: (p) => withPayload('203.0.113.2/31', p), apply: (c, v) => void (c.pools.publicIpv4[0]!.reserved = [v]) },
];

function fresh(): { state: DesiredState; config: StackConfig } {
  return { state: structuredClone(exampleDesired()), config: structuredClone(devConfig()) };
}

describe('injection attempts', () => {
  for (const mutation of MUTATIONS) {
    it(`refuses every dangerous character in the ${mutation.field}, writing no file`, () => {
      for (const payload of [...PAYLOADS, ...ATTEMPTS]) {
        const { state, config } = fresh();
        mutation.apply(state, config, payload);
        const { files, diagnostics } = renderFirewall(state, config);
        const shown = JSON.stringify(payload);
        expect(files, `${mutation.field} with ${shown}`).toEqual([]);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length, `${mutation.field} with ${shown}`).toBeGreaterThan(0);
        for (const error of errors) {
          expect(['KLK601', 'KLK602', 'KLK603', 'KLK604']).toContain(error.code);
          // A refusal never carries the raw payload into a message line (it is escaped or named).
          expect(error.message.en).not.toMatch(/[\u0000-\u001f\u2028]/);
          expect(error.file).not.toMatch(/[\u0000-\u001f\u2028]/);
        }
      }
    });
  }

  for (const mutation of OWN_ENTRY_MUTATIONS) {
    it(`keeps every dangerous character in the ${mutation.field} out of the policy and the files`, () => {
      for (const payload of [...PAYLOADS, ...ATTEMPTS]) {
        const { state, config } = fresh();
        const value = mutation.value(payload);
        mutation.apply(config, value);
        const shown = `${mutation.field} with ${JSON.stringify(payload)}`;
        const { policy } = buildFirewallPolicy(state, config);
        expect(checkPolicyStrings(policy), shown).toEqual([]);
        expect(policy.guard.ipv4.except, shown).not.toContain(value);
        const { files } = renderFirewall(state, config);
        expect(files.length, shown).toBeGreaterThan(0);
        for (const file of files) expect(file.content.includes(value), `${shown} in ${file.path}`).toBe(false);
      }
    });
  }

  it('names the server in a refusal about its strings', () => {
    const { state, config } = fresh();
    simpeg(state).services[0]!.name = 'https"; flush ruleset; "';
    const { diagnostics } = renderFirewall(state, config);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'KLK601', file: 'requests/bkpsdm/simpeg.yaml', severity: 'error' }));
    expect(diagnostics.find((d) => d.code === 'KLK601')!.message.en).toContain('bkpsdm/simpeg');
    expect(diagnostics.find((d) => d.code === 'KLK601')!.message.id).toContain('bkpsdm/simpeg');
  });
});

describe('the safety module on its own', () => {
  // The policy is normally built from checked data; here it is tampered with after building, to
  // show the module refuses on its own and does not lean on the builder.
  function cleanPolicy(): FirewallPolicy {
    return buildFirewallPolicy(exampleDesired(), devConfig()).policy;
  }

  const PUBLIC_POOLS = '/config/kolokasi:pools/publicIpv4';
  /** `names`: the stack setting the refusal must point at, not only the catch-all's pointer into the policy. */
  const TAMPER: { field: string; apply: (p: FirewallPolicy, payload: string) => void; names?: string }[] = [
    { field: 'nat request', apply: (p, x) => void (p.nat[0]!.request = withPayload('bapenda/esppt', x)) },
    { field: 'dnat service', apply: (p, x) => void (p.dnat[0]!.services = [withPayload('http', x)]) },
    { field: 'allow service', apply: (p, x) => void (p.allows[0]!.services = [withPayload('http', x)]) },
    { field: 'allow destination', apply: (p, x) => void (p.allows[0]!.destination = withPayload('10.20.30.4', x)) },
    { field: 'allow source', apply: (p, x) => void (p.allows[3]!.sources = { kind: 'cidrs', cidrs: [withPayload('10.10.0.0/16', x)] }) },
    { field: 'dnat public address', apply: (p, x) => void (p.dnat[0]!.publicIpv4 = withPayload('203.0.113.4', x)) },
    { field: 'interface', apply: (p, x) => void (p.interfaces.lan = withPayload('eth1', x)) },
    { field: 'IPv6 pool', apply: (p, x) => void (p.colocationIpv6 = [withPayload('2001:db8:7a::/64', x)]) },
    { field: 'guarded public pool', apply: (p, x) => void (p.guard.ipv4.pools = [withPayload('203.0.113.0/26', x)]), names: PUBLIC_POOLS },
    { field: 'guard exception (address)', apply: (p, x) => void (p.guard.ipv4.except = [withPayload('203.0.113.1', x)]), names: PUBLIC_POOLS },
    { field: 'guard exception (network)', apply: (p, x) => void (p.guard.ipv4.except = [withPayload('203.0.113.2/31', x)]), names: PUBLIC_POOLS },
    { field: 'stack', apply: (p, x) => void (p.stack = withPayload('dev', x)) },
    { field: 'a field nobody listed', apply: (p, x) => void ((p as unknown as Record<string, unknown>).extra = withPayload('note', x)) },
  ];

  it('accepts the example policy', () => {
    expect(checkPolicyStrings(cleanPolicy())).toEqual([]);
  });

  for (const tamper of TAMPER) {
    it(`refuses a tampered ${tamper.field}`, () => {
      for (const payload of [...PAYLOADS, ...ATTEMPTS]) {
        const policy = cleanPolicy();
        tamper.apply(policy, payload);
        const found = checkPolicyStrings(policy);
        expect(found.length, `${tamper.field} with ${JSON.stringify(payload)}`).toBeGreaterThan(0);
        expect(found.every((d) => d.severity === 'error')).toBe(true);
        if (tamper.names) expect(found.map((d) => d.path), `${tamper.field} with ${JSON.stringify(payload)}`).toContain(tamper.names);
      }
    });
  }

  it('refuses numbers that are not plain port integers', () => {
    for (const bad of [0, 65536, 1.5, Number.NaN, -1]) {
      const policy = cleanPolicy();
      policy.allows[0]!.ports = { from: bad, to: 443 };
      expect(checkPolicyStrings(policy).length, String(bad)).toBeGreaterThan(0);
    }
  });

  it('knows the alphabets of the schema', () => {
    expect(isSafe('requestId', 'bkpsdm/simpeg')).toBe(true);
    expect(isSafe('requestId', 'bkpsdm/simpeg/x')).toBe(false);
    expect(isSafe('requestId', '-bkpsdm/simpeg')).toBe(false);
    expect(isSafe('requestId', `${'a'.repeat(64)}/x`)).toBe(false);
    expect(isSafe('serviceName', 'fingerprint-sync')).toBe(true);
    expect(isSafe('serviceName', '1https')).toBe(false);
    expect(isSafe('interfaceName', 'eth0.100')).toBe(true);
    expect(isSafe('interfaceName', 'a-very-long-interface')).toBe(false);
    expect(isSafe('comment', 'bkpsdm/simpeg https,http')).toBe(true);
  });

  it('withholds a rendered file holding anything but printable ASCII', () => {
    expect(checkRenderedText('firewall/kolokasi.nft', 'table ip x {}\n', 'dev')).toEqual([]);
    for (const bad of ['\u0000', '\r', '\u2028', 'é', '\u001b[0m']) {
      expect(checkRenderedText('firewall/kolokasi.nft', `table ip x {}${bad}\n`, 'dev')).toEqual([expect.objectContaining({ code: 'KLK610' })]);
    }
    // A character outside the BMP is named whole, not as half a surrogate pair.
    const [astral] = checkRenderedText('firewall/kolokasi.nft', 'a\n\u{1F600}\n', 'dev');
    expect(astral?.message.en).toContain('U+1F600');
  });
});

describe('free text never reaches a config', () => {
  it('leaves out title, fqdn, subdomain, the dns records and the opd/name fields', () => {
    const marker = 'FREETEXT';
    const state = exampleDesired();
    for (const s of state.servers) {
      s.title = `${marker}" ; flush ruleset ; "\n}`;
      s.fqdn = `${marker}.evil`;
      s.subdomain = `${marker}-sub`;
      s.opd = `${marker}opd`;
      s.name = `${marker}name`;
    }
    state.dnsRecords = [
      { key: 'k', request: 'bkpsdm/simpeg', opd: 'bkpsdm', fqdn: `${marker}.x`, subdomain: 'x', type: 'A', content: '203.0.113.5', ttl: 300, proxied: false, comment: `${marker}\n*filter` },
    ];
    const { files, diagnostics } = renderFirewall(state, devConfig());
    expect(diagnostics).toEqual([]);
    expect(files.length).toBe(5);
    for (const file of files) expect(file.content, file.path).not.toContain(marker);
  });

  it('builds the policy from ids, names, addresses and ports only', () => {
    const { policy } = buildFirewallPolicy(
      desired([server('bkpsdm/web', { publicIpv4: '203.0.113.31', privateIpv4: '10.20.30.31' }, [service('https', 'tcp', 443, ANY)], { title: 'T', fqdn: 'F.example' })]),
      devConfig(),
    );
    const text = JSON.stringify(policy);
    expect(text).not.toContain('"T"');
    expect(text).not.toContain('F.example');
  });
});
