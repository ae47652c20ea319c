// The hash sets and maps of kolokasi.nft mean the same as one flat interval set of everything
// (the earlier layout, still the plainest statement of the policy): both are loaded into the
// kernel, read back with `nft -j list ruleset`, and every accepted tuple (source, server,
// protocol, ports) and every translated one (public address, protocol, ports, private address)
// must be the same set. What the chains do with the sets is shown by the packets of the
// gateway suites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFirewallPolicy, portText, type FirewallPolicy } from '../../src/core/firewall.ts';
import { renderNftables } from '../../src/render/firewall/nftables.ts';
import { CASES } from './cases.ts';
import { manyConfig, manyDesired } from './fixtures.ts';
import { Namespace, namespacePolicy } from './netns.ts';

/** The flat layout: every allow in one interval set per family, every translation in one interval map. */
function flatReference(policy: FirewallPolicy): string {
  const block = (keyword: 'set' | 'map', name: string, type: string, elements: string[]) =>
    [`\t${keyword} ${name} {`, `\t\ttype ${type}`, '\t\tflags interval', ...(elements.length > 0 ? [`\t\telements = { ${elements.join(', ')} }`] : []), '\t}'].join('\n');
  const allowed = (family: 4 | 6) =>
    policy.allows
      .filter((rule) => rule.family === family)
      .flatMap((rule) =>
        (rule.sources.kind === 'any' ? [family === 4 ? '0.0.0.0/0' : '::/0'] : rule.sources.cidrs).map(
          (source) => `${source} . ${rule.destination} . ${rule.protocol} . ${portText(rule.ports)}`,
        ),
      );
  return [
    'table ip reference_nat {',
    block('map', 'service_dnat', 'ipv4_addr . inet_proto . inet_service : ipv4_addr', policy.dnat.map((rule) => `${rule.publicIpv4} . ${rule.protocol} . ${portText(rule.ports)} : ${rule.privateIpv4}`)),
    '}',
    'table inet reference_filter {',
    block('set', 'allowed_ipv4', 'ipv4_addr . ipv4_addr . inet_proto . inet_service', allowed(4)),
    block('set', 'allowed_ipv6', 'ipv6_addr . ipv6_addr . inet_proto . inet_service', allowed(6)),
    '}',
    '',
  ].join('\n');
}

type Json = string | number | { prefix?: { addr: string; len: number }; range?: [Json, Json]; concat?: Json[]; elem?: { val: Json } } | Json[];

/** One key part as the kernel lists it, in a form where equal meanings compare equal. */
function term(value: Json): string {
  if (typeof value === 'number') return `${value}-${value}`;
  if (typeof value === 'string') return /^[\d.]+$|:/.test(value) ? `${value}/${value.includes(':') ? 128 : 32}` : value;
  if (Array.isArray(value)) throw new Error(`unexpected list ${JSON.stringify(value)}`);
  if (value.prefix) return `${value.prefix.addr}/${value.prefix.len}`;
  if (value.range && typeof value.range[0] === 'number') return `${value.range[0]}-${value.range[1]}`;
  throw new Error(`unexpected key part ${JSON.stringify(value)}`);
}

function key(value: Json): string[] {
  const inner = typeof value === 'object' && !Array.isArray(value) && value.elem ? value.elem.val : value;
  return typeof inner === 'object' && !Array.isArray(inner) && inner.concat ? inner.concat.map(term) : [term(inner)];
}

type Listing = { nftables: Record<string, { table?: string; name?: string; elem?: Json[] }>[] };

/** The elements of one set or map: a set element is its key; a map element is key and value. */
function elements(listing: Listing, table: string, name: string): string[][] {
  const found = listing.nftables.map((entry) => entry.set ?? entry.map).find((s) => s?.table === table && s.name === name);
  if (!found) throw new Error(`no set or map ${table} ${name}`);
  return (found.elem ?? []).map((element) => (Array.isArray(element) ? [...key(element[0]!), term(element[1]!)] : key(element)));
}

function semantics(listing: Listing, layout: 'kolokasi' | 'reference'): { translated: string[]; accepted: string[] } {
  if (layout === 'reference') {
    return {
      translated: elements(listing, 'reference_nat', 'service_dnat').map((t) => t.join(' ')).sort(),
      accepted: ['allowed_ipv4', 'allowed_ipv6'].flatMap((name) => elements(listing, 'reference_filter', name)).map((t) => t.join(' ')).sort(),
    };
  }
  const accepted: string[][] = [];
  for (const v of ['ipv4', 'ipv6']) {
    const anyone = v === 'ipv4' ? '0.0.0.0/0' : '::/0';
    accepted.push(...elements(listing, 'kolokasi_filter', `open_${v}`).map((t) => [anyone, ...t]));
    const sources = elements(listing, 'kolokasi_filter', `intranet_sources_${v}`);
    for (const service of elements(listing, 'kolokasi_filter', `intranet_services_${v}`)) accepted.push(...sources.map((source) => [...source, ...service]));
    accepted.push(...elements(listing, 'kolokasi_filter', `allowed_${v}`));
  }
  return {
    translated: ['service_dnat', 'service_dnat_ranges'].flatMap((name) => elements(listing, 'kolokasi_nat', name)).map((t) => t.join(' ')).sort(),
    accepted: accepted.map((t) => t.join(' ')).sort(),
  };
}

const support = namespacePolicy('nftables hash and interval sets against the flat layout', ['nft']);
if (support.failure) {
  describe('nftables layouts in the kernel', () => {
    it('needs network namespaces', () => expect.fail(support.failure));
  });
}

describe.skipIf(!support.run)('nftables layouts in the kernel', () => {
  let ns: Namespace;
  beforeAll(() => {
    ns = new Namespace('sem');
  });
  afterAll(() => ns?.remove());

  const cases = [
    ...CASES.map((c) => ({ name: c.name, build: () => buildFirewallPolicy(c.desired(), c.config()) })),
    { name: '1000 servers', build: () => buildFirewallPolicy(manyDesired(1000), manyConfig(1000)) },
  ];
  for (const c of cases) {
    it(`${c.name}: accepts and translates the same tuples as one flat interval set`, () => {
      const { policy, diagnostics } = c.build();
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      ns.withFile(`flush ruleset\n${renderNftables(policy)}\n${flatReference(policy)}`, (file) => ns.exec('nft', ['-f', file]));
      const listing = JSON.parse(ns.exec('nft', ['-j', 'list', 'ruleset'])) as Listing;
      const ours = semantics(listing, 'kolokasi');
      const reference = semantics(listing, 'reference');
      expect(ours.translated).toEqual(reference.translated);
      expect(ours.accepted).toEqual(reference.accepted);
      expect(reference.translated.length).toBe(policy.dnat.length);
    });
  }

  it('tells the layouts apart when one tuple differs', () => {
    const example = CASES.find((c) => c.name === 'example')!;
    const { policy } = buildFirewallPolicy(example.desired(), example.config());
    const widened = { ...policy, allows: policy.allows.map((rule, i) => (i === 0 ? { ...rule, ports: { from: rule.ports.from, to: rule.ports.from + 1 } } : rule)) };
    ns.withFile(`flush ruleset\n${renderNftables(policy)}\n${flatReference(widened)}`, (file) => ns.exec('nft', ['-f', file]));
    const listing = JSON.parse(ns.exec('nft', ['-j', 'list', 'ruleset'])) as Listing;
    expect(semantics(listing, 'kolokasi').accepted).not.toEqual(semantics(listing, 'reference').accepted);
  });
});
