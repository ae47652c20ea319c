// Random histories of a stack: requests filed, deleted, renamed (same subdomain, new id, maybe
// another OPD) and filed again, IPv6 switched on and off, the clock moving on. After every apply
// the promises of the design must hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { hasErrors } from '../../src/core/diagnostics.ts';
import { addressToBigint } from '../../src/core/ip.ts';
import { checkLedger, emptyLedger, parseLedger, serializeLedger } from '../../src/core/ledger.ts';
import type { Ledger } from '../../src/core/model.ts';
import { buildPlan } from '../../src/core/plan.ts';
import { addressSpaces, blockOf, spaceOf, type AddressField } from '../../src/core/pool.ts';
import { NOW } from './example.ts';
import { smallConfig, syntheticRequest } from './synthetic.ts';

const DAY = 86_400_000;
const IDS = Array.from({ length: 12 }, (_, i) => `p${i % 3}/r${i}`);
// Room for 13 public addresses, so quarantine can exhaust the pools now and then.
const config = smallConfig({
  pools: {
    publicIpv4: [
      { name: 'publik-a', cidr: '192.0.2.0/28', gateway: '192.0.2.1', reserved: ['192.0.2.2'] },
      { name: 'publik-b', cidr: '198.51.100.0/30', gateway: '198.51.100.1' },
    ],
    publicIpv6: { name: 'publik-v6', cidr: '2001:db8:1::/124', gateway: '2001:db8:1::1' },
    private: { name: 'lan', cidr: '10.0.0.0/27', gateway: '10.0.0.1', reserved: ['10.0.0.2/31'] },
  },
});
const spaces = addressSpaces(config);

type Step =
  | { kind: 'add'; id: string; ipv6: boolean }
  | { kind: 'delete'; id: string }
  /** The file renamed or moved to another OPD: a new id with the same subdomain. */
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'ipv6'; id: string; on: boolean }
  | { kind: 'wait'; ms: number }
  /** To a millisecond around the next end of a quarantine: where an off-by-one would show. */
  | { kind: 'edge'; offset: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom(...IDS), ipv6: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: fc.constantFrom(...IDS), to: fc.constantFrom(...IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ipv6' as const), id: fc.constantFrom(...IDS), on: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      // Whole days (the quarantine is 30), and now and then a millisecond either side of one.
      ms: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-1, 0, 0, 0, 1)).map(([days, jitter]) => Math.max(0, days * DAY + jitter)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edge' as const), offset: fc.constantFrom(-1, 0, 1) }) },
);

/** One apply: the changes of one merged pull request. */
const batch = fc.array(step, { minLength: 1, maxLength: 4 });

function nextQuarantineEnd(ledger: Ledger, now: Date): number | undefined {
  const ends = ledger.released.map((r) => Date.parse(r.releasedAt) + config.quarantineDays * DAY).filter((end) => end > now.getTime());
  return ends.length > 0 ? Math.min(...ends) : undefined;
}

function holdings(ledger: Ledger): string[] {
  return [
    ...Object.values(ledger.allocations).flatMap((a) => [a.publicIpv4, a.privateIpv4, a.publicIpv6]),
    ...ledger.released.flatMap((r) => [r.publicIpv4, r.privateIpv4, r.publicIpv6]),
  ].filter((a): a is string => a !== undefined);
}

describe('allocation over random histories', () => {
  it('never moves, never double-books, never reuses a quarantined address early, and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 30 }), (batches) => {
        let ledger = emptyLedger('t');
        let now = NOW;
        const present = new Map<string, { ipv6: boolean; subdomain: string }>();
        // As validation does: one subdomain, one request.
        const taken = (subdomain: string) => [...present.values()].some((p) => p.subdomain === subdomain);
        // Every release ever committed: address -> who released it and when.
        const releasedBy = new Map<string, { request: string; at: number }>();

        for (const steps of batches) {
          for (const s of steps) {
            if (s.kind === 'add') {
              const known = present.get(s.id);
              const subdomain = syntheticRequest(s.id).request.spec.dns.subdomain;
              if (known) known.ipv6 ||= s.ipv6;
              else if (!taken(subdomain)) present.set(s.id, { ipv6: s.ipv6, subdomain });
            } else if (s.kind === 'delete') present.delete(s.id);
            else if (s.kind === 'rename') {
              const known = present.get(s.from);
              if (!known || present.has(s.to)) continue;
              present.delete(s.from);
              present.set(s.to, known);
            } else if (s.kind === 'ipv6') {
              const known = present.get(s.id);
              if (known) known.ipv6 = s.on;
            }
            else if (s.kind === 'wait') now = new Date(now.getTime() + s.ms);
            else {
              const end = nextQuarantineEnd(ledger, now);
              if (end !== undefined && end + s.offset > now.getTime()) now = new Date(end + s.offset);
            }
          }

          const requests = [...present].map(([id, p]) => syntheticRequest(id, { ipv6: p.ipv6, subdomain: p.subdomain }));
          const result = allocate({ config, requests, ledger, now });
          const next = result.ledger;

          // Existing allocations keep their IPv4 addresses, under their id or, when their request was
          // renamed (a new id with the same subdomain), under the new one; IPv6 comes and goes as asked.
          const newcomers = new Map([...present].filter(([id]) => !(id in ledger.allocations)).map(([id, p]) => [p.subdomain, id]));
          for (const [id, before] of Object.entries(ledger.allocations)) {
            const successor = present.has(id) ? id : before.subdomain !== undefined ? newcomers.get(before.subdomain) : undefined;
            if (successor === undefined) {
              expect(next.allocations[id]).toBeUndefined();
              continue;
            }
            if (successor !== id) expect(result.moved).toContainEqual({ from: id, to: successor });
            const after = next.allocations[successor]!;
            expect([after.publicIpv4, after.privateIpv4, after.allocatedAt]).toEqual([before.publicIpv4, before.privateIpv4, before.allocatedAt]);
            if (!present.get(successor)!.ipv6) expect(after.publicIpv6).toBeUndefined();
            else if (before.publicIpv6 !== undefined) expect(after.publicIpv6).toBe(before.publicIpv6);
          }
          for (const { from } of result.moved) expect(result.released.map((r) => r.request)).not.toContain(from);

          // No address is held twice, and every allocated address is a legal one of its pool.
          const held = holdings(next);
          expect(new Set(held).size).toBe(held.length);
          for (const allocation of Object.values(next.allocations)) {
            for (const field of ['publicIpv4', 'privateIpv4', 'publicIpv6'] as AddressField[]) {
              const address = allocation[field];
              if (address === undefined) continue;
              const space = spaceOf(spaces, field, address);
              expect(space).toBeDefined();
              expect(blockOf(space!, addressToBigint(address))).toBeUndefined();
            }
          }
          expect(checkLedger(next, config, { file: 'l', now })).toEqual([]);

          // A new holder of a released address is its old owner or comes after the quarantine. A
          // moved request is its predecessor: it keeps what the predecessor held, quarantine or not.
          const predecessor = new Map(result.moved.map(({ from, to }) => [to, from]));
          for (const [id, allocation] of Object.entries(next.allocations)) {
            const previous = ledger.allocations[predecessor.get(id) ?? id];
            for (const field of ['publicIpv4', 'privateIpv4', 'publicIpv6'] as AddressField[]) {
              const address = allocation[field];
              if (address === undefined || previous?.[field] === address) continue;
              const release = releasedBy.get(address);
              if (release && release.request !== id) expect(now.getTime()).toBeGreaterThanOrEqual(release.at + config.quarantineDays * DAY);
            }
          }

          // Refused runs commit nothing, as `kolokasi apply` does.
          if (hasErrors(result.diagnostics)) {
            expect(result.diagnostics.every((d) => d.code === 'KLK406')).toBe(true);
            continue;
          }
          expect(Object.keys(next.allocations).sort()).toEqual([...present.keys()].sort());

          // Applying again at the same moment changes nothing.
          const again = allocate({ config, requests, ledger: next, now });
          expect(serializeLedger(again.ledger)).toBe(serializeLedger(next));
          const plan = buildPlan({ stack: 't', config, now, before: next, after: again.ledger, requests });
          expect(plan.summary.empty).toBe(true);

          // What is written is what is read back.
          const reread = parseLedger({ file: 'l', text: serializeLedger(next) }, { stack: 't', config, now });
          expect(reread.diagnostics).toEqual([]);
          expect(serializeLedger(reread.ledger!)).toBe(serializeLedger(next));

          for (const release of result.released) {
            for (const address of [release.publicIpv4, release.privateIpv4, release.publicIpv6]) {
              if (address !== undefined) releasedBy.set(address, { request: release.request, at: now.getTime() - (now.getTime() % 1000) });
            }
          }
          ledger = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
