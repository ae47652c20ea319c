// iptables-restore: for gateways that still run iptables (legacy or the nft backend). Two files:
// kolokasi.rules for iptables-restore (nat and filter) and kolokasi6.rules for ip6tables-restore
// (the IPv6 filter; IPv6 has no NAT here).
//
// The files describe whole tables and are loaded without --noflush: iptables-restore replaces the
// nat and filter tables in one commit, so loading twice gives the same ruleset. With --noflush
// the jumps from the built-in chains would pile up on every run (iptables-restore has no
// "add unless present"), which is why kolokasi does not offer that mode.
// iptables matches rule by rule: the rule count grows with the servers. Prefer nftables at scale.
import type { AllowRule, FirewallPolicy, NatRule } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import type { OutputFile } from '../outputs.ts';
import { headerLines, type FirewallRenderer } from './target.ts';

export const IPTABLES_FILE = 'firewall/kolokasi.rules';
export const IP6TABLES_FILE = 'firewall/kolokasi6.rules';

/** The tag in front of every comment, so a reader of `iptables -S` can tell kolokasi's rules apart. */
export const IPTABLES_TAG = 'kolokasi: ';
/** XT_MAX_COMMENT_LEN is 256 bytes with the terminating zero. */
const XT_COMMENT_LIMIT = 255;

const CHAIN = {
  dnat: 'KOLOKASI-DNAT',
  snat: 'KOLOKASI-SNAT',
  guard: 'KOLOKASI-GUARD',
  forward: 'KOLOKASI-FORWARD',
} as const;

export const iptablesRenderer: FirewallRenderer = {
  target: 'iptables',
  files: [IPTABLES_FILE, IP6TABLES_FILE],
  capabilities: {
    'one-to-one-nat': { can: true, how: 'SNAT --to-source per server on the WAN interface' },
    'hairpin-nat': { can: true, how: 'SNAT on the LAN interface for connections in conntrack state DNAT' },
    'gateway-guard': { can: true, how: 'INPUT drops per server public address' },
    'dnat-per-port': { can: true, how: 'DNAT --to-destination per address, protocol and port span' },
    'port-range': { can: true, how: '--dport from:to' },
    'source-cidrs': { can: true, how: 'one rule per source network' },
    'ipv6-filter': { can: true, how: 'kolokasi6.rules for ip6tables-restore' },
  },
  commentLimit: XT_COMMENT_LIMIT - IPTABLES_TAG.length,
  notes: [
    'constant rule count: cannot, because iptables without ipset evaluates one rule per server and port span',
    'the files replace the whole nat and filter tables (iptables) and the filter table (ip6tables)',
  ],
  render: (policy): OutputFile[] => [
    { path: IPTABLES_FILE, content: renderIptables(policy) },
    { path: IP6TABLES_FILE, content: renderIp6tables(policy) },
  ],
};

export function renderIptables(policy: FirewallPolicy): string {
  const { wan, lan } = policy.interfaces;
  const header = headerLines(policy, 'firewall and NAT (iptables-restore, IPv4)', 'iptables-restore < kolokasi.rules  (replaces the nat and filter tables; safe to run again)');
  return [
    ...header.map((line) => `# ${line}`),
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    `:${CHAIN.dnat} - [0:0]`,
    `:${CHAIN.snat} - [0:0]`,
    `-A PREROUTING${comment('declared services to their servers')} -j ${CHAIN.dnat}`,
    `-A POSTROUTING${comment('servers leave with their public address')} -j ${CHAIN.snat}`,
    ...policy.dnat.map(
      (rule) =>
        `-A ${CHAIN.dnat} -d ${rule.publicIpv4}/32 -p ${rule.protocol} -m ${rule.protocol} --dport ${portText(rule.ports, ':')}${comment(ruleComment(rule))} -j DNAT --to-destination ${rule.privateIpv4}`,
    ),
    ...policy.nat.map((rule) => `-A ${CHAIN.snat} -s ${rule.privateIpv4}/32 -o ${wan}${comment(ruleComment(rule))} -j SNAT --to-source ${rule.publicIpv4}`),
    // Hairpin: the answer of the reached server must come back through the gateway, so the
    // source is translated as well, to the caller's own public address.
    ...policy.nat.map(
      (rule: NatRule) =>
        `-A ${CHAIN.snat} -s ${rule.privateIpv4}/32 -d ${policy.lanIpv4} -o ${lan} -m conntrack --ctstate DNAT${comment(ruleComment(rule))} -j SNAT --to-source ${rule.publicIpv4}`,
    ),
    `-A ${CHAIN.snat} -s ${policy.lanIpv4} -d ${policy.lanIpv4} -o ${lan} -m conntrack --ctstate DNAT${comment('hairpin from a LAN host without public address')} -j MASQUERADE`,
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    `:${CHAIN.guard} - [0:0]`,
    `:${CHAIN.forward} - [0:0]`,
    `-A INPUT${comment('server addresses are not for the gateway')} -j ${CHAIN.guard}`,
    `-A FORWARD -d ${policy.lanIpv4} -o ${lan}${comment('to the colocation LAN')} -j ${CHAIN.forward}`,
    // What reaches INPUT for a server address was not translated (an undeclared port).
    ...policy.nat.map((rule) => `-A ${CHAIN.guard} -d ${rule.publicIpv4}/32${comment(ruleComment(rule))} -j DROP`),
    ...forwardChain(policy.allows.filter((rule) => rule.family === 4)),
    'COMMIT',
    '',
  ].join('\n');
}

export function renderIp6tables(policy: FirewallPolicy): string {
  const header = headerLines(policy, 'firewall (ip6tables-restore, IPv6, no NAT)', 'ip6tables-restore < kolokasi6.rules  (replaces the filter table; safe to run again)');
  return [
    ...header.map((line) => `# ${line}`),
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    `:${CHAIN.forward} - [0:0]`,
    ...policy.colocationIpv6.map((prefix) => `-A FORWARD -d ${prefix} -o ${policy.interfaces.lan}${comment('to the colocation LAN')} -j ${CHAIN.forward}`),
    ...forwardChain(policy.allows.filter((rule) => rule.family === 6)),
    'COMMIT',
    '',
  ].join('\n');
}

/** Answers first, then the declared services, then the drop of everything else. */
function forwardChain(allows: AllowRule[]): string[] {
  return [
    `-A ${CHAIN.forward} -m conntrack --ctstate RELATED,ESTABLISHED${comment('answers')} -j ACCEPT`,
    `-A ${CHAIN.forward} -m conntrack --ctstate INVALID${comment('invalid')} -j DROP`,
    ...allows.flatMap((rule) => {
      const host = rule.family === 4 ? 32 : 128;
      const sources = rule.sources.kind === 'any' ? [''] : rule.sources.cidrs.map((cidr) => ` -s ${cidr}`);
      return sources.map(
        (source) =>
          `-A ${CHAIN.forward}${source} -d ${rule.destination}/${host} -p ${rule.protocol} -m ${rule.protocol} --dport ${portText(rule.ports, ':')}${comment(ruleComment(rule))} -j ACCEPT`,
      );
    }),
    `-A ${CHAIN.forward}${comment('everything else to the colocation LAN')} -j DROP`,
  ];
}

/** Checked to the safe comment alphabet before rendering: no quote or backslash can occur. */
function comment(text: string): string {
  return ` -m comment --comment "${IPTABLES_TAG}${text}"`;
}
