// MikroTik RouterOS: a script for `/import file-name=kolokasi.rsc`. It first removes every entry
// whose comment starts with the kolokasi tag, then adds the current ones, so importing it again
// gives the same configuration and the NOC's own entries are never touched.
//
// kolokasi's rules live in their own chains (kolokasi-dstnat, kolokasi-forward, ...) reached by one
// jump from each built-in chain: the NOC's rules keep their order, and ours keep theirs. RouterOS
// appends a jump at the end of its chain; a rule of the NOC placed before it decides first.
import type { AllowRule, FirewallPolicy } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import type { OutputFile } from '../outputs.ts';
import { headerLines, type FirewallRenderer } from './target.ts';

export const ROUTEROS_FILE = 'firewall/kolokasi.rsc';
/** Every entry kolokasi adds has a comment starting with this; removal finds them by it. */
export const ROUTEROS_TAG = 'kolokasi:';

const MENU = {
  nat: '/ip firewall nat',
  filter: '/ip firewall filter',
  filter6: '/ipv6 firewall filter',
} as const;

const CHAIN = {
  dstnat: 'kolokasi-dstnat',
  srcnat: 'kolokasi-srcnat',
  input: 'kolokasi-input',
  forward: 'kolokasi-forward',
} as const;

export const routerosRenderer: FirewallRenderer = {
  target: 'routeros',
  files: [ROUTEROS_FILE],
  capabilities: {
    'one-to-one-nat': { can: true, how: 'src-nat to-addresses per server on the WAN interface' },
    'hairpin-nat': { can: true, how: 'src-nat of LAN-to-LAN traffic leaving on the LAN interface' },
    'gateway-guard': { can: true, how: 'input drops per server public address' },
    'dnat-per-port': { can: true, how: 'dst-nat per address, protocol and dst-port' },
    'port-range': { can: true, how: 'dst-port=from-to' },
    'source-cidrs': { can: true, how: 'one rule per source network (src-address takes one prefix)' },
    'ipv6-filter': { can: true, how: '/ipv6 firewall filter, same chains' },
  },
  notes: [
    'constant rule count: cannot, because rules are evaluated one by one',
    'the import is not one transaction: a failing line leaves the entries before it in place; importing again repairs it',
  ],
  render: (policy): OutputFile[] => [{ path: ROUTEROS_FILE, content: renderRouteros(policy) }],
};

type Args = Record<string, string | undefined>;

export function renderRouteros(policy: FirewallPolicy): string {
  const { wan, lan } = policy.interfaces;
  const lanNet = policy.lanIpv4;
  const header = headerLines(policy, 'firewall and NAT (RouterOS)', `/import file-name=kolokasi.rsc  (replaces only entries whose comment starts with "${ROUTEROS_TAG}"; safe to run again)`);
  const removeTagged = `remove [find where comment~"^${ROUTEROS_TAG}"]`;
  const allows = (family: 4 | 6) => policy.allows.filter((rule) => rule.family === family).flatMap(allowLines);

  return [
    ...header.map((line) => `# ${line}`),
    '# Remove what an earlier import added, then add the current entries.',
    `${MENU.nat} ${removeTagged}`,
    `${MENU.filter} ${removeTagged}`,
    `${MENU.filter6} ${removeTagged}`,
    '',
    MENU.nat,
    // A jump only to a chain this script fills: RouterOS has no empty chains to jump to.
    ...(policy.dnat.length > 0 ? [add({ chain: 'dstnat', action: 'jump', 'jump-target': CHAIN.dstnat }, 'declared services to their servers')] : []),
    add({ chain: 'srcnat', action: 'jump', 'jump-target': CHAIN.srcnat }, 'servers leave with their public address'),
    ...policy.dnat.map((rule) =>
      add(
        {
          chain: CHAIN.dstnat,
          action: 'dst-nat',
          'dst-address': rule.publicIpv4,
          protocol: rule.protocol,
          'dst-port': portText(rule.ports),
          'to-addresses': rule.privateIpv4,
        },
        ruleComment(rule),
      ),
    ),
    ...policy.nat.map((rule) =>
      add({ chain: CHAIN.srcnat, action: 'src-nat', 'out-interface': wan, 'src-address': rule.privateIpv4, 'to-addresses': rule.publicIpv4 }, ruleComment(rule)),
    ),
    // Hairpin: traffic from the LAN back into the LAN only passes the router after a dst-nat.
    ...policy.nat.map((rule) =>
      add(
        { chain: CHAIN.srcnat, action: 'src-nat', 'out-interface': lan, 'src-address': rule.privateIpv4, 'dst-address': lanNet, 'to-addresses': rule.publicIpv4 },
        ruleComment(rule),
      ),
    ),
    add({ chain: CHAIN.srcnat, action: 'masquerade', 'out-interface': lan, 'src-address': lanNet, 'dst-address': lanNet }, 'hairpin from a LAN host without public address'),
    '',
    MENU.filter,
    ...(policy.nat.length > 0 ? [add({ chain: 'input', action: 'jump', 'jump-target': CHAIN.input }, 'server addresses are not for the router')] : []),
    add({ chain: 'forward', action: 'jump', 'jump-target': CHAIN.forward, 'out-interface': lan, 'dst-address': lanNet }, 'to the colocation LAN'),
    ...policy.nat.map((rule) => add({ chain: CHAIN.input, action: 'drop', 'dst-address': rule.publicIpv4 }, ruleComment(rule))),
    ...forwardChain(allows(4)),
    '',
    MENU.filter6,
    ...policy.colocationIpv6.map((prefix) =>
      add({ chain: 'forward', action: 'jump', 'jump-target': CHAIN.forward, 'out-interface': lan, 'dst-address': prefix }, 'to the colocation LAN'),
    ),
    ...forwardChain(allows(6)),
    '',
  ].join('\n');
}

function forwardChain(allowLines: string[]): string[] {
  return [
    add({ chain: CHAIN.forward, action: 'accept', 'connection-state': 'established,related' }, 'answers'),
    add({ chain: CHAIN.forward, action: 'drop', 'connection-state': 'invalid' }, 'invalid'),
    ...allowLines,
    add({ chain: CHAIN.forward, action: 'drop' }, 'everything else to the colocation LAN'),
  ];
}

function allowLines(rule: AllowRule): string[] {
  const destination = rule.family === 4 ? rule.destination : `${rule.destination}/128`;
  const sources = rule.sources.kind === 'any' ? [undefined] : rule.sources.cidrs;
  return sources.map((source) =>
    add(
      { chain: CHAIN.forward, action: 'accept', 'src-address': source, 'dst-address': destination, protocol: rule.protocol, 'dst-port': portText(rule.ports) },
      ruleComment(rule),
    ),
  );
}

/** One `add` line, its arguments in the alphabetical order of RouterOS's own /export. */
function add(args: Args, comment: string): string {
  const all: Args = { ...args, comment: routerosString(`${ROUTEROS_TAG} ${comment}`) };
  const parts = Object.keys(all)
    .filter((key) => all[key] !== undefined)
    .sort()
    .map((key) => `${key}=${all[key]}`);
  return `add ${parts.join(' ')}`;
}

/**
 * A RouterOS string literal. Comments are checked to a safe alphabet before rendering, so nothing
 * here needs escaping; the escapes are kept so a future caller cannot open a variable (`$`) or
 * close the string by accident.
 */
function routerosString(value: string): string {
  return `"${value.replace(/[\\"$]/g, (ch) => `\\${ch}`)}"`;
}
