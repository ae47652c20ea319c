// IP address management: from the ledger and the requests to the next ledger.
//
// The rules, in the order they are applied:
//   1. releases whose quarantine has ended are dropped: their addresses are free again;
//   2. allocations of requests still in the repository are kept exactly as they are (their
//      subdomain recorded); a deleted request whose subdomain a new request takes was renamed or
//      moved to another OPD: its allocation follows, under the new id (a server's public identity
//      is its name); those of other deleted requests are released into quarantine (releasedAt = now);
//   3. a request filed again while its old addresses are still in quarantine gets them back
//      (the quarantine protects against *other* servers taking them, not against an undo); a
//      server that no longer asks for IPv6 releases its IPv6 address alone and keeps its IPv4;
//   4. pinned addresses are claimed before anything is handed out, so a pin never loses to an
//      automatic choice made in the same run; a pin that cannot be honoured is refused with why;
//   5. every other request, in request-id order, takes the lowest free address of the public
//      pools (in config order), of the private pool and, when it asks for IPv6, of the IPv6 pool.
// Pure: no file system, no clock (`now` is given), the same input always gives the same ledger.
import type { Allocation, Diagnostic, Ledger, LoadedRequest, Release, StackConfig } from './model.ts';
import { hasErrors, sortDiagnostics } from './diagnostics.ts';
import { report, reportAs, type Place } from './catalog/index.ts';
import { locate } from './yaml.ts';
import { addressToBigint, bigintToAddress, canonicalAddress } from './ip.ts';
import { checkLedger, ledgerPath, sortReleases } from './ledger.ts';
import { addressSpaces, blockOf, mergeRanges, spaceOf, type AddressField, type AddressSpace, type AddressSpaces } from './pool.ts';
import { inQuarantine, isoSeconds, quarantineEnd } from './quarantine.ts';
import { compareText } from './order.ts';
import { opdOf } from './requests.ts';

export interface AllocateInput {
  config: StackConfig;
  /** Every request of the repository, all valid: a request missing here is treated as deleted. */
  requests: readonly LoadedRequest[];
  ledger: Ledger;
  now: Date;
  /**
   * What checkLedger found in this ledger at `now` when it was read (core/ledger.ts parseLedger):
   * given, the ledger is not checked a second time.
   */
  ledgerProblems?: readonly Diagnostic[];
}

export interface AllocateResult {
  /** The next ledger; equal to the input one when nothing changes. */
  ledger: Ledger;
  diagnostics: Diagnostic[];
  /** Requests that received an allocation in this run (including restored ones), by id. */
  created: string[];
  /** Requests filed again that got their quarantined addresses back. */
  restored: string[];
  /** Existing allocations that received an IPv6 address. */
  ipv6Added: string[];
  /** Allocations that follow a renamed or moved request (same subdomain), sorted by `to`. */
  moved: Move[];
  /** Allocations of deleted requests, and IPv6 addresses given up by live servers, now in quarantine. */
  released: Release[];
  /** Releases whose quarantine ended: dropped from the ledger, addresses free. */
  quarantineEnded: Release[];
  /** Requests left without an allocation (refused pin, exhausted pool, inconsistent ledger). */
  unallocated: string[];
}

export interface Move {
  from: string;
  to: string;
}

type HolderKind = 'allocation' | 'quarantine' | 'pin';

interface Holder {
  kind: HolderKind;
  request: string;
  /** For quarantine: when the address becomes free. */
  freeFrom?: string;
}

interface Need {
  loaded: LoadedRequest;
  existing?: Allocation;
  /** Fields to take the lowest free address for. */
  auto: AddressField[];
  /** Fields pinned by the request and still to be claimed. */
  pins: Partial<Record<AddressField, string>>;
  refused: boolean;
}

const FIELDS_V4 = ['publicIpv4', 'privateIpv4'] as const;

function byId(a: { id: string }, b: { id: string }): number {
  return compareText(a.id, b.id);
}

export function allocate(input: AllocateInput): AllocateResult {
  const { config, ledger, now } = input;
  const requests = [...input.requests].sort(byId);
  const result: AllocateResult = {
    ledger,
    diagnostics: [],
    created: [],
    restored: [],
    ipv6Added: [],
    moved: [],
    released: [],
    quarantineEnded: [],
    unallocated: [],
  };

  const consistency = input.ledgerProblems
    ? [...input.ledgerProblems]
    : checkLedger(ledger, config, { file: ledgerPath(ledger.stack), now });
  if (hasErrors(consistency)) {
    result.diagnostics = sortDiagnostics(consistency);
    result.unallocated = requests.filter((r) => !(r.id in ledger.allocations)).map((r) => r.id);
    return result;
  }
  const diagnostics: Diagnostic[] = [...consistency];
  const days = config.quarantineDays;
  const nowText = isoSeconds(now);
  const spaces = addressSpaces(config);
  const book = new AddressBook();

  // 1. Quarantine.
  let quarantined: Release[] = [];
  for (const release of ledger.released) {
    if (inQuarantine(release, days, now)) {
      quarantined.push(release);
      book.holdRelease(release, days);
    } else {
      result.quarantineEnded.push(release);
    }
  }

  // 2. Keep, move or release existing allocations.
  const wanted = new Map(requests.map((r) => [r.id, r]));
  const successors = new Map<string, LoadedRequest>();
  for (const loaded of requests) if (!(loaded.id in ledger.allocations)) successors.set(loaded.request.spec.dns.subdomain, loaded);
  const allocations: Record<string, Allocation> = {};
  const quarantine = (release: Release) => {
    result.released.push(release);
    // With quarantineDays 0 a release is free at once and is not recorded.
    if (inQuarantine(release, days, now)) {
      quarantined.push(release);
      book.holdRelease(release, days);
    }
  };
  for (const id of Object.keys(ledger.allocations).sort()) {
    const allocation = ledger.allocations[id]!;
    const current = wanted.get(id);
    if (current) {
      allocations[id] = recorded(allocation, current);
      book.holdAllocation(id, allocation);
      continue;
    }
    const successor = allocation.subdomain === undefined ? undefined : successors.get(allocation.subdomain);
    if (successor) {
      successors.delete(allocation.subdomain!);
      allocations[successor.id] = { ...recorded(allocation, successor), movedFrom: id };
      book.holdAllocation(successor.id, allocation);
      result.moved.push({ from: id, to: successor.id });
      if (opdOf(id) !== opdOf(successor.id)) diagnostics.push(movedBetweenOpds(successor, id, allocation.subdomain!));
      continue;
    }
    quarantine({
      request: id,
      ...(allocation.subdomain !== undefined ? { subdomain: allocation.subdomain } : {}),
      publicIpv4: allocation.publicIpv4,
      privateIpv4: allocation.privateIpv4,
      ...(allocation.publicIpv6 !== undefined ? { publicIpv6: allocation.publicIpv6 } : {}),
      allocatedAt: allocation.allocatedAt,
      releasedAt: nowText,
    });
  }
  result.moved.sort((a, b) => compareText(a.to, b.to));

  /** The request's own IPv6 address, given up earlier and still in quarantine, taken back. */
  const ownIpv6 = (id: string, pin: string | undefined): string | undefined => {
    const release = latestIpv6Release(quarantined, id, pin);
    if (!release) return undefined;
    quarantined = quarantined.filter((r) => r !== release);
    book.hold(release.publicIpv6!, { kind: 'allocation', request: id });
    return release.publicIpv6;
  };

  // 3. What each request still needs; moves are refused here, IPv6 given up goes to quarantine.
  const needs: Need[] = [];
  for (const loaded of requests) {
    const network = loaded.request.spec.network ?? {};
    const pins: Partial<Record<AddressField, string>> = {};
    for (const field of [...FIELDS_V4, 'publicIpv6'] as const) {
      const value = network[field];
      if (typeof value === 'string') pins[field] = canonicalAddress(value) ?? value;
    }
    const wantsIpv6 = network.ipv6 === true || pins.publicIpv6 !== undefined;
    const existing = allocations[loaded.id];
    if (existing) {
      const need: Need = { loaded, existing, auto: [], pins: {}, refused: false };
      for (const field of FIELDS_V4) {
        const pin = pins[field];
        const held = existing[field]!;
        if (pin !== undefined && pin !== held) diagnostics.push(wouldMove(loaded, field, pin, held));
      }
      if (existing.publicIpv6 !== undefined) {
        if (pins.publicIpv6 !== undefined && pins.publicIpv6 !== existing.publicIpv6) {
          diagnostics.push(wouldMove(loaded, 'publicIpv6', pins.publicIpv6, existing.publicIpv6));
        } else if (!wantsIpv6) {
          allocations[loaded.id] = withoutIpv6(existing);
          book.release(existing.publicIpv6);
          quarantine(ipv6Release(loaded.id, existing, existing.publicIpv6, nowText));
        }
      } else if (wantsIpv6) {
        const returned = ownIpv6(loaded.id, pins.publicIpv6);
        if (returned !== undefined) {
          allocations[loaded.id] = withIpv6(existing, returned);
          result.ipv6Added.push(loaded.id);
          continue;
        }
        if (pins.publicIpv6 !== undefined) need.pins.publicIpv6 = pins.publicIpv6;
        else need.auto.push('publicIpv6');
        needs.push(need);
      }
      continue;
    }
    const restorable = latestRelease(quarantined, loaded.id, pins);
    if (restorable) {
      quarantined = quarantined.filter((r) => r !== restorable);
      let allocation: Allocation = {
        subdomain: loaded.request.spec.dns.subdomain,
        publicIpv4: restorable.publicIpv4!,
        privateIpv4: restorable.privateIpv4!,
        ...(restorable.publicIpv6 !== undefined ? { publicIpv6: restorable.publicIpv6 } : {}),
        allocatedAt: restorable.allocatedAt,
      };
      if (restorable.publicIpv6 !== undefined && !wantsIpv6) {
        // Filed again without IPv6: the IPv6 address stays in quarantine on its own.
        allocation = withoutIpv6(allocation);
        const rest = ipv6Release(loaded.id, restorable, restorable.publicIpv6, restorable.releasedAt);
        quarantined.push(rest);
        book.holdRelease(rest, days);
      }
      allocations[loaded.id] = allocation;
      book.holdAllocation(loaded.id, allocation);
      result.created.push(loaded.id);
      result.restored.push(loaded.id);
      if (wantsIpv6 && allocation.publicIpv6 === undefined) {
        const returned = ownIpv6(loaded.id, pins.publicIpv6);
        if (returned !== undefined) {
          allocations[loaded.id] = withIpv6(allocation, returned);
          continue;
        }
        const need: Need = { loaded, existing: allocation, auto: [], pins: {}, refused: false };
        if (pins.publicIpv6 !== undefined) need.pins.publicIpv6 = pins.publicIpv6;
        else need.auto.push('publicIpv6');
        needs.push(need);
      }
      continue;
    }
    const need: Need = { loaded, auto: [], pins: {}, refused: false };
    for (const field of [...FIELDS_V4, ...(wantsIpv6 ? (['publicIpv6'] as const) : [])]) {
      const pin = pins[field];
      if (pin !== undefined) need.pins[field] = pin;
      else need.auto.push(field);
    }
    needs.push(need);
  }

  // 4. Pins: refused when claimed twice, else checked against pools, blocks and holders.
  const claimants = new Map<string, { need: Need; field: AddressField }[]>();
  for (const need of needs) {
    for (const [field, address] of Object.entries(need.pins) as [AddressField, string][]) {
      const list = claimants.get(address) ?? [];
      list.push({ need, field });
      claimants.set(address, list);
    }
  }
  for (const [address, list] of claimants) {
    if (list.length < 2) continue;
    const ids = list.map((c) => c.need.loaded.id);
    for (const { need, field } of list) {
      need.refused = true;
      diagnostics.push(report('KLK404', pinPlace(need.loaded, field), { field, address, claimants: ids }));
    }
  }
  for (const need of needs) {
    if (need.refused) continue;
    for (const [field, address] of Object.entries(need.pins) as [AddressField, string][]) {
      const problem = checkPin(spaces, book, need.loaded, field, address);
      if (problem) {
        diagnostics.push(problem);
        need.refused = true;
      }
    }
    if (need.refused) continue;
    for (const address of Object.values(need.pins)) book.hold(address, { kind: 'pin', request: need.loaded.id });
  }

  // 5. Lowest free addresses, in request-id order.
  const cursors = new Map<AddressSpace, SpaceCursor>();
  const cursor = (space: AddressSpace) => {
    let found = cursors.get(space);
    if (!found) {
      found = new SpaceCursor(space, book);
      cursors.set(space, found);
    }
    return found;
  };
  const exhausted: { need: Need; fields: AddressField[] }[] = [];
  for (const need of needs) {
    const id = need.loaded.id;
    if (need.refused) {
      if (!need.existing) result.unallocated.push(id);
      continue;
    }
    const picked: Partial<Record<AddressField, string>> = { ...need.pins };
    const missing: AddressField[] = [];
    for (const field of need.auto) {
      let address: string | undefined;
      for (const space of spaces[field]) {
        const value = cursor(space).peek();
        if (value !== undefined) {
          address = bigintToAddress(space.family, value);
          break;
        }
      }
      if (address === undefined) missing.push(field);
      else picked[field] = address;
    }
    if (missing.length > 0) {
      for (const address of Object.values(need.pins)) book.release(address);
      exhausted.push({ need, fields: missing });
      if (!need.existing) result.unallocated.push(id);
      continue;
    }
    for (const field of need.auto) book.hold(picked[field]!, { kind: 'allocation', request: id });
    for (const address of Object.values(need.pins)) book.hold(address, { kind: 'allocation', request: id });
    if (need.existing) {
      allocations[id] = withIpv6(need.existing, picked.publicIpv6!);
      result.ipv6Added.push(id);
    } else {
      allocations[id] = {
        subdomain: need.loaded.request.spec.dns.subdomain,
        publicIpv4: picked.publicIpv4!,
        privateIpv4: picked.privateIpv4!,
        ...(picked.publicIpv6 !== undefined ? { publicIpv6: picked.publicIpv6 } : {}),
        allocatedAt: nowText,
      };
      result.created.push(id);
    }
  }
  diagnostics.push(...exhaustion(spaces, exhausted));

  result.ledger = {
    apiVersion: 'kolokasi/v1',
    kind: 'AllocationLedger',
    stack: ledger.stack,
    allocations: Object.fromEntries(Object.keys(allocations).sort().map((id) => [id, allocations[id]!])),
    released: sortReleases(quarantined),
  };
  result.created.sort();
  result.diagnostics = sortDiagnostics(diagnostics);
  return result;
}

/** The allocation with the subdomain its request has now, the form the ledger records. */
function recorded(allocation: Allocation, loaded: LoadedRequest): Allocation {
  return { ...allocation, subdomain: loaded.request.spec.dns.subdomain };
}

function withIpv6(allocation: Allocation, publicIpv6: string): Allocation {
  return { ...allocation, publicIpv6 };
}

function withoutIpv6(allocation: Allocation): Allocation {
  const { publicIpv6: _dropped, ...rest } = allocation;
  return rest;
}

/** The IPv6 address alone, released: the server keeps its IPv4 addresses. */
function ipv6Release(request: string, from: Allocation | Release, publicIpv6: string, releasedAt: string): Release {
  return {
    request,
    ...(from.subdomain !== undefined ? { subdomain: from.subdomain } : {}),
    publicIpv6,
    allocatedAt: from.allocatedAt,
    releasedAt,
  };
}

/** The newest quarantined release of all this request's addresses that agrees with its pins. */
function latestRelease(quarantined: readonly Release[], id: string, pins: Partial<Record<AddressField, string>>): Release | undefined {
  let best: Release | undefined;
  for (const release of quarantined) {
    if (release.request !== id || release.publicIpv4 === undefined) continue;
    const agrees = (Object.entries(pins) as [AddressField, string][]).every(([field, pin]) => release[field] === undefined ? field === 'publicIpv6' : release[field] === pin);
    if (!agrees) continue;
    if (!best || release.releasedAt > best.releasedAt) best = release;
  }
  return best;
}

/** The newest quarantined IPv6 address this request gave up alone, equal to its pin if it has one. */
function latestIpv6Release(quarantined: readonly Release[], id: string, pin: string | undefined): Release | undefined {
  let best: Release | undefined;
  for (const release of quarantined) {
    if (release.request !== id || release.publicIpv4 !== undefined || release.publicIpv6 === undefined) continue;
    if (pin !== undefined && release.publicIpv6 !== pin) continue;
    if (!best || release.releasedAt > best.releasedAt) best = release;
  }
  return best;
}

// ---------------------------------------------------------------- who holds what

class AddressBook {
  private readonly holders = new Map<string, Holder>();

  hold(address: string, holder: Holder): void {
    this.holders.set(address, holder);
  }

  release(address: string): void {
    this.holders.delete(address);
  }

  holderOf(address: string): Holder | undefined {
    return this.holders.get(address);
  }

  has(address: string): boolean {
    return this.holders.has(address);
  }

  holdAllocation(request: string, allocation: Allocation): void {
    for (const address of [allocation.publicIpv4, allocation.privateIpv4, allocation.publicIpv6]) {
      if (address !== undefined) this.hold(address, { kind: 'allocation', request });
    }
  }

  holdRelease(release: Release, days: number): void {
    const freeFrom = isoSeconds(quarantineEnd(release, days));
    for (const address of [release.publicIpv4, release.privateIpv4, release.publicIpv6]) {
      if (address !== undefined) this.hold(address, { kind: 'quarantine', request: release.request, freeFrom });
    }
  }
}

/**
 * The lowest free address of one space. Within a run addresses are only ever taken, never given
 * back below the cursor (a failed request's pins aside, which matters to nobody in a failed run),
 * so the cursor only moves forward: a run costs one pass over the used part of each pool.
 */
class SpaceCursor {
  private next: bigint;
  private blockIndex = 0;
  private readonly blocked: { first: bigint; last: bigint }[];

  constructor(
    private readonly space: AddressSpace,
    private readonly book: AddressBook,
  ) {
    this.next = space.first;
    this.blocked = mergeRanges(space.blocked);
  }

  peek(): bigint | undefined {
    const { family, last } = this.space;
    while (this.next <= last) {
      while (this.blockIndex < this.blocked.length && this.blocked[this.blockIndex]!.last < this.next) this.blockIndex++;
      const block = this.blocked[this.blockIndex];
      if (block && block.first <= this.next) {
        this.next = block.last + 1n;
        continue;
      }
      if (this.book.has(bigintToAddress(family, this.next))) {
        this.next++;
        continue;
      }
      return this.next;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------- refusals

/** A pinned address's place in its request. */
function pinPlace(loaded: LoadedRequest, field: AddressField): Place {
  const pointer = `/spec/network/${field}`;
  return { file: loaded.file, at: locate(loaded.text, pointer), path: pointer };
}

function checkPin(spaces: AddressSpaces, book: AddressBook, loaded: LoadedRequest, field: AddressField, address: string): Diagnostic | undefined {
  const place = pinPlace(loaded, field);
  if (spaces[field].length === 0) return report('KLK407', place, { field, address });
  const space = spaceOf(spaces, field, address);
  if (!space) return report('KLK401', place, { field, address, pools: poolNames(spaces, field) });
  const block = blockOf(space, addressToBigint(address));
  if (block) return report('KLK402', place, { field, address, pool: space.pool.name, reason: block.reason, entry: block.entry });
  const holder = book.holderOf(address);
  if (!holder) return undefined;
  if (holder.kind === 'quarantine') {
    return report('KLK405', place, { field, address, releasedBy: holder.request, freeFrom: holder.freeFrom!, own: holder.request === loaded.id });
  }
  return report('KLK403', place, { field, address, holder: holder.request });
}

function poolNames(spaces: AddressSpaces, field: AddressField): { name: string; cidr: string }[] {
  return spaces[field].map((s) => ({ name: s.pool.name, cidr: s.cidr.text }));
}

function wouldMove(loaded: LoadedRequest, field: AddressField, pin: string, held: string): Diagnostic {
  return report('KLK408', pinPlace(loaded, field), { field, pin, held });
}

function movedBetweenOpds(successor: LoadedRequest, from: string, subdomain: string): Diagnostic {
  const pointer = '/spec/dns/subdomain';
  const place = { file: successor.file, at: locate(successor.text, pointer), path: pointer };
  return reportAs('warning', 'KLK410', place, { from, to: successor.id, subdomain, fromOpd: opdOf(from), toOpd: opdOf(successor.id) });
}

/** One error per request left without an address, each naming the full pools. */
function exhaustion(spaces: AddressSpaces, exhausted: readonly { need: Need; fields: AddressField[] }[]): Diagnostic[] {
  const left = exhausted.map((e) => e.need.loaded.id);
  return exhausted.map(({ need, fields }) => {
    const pointer = fields.length === 1 && fields[0] === 'publicIpv6' ? '/spec/network/ipv6' : '/spec/network';
    const place = { file: need.loaded.file, at: locate(need.loaded.text, pointer), path: pointer };
    const shortages = fields.map((field) => ({ field, pools: poolNames(spaces, field) }));
    return report('KLK406', place, { request: need.loaded.id, shortages, left });
  });
}
