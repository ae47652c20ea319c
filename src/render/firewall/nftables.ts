// nftables: the primary target. One file, `nft -f kolokasi.nft`, that defines only kolokasi's own
// two tables and can be loaded again and again next to the gateway's other rules.
//
// Servers and ports live in sets and maps, never in rules: the chains below hold the same 15 rules
// for one server or for a thousand, and a lookup costs the same either way. Set elements carry a
// comment naming the request, so `nft list ruleset` still says whose entry is whose.
import type { AllowRule, FirewallPolicy } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import { headerLines, type FirewallRenderer } from './target.ts';

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
    'gateway-guard': { can: true, how: 'input hook drops packets to a server public address that were not translated' },
    'dnat-per-port': { can: true, how: 'one interval map address . protocol . port -> private address' },
    'port-range': { can: true, how: 'intervals inside the set and map elements' },
    'source-cidrs': { can: true, how: 'one element per source network in a concatenated interval set' },
    'ipv6-filter': { can: true, how: 'the same filter in the inet table, for the IPv6 pool, without NAT' },
  },
  commentLimit: NFT_COMMENT_LIMIT,
  notes: [
    'constant rule count: servers, ports and sources are set and map elements',
    'needs nftables >= 0.9.4 and Linux >= 5.6 (intervals in concatenated sets)',
    'nat chains run 10 before the standard priorities, so the 1:1 mappings win over a general masquerade',
  ],
  render: (policy) => [{ path: NFTABLES_FILE, content: renderNftables(policy) }],
};

export function renderNftables(policy: FirewallPolicy): string {
  const wan = quote(policy.interfaces.wan);
  const lan = quote(policy.interfaces.lan);
  const header = headerLines(policy, 'firewall and NAT (nftables)', `nft -f kolokasi.nft  (replaces only the tables ${NAT_TABLE} and ${FILTER_TABLE}; safe to run again)`);
  const serviceDnat = policy.dnat.map(
    (rule) => `${rule.publicIpv4} . ${rule.protocol} . ${portText(rule.ports)} comment ${quote(ruleComment(rule))} : ${rule.privateIpv4}`,
  );
  const publicByPrivate = policy.nat.map((rule) => `${rule.privateIpv4} comment ${quote(ruleComment(rule))} : ${rule.publicIpv4}`);
  const serverPublic = policy.nat.map((rule) => `${rule.publicIpv4} comment ${quote(ruleComment(rule))}`);
  const allowed = (family: 4 | 6) => policy.allows.filter((rule) => rule.family === family).flatMap((rule) => allowElements(rule));

  return [
    ...header.map((line) => `# ${line}`),
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
    '\t# public IPv4 . protocol . declared port(s) -> private IPv4: only declared services are translated',
    ...setBlock('service_dnat', 'ipv4_addr . inet_proto . inet_service : ipv4_addr', true, serviceDnat),
    '',
    '\t# private IPv4 -> public IPv4: every server leaves with its own public address',
    ...setBlock('public_by_private', 'ipv4_addr : ipv4_addr', false, publicByPrivate),
    '',
    '\tchain prerouting {',
    '\t\t# 10 before the usual priority: the 1:1 mappings win over a general NAT rule elsewhere',
    '\t\ttype nat hook prerouting priority dstnat - 10; policy accept;',
    '\t\t# no interface match: the internet, the intranet and the LAN itself (hairpin) are translated alike',
    '\t\tdnat to ip daddr . meta l4proto . th dport map @service_dnat',
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
    '\t# the public IPv4 of every server: never an address of the gateway\'s own services',
    ...setBlock('server_public_ipv4', 'ipv4_addr', false, serverPublic),
    '',
    '\t# the IPv6 pool: servers with a public IPv6 are reached directly, without NAT',
    ...setBlock('colocation_ipv6', 'ipv6_addr', true, policy.colocationIpv6),
    '',
    '\t# source . server . protocol . port(s) that may open a connection; 0.0.0.0/0 and ::/0 mean anyone',
    ...setBlock('allowed_ipv4', 'ipv4_addr . ipv4_addr . inet_proto . inet_service', true, allowed(4)),
    '',
    ...setBlock('allowed_ipv6', 'ipv6_addr . ipv6_addr . inet_proto . inet_service', true, allowed(6)),
    '',
    '\tchain input {',
    '\t\ttype filter hook input priority filter - 10; policy accept;',
    '\t\t# what arrives here for a server address was not translated (an undeclared port): it must not',
    '\t\t# reach a daemon of the gateway that happens to listen on all addresses',
    '\t\tip daddr @server_public_ipv4 drop',
    '\t}',
    '',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter - 10; policy accept;',
    `\t\toifname ${lan} ip daddr ${policy.lanIpv4} jump to_colocation_ipv4`,
    `\t\toifname ${lan} ip6 daddr @colocation_ipv6 jump to_colocation_ipv6`,
    '\t}',
    '',
    '\t# towards the servers: answers, then declared services from their sources, nothing else',
    '\tchain to_colocation_ipv4 {',
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    '\t\tip saddr . ip daddr . meta l4proto . th dport @allowed_ipv4 accept',
    '\t\tdrop',
    '\t}',
    '',
    '\tchain to_colocation_ipv6 {',
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    '\t\tip6 saddr . ip6 daddr . meta l4proto . th dport @allowed_ipv6 accept',
    '\t\tdrop',
    '\t}',
    '}',
    '',
  ].join('\n');
}

function allowElements(rule: AllowRule): string[] {
  const sources = rule.sources.kind === 'any' ? [rule.family === 4 ? '0.0.0.0/0' : '::/0'] : rule.sources.cidrs;
  return sources.map(
    (source) => `${source} . ${rule.destination} . ${rule.protocol} . ${portText(rule.ports)} comment ${quote(ruleComment(rule))}`,
  );
}

/** A set or map; an empty one has no `elements` line (nft refuses `elements = { }`). */
function setBlock(name: string, type: string, interval: boolean, elements: string[]): string[] {
  const keyword = type.includes(' : ') ? 'map' : 'set';
  return [
    `\t${keyword} ${name} {`,
    `\t\ttype ${type}`,
    ...(interval ? ['\t\tflags interval'] : []),
    ...(elements.length > 0 ? ['\t\telements = {', ...elements.map((element) => `\t\t\t${element},`), '\t\t}'] : []),
    '\t}',
  ];
}

/** The values are checked to the safe alphabets before rendering: nothing in them needs escaping. */
function quote(value: string): string {
  return `"${value}"`;
}
