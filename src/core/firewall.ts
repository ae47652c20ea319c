// The firewall and NAT of the colocation servers as target-neutral data: what the gateway
// translates and what it lets through, per server, with no syntax of any gateway in it.
// The renderers in src/render/firewall/ turn one FirewallPolicy into nftables, iptables-restore or
// RouterOS text; what one of them cannot express it refuses, naming the rule built here.
//
// The shape of the gateway this describes:
//   - 1:1 NAT per server: its public IPv4 is translated to its private LAN address for the ports of
//     its declared services (DNAT), and everything the server opens leaves with that same public
//     address (SNAT), so outbound traffic and inbound answers carry one identity.
//   - Hairpin: a LAN server reaching another by its public address is translated both ways, so the
//     answer comes back through the gateway instead of straight across the LAN.
//   - Filter: towards the colocation LAN only answers (established/related) and declared services
//     from their allowed sources pass; everything else forwarded to the LAN is dropped.
//   - Guard: every address of the public pools (allocated, quarantined or free) that is not the
//     gateway's own is guarded as a whole, by pool prefix: a packet to it that was not translated
//     (an undeclared port, a released or never allocated address) is dropped at the gateway, so it
//     never reaches a daemon of the gateway itself. A released address is closed by the same rule
//     that closed it before it was ever allocated, and the rules do not grow with the servers.
//   - IPv6 has no NAT: a server with a public IPv6 is reached directly, through the same filter.
//
// Pure: no files, no environment, no clock. Rules come out sorted, so renderers emit stable bytes.
import { compareBigint, compareText } from './order.ts';
import type { DesiredState, Diagnostic, Protocol, ServerState, ServiceIntent, Sources, StackConfig } from './model.ts';
import { report, reportAs } from './catalog/index.ts';
import type { BadService } from './catalog/render.ts';
import { requestFilePath } from './requests.ts';
import { stackConfigPath } from './stack.ts';
import {
  addressFamily,
  addressToBigint,
  bigintToAddress,
  canonicalAddress,
  cidrContainsAddress,
  cidrContainsCidr,
  parseAddressOrCidr,
  parseCidr,
  type Cidr,
  type Family,
} from './ip.ts';

export interface PortSpan {
  from: number;
  to: number;
}

/** One server's 1:1 mapping: SNAT to its public address (outbound and hairpin) and the guard. */
export interface NatRule {
  kind: 'nat';
  request: string;
  publicIpv4: string;
  privateIpv4: string;
}

/** Translate a declared port span of a public address to the server's private address. */
export interface DnatRule {
  kind: 'dnat';
  request: string;
  /** The declared services this span serves, sorted; several when their ports touch. */
  services: string[];
  protocol: Protocol;
  ports: PortSpan;
  publicIpv4: string;
  privateIpv4: string;
}

/**
 * Let new connections to a port span of a server through the filter. Within one server, family and
 * protocol the spans never overlap, and the sources never contain one another: overlapping
 * declarations are merged first, so a target that refuses overlapping set elements (nftables
 * interval sets do) gets the same meaning as one that evaluates rules in order.
 */
export interface AllowRule {
  kind: 'allow';
  request: string;
  services: string[];
  family: Family;
  protocol: Protocol;
  ports: PortSpan;
  /** After DNAT: the private IPv4; for IPv6 the public address itself. */
  destination: string;
  /** Canonical CIDRs of this family, sorted, none inside another; or any. */
  sources: Sources;
}

export type FirewallRule = NatRule | DnatRule | AllowRule;

/** What the gateway guards in one address family. */
export interface PoolGuard {
  /** The public pools as canonical CIDRs, sorted. */
  pools: string[];
  /**
   * The gateway's own addresses inside those pools (each pool's gateway and `reserved:` entries):
   * canonical addresses or CIDRs, sorted, none inside another. Never guarded.
   */
  except: string[];
}

export interface FirewallPolicy {
  stack: string;
  interfaces: { wan: string; lan: string };
  /** The colocation LAN (the private pool): everything forwarded into it is filtered. */
  lanIpv4: string;
  /** The IPv6 prefixes the servers' public IPv6 addresses live in; empty without an IPv6 pool. */
  colocationIpv6: string[];
  /** The public pools, guarded from untranslated traffic whoever holds their addresses. */
  guard: { ipv4: PoolGuard; ipv6: PoolGuard };
  /** What `access: intranet` means; already expanded into the sources, kept for the file headers. */
  intranet: string[];
  /** One per server, sorted by request id. */
  nat: NatRule[];
  dnat: DnatRule[];
  allows: AllowRule[];
}

/**
 * What a rule asks of a target. A renderer declares which of these it can express and refuses
 * the rules needing one it cannot (see src/render/firewall/target.ts).
 */
export type FirewallFeature =
  | 'one-to-one-nat'
  | 'hairpin-nat'
  | 'gateway-guard'
  | 'dnat-per-port'
  | 'port-range'
  | 'source-cidrs'
  | 'ipv6-filter';

export const FIREWALL_FEATURES: readonly FirewallFeature[] = [
  'one-to-one-nat',
  'hairpin-nat',
  'gateway-guard',
  'dnat-per-port',
  'port-range',
  'source-cidrs',
  'ipv6-filter',
];

export function featuresOf(rule: FirewallRule): FirewallFeature[] {
  switch (rule.kind) {
    case 'nat':
      return ['one-to-one-nat', 'hairpin-nat', 'gateway-guard'];
    case 'dnat':
      return rule.ports.from === rule.ports.to ? ['dnat-per-port'] : ['dnat-per-port', 'port-range'];
    case 'allow': {
      const needs: FirewallFeature[] = [];
      if (rule.ports.from !== rule.ports.to) needs.push('port-range');
      if (rule.sources.kind === 'cidrs') needs.push('source-cidrs');
      if (rule.family === 6) needs.push('ipv6-filter');
      return needs;
    }
  }
}

export function portText(ports: PortSpan, separator = '-'): string {
  return ports.from === ports.to ? String(ports.from) : `${ports.from}${separator}${ports.to}`;
}

/** How a diagnostic names a rule: technical notation, the same in every language. */
export function describeRule(rule: FirewallRule): string {
  switch (rule.kind) {
    case 'nat':
      return `1:1 NAT ${rule.publicIpv4} <-> ${rule.privateIpv4}`;
    case 'dnat':
      return `DNAT ${rule.protocol}/${portText(rule.ports)} ${rule.publicIpv4} -> ${rule.privateIpv4} (${rule.services.join(', ')})`;
    case 'allow': {
      const from = rule.sources.kind === 'any' ? 'anywhere' : rule.sources.cidrs.join(' ');
      return `allow IPv${rule.family} ${rule.protocol}/${portText(rule.ports)} to ${rule.destination} from ${from} (${rule.services.join(', ')})`;
    }
  }
}

/**
 * The comment a target attaches to a rule, so the NOC can tell whose rule it is: the request id
 * and the service names, nothing free-text. Renderers may add their own tag in front.
 */
export function ruleComment(rule: FirewallRule): string {
  return rule.kind === 'nat' ? `${rule.request} 1:1` : `${rule.request} ${rule.services.join(',')}`;
}

export function rulesOf(policy: FirewallPolicy): FirewallRule[] {
  return [...policy.nat, ...policy.dnat, ...policy.allows];
}

// ---------------------------------------------------------------- building the policy

export function stackFile(stack: string): string {
  return stackConfigPath(printable(stack));
}

/** Where a server's problem is reported; escaped so the path stays one plain line. */
export function requestFile(request: string): string {
  return requestFilePath(printable(request));
}

/** Printable ASCII without a backslash: what printable returns unchanged. */
const PRINTABLE_AS_IS = /^[ -[\]-~]*$/;

/**
 * A value as a message or a diagnostic path may show it: everything outside printable ASCII
 * (control characters, line and paragraph separators, look-alikes) written as \uXXXX, and the
 * backslash doubled, so a refusal can never itself carry a line break or a lookalike character.
 */
export function printable(value: string): string {
  if (typeof value === 'string' && PRINTABLE_AS_IS.test(value)) return value;
  return [...String(value)]
    .map((ch) => {
      if (ch === '\\') return '\\\\';
      if (ch >= ' ' && ch <= '~') return ch;
      return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
    })
    .join('');
}

export function buildFirewallPolicy(desired: DesiredState, config: StackConfig): { policy: FirewallPolicy; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const configFile = stackFile(desired.stack);

  const lan = parseCidr(config.pools.private.cidr);
  if (!lan || lan.family !== 4) {
    diagnostics.push(report('KLK603', { file: configFile, path: '/config/kolokasi:pools/private/cidr' }, { kind: 'private-pool', value: show(config.pools.private.cidr) }));
  }
  const v6Pool = config.pools.publicIpv6 ? parseCidr(config.pools.publicIpv6.cidr) : undefined;
  if (config.pools.publicIpv6 && (!v6Pool || v6Pool.family !== 6)) {
    diagnostics.push(report('KLK603', { file: configFile, path: '/config/kolokasi:pools/publicIpv6/cidr' }, { kind: 'ipv6-pool', value: show(config.pools.publicIpv6.cidr) }));
  }
  const publicIpv4: GuardedPool[] = [];
  config.pools.publicIpv4.forEach((pool, i) => {
    const cidr = parseCidr(pool.cidr);
    if (cidr && cidr.family === 4) publicIpv4.push({ cidr, own: [pool.gateway, ...(pool.reserved ?? [])] });
    else {
      diagnostics.push(report('KLK603', { file: configFile, path: `/config/kolokasi:pools/publicIpv4/${i}/cidr` }, { kind: 'public-pool', value: show(pool.cidr) }));
    }
  });
  const publicIpv6: GuardedPool[] =
    config.pools.publicIpv6 && v6Pool?.family === 6 ? [{ cidr: v6Pool, own: [config.pools.publicIpv6.gateway, ...(config.pools.publicIpv6.reserved ?? [])] }] : [];
  const intranet: string[] = [];
  config.intranet.forEach((text, i) => {
    const cidr = parseCidr(text);
    if (cidr) intranet.push(cidr.text);
    else {
      diagnostics.push(report('KLK603', { file: configFile, path: `/config/kolokasi:intranet/${i}` }, { kind: 'intranet', value: show(text) }));
    }
  });

  const nat: NatRule[] = [];
  const dnat: DnatRule[] = [];
  const allows: AllowRule[] = [];
  const owners = new Map<string, string>();
  const networks = new SourceNetworks();
  const servers = [...desired.servers].sort((a, b) => compareText(a.request, b.request));
  for (const server of servers) {
    const built = buildServer(server, lan?.family === 4 ? lan : undefined, v6Pool?.family === 6 ? v6Pool : undefined, networks);
    diagnostics.push(...built.diagnostics);
    if (!built.nat) continue;
    // Two servers on one address would make the NAT maps ambiguous (and nft refuses duplicate keys).
    for (const [role, address] of [['public IPv4', built.nat.publicIpv4], ['private IPv4', built.nat.privateIpv4], ['public IPv6', server.publicIpv6 ? canonicalAddress(server.publicIpv6) : undefined]] as const) {
      if (address === undefined) continue;
      const owner = owners.get(address);
      if (owner !== undefined && owner !== server.request) {
        diagnostics.push(report('KLK608', { file: requestFile(server.request), path: '/spec/network' }, { role, address, request: show(server.request), owner: show(owner) }));
      } else owners.set(address, server.request);
    }
    nat.push(built.nat);
    dnat.push(...built.dnat);
    allows.push(...built.allows);
  }

  const policy: FirewallPolicy = {
    stack: desired.stack,
    interfaces: { wan: config.firewall.interfaces.wan, lan: config.firewall.interfaces.lan },
    lanIpv4: lan?.text ?? config.pools.private.cidr,
    colocationIpv6: v6Pool?.family === 6 ? [v6Pool.text] : [],
    guard: { ipv4: poolGuard(publicIpv4), ipv6: poolGuard(publicIpv6) },
    intranet: sortCidrTexts(intranet),
    nat,
    dnat: dnat.sort(compareDnat),
    allows: allows.sort(compareAllow),
  };
  return { policy, diagnostics };
}

interface GuardedPool {
  cidr: Cidr;
  /** The pool's gateway and `reserved:` entries, as written. */
  own: string[];
}

/** The pools, and the gateway's own entries inside them: an entry outside its pool is not the pool's to exempt. */
function poolGuard(pools: GuardedPool[]): PoolGuard {
  const own = pools.flatMap((pool) =>
    pool.own
      .map((entry) => (typeof entry === 'string' ? parseAddressOrCidr(entry) : undefined))
      .filter((cidr): cidr is Cidr => cidr !== undefined && cidrContainsCidr(pool.cidr, cidr)),
  );
  return { pools: sortCidrTexts(pools.map((pool) => pool.cidr.text)), except: sortCidrTexts(outermost(own).map(cidrText)) };
}

/** A single address without its /32 or /128, so every target shows it the way the config does. */
function cidrText(cidr: Cidr): string {
  return cidr.prefix === (cidr.family === 4 ? 32 : 128) ? bigintToAddress(cidr.family, cidr.base) : cidr.text;
}

/**
 * The networks that are not inside another of the list (one of two equal ones). Targets that keep
 * networks in interval sets refuse overlapping elements, and the outer network says it all anyway.
 */
function outermost(cidrs: Cidr[]): Cidr[] {
  return cidrs.filter((cidr, i) => !cidrs.some((other, j) => j !== i && cidrContainsCidr(other, cidr) && (other.prefix < cidr.prefix || j < i)));
}

interface ServerRules {
  nat?: NatRule;
  dnat: DnatRule[];
  allows: AllowRule[];
  diagnostics: Diagnostic[];
}

function buildServer(server: ServerState, lan: Cidr | undefined, v6Pool: Cidr | undefined, networks: SourceNetworks): ServerRules {
  const file = requestFile(server.request);
  const diagnostics: Diagnostic[] = [];
  const badAddress = (field: string, value: string, family: Family) =>
    diagnostics.push(report('KLK603', { file, path: `/spec/network/${field}` }, { kind: 'server-address', field, value: show(value), request: show(server.request), family }));
  const publicIpv4 = addressOf(server.publicIpv4, 4);
  const privateIpv4 = addressOf(server.privateIpv4, 4);
  const publicIpv6 = server.publicIpv6 === undefined ? undefined : addressOf(server.publicIpv6, 6);
  if (publicIpv4 === undefined) badAddress('publicIpv4', server.publicIpv4, 4);
  if (privateIpv4 === undefined) badAddress('privateIpv4', server.privateIpv4, 4);
  if (server.publicIpv6 !== undefined && publicIpv6 === undefined) badAddress('publicIpv6', server.publicIpv6, 6);
  if (privateIpv4 !== undefined && lan && !cidrContainsAddress(lan, privateIpv4)) {
    diagnostics.push(report('KLK604', { file, path: '/spec/network/privateIpv4' }, { kind: 'private', address: privateIpv4, request: show(server.request), lan: lan.text }));
  }
  if (publicIpv6 !== undefined && !(v6Pool && cidrContainsAddress(v6Pool, publicIpv6))) {
    diagnostics.push(report('KLK604', { file, path: '/spec/network/publicIpv6' }, { kind: 'ipv6', address: publicIpv6, request: show(server.request) }));
  }
  const services = server.services.filter((service) => checkService(server, service, diagnostics, networks));
  if (diagnostics.length > 0 || publicIpv4 === undefined || privateIpv4 === undefined) return { dnat: [], allows: [], diagnostics };

  const allows: AllowRule[] = [];
  for (const family of [4, 6] as const) {
    const destination = family === 4 ? privateIpv4 : publicIpv6;
    if (destination === undefined) continue;
    for (const protocol of ['tcp', 'udp'] as const) {
      const declared: Declared[] = [];
      for (const service of services) {
        const sources = service.protocol === protocol ? networks.ofFamily(service.sources, family) : undefined;
        if (sources !== undefined) declared.push({ name: service.name, ports: { from: service.portFrom, to: service.portTo }, sources });
      }
      for (const span of mergeSpans(declared, networks)) {
        allows.push({ kind: 'allow', request: server.request, services: span.names, family, protocol, ports: span.ports, destination, sources: span.sources });
      }
    }
  }
  for (const service of services) {
    const reachesV4 = networks.ofFamily(service.sources, 4) !== undefined;
    const reachesV6 = publicIpv6 !== undefined && networks.ofFamily(service.sources, 6) !== undefined;
    if (!reachesV4 && !reachesV6) {
      diagnostics.push(reportAs('warning', 'KLK605', { file, path: '/spec/services' }, { service: show(service.name), request: show(server.request) }));
    }
  }
  // DNAT follows the IPv4 filter: a span nobody may reach over IPv4 is not translated either.
  const dnat: DnatRule[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const spans = allows.filter((rule) => rule.family === 4 && rule.protocol === protocol);
    for (const span of joinTouchingSpans(spans)) {
      dnat.push({ kind: 'dnat', request: server.request, services: span.names, protocol, ports: span.ports, publicIpv4, privateIpv4 });
    }
  }
  return { nat: { kind: 'nat', request: server.request, publicIpv4, privateIpv4 }, dnat, allows, diagnostics };
}

function checkService(server: ServerState, service: ServiceIntent, diagnostics: Diagnostic[], networks: SourceNetworks): boolean {
  const file = requestFile(server.request);
  const refuse = (problem: BadService) => {
    diagnostics.push(report('KLK603', { file, path: '/spec/services' }, { kind: 'service', service: show(service.name), request: show(server.request), problem }));
    return false;
  };
  if (service.protocol !== 'tcp' && service.protocol !== 'udp') {
    return refuse({ kind: 'protocol', protocol: show(String(service.protocol)) });
  }
  const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!isPort(service.portFrom) || !isPort(service.portTo) || service.portFrom > service.portTo) {
    return refuse({ kind: 'ports', from: show(String(service.portFrom)), to: show(String(service.portTo)) });
  }
  if (service.sources.kind === 'cidrs') {
    if (service.sources.cidrs.length === 0) return refuse({ kind: 'no-sources' });
    for (const text of service.sources.cidrs) {
      if (!networks.parse(text)) return refuse({ kind: 'source', source: show(text) });
    }
  } else if (service.sources.kind !== 'any') {
    return refuse({ kind: 'source-kind' });
  }
  return true;
}

function addressOf(text: string, family: Family): string | undefined {
  if (typeof text !== 'string' || addressFamily(text) !== family) return undefined;
  return canonicalAddress(text);
}

/**
 * The source networks of one policy, each list parsed and reduced once: thousands of servers
 * repeat the same few lists (the intranet's above all), and parsing them again for every server,
 * family and protocol was most of the work of building a policy.
 */
class SourceNetworks {
  private readonly parsed = new Map<string, Cidr | undefined>();
  private readonly byFamily = new Map<string, Sources | undefined>();
  /** The same list object (every service open to the intranet shares one) needs no key. */
  private readonly byList = new WeakMap<readonly string[], { 4?: Sources | undefined; 6?: Sources | undefined }>();

  parse(text: string): Cidr | undefined {
    if (!this.parsed.has(text)) this.parsed.set(text, parseCidr(text));
    return this.parsed.get(text);
  }

  /**
   * The part of a service's sources in one family, as unionSources leaves it (no network inside
   * another, sorted); undefined when none of them is of that family.
   */
  ofFamily(sources: Sources, family: Family): Sources | undefined {
    if (sources.kind === 'any') return sources;
    let known = this.byList.get(sources.cidrs);
    if (!known) this.byList.set(sources.cidrs, (known = {}));
    if (family in known) return known[family];
    known[family] = this.reduce(sources.cidrs, family);
    return known[family];
  }

  private reduce(cidrTexts: readonly string[], family: Family): Sources | undefined {
    const key = `${family} ${cidrTexts.join(' ')}`;
    if (this.byFamily.has(key)) return this.byFamily.get(key);
    const cidrs = cidrTexts.map((text) => this.parse(text)).filter((cidr): cidr is Cidr => cidr !== undefined && cidr.family === family);
    // A /0 is the whole family: the same as any, and simpler for every target.
    const found: Sources | undefined = cidrs.length === 0 ? undefined : cidrs.some((cidr) => cidr.prefix === 0) ? { kind: 'any' } : outermostSorted(cidrs);
    this.byFamily.set(key, found);
    return found;
  }
}

interface Span {
  names: string[];
  ports: PortSpan;
  sources: Sources;
}

/**
 * Cuts the declared port spans at every boundary, unions the sources of whatever covers each
 * piece, and glues neighbours that ended up identical. The result says exactly what the
 * declarations say, with no two spans overlapping.
 */
interface Declared {
  name: string;
  ports: PortSpan;
  sources: Sources;
}

function mergeSpans(declared: Declared[], networks: SourceNetworks): Span[] {
  // Most servers declare one service per protocol: nothing to cut or merge.
  if (declared.length <= 1) return declared.map((entry) => ({ names: [entry.name], ports: entry.ports, sources: entry.sources }));
  const cuts = [...new Set(declared.flatMap((entry) => [entry.ports.from, entry.ports.to + 1]))].sort((a, b) => a - b);
  const pieces: Span[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]! - 1;
    const covering = declared.filter((entry) => entry.ports.from <= from && entry.ports.to >= to);
    if (covering.length === 0) continue;
    const piece: Span = {
      names: [...new Set(covering.map((entry) => entry.name))].sort(compareText),
      ports: { from, to },
      sources: covering.length === 1 ? covering[0]!.sources : unionSources(covering.map((entry) => entry.sources), networks),
    };
    const previous = pieces[pieces.length - 1];
    if (previous && previous.ports.to + 1 === from && sameList(previous.names, piece.names) && sameSources(previous.sources, piece.sources)) {
      previous.ports.to = to;
    } else pieces.push(piece);
  }
  return pieces;
}

/** Neighbouring or overlapping spans become one (DNAT does not care who may connect). */
function joinTouchingSpans(rules: AllowRule[]): { names: string[]; ports: PortSpan }[] {
  const sorted = [...rules].sort((a, b) => a.ports.from - b.ports.from);
  const joined: { names: string[]; ports: PortSpan }[] = [];
  for (const rule of sorted) {
    const previous = joined[joined.length - 1];
    if (previous && rule.ports.from <= previous.ports.to + 1) {
      previous.ports.to = Math.max(previous.ports.to, rule.ports.to);
      previous.names = [...new Set([...previous.names, ...rule.services])].sort(compareText);
    } else joined.push({ names: [...rule.services], ports: { ...rule.ports } });
  }
  return joined;
}

/** The sources of several declarations, each already as SourceNetworks.ofFamily leaves it. */
function unionSources(all: Sources[], networks: SourceNetworks): Sources {
  if (all.some((sources) => sources.kind === 'any')) return { kind: 'any' };
  return outermostSorted(all.flatMap((sources) => (sources.kind === 'cidrs' ? sources.cidrs : [])).map((text) => networks.parse(text)!));
}

/** No network inside another, sorted: one list has one form, so two lists compare as texts. */
function outermostSorted(cidrs: Cidr[]): Sources {
  return { kind: 'cidrs', cidrs: sortCidrTexts(outermost(cidrs).map((cidr) => cidr.text)) };
}

function sameSources(a: Sources, b: Sources): boolean {
  if (a.kind === 'any' || b.kind === 'any') return a.kind === b.kind;
  return sameList(a.cidrs, b.cidrs);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

// ---------------------------------------------------------------- ordering

/** Numeric address order (10.0.0.9 before 10.0.0.10), IPv4 before IPv6. */
export function compareAddresses(a: string, b: string): number {
  const familyA = addressFamily(a) ?? 0;
  const familyB = addressFamily(b) ?? 0;
  if (familyA !== familyB) return familyA - familyB;
  if (familyA === 0) return compareText(a, b);
  const x = addressToBigint(a);
  const y = addressToBigint(b);
  return compareBigint(x, y);
}

export function sortCidrTexts(cidrs: string[]): string[] {
  return [...new Set(cidrs)].sort((a, b) => {
    const [addressA = '', prefixA = '0'] = a.split('/');
    const [addressB = '', prefixB = '0'] = b.split('/');
    return compareAddresses(addressA, addressB) || Number(prefixA) - Number(prefixB);
  });
}

function compareDnat(a: DnatRule, b: DnatRule): number {
  return compareText(a.request, b.request) || compareText(a.protocol, b.protocol) || a.ports.from - b.ports.from;
}

function compareAllow(a: AllowRule, b: AllowRule): number {
  return compareText(a.request, b.request) || a.family - b.family || compareText(a.protocol, b.protocol) || a.ports.from - b.ports.from;
}

function show(value: string): string {
  return printable(value);
}
