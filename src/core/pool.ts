// The address pools as ranges of numbers: which addresses a pool may hand out, which it never
// does, and (for `kolokasi pool`, the SOP's "list of available public IPs") how each is used.
import type { Allocation, Ledger, Pool, StackConfig } from './model.ts';
import {
  addressFamily,
  addressToBigint,
  bigintToAddress,
  canonicalAddress,
  cidrLast,
  cidrSize,
  parseAddressOrCidr,
  parseCidr,
  type Cidr,
  type Family,
} from './ip.ts';
import { inQuarantine, isoSeconds, quarantineEnd } from './quarantine.ts';
import { compareBigint } from './order.ts';

/** The three address fields of an allocation; each is drawn from its own kind of pool. */
export type AddressField = 'publicIpv4' | 'privateIpv4' | 'publicIpv6';

export const ADDRESS_FIELDS: readonly AddressField[] = ['publicIpv4', 'privateIpv4', 'publicIpv6'];

/** Why an address is never handed out. */
export type BlockReason = 'network' | 'broadcast' | 'gateway' | 'anycast' | 'reserved';

export interface BlockedRange {
  first: bigint;
  last: bigint;
  reason: BlockReason;
  /** The `reserved:` entry as written, for messages. */
  entry?: string;
}

export interface AddressSpace {
  pool: Pool;
  field: AddressField;
  family: Family;
  cidr: Cidr;
  first: bigint;
  last: bigint;
  /** Sorted by `first`; may overlap (a reserved block can contain the gateway). */
  blocked: BlockedRange[];
}

export interface AddressSpaces {
  publicIpv4: AddressSpace[];
  privateIpv4: AddressSpace[];
  /** Empty when the stack has no IPv6 pool. */
  publicIpv6: AddressSpace[];
}

/**
 * The stack's pools as ranges, in config order. The config has passed its own checks
 * (stack.ts), so an unparsable pool here is a bug, not a user mistake.
 */
export function addressSpaces(config: StackConfig): AddressSpaces {
  return {
    publicIpv4: config.pools.publicIpv4.map((pool) => addressSpace(pool, 'publicIpv4', 4)),
    privateIpv4: [addressSpace(config.pools.private, 'privateIpv4', 4)],
    publicIpv6: config.pools.publicIpv6 ? [addressSpace(config.pools.publicIpv6, 'publicIpv6', 6)] : [],
  };
}

function addressSpace(pool: Pool, field: AddressField, family: Family): AddressSpace {
  const cidr = parseCidr(pool.cidr);
  if (!cidr || cidr.family !== family) throw new Error(`pool ${pool.name}: ${pool.cidr} is not a valid IPv${family} network`);
  const first = cidr.base;
  const last = cidrLast(cidr);
  const blocked: BlockedRange[] = [];
  if (family === 4) {
    blocked.push({ first, last: first, reason: 'network' });
    blocked.push({ first: last, last, reason: 'broadcast' });
  } else {
    // RFC 4291 2.6.1: the all-zero interface id is the subnet-router anycast address.
    blocked.push({ first, last: first, reason: 'anycast' });
  }
  const gateway = canonicalAddress(pool.gateway);
  if (gateway !== undefined && addressFamily(gateway) === family) {
    const value = addressToBigint(gateway);
    if (value >= first && value <= last) blocked.push({ first: value, last: value, reason: 'gateway' });
  }
  for (const entry of pool.reserved ?? []) {
    const range = parseAddressOrCidr(entry);
    if (!range || range.family !== family) continue;
    const from = range.base > first ? range.base : first;
    const to = cidrLast(range) < last ? cidrLast(range) : last;
    if (from <= to) blocked.push({ first: from, last: to, reason: 'reserved', entry });
  }
  blocked.sort((a, b) => compareBigint(a.first, b.first));
  return { pool, field, family, cidr, first, last, blocked };
}

export function spaceContains(space: AddressSpace, value: bigint): boolean {
  return value >= space.first && value <= space.last;
}

/** The first reason an address of this space is never handed out, or undefined. */
export function blockOf(space: AddressSpace, value: bigint): BlockedRange | undefined {
  // Specific reasons first: "gateway" says more than "inside reserved 10.0.0.0/29".
  let found: BlockedRange | undefined;
  for (const range of space.blocked) {
    if (range.first > value) break;
    if (value <= range.last && (!found || range.reason !== 'reserved')) found = range;
  }
  return found;
}

/** Which space of this field holds the address, if any. */
export function spaceOf(spaces: AddressSpaces, field: AddressField, address: string): AddressSpace | undefined {
  const family = addressFamily(address);
  if (family === undefined) return undefined;
  const value = addressToBigint(address);
  return spaces[field].find((s) => s.family === family && spaceContains(s, value));
}

/** Merged, non-overlapping copy of ranges (sorted by first). */
export function mergeRanges(ranges: readonly { first: bigint; last: bigint }[]): { first: bigint; last: bigint }[] {
  const sorted = [...ranges].sort((a, b) => compareBigint(a.first, b.first));
  const out: { first: bigint; last: bigint }[] = [];
  for (const range of sorted) {
    const previous = out[out.length - 1];
    if (previous && range.first <= previous.last + 1n) {
      if (range.last > previous.last) previous.last = range.last;
    } else {
      out.push({ first: range.first, last: range.last });
    }
  }
  return out;
}

// ---------------------------------------------------------------- pool report

export interface PoolAddressUse {
  address: string;
  request: string;
}

export interface PoolQuarantined {
  address: string;
  request: string;
  releasedAt: string;
  /** When the address becomes free again. */
  freeFrom: string;
}

export interface PoolBlocked {
  first: string;
  last: string;
  count: bigint;
  reason: BlockReason;
  entry?: string;
}

export interface PoolFreeRange {
  first: string;
  last: string;
  count: bigint;
}

export interface PoolStats {
  name: string;
  field: AddressField;
  family: Family;
  cidr: string;
  gateway: string;
  size: bigint;
  /** Addresses never handed out: network, broadcast, anycast, gateway, reserved. */
  reservedCount: bigint;
  usedCount: number;
  quarantinedCount: number;
  freeCount: bigint;
  /** Sorted by address. */
  used: PoolAddressUse[];
  quarantined: PoolQuarantined[];
  reserved: PoolBlocked[];
  /** The free addresses as ranges: a /64 cannot be listed one by one. */
  free: PoolFreeRange[];
}

/**
 * Per pool, in config order (public IPv4 pools, the IPv6 pool, the private pool): what is used,
 * quarantined, reserved and free at `now`. Releases whose quarantine has ended count as free.
 */
export function poolStats(config: StackConfig, ledger: Ledger, now: Date): PoolStats[] {
  const spaces = addressSpaces(config);
  const ordered = [...spaces.publicIpv4, ...spaces.publicIpv6, ...spaces.privateIpv4];
  const used = new Map<AddressSpace, { value: bigint; use: PoolAddressUse }[]>();
  const quarantined = new Map<AddressSpace, { value: bigint; entry: PoolQuarantined }[]>();
  const place = (field: AddressField, address: string | undefined): { space: AddressSpace; value: bigint } | undefined => {
    if (address === undefined) return undefined;
    const space = spaceOf(spaces, field, address);
    return space ? { space, value: addressToBigint(address) } : undefined;
  };
  for (const [request, allocation] of Object.entries(ledger.allocations)) {
    for (const field of ADDRESS_FIELDS) {
      const address = allocation[field as keyof Allocation];
      const at = place(field, address);
      if (!at) continue;
      const list = used.get(at.space) ?? [];
      list.push({ value: at.value, use: { address: canonicalAddress(address!) ?? address!, request } });
      used.set(at.space, list);
    }
  }
  for (const release of ledger.released) {
    if (!inQuarantine(release, config.quarantineDays, now)) continue;
    const freeFrom = isoSeconds(quarantineEnd(release, config.quarantineDays));
    for (const field of ADDRESS_FIELDS) {
      const address = release[field];
      const at = place(field, address);
      if (!at) continue;
      const list = quarantined.get(at.space) ?? [];
      list.push({
        value: at.value,
        entry: { address: canonicalAddress(address!) ?? address!, request: release.request, releasedAt: release.releasedAt, freeFrom },
      });
      quarantined.set(at.space, list);
    }
  }
  const byValue = (a: { value: bigint }, b: { value: bigint }) => compareBigint(a.value, b.value);
  return ordered.map((space) => {
    const usedHere = (used.get(space) ?? []).sort(byValue);
    const quarantinedHere = (quarantined.get(space) ?? []).sort(byValue);
    const blockedMerged = mergeRanges(space.blocked);
    const taken = mergeRanges([
      ...blockedMerged,
      ...usedHere.map((u) => ({ first: u.value, last: u.value })),
      ...quarantinedHere.map((q) => ({ first: q.value, last: q.value })),
    ]);
    const free: PoolFreeRange[] = [];
    let cursor = space.first;
    for (const range of taken) {
      if (range.first > cursor) free.push(freeRange(space.family, cursor, range.first - 1n));
      if (range.last + 1n > cursor) cursor = range.last + 1n;
    }
    if (cursor <= space.last) free.push(freeRange(space.family, cursor, space.last));
    const size = cidrSize(space.cidr);
    return {
      name: space.pool.name,
      field: space.field,
      family: space.family,
      cidr: space.cidr.text,
      gateway: canonicalAddress(space.pool.gateway) ?? space.pool.gateway,
      size,
      reservedCount: blockedMerged.reduce((sum, r) => sum + (r.last - r.first + 1n), 0n),
      usedCount: usedHere.length,
      quarantinedCount: quarantinedHere.length,
      freeCount: free.reduce((sum, r) => sum + r.count, 0n),
      used: usedHere.map((u) => u.use),
      quarantined: quarantinedHere.map((q) => q.entry),
      reserved: space.blocked.map((b) => ({
        first: bigintToAddress(space.family, b.first),
        last: bigintToAddress(space.family, b.last),
        count: b.last - b.first + 1n,
        reason: b.reason,
        ...(b.entry !== undefined ? { entry: b.entry } : {}),
      })),
      free,
    };
  });
}

function freeRange(family: Family, first: bigint, last: bigint): PoolFreeRange {
  return { first: bigintToAddress(family, first), last: bigintToAddress(family, last), count: last - first + 1n };
}

