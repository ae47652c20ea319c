// Moves read from the ledger's history. A request renamed, or moved to another OPD's folder, keeps
// its subdomain and so its addresses: the ledger re-keys the entry to the new id and puts nothing in
// quarantine. Seen from two successive ledger versions: an address set held by id A in one and by
// id B in the next, A gone, B new, and none of those addresses released. Pure: the versions are
// read elsewhere (src/git/past-files.ts).
import { readLedgerEntries, type LedgerFields } from '../core/ledger.ts';
import { ADDRESS_FIELDS, type AddressField } from '../core/pool.ts';
import type { LedgerChange } from '../git/history.ts';
import type { TimelineEvent } from './model.ts';

export type AddressSet = Partial<Record<AddressField, string>>;

/** What one version of the ledger says: who holds which addresses, and what is released. */
export interface LedgerVersion {
  /** The commit that wrote this version. */
  event: TimelineEvent;
  allocations: ReadonlyMap<string, AddressSet>;
  released: readonly ({ request: string } & AddressSet)[];
}

export interface RequestMove extends TimelineEvent {
  from: string;
  to: string;
}

function addresses(fields: LedgerFields): AddressSet | undefined {
  const out: AddressSet = {};
  for (const field of ADDRESS_FIELDS) if (fields[field] !== undefined) out[field] = fields[field];
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A ledger file's text to a version, or undefined when it does not read as a ledger. Lenient on
 * purpose: an old version need not pass today's checks (a pool since resized) to say who held what.
 */
export function ledgerVersion(event: TimelineEvent, text: string): LedgerVersion | undefined {
  const entries = readLedgerEntries(text);
  if (!entries) return undefined;
  const held = new Map<string, AddressSet>();
  for (const [id, fields] of entries.allocations) {
    const set = addresses(fields);
    if (set) held.set(id, set);
  }
  const releases: ({ request: string } & AddressSet)[] = [];
  for (const fields of entries.released) {
    const set = addresses(fields);
    if (fields.request !== undefined && set) releases.push({ request: fields.request, ...set });
  }
  return { event, allocations: held, released: releases };
}

function setKey(set: AddressSet): string {
  return ADDRESS_FIELDS.map((field) => set[field] ?? '').join('|');
}

/**
 * Which ledger versions the detection needs, as positions in `changes`: a commit that gave one id an
 * address set an earlier line gave another id, and the version before it. Every move is such a
 * commit, and few commits are, so a long history is not read whole. Sorted, without repeats.
 */
export function versionsForMoves(changes: readonly Pick<LedgerChange, 'allocated'>[]): number[] {
  const holders = new Map<string, Set<string>>();
  const needed = new Set<number>();
  changes.forEach((change, index) => {
    for (const line of change.allocated) {
      const earlier = holders.get(setKey(line));
      if (index > 0 && earlier && [...earlier].some((id) => id !== line.request)) {
        needed.add(index - 1);
        needed.add(index);
      }
    }
    for (const line of change.allocated) {
      const key = setKey(line);
      holders.set(key, (holders.get(key) ?? new Set()).add(line.request));
    }
  });
  return [...needed].sort((a, b) => a - b);
}

/** Every move, oldest first, between each ledger version and the next. */
export function detectMoves(versions: readonly LedgerVersion[]): RequestMove[] {
  const moves: RequestMove[] = [];
  for (let i = 1; i < versions.length; i++) {
    const before = versions[i - 1]!;
    const after = versions[i]!;
    const releasedBefore = new Set(before.released.map((r) => `${r.request}#${setKey(r)}`));
    const newlyReleased = new Set<string>();
    for (const release of after.released) {
      if (releasedBefore.has(`${release.request}#${setKey(release)}`)) continue;
      for (const field of ADDRESS_FIELDS) if (release[field] !== undefined) newlyReleased.add(release[field]!);
    }
    const arrivals = new Map<string, string>();
    for (const [id, set] of after.allocations) if (!before.allocations.has(id)) arrivals.set(setKey(set), id);
    for (const [from, set] of before.allocations) {
      if (after.allocations.has(from)) continue;
      const to = arrivals.get(setKey(set));
      if (to === undefined) continue;
      if (ADDRESS_FIELDS.some((field) => set[field] !== undefined && newlyReleased.has(set[field]!))) continue;
      moves.push({ ...after.event, from, to });
    }
  }
  return moves;
}

/** The moves that led to `id`, oldest first: `a → b → id` gives both. */
export function movesInto(id: string, moves: readonly RequestMove[]): RequestMove[] {
  const chain: RequestMove[] = [];
  let current = id;
  // Walk back in time: each earlier move must come before the one found after it.
  for (let i = moves.length - 1; i >= 0; i--) {
    const move = moves[i]!;
    if (move.to !== current) continue;
    chain.unshift(move);
    current = move.from;
  }
  return chain;
}
