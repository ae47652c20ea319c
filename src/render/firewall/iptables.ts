// iptables-restore: for gateways that still run iptables (legacy or the nft backend). Two files:
// kolokasi.rules for iptables-restore (nat and filter) and kolokasi6.rules for ip6tables-restore
// (the IPv6 filter; IPv6 has no NAT here).
//
// kolokasi's rules live in its own chains (KOLOKASI-*), and the files are loaded with --noflush:
// each chain the file declares is created or emptied and then filled, and nothing else of the
// gateway is touched, neither a policy nor another chain. The built-in chains reach kolokasi's
// through one jump each (IPTABLES_HOOKS). iptables-restore can only add or delete a rule, never
// "add unless present", so a jump inside the file would pile up on every load; the hooks are
// added by a check-then-insert line instead (`iptables -C ... || iptables -I ...`), printed in the
// file header, which adds nothing when the jump is there. The chains' contents change on every
// load, the hooks never do.
// iptables matches rule by rule: the rule count grows with the servers. Prefer nftables at scale.
import type { FirewallPolicy, PoolGuard } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import type { OutputFile } from '../outputs.ts';
import { headerLines, type FirewallRenderer } from './target.ts';
import { Lines } from '../lines.ts';

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
  colocation: 'KOLOKASI-COLOCATION',
} as const;

/** One jump from a built-in chain into kolokasi's, inserted first in that chain. */
export interface IptablesHook {
  table: 'nat' | 'filter';
  chain: 'PREROUTING' | 'POSTROUTING' | 'INPUT' | 'FORWARD';
  target: string;
}

/** The jumps each file needs, per family: the same for every stack. */
export const IPTABLES_HOOKS: Readonly<Record<4 | 6, readonly IptablesHook[]>> = {
  4: [
    { table: 'nat', chain: 'PREROUTING', target: CHAIN.dnat },
    { table: 'nat', chain: 'POSTROUTING', target: CHAIN.snat },
    { table: 'filter', chain: 'INPUT', target: CHAIN.guard },
    { table: 'filter', chain: 'FORWARD', target: CHAIN.forward },
  ],
  6: [
    { table: 'filter', chain: 'INPUT', target: CHAIN.guard },
    { table: 'filter', chain: 'FORWARD', target: CHAIN.forward },
  ],
};

/** The iptables (or ip6tables) arguments that check for the hook, or insert it first in its chain. */
export function hookArgs(hook: IptablesHook, action: 'check' | 'insert'): string[] {
  return ['-t', hook.table, ...(action === 'check' ? ['-C', hook.chain] : ['-I', hook.chain, '1']), '-j', hook.target];
}

/** A shell line that adds the hook unless it is there: safe to run any number of times. */
export function hookCommand(family: 4 | 6, hook: IptablesHook): string {
  const binary = family === 4 ? 'iptables' : 'ip6tables';
  return `${binary} ${hookArgs(hook, 'check').join(' ')} 2>/dev/null || ${binary} ${hookArgs(hook, 'insert').join(' ')}`;
}

export const iptablesRenderer: FirewallRenderer = {
  target: 'iptables',
  files: [IPTABLES_FILE, IP6TABLES_FILE],
  capabilities: {
    'one-to-one-nat': { can: true, how: 'SNAT --to-source per server on the WAN interface' },
    'hairpin-nat': { can: true, how: 'SNAT on the LAN interface for connections in conntrack state DNAT' },
    'gateway-guard': { can: true, how: 'a chain reached from INPUT and FORWARD drops the public pools, after returning the gateway\'s own addresses' },
    'dnat-per-port': { can: true, how: 'DNAT --to-destination per address, protocol and port span' },
    'port-range': { can: true, how: '--dport from:to' },
    'source-cidrs': { can: true, how: 'one rule per source network' },
    'ipv6-filter': { can: true, how: 'kolokasi6.rules for ip6tables-restore' },
  },
  commentLimit: XT_COMMENT_LIMIT - IPTABLES_TAG.length,
  notes: [
    'constant rule count: cannot, because iptables without ipset evaluates one rule per server and port span',
    'load with --noflush: only the KOLOKASI-* chains are replaced; the hooks are added once by the check-then-insert lines in the header',
  ],
  render: (policy): OutputFile[] => [
    { path: IPTABLES_FILE, content: renderIptables(policy) },
    { path: IP6TABLES_FILE, content: renderIp6tables(policy) },
  ],
};

function loadHeader(policy: FirewallPolicy, family: 4 | 6): string[] {
  const [restore, file, what] = family === 4
    ? ['iptables-restore', 'kolokasi.rules', 'firewall and NAT (iptables-restore, IPv4)']
    : ['ip6tables-restore', 'kolokasi6.rules', 'firewall (ip6tables-restore, IPv6, no NAT)'];
  return [
    ...headerLines(policy, what, `${restore} --noflush ${file}  (creates or empties only the KOLOKASI-* chains, then fills them; safe to run again)`),
    'Never without --noflush: that would empty every chain of the gateway. / Jangan tanpa --noflush: semua rantai gateway akan dikosongkan.',
    'Then hook the chains in; each line adds its jump only when it is missing, so it is safe to run again:',
    'Lalu kaitkan rantainya; setiap baris hanya menambah lompatan bila belum ada, jadi aman dijalankan ulang:',
    ...IPTABLES_HOOKS[family].map((hook) => `  ${hookCommand(family, hook)}`),
    'kolokasi never changes a policy or a chain of the gateway other than its KOLOKASI-* chains and these jumps.',
  ].map((line) => `# ${line}`);
}

export function renderIptables(policy: FirewallPolicy): string {
  const { wan, lan } = policy.interfaces;
  const out = new Lines().addAll(loadHeader(policy, 4));
  out.add('*nat').add(`:${CHAIN.dnat} - [0:0]`).add(`:${CHAIN.snat} - [0:0]`);
  for (const rule of policy.dnat) {
    out.add(`-A ${CHAIN.dnat} -d ${rule.publicIpv4}/32 -p ${rule.protocol} -m ${rule.protocol} --dport ${portText(rule.ports, ':')}${comment(ruleComment(rule))} -j DNAT --to-destination ${rule.privateIpv4}`);
  }
  for (const rule of policy.nat) out.add(`-A ${CHAIN.snat} -s ${rule.privateIpv4}/32 -o ${wan}${comment(ruleComment(rule))} -j SNAT --to-source ${rule.publicIpv4}`);
  // Hairpin: the answer of the reached server must come back through the gateway, so the
  // source is translated as well, to the caller's own public address.
  for (const rule of policy.nat) {
    out.add(`-A ${CHAIN.snat} -s ${rule.privateIpv4}/32 -d ${policy.lanIpv4} -o ${lan} -m conntrack --ctstate DNAT${comment(ruleComment(rule))} -j SNAT --to-source ${rule.publicIpv4}`);
  }
  out.add(`-A ${CHAIN.snat} -s ${policy.lanIpv4} -d ${policy.lanIpv4} -o ${lan} -m conntrack --ctstate DNAT${comment('hairpin from a LAN host without public address')} -j MASQUERADE`);
  out.add('COMMIT').add('*filter').add(`:${CHAIN.guard} - [0:0]`).add(`:${CHAIN.forward} - [0:0]`).add(`:${CHAIN.colocation} - [0:0]`);
  out.addAll(guardChain(policy.guard.ipv4));
  // Translated packets carry the private address by now: what still goes to a pool address
  // here was not translated, and is not routed on either.
  out.add(`-A ${CHAIN.forward}${comment('untranslated packets to the public pools')} -j ${CHAIN.guard}`);
  out.add(`-A ${CHAIN.forward} -d ${policy.lanIpv4} -o ${lan}${comment('to the colocation LAN')} -j ${CHAIN.colocation}`);
  addColocationChain(out, policy, 4);
  return out.add('COMMIT').add('').text();
}

export function renderIp6tables(policy: FirewallPolicy): string {
  const out = new Lines().addAll(loadHeader(policy, 6));
  out.add('*filter').add(`:${CHAIN.guard} - [0:0]`).add(`:${CHAIN.forward} - [0:0]`).add(`:${CHAIN.colocation} - [0:0]`);
  out.addAll(guardChain(policy.guard.ipv6));
  for (const prefix of policy.colocationIpv6) out.add(`-A ${CHAIN.forward} -d ${prefix} -o ${policy.interfaces.lan}${comment('to the colocation LAN')} -j ${CHAIN.colocation}`);
  addColocationChain(out, policy, 6);
  return out.add('COMMIT').add('').text();
}

/** The gateway's own addresses go back to the gateway's rules; the rest of the pools is dropped. */
function guardChain(guard: PoolGuard): string[] {
  return [
    ...guard.except.map((address) => `-A ${CHAIN.guard} -d ${address}${comment('an own address of the gateway')} -j RETURN`),
    ...guard.pools.map((pool) => `-A ${CHAIN.guard} -d ${pool}${comment('public pool: allocated, quarantined or free')} -j DROP`),
  ];
}

/** Answers first, then the declared services of one family, then the drop of everything else. */
function addColocationChain(out: Lines, policy: FirewallPolicy, family: 4 | 6): void {
  out.add(`-A ${CHAIN.colocation} -m conntrack --ctstate RELATED,ESTABLISHED${comment('answers')} -j ACCEPT`);
  out.add(`-A ${CHAIN.colocation} -m conntrack --ctstate INVALID${comment('invalid')} -j DROP`);
  const host = family === 4 ? 32 : 128;
  for (const rule of policy.allows) {
    if (rule.family !== family) continue;
    const rest = ` -d ${rule.destination}/${host} -p ${rule.protocol} -m ${rule.protocol} --dport ${portText(rule.ports, ':')}${comment(ruleComment(rule))} -j ACCEPT`;
    if (rule.sources.kind === 'any') out.add(`-A ${CHAIN.colocation}${rest}`);
    else for (const cidr of rule.sources.cidrs) out.add(`-A ${CHAIN.colocation} -s ${cidr}${rest}`);
  }
  out.add(`-A ${CHAIN.colocation}${comment('everything else to the colocation LAN')} -j DROP`);
}

/** Checked to the safe comment alphabet before rendering: no quote or backslash can occur. */
function comment(text: string): string {
  return ` -m comment --comment "${IPTABLES_TAG}${text}"`;
}
