// nftables: the primary target. One file, `nft -f kolokasi.nft`, that defines only kolokasi's own
// two tables and can be loaded again and again next to the gateway's other rules.
//
// Servers and ports live in sets and maps, never in rules: the chains below hold the same 22 rules
// for one server or for ten thousand. What can be matched exactly (one port, from anyone or from the
// intranet) sits in hash sets and maps, looked up in constant time; only what needs intervals (source
// networks, port ranges) sits in interval sets. Set elements carry a comment naming the request, so
// `nft list ruleset` still says whose entry is whose.
import type { AllowRule, FirewallPolicy } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import { parseCidr } from '../../core/ip.ts';
import { headerLines, type FirewallRenderer } from './target.ts';
import { Lines } from '../lines.ts';

export const NFTABLES_FILE = 'firewall/kolokasi.nft';
export const NAT_TABLE = 'ip kolokasi_nat';
export const FILTER_TABLE = 'inet kolokasi_filter';

/** NFTNL_UDATA_COMMENT_MAXLEN: nft refuses a longer element comment. */
const NFT_COMMENT_LIMIT = 128;

export const nftablesRenderer: FirewallRenderer = {
  target: 'nftables',
  files: [NFTABLES_FILE],
  capabilities: {
    'one-to-one-nat': { can: true, how: 'one map private -> public, used by snat for outbound and hairpin traffic' },
    'hairpin-nat': { can: true, how: 'snat of LAN-to-LAN traffic that was dnat-ed (ct status dnat)' },
    'gateway-guard': { can: true, how: 'input and forward drop untranslated packets to the public pools, except the gateway\'s own addresses' },
    'dnat-per-port': { can: true, how: 'a hash map address . protocol . port -> private address' },
    'port-range': { can: true, how: 'an interval map and an interval set, for port ranges only' },
    'source-cidrs': { can: true, how: 'one element per source network in a concatenated interval set; the intranet list is one shared interval set' },
    'ipv6-filter': { can: true, how: 'the same filter in the inet table, for the IPv6 pool, without NAT' },
  },
  commentLimit: NFT_COMMENT_LIMIT,
  notes: [
    'constant rule count: servers, ports and sources are set and map elements',
    'exact matches (one port, from anyone or from the intranet) are hash lookups; intervals only for source networks and port ranges',
    'needs nftables >= 0.9.4 and Linux >= 5.6 (intervals in concatenated sets)',
    'nat chains run 10 before the standard priorities, so the 1:1 mappings win over a general masquerade',
    'touches only its own two tables; an accept here does not override a drop of the gateway\'s own tables',
  ],
  render: (policy) => [{ path: NFTABLES_FILE, content: renderNftables(policy) }],
};

/** How an allow is looked up: a hash entry when it is exact, the interval set otherwise. */
type AllowClass = 'open' | 'intranet' | 'interval';

function classify(rule: AllowRule, intranet: string[]): AllowClass {
  if (rule.ports.from !== rule.ports.to) return 'interval';
  if (rule.sources.kind === 'any') return 'open';
  const sources = rule.sources.cidrs;
  return intranet.length > 0 && sources.length === intranet.length && sources.every((cidr, i) => cidr === intranet[i]) ? 'intranet' : 'interval';
}

function intranetOfFamily(policy: FirewallPolicy, family: 4 | 6): string[] {
  return policy.intranet.filter((cidr) => parseCidr(cidr)?.family === family);
}

export function renderNftables(policy: FirewallPolicy): string {
  const wan = quote(policy.interfaces.wan);
  const lan = quote(policy.interfaces.lan);
  const header = headerLines(policy, 'firewall and NAT (nftables)', `nft -f kolokasi.nft  (replaces only the tables ${NAT_TABLE} and ${FILTER_TABLE}; safe to run again)`);
  const dnatElement = (rule: FirewallPolicy['dnat'][number]) =>
    `${rule.publicIpv4} . ${rule.protocol} . ${portText(rule.ports)} comment ${quote(ruleComment(rule))} : ${rule.privateIpv4}`;
  const singlePort = policy.dnat.filter((rule) => rule.ports.from === rule.ports.to);
  const portRange = policy.dnat.filter((rule) => rule.ports.from !== rule.ports.to);
  const publicByPrivate = (rule: FirewallPolicy['nat'][number]) => `${rule.privateIpv4} comment ${quote(ruleComment(rule))} : ${rule.publicIpv4}`;
  // Once per family, not once per rule: classify compares every rule with it.
  const intranet = { 4: intranetOfFamily(policy, 4), 6: intranetOfFamily(policy, 6) };
  // Each rule sorted into its family and class in one pass; order within a bucket is the policy's.
  const buckets: Record<4 | 6, Record<AllowClass, AllowRule[]>> = {
    4: { open: [], intranet: [], interval: [] },
    6: { open: [], intranet: [], interval: [] },
  };
  for (const rule of policy.allows) buckets[rule.family][classify(rule, intranet[rule.family])].push(rule);
  const allows = (family: 4 | 6, kind: AllowClass) => buckets[family][kind];
  const serviceElement = (rule: AllowRule) => `${rule.destination} . ${rule.protocol} . ${rule.ports.from} comment ${quote(ruleComment(rule))}`;
  const out = new Lines();

  const filterSets = (family: 4 | 6) => {
    const v = `ipv${family}`;
    const addr = `${v}_addr`;
    out.add(`\t# IPv${family}: server . protocol . port open to anyone (hash)`);
    setBlock(out, `open_${v}`, `${addr} . inet_proto . inet_service`, false, allows(family, 'open'), serviceElement);
    out.add('').add(`\t# IPv${family}: server . protocol . port open to the intranet (hash), and the intranet itself`);
    setBlock(out, `intranet_services_${v}`, `${addr} . inet_proto . inet_service`, false, allows(family, 'intranet'), serviceElement);
    setBlock(out, `intranet_sources_${v}`, addr, true, intranet[family]);
    out.add('').add(`\t# IPv${family}: source . server . protocol . port(s) for source networks and port ranges (intervals)`);
    setBlock(out, `allowed_${v}`, `${addr} . ${addr} . inet_proto . inet_service`, true, allows(family, 'interval'), allowElements);
    out.add('').add(`\t# IPv${family}: the public pools kolokasi owns, and the gateway's own addresses in them`);
    setBlock(out, `public_pools_${v}`, addr, true, policy.guard[family === 4 ? 'ipv4' : 'ipv6'].pools);
    setBlock(out, `gateway_own_${v}`, addr, true, policy.guard[family === 4 ? 'ipv4' : 'ipv6'].except);
    out.add('');
  };
  const colocationChain = (family: 4 | 6): string[] => {
    const v = `ipv${family}`;
    const ip = family === 4 ? 'ip' : 'ip6';
    return [
      `\tchain to_colocation_${v} {`,
      '\t\tct state established,related accept',
      '\t\tct state invalid drop',
      `\t\t${ip} daddr . meta l4proto . th dport @open_${v} accept`,
      `\t\t${ip} saddr @intranet_sources_${v} ${ip} daddr . meta l4proto . th dport @intranet_services_${v} accept`,
      `\t\t${ip} saddr . ${ip} daddr . meta l4proto . th dport @allowed_${v} accept`,
      '\t\tdrop',
      '\t}',
    ];
  };

  out.addAll(header.map((line) => `# ${line}`)).addAll([
    '# The chains hold the same rules for any number of servers; the servers are in the sets and maps.',
    '',
    '# Declaring a table before deleting it lets the delete succeed on the first run as well. nft -f',
    '# applies the whole file as one transaction: the gateway is never without kolokasi\'s rules.',
    `table ${NAT_TABLE} {}`,
    `delete table ${NAT_TABLE}`,
    `table ${FILTER_TABLE} {}`,
    `delete table ${FILTER_TABLE}`,
    '',
    `table ${NAT_TABLE} {`,
    '\t# public IPv4 . protocol . declared port -> private IPv4 (hash): only declared services are translated',
  ]);
  setBlock(out, 'service_dnat', 'ipv4_addr . inet_proto . inet_service : ipv4_addr', false, singlePort, dnatElement);
  out.add('').add('\t# the same for declared port ranges (intervals)');
  setBlock(out, 'service_dnat_ranges', 'ipv4_addr . inet_proto . inet_service : ipv4_addr', true, portRange, dnatElement);
  out.add('').add('\t# private IPv4 -> public IPv4: every server leaves with its own public address');
  setBlock(out, 'public_by_private', 'ipv4_addr : ipv4_addr', false, policy.nat, publicByPrivate);
  out.addAll([
    '',
    '\tchain prerouting {',
    '\t\t# 10 before the usual priority: the 1:1 mappings win over a general NAT rule elsewhere',
    '\t\ttype nat hook prerouting priority dstnat - 10; policy accept;',
    '\t\t# no interface match: the internet, the intranet and the LAN itself (hairpin) are translated alike;',
    '\t\t# a key missing from a map ends the rule, so a packet is looked up in the second map only if not in the first',
    '\t\tdnat to ip daddr . meta l4proto . th dport map @service_dnat',
    '\t\tdnat to ip daddr . meta l4proto . th dport map @service_dnat_ranges',
    '\t}',
    '',
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat - 10; policy accept;',
    `\t\toifname ${wan} snat to ip saddr map @public_by_private`,
    '\t\t# hairpin: a server reached another one by its public address; translating the source as well',
    '\t\t# brings the answer back through the gateway instead of straight across the LAN',
    `\t\toifname ${lan} ct status dnat ip daddr ${policy.lanIpv4} snat to ip saddr map @public_by_private`,
    '\t\t# the same for a LAN host that has no public address of its own',
    `\t\toifname ${lan} ct status dnat ip saddr ${policy.lanIpv4} ip daddr ${policy.lanIpv4} masquerade`,
    '\t}',
    '}',
    '',
    `table ${FILTER_TABLE} {`,
  ]);
  filterSets(4);
  filterSets(6);
  return out.addAll([
    '\tchain input {',
    '\t\ttype filter hook input priority filter - 10; policy accept;',
    '\t\t# a pool address that is not the gateway\'s own (allocated, quarantined or free) and was not',
    '\t\t# translated must not reach a daemon of the gateway that happens to listen on all addresses',
    '\t\tip daddr @public_pools_ipv4 ip daddr != @gateway_own_ipv4 drop',
    '\t\tip6 daddr @public_pools_ipv6 ip6 daddr != @gateway_own_ipv6 drop',
    '\t}',
    '',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter - 10; policy accept;',
    '\t\t# nor be routed on anywhere: translated packets carry the private address by now',
    '\t\tip daddr @public_pools_ipv4 ip daddr != @gateway_own_ipv4 drop',
    `\t\toifname ${lan} ip daddr ${policy.lanIpv4} jump to_colocation_ipv4`,
    `\t\toifname ${lan} ip6 daddr @public_pools_ipv6 jump to_colocation_ipv6`,
    '\t}',
    '',
    '\t# towards the servers: answers, then declared services from their sources, nothing else',
    ...colocationChain(4),
    '',
    ...colocationChain(6),
    '}',
    '',
  ]).text();
}

function allowElements(rule: AllowRule): string[] {
  const sources = rule.sources.kind === 'any' ? [rule.family === 4 ? '0.0.0.0/0' : '::/0'] : rule.sources.cidrs;
  return sources.map(
    (source) => `${source} . ${rule.destination} . ${rule.protocol} . ${portText(rule.ports)} comment ${quote(ruleComment(rule))}`,
  );
}

/**
 * A set or map, its elements made from `items` as they are written; an empty one has no `elements`
 * line (nft refuses `elements = { }`).
 */
function setBlock<T>(out: Lines, name: string, type: string, interval: boolean, items: readonly T[], element?: (item: T) => string | string[]): void {
  const keyword = type.includes(' : ') ? 'map' : 'set';
  out.add(`\t${keyword} ${name} {`).add(`\t\ttype ${type}`);
  if (interval) out.add('\t\tflags interval');
  if (items.length > 0) {
    out.add('\t\telements = {');
    for (const item of items) {
      const made = element ? element(item) : String(item);
      if (typeof made === 'string') out.add(`\t\t\t${made},`);
      else for (const one of made) out.add(`\t\t\t${one},`);
    }
    out.add('\t\t}');
  }
  out.add('\t}');
}

/** The values are checked to the safe alphabets before rendering: nothing in them needs escaping. */
function quote(value: string): string {
  return `"${value}"`;
}
