// The plan: what applying would change, as sorted, typed data with counts. The "before" side is
// what the current ledger implies (its allocations, their DNS records and NAT/firewall entries);
// the "after" side is the desired state on the next ledger. Formatters render the same plan as
// text, Markdown or JSON; the safety gate judges it.
import { compareText } from './order.ts';
import type { Allocation, DesiredState, Diagnostic, DnsRecordType, Ledger, LoadedRequest, Release, ServerState, StackConfig } from './model.ts';
import { desiredState, dnsRecordsOf, serverState } from './desired.ts';
import { inQuarantine, isoSeconds, quarantineEnd } from './quarantine.ts';
import { checkSafety, type SafetyVerdict } from './safety.ts';
import type { Move } from './allocate.ts';

export type AllocationState = 'kept' | 'new' | 'released';
export type ChangeAction = 'create' | 'update' | 'delete';
export type ChangeKind = 'allocation' | 'dns' | 'firewall';

export const CHANGE_KINDS: readonly ChangeKind[] = ['allocation', 'dns', 'firewall'];
export const CHANGE_ACTIONS: readonly ChangeAction[] = ['create', 'update', 'delete'];

export interface PlanAllocation {
  request: string;
  /** Unknown (null) for a released request whose file is no longer at hand. */
  fqdn: string | null;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  state: AllocationState;
  allocatedAt: string;
  /** Kept under a new id: the request it was renamed or moved from (same subdomain). */
  movedFrom?: string;
  /** Released ones: when, and when their addresses become free. */
  releasedAt?: string;
  freeFrom?: string;
}

export interface AllocationFields {
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
}

export interface DnsFields {
  fqdn: string | null;
  type: DnsRecordType;
  content: string;
  ttl: number | null;
  proxied: boolean | null;
}

export interface FirewallFields {
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  /** One line per service, e.g. `https tcp/443 <- any`; null when the request is not at hand. */
  services: string[] | null;
}

interface ChangeBase<K extends ChangeKind, F> {
  kind: K;
  action: ChangeAction;
  /** allocation and firewall: the request id; dns: `<request id>/<type>`. */
  key: string;
  request: string;
  /** allocation: the request the allocation is moved from (renamed file, same subdomain). */
  movedFrom?: string;
  before?: F;
  after?: F;
}

export type AllocationChange = ChangeBase<'allocation', AllocationFields>;
export type DnsChange = ChangeBase<'dns', DnsFields>;
export type FirewallChange = ChangeBase<'firewall', FirewallFields>;
export type PlanChange = AllocationChange | DnsChange | FirewallChange;

export interface ActionCounts {
  create: number;
  update: number;
  delete: number;
  total: number;
}

export interface PlanSummary {
  /** `moved` are counted among `kept` too: their addresses are kept under a new request id. */
  allocations: { kept: number; new: number; released: number; moved: number; total: number };
  changes: ActionCounts;
  byKind: Record<ChangeKind, ActionCounts>;
  /** What exists now, the base of the safety gate's percentages. */
  existing: { allocations: number; dnsRecords: number };
  quarantineEnded: number;
  errors: number;
  warnings: number;
  /** Nothing to apply: no change and no ledger entry to drop. */
  empty: boolean;
}

export interface Plan {
  stack: string;
  zone: string;
  now: string;
  /** Sorted by request id: every allocation after the plan, plus the ones it releases. */
  allocations: PlanAllocation[];
  /** Sorted by kind (allocation, dns, firewall), then key. */
  changes: PlanChange[];
  /** Releases whose quarantine has ended: dropped from the ledger, their addresses free again. */
  quarantineEnded: Release[];
  diagnostics: Diagnostic[];
  safety: SafetyVerdict;
  summary: PlanSummary;
}

export interface PlanInput {
  stack: string;
  config: StackConfig;
  now: Date;
  /** The ledger as read: what is applied. */
  before: Ledger;
  /** The ledger after allocation. */
  after: Ledger;
  /** The requests in the repository now. */
  requests: readonly LoadedRequest[];
  /**
   * The requests as they were when `before` was written (e.g. the base commit). Without them the
   * before side takes names and services from the current requests, so only address changes,
   * new and deleted requests show; with them, subdomain and service edits show too.
   */
  previousRequests?: readonly LoadedRequest[];
  /** Allocations that follow a renamed or moved request, from allocate(). */
  moves?: readonly Move[];
  /** Validation and allocation diagnostics, carried for the formatters. */
  diagnostics?: readonly Diagnostic[];
  /** desiredState(stack, config, requests, after), when the caller needs it too: made once. */
  desired?: DesiredState;
}

interface ServerView {
  request: string;
  fqdn: string | null;
  allocation: Allocation;
  dns: Map<string, DnsFields>;
  firewall: FirewallFields;
}

export function describeService(service: ServerState['services'][number]): string {
  const ports = service.portFrom === service.portTo ? `${service.portFrom}` : `${service.portFrom}-${service.portTo}`;
  const from = service.sources.kind === 'any' ? 'any' : service.sources.cidrs.join(',');
  return `${service.name} ${service.protocol}/${ports} <- ${from}`;
}

function addressesOf(a: AllocationFields): AllocationFields {
  return {
    publicIpv4: a.publicIpv4,
    privateIpv4: a.privateIpv4,
    ...(a.publicIpv6 !== undefined ? { publicIpv6: a.publicIpv6 } : {}),
  };
}

function viewOfServer(server: ServerState, allocation: Allocation, config: StackConfig): ServerView {
  const dns = new Map<string, DnsFields>();
  for (const record of dnsRecordsOf(server, config)) {
    dns.set(record.key, { fqdn: record.fqdn, type: record.type, content: record.content, ttl: record.ttl, proxied: record.proxied });
  }
  return {
    request: server.request,
    fqdn: server.fqdn,
    allocation,
    dns,
    firewall: { ...addressesOf(allocation), services: server.services.map(describeService) },
  };
}

/** What an allocation implies when its request is not at hand: addresses, records, NAT. */
function bareView(request: string, allocation: Allocation): ServerView {
  const dns = new Map<string, DnsFields>();
  dns.set(`${request}/A`, { fqdn: null, type: 'A', content: allocation.publicIpv4, ttl: null, proxied: null });
  if (allocation.publicIpv6 !== undefined) {
    dns.set(`${request}/AAAA`, { fqdn: null, type: 'AAAA', content: allocation.publicIpv6, ttl: null, proxied: null });
  }
  return { request, fqdn: null, allocation, dns, firewall: { ...addressesOf(allocation), services: null } };
}

/** The view of a moved server under its new request id, so that only real edits show as changes. */
function movedView(view: ServerView, to: string): ServerView {
  const dns = new Map([...view.dns].map(([key, fields]) => [`${to}${key.slice(view.request.length)}`, fields]));
  return { ...view, request: to, dns };
}

/**
 * The before side. A server whose request and allocation are those of the after side has the
 * same view, taken from `after` rather than computed again: most servers, in a steady stack.
 */
function viewsOf(config: StackConfig, ledger: Ledger, requests: readonly LoadedRequest[], after: Map<string, ServerView>, current: readonly LoadedRequest[]): Map<string, ServerView> {
  const byId = new Map(requests.map((r) => [r.id, r]));
  // Only the very request the after side was computed from may share its view.
  const currentById = requests === current ? byId : new Map(current.map((r) => [r.id, r]));
  const views = new Map<string, ServerView>();
  for (const [id, allocation] of Object.entries(ledger.allocations)) {
    const loaded = byId.get(id);
    const unchanged = after.get(id);
    if (loaded && loaded === currentById.get(id) && unchanged && sameAllocation(unchanged.allocation, allocation)) views.set(id, unchanged);
    else views.set(id, loaded ? viewOfServer(serverState(loaded, allocation, config), allocation, config) : bareView(id, allocation));
  }
  return views;
}

function sameAllocation(a: Allocation, b: Allocation): boolean {
  return a.publicIpv4 === b.publicIpv4 && a.privateIpv4 === b.privateIpv4 && a.publicIpv6 === b.publicIpv6 && a.allocatedAt === b.allocatedAt;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameDns(a: DnsFields, b: DnsFields): boolean {
  // Unknown (null) attributes of the before side are not evidence of a change.
  return (
    a.content === b.content &&
    a.type === b.type &&
    (a.fqdn === null || a.fqdn === b.fqdn) &&
    (a.ttl === null || a.ttl === b.ttl) &&
    (a.proxied === null || a.proxied === b.proxied)
  );
}

function sameFirewall(a: FirewallFields, b: FirewallFields): boolean {
  return (
    a.publicIpv4 === b.publicIpv4 &&
    a.privateIpv4 === b.privateIpv4 &&
    a.publicIpv6 === b.publicIpv6 &&
    (a.services === null || sameJson(a.services, b.services))
  );
}

function diff<F>(
  kind: ChangeKind,
  before: Map<string, { request: string; fields: F }>,
  after: Map<string, { request: string; fields: F }>,
  same: (a: F, b: F) => boolean,
): PlanChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const out: PlanChange[] = [];
  for (const key of keys) {
    const was = before.get(key);
    const will = after.get(key);
    if (was && will) {
      if (!same(was.fields, will.fields)) out.push({ kind, action: 'update', key, request: will.request, before: was.fields, after: will.fields } as PlanChange);
    } else if (will) {
      out.push({ kind, action: 'create', key, request: will.request, after: will.fields } as PlanChange);
    } else if (was) {
      out.push({ kind, action: 'delete', key, request: was.request, before: was.fields } as PlanChange);
    }
  }
  return out;
}

function counts(changes: readonly PlanChange[]): ActionCounts {
  const out: ActionCounts = { create: 0, update: 0, delete: 0, total: changes.length };
  for (const change of changes) out[change.action]++;
  return out;
}

export function buildPlan(input: PlanInput): Plan {
  const { stack, config, now, before, after, requests } = input;
  const desired = input.desired ?? desiredState(stack, config, requests, after);
  const afterViews = new Map<string, ServerView>();
  for (const server of desired.servers) afterViews.set(server.request, viewOfServer(server, after.allocations[server.request]!, config));
  // Allocations whose request is not among `requests` cannot be in a ledger made by allocate();
  // a hand-made `after` may still hold them, and they must not vanish from the plan.
  for (const [id, allocation] of Object.entries(after.allocations)) if (!afterViews.has(id)) afterViews.set(id, bareView(id, allocation));
  const beforeViews = viewsOf(config, before, input.previousRequests ?? requests, afterViews, requests);
  const moves = input.moves ?? [];
  for (const move of moves) {
    const view = beforeViews.get(move.from);
    if (!view) continue;
    beforeViews.delete(move.from);
    beforeViews.set(move.to, movedView(view, move.to));
  }
  const movedFrom = new Map(moves.map((m) => [m.to, m.from]));

  const allocationMap = (views: Map<string, ServerView>) =>
    new Map([...views].map(([id, v]) => [id, { request: id, fields: addressesOf(v.allocation) }]));
  const dnsMap = (views: Map<string, ServerView>) =>
    new Map([...views.values()].flatMap((v) => [...v.dns].map(([key, fields]) => [key, { request: v.request, fields }] as const)));
  const firewallMap = (views: Map<string, ServerView>) =>
    new Map([...views].map(([id, v]) => [id, { request: id, fields: v.firewall }]));

  // A move is an update of the allocation even when no address changes: the ledger re-keys it.
  const allocationChanges = diff('allocation', allocationMap(beforeViews), allocationMap(afterViews), sameJson);
  const changeByKey = new Map(allocationChanges.map((c) => [c.key, c]));
  for (const [to, from] of movedFrom) {
    const was = beforeViews.get(to);
    const will = afterViews.get(to);
    if (!was || !will) continue;
    const change = changeByKey.get(to);
    if (change) change.movedFrom = from;
    else allocationChanges.push({ kind: 'allocation', action: 'update', key: to, request: to, movedFrom: from, before: addressesOf(was.allocation), after: addressesOf(will.allocation) });
  }
  allocationChanges.sort((a, b) => compareText(a.key, b.key));
  const changes: PlanChange[] = [
    ...allocationChanges,
    ...diff('dns', dnsMap(beforeViews), dnsMap(afterViews), sameDns),
    ...diff('firewall', firewallMap(beforeViews), firewallMap(afterViews), sameFirewall),
  ];

  const nowText = isoSeconds(now);
  const allocations: PlanAllocation[] = [];
  for (const id of [...new Set([...beforeViews.keys(), ...afterViews.keys()])].sort(compareText)) {
    const will = afterViews.get(id);
    const was = beforeViews.get(id);
    if (will) {
      allocations.push({
        request: id,
        fqdn: will.fqdn,
        ...addressesOf(will.allocation),
        state: was ? 'kept' : 'new',
        allocatedAt: will.allocation.allocatedAt,
        ...(was && movedFrom.has(id) ? { movedFrom: movedFrom.get(id)! } : {}),
      });
    } else if (was) {
      const release = { releasedAt: nowText };
      allocations.push({
        request: id,
        fqdn: was.fqdn,
        ...addressesOf(was.allocation),
        state: 'released',
        allocatedAt: was.allocation.allocatedAt,
        releasedAt: nowText,
        freeFrom: isoSeconds(quarantineEnd(release, config.quarantineDays)),
      });
    }
  }

  const quarantineEnded = before.released.filter((r) => !inQuarantine(r, config.quarantineDays, now));
  const diagnostics = [...(input.diagnostics ?? [])];
  const existingDns = [...beforeViews.values()].reduce((sum, v) => sum + v.dns.size, 0);
  const safety = checkSafety({ changes, existingAllocations: beforeViews.size, existingDnsRecords: existingDns }, config);
  const byKind = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, counts(changes.filter((c) => c.kind === kind))])) as Record<ChangeKind, ActionCounts>;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return {
    stack,
    zone: config.zone,
    now: nowText,
    allocations,
    changes,
    quarantineEnded,
    diagnostics,
    safety,
    summary: {
      allocations: {
        kept: allocations.filter((a) => a.state === 'kept').length,
        new: allocations.filter((a) => a.state === 'new').length,
        released: allocations.filter((a) => a.state === 'released').length,
        moved: allocations.filter((a) => a.movedFrom !== undefined).length,
        total: allocations.length,
      },
      changes: counts(changes),
      byKind,
      existing: { allocations: beforeViews.size, dnsRecords: existingDns },
      quarantineEnded: quarantineEnded.length,
      errors,
      warnings: diagnostics.length - errors,
      empty: changes.length === 0 && quarantineEnded.length === 0,
    },
  };
}
