// MikroTik RouterOS: two scripts for `/import`, built from the same entries.
//
// kolokasi.rsc removes every entry whose comment starts with the kolokasi tag, then adds the
// current ones, so importing it again gives the same configuration and the NOC's own entries are
// never touched.
//
// kolokasi-commit-confirmed.rsc makes the same change with a scheduled rollback, the way Junos'
// `commit confirmed` does: it first arms a /system scheduler entry, then keeps the running kolokasi
// entries (switched off) and adds the new ones. Unless the scheduler entry is removed in time (the
// confirmation), it runs, removes the new entries and switches the previous ones back on; it lives
// in the router's configuration, so it needs nothing of the session that imported the script. A
// second change while one waits for confirmation fails at its first line (scheduler names are
// unique) and touches nothing.
//
// kolokasi's rules live in their own chains (kolokasi-dstnat, kolokasi-forward, ...) reached by one
// jump from each built-in chain, placed before every other rule of that chain (`place-before=0`):
// a factory configuration's `masquerade out-interface-list=WAN` would otherwise catch the servers'
// traffic first and send it out with the router's address. The jumps are added after the chains
// are filled, so the list they are placed in is never empty.
import type { AllowRule, FirewallPolicy, PoolGuard } from '../../core/firewall.ts';
import { portText, ruleComment } from '../../core/firewall.ts';
import type { OutputFile } from '../outputs.ts';
import { headerLines, type FirewallRenderer } from './target.ts';
import { Lines } from '../lines.ts';

export const ROUTEROS_FILE = 'firewall/kolokasi.rsc';
export const ROUTEROS_CONFIRMED_FILE = 'firewall/kolokasi-commit-confirmed.rsc';
/** Every entry kolokasi adds has a comment starting with this; removal finds them by it. */
export const ROUTEROS_TAG = 'kolokasi:';
/** The scheduler entry that rolls an unconfirmed change back; removing it confirms the change. */
export const ROLLBACK_SCHEDULER = 'kolokasi-rollback';
/** How long a change waits for its confirmation before it is rolled back. */
export const ROLLBACK_AFTER = '5m';
/** What the NOC runs to keep a change. */
export const CONFIRM_COMMAND = `/system scheduler remove [find where name="${ROLLBACK_SCHEDULER}"]`;

const MENU = {
  nat: '/ip firewall nat',
  filter: '/ip firewall filter',
  filter6: '/ipv6 firewall filter',
} as const;

const MENUS = [MENU.nat, MENU.filter, MENU.filter6];

const CHAIN = {
  dstnat: 'kolokasi-dstnat',
  srcnat: 'kolokasi-srcnat',
  guard: 'kolokasi-guard',
  forward: 'kolokasi-forward',
} as const;

export const routerosRenderer: FirewallRenderer = {
  target: 'routeros',
  files: [ROUTEROS_FILE, ROUTEROS_CONFIRMED_FILE],
  capabilities: {
    'one-to-one-nat': { can: true, how: 'src-nat to-addresses per server on the WAN interface' },
    'hairpin-nat': { can: true, how: 'src-nat of LAN-to-LAN traffic leaving on the LAN interface' },
    'gateway-guard': { can: true, how: 'a chain reached from input and forward drops the public pools, after returning the router\'s own addresses' },
    'dnat-per-port': { can: true, how: 'dst-nat per address, protocol and dst-port' },
    'port-range': { can: true, how: 'dst-port=from-to' },
    'source-cidrs': { can: true, how: 'one rule per source network (src-address takes one prefix)' },
    'ipv6-filter': { can: true, how: '/ipv6 firewall filter, same chains' },
  },
  notes: [
    'constant rule count: cannot, because rules are evaluated one by one',
    'the import is not one transaction: a failing line leaves the entries before it in place; importing again repairs it',
    `kolokasi-commit-confirmed.rsc rolls the change back after ${ROLLBACK_AFTER} unless confirmed with: ${CONFIRM_COMMAND}`,
  ],
  render: (policy): OutputFile[] => {
    // Both scripts end with the same entries, tens of megabytes at 10,000 servers: rendered once.
    const entries = entryLines(policy);
    return [
      { path: ROUTEROS_FILE, content: renderRouteros(policy, entries) },
      { path: ROUTEROS_CONFIRMED_FILE, content: renderRouterosConfirmed(policy, entries) },
    ];
  },
};

type Args = Record<string, string | undefined>;

const TAGGED = `comment~"^${ROUTEROS_TAG}"`;

export function renderRouteros(policy: FirewallPolicy, entries = entryLines(policy)): string {
  const header = headerLines(policy, 'firewall and NAT (RouterOS)', `/import file-name=kolokasi.rsc  (replaces only entries whose comment starts with "${ROUTEROS_TAG}"; safe to run again)`);
  return new Lines().addAll([
    ...header.map((line) => `# ${line}`),
    '# Remove what an earlier import added, then add the current entries.',
    ...MENUS.map((menu) => `${menu} remove [find where ${TAGGED}]`),
    '',
  ]).append(entries).text();
}

export function renderRouterosConfirmed(policy: FirewallPolicy, entries = entryLines(policy)): string {
  const header = headerLines(
    policy,
    'firewall and NAT (RouterOS), with a scheduled rollback',
    `/import file-name=kolokasi-commit-confirmed.rsc, check the gateway, then confirm within ${ROLLBACK_AFTER}: ${CONFIRM_COMMAND}`,
  );
  // Run by the scheduler: the new entries go, the previous ones come back, and so does nothing else.
  const rollback = [
    ...MENUS.map((menu) => `${menu} remove [find where ${TAGGED} disabled=no]`),
    ...MENUS.map((menu) => `${menu} enable [find where ${TAGGED}]`),
    CONFIRM_COMMAND,
  ].join('; ');
  return new Lines().addAll([
    ...header.map((line) => `# ${line}`),
    `# Without the confirmation the previous kolokasi entries come back by themselves after ${ROLLBACK_AFTER};`,
    '# tanpa konfirmasi, entri kolokasi sebelumnya kembali dengan sendirinya.',
    '# 1. Arm the rollback first. While an earlier change waits for its confirmation this line fails',
    '#    (scheduler names are unique) and the import stops before it changes anything.',
    `/system scheduler add ${argumentsText({ name: ROLLBACK_SCHEDULER, interval: ROLLBACK_AFTER, 'on-event': routerosString(rollback) }, 'rollback unless confirmed')}`,
    '# 2. Entries an earlier, confirmed change kept switched off are not needed any more.',
    ...MENUS.map((menu) => `${menu} remove [find where ${TAGGED} disabled=yes]`),
    '# 3. Keep the running entries, switched off, for the rollback; then add the current ones.',
    ...MENUS.map((menu) => `${menu} disable [find where ${TAGGED}]`),
    '',
  ]).append(entries).text();
}

/** Every entry of the configuration, per menu: the chains first, then the jumps placed on top. */
function entryLines(policy: FirewallPolicy): Lines {
  const { wan, lan } = policy.interfaces;
  const lanNet = policy.lanIpv4;
  const out = new Lines();
  const onTop = (args: Args, comment: string) => add({ ...args, 'place-before': '0' }, comment);
  const hasGuard = (guard: PoolGuard) => guard.pools.length > 0;
  const forwardChain = (family: 4 | 6) => {
    out.add(add({ chain: CHAIN.forward, action: 'accept', 'connection-state': 'established,related' }, 'answers'));
    out.add(add({ chain: CHAIN.forward, action: 'drop', 'connection-state': 'invalid' }, 'invalid'));
    for (const rule of policy.allows) if (rule.family === family) addAllowLines(out, rule);
    out.add(add({ chain: CHAIN.forward, action: 'drop' }, 'everything else to the colocation LAN'));
  };

  out.add(MENU.nat);
  for (const rule of policy.dnat) {
    out.add(add(
      {
        chain: CHAIN.dstnat,
        action: 'dst-nat',
        'dst-address': rule.publicIpv4,
        protocol: rule.protocol,
        'dst-port': portText(rule.ports),
        'to-addresses': rule.privateIpv4,
      },
      ruleComment(rule),
    ));
  }
  for (const rule of policy.nat) {
    out.add(add({ chain: CHAIN.srcnat, action: 'src-nat', 'out-interface': wan, 'src-address': rule.privateIpv4, 'to-addresses': rule.publicIpv4 }, ruleComment(rule)));
  }
  // Hairpin: traffic from the LAN back into the LAN only passes the router after a dst-nat.
  for (const rule of policy.nat) {
    out.add(add(
      { chain: CHAIN.srcnat, action: 'src-nat', 'out-interface': lan, 'src-address': rule.privateIpv4, 'dst-address': lanNet, 'to-addresses': rule.publicIpv4 },
      ruleComment(rule),
    ));
  }
  out.add(add({ chain: CHAIN.srcnat, action: 'masquerade', 'out-interface': lan, 'src-address': lanNet, 'dst-address': lanNet }, 'hairpin from a LAN host without public address'));
  // A jump only to a chain this script fills: RouterOS has no empty chains to jump to.
  if (policy.dnat.length > 0) out.add(onTop({ chain: 'dstnat', action: 'jump', 'jump-target': CHAIN.dstnat }, 'declared services to their servers'));
  out.add(onTop({ chain: 'srcnat', action: 'jump', 'jump-target': CHAIN.srcnat }, 'servers leave with their public address'));
  out.add('');
  out.add(MENU.filter);
  out.addAll(guardChain(policy.guard.ipv4));
  forwardChain(4);
  if (hasGuard(policy.guard.ipv4)) {
    out.add(onTop({ chain: 'input', action: 'jump', 'jump-target': CHAIN.guard }, 'public pool addresses are not for the router'));
    // Translated packets carry the private address by now: the rest is not routed on either.
    out.add(onTop({ chain: 'forward', action: 'jump', 'jump-target': CHAIN.guard }, 'untranslated packets to the public pools'));
  }
  out.add(onTop({ chain: 'forward', action: 'jump', 'jump-target': CHAIN.forward, 'out-interface': lan, 'dst-address': lanNet }, 'to the colocation LAN'));
  out.add('');
  out.add(MENU.filter6);
  out.addAll(guardChain(policy.guard.ipv6));
  forwardChain(6);
  if (hasGuard(policy.guard.ipv6)) out.add(onTop({ chain: 'input', action: 'jump', 'jump-target': CHAIN.guard }, 'public pool addresses are not for the router'));
  for (const prefix of policy.colocationIpv6) {
    out.add(onTop({ chain: 'forward', action: 'jump', 'jump-target': CHAIN.forward, 'out-interface': lan, 'dst-address': prefix }, 'to the colocation LAN'));
  }
  out.add('');
  return out;
}

/** The router's own addresses go back to the NOC's rules; the rest of the pools is dropped. */
function guardChain(guard: PoolGuard): string[] {
  return [
    ...guard.except.map((address) => add({ chain: CHAIN.guard, action: 'return', 'dst-address': address }, 'an own address of the router')),
    ...guard.pools.map((pool) => add({ chain: CHAIN.guard, action: 'drop', 'dst-address': pool }, 'public pool: allocated, quarantined or free')),
  ];
}

function addAllowLines(out: Lines, rule: AllowRule): void {
  const destination = rule.family === 4 ? rule.destination : `${rule.destination}/128`;
  const sources = rule.sources.kind === 'any' ? [undefined] : rule.sources.cidrs;
  for (const source of sources) {
    out.add(add(
      { chain: CHAIN.forward, action: 'accept', 'src-address': source, 'dst-address': destination, protocol: rule.protocol, 'dst-port': portText(rule.ports) },
      ruleComment(rule),
    ));
  }
}

/** One `add` line. */
function add(args: Args, comment: string): string {
  return `add ${argumentsText(args, comment)}`;
}

/** The arguments and the tagged comment, in the alphabetical order of RouterOS's own /export. */
function argumentsText(args: Args, comment: string): string {
  // One string built up, and no copy of `args` with the comment in it: tens of thousands of
  // entries at 10,000 servers.
  let text = '';
  for (const key of sortedKeys(args)) {
    const value = key === 'comment' ? routerosString(`${ROUTEROS_TAG} ${comment}`) : args[key];
    if (value !== undefined) text += text === '' ? `${key}=${value}` : ` ${key}=${value}`;
  }
  return text;
}

/** Argument names seen so far, with `comment`, in alphabetical order: a handful of shapes make every entry. */
const KEY_ORDERS = new Map<string, readonly string[]>();

function sortedKeys(args: Args): readonly string[] {
  const keys = Object.keys(args);
  const shape = keys.join(' ');
  let sorted = KEY_ORDERS.get(shape);
  if (!sorted) {
    sorted = [...keys, 'comment'].sort();
    KEY_ORDERS.set(shape, sorted);
  }
  return sorted;
}

/**
 * A RouterOS string literal. Comments are checked to a safe alphabet before rendering; the escapes
 * matter for the rollback script, which is itself a string holding quotes, and keep any caller
 * from opening a variable (`$`) or closing the string by accident.
 */
function routerosString(value: string): string {
  return `"${value.replace(/[\\"$]/g, (ch) => `\\${ch}`)}"`;
}
