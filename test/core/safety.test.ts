import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import type { Ledger } from '../../src/core/model.ts';
import { buildPlan } from '../../src/core/plan.ts';
import { exceedsLimits } from '../../src/core/safety.ts';
import { NOW } from './example.ts';
import { largeConfig, syntheticIds, syntheticRequest } from './synthetic.ts';

// maxReleaseCount 3, maxReleasePercent 25 (synthetic.ts).
const config = largeConfig();

function planDeleting(existing: number, deleting: number) {
  const requests = syntheticIds(existing).map((id) => syntheticRequest(id));
  const before = allocate({ config, requests, ledger: emptyLedger('t'), now: NOW }).ledger;
  const remaining = requests.slice(deleting);
  const after = allocate({ config, requests: remaining, ledger: before, now: NOW }).ledger;
  return buildPlan({ stack: 't', config, now: NOW, before, after, requests: remaining, previousRequests: requests });
}

function planDroppingIpv6(existing: number, dropping: number) {
  const requests = syntheticIds(existing).map((id) => syntheticRequest(id, { ipv6: true }));
  const before = allocate({ config, requests, ledger: emptyLedger('t'), now: NOW }).ledger;
  const edited = requests.map((r, i) => (i < dropping ? syntheticRequest(r.id) : r));
  const after = allocate({ config, requests: edited, ledger: before, now: NOW }).ledger;
  return buildPlan({ stack: 't', config, now: NOW, before, after, requests: edited, previousRequests: requests });
}

describe('safety gate: a server giving up IPv6', () => {
  it('is an update that releases the IPv6 address, not a move, and passes', () => {
    const plan = planDroppingIpv6(4, 1);
    const updates = plan.changes.filter((c) => c.kind === 'allocation');
    expect(updates).toMatchObject([{ action: 'update', key: 'opd00/app00000' }]);
    expect(updates[0]!.after).not.toHaveProperty('publicIpv6');
    expect(plan.changes.filter((c) => c.kind === 'dns').map((c) => `${c.action} ${c.key}`)).toEqual(['delete opd00/app00000/AAAA']);
    expect(plan.summary.allocations).toMatchObject({ kept: 4, released: 0 });
    expect(plan.safety).toEqual({ safe: true, reasons: [] });
  });

  it('counts the AAAA records among the DNS deletions', () => {
    const refused = planDroppingIpv6(4, 4);
    expect(refused.safety.reasons.map((r) => r.code)).toEqual(['KLK502']);
  });
});

describe('safety gate thresholds', () => {
  it('is over the limit only when both the count and the share are exceeded', () => {
    expect(exceedsLimits(3, 10, 3, 25)).toBe(false); // at the count floor
    expect(exceedsLimits(4, 10, 3, 25)).toBe(true); // 4 > 3 and 40% > 25%
    expect(exceedsLimits(4, 16, 3, 25)).toBe(false); // exactly 25%
    expect(exceedsLimits(5, 16, 3, 25)).toBe(true); // 31% > 25%
    expect(exceedsLimits(5, 20, 3, 25)).toBe(false); // 25%
    expect(exceedsLimits(100, 1000, 3, 25)).toBe(false); // many, but a small share
    expect(exceedsLimits(1, 1, 0, 0)).toBe(true); // a zero limit refuses any release
  });

  it('lets a small stack retire a server', () => {
    const plan = planDeleting(3, 1);
    expect(plan.summary.allocations.released).toBe(1);
    expect(plan.safety).toEqual({ safe: true, reasons: [] });
  });

  it('passes releasing 3 of 10 (at the floor) and refuses 4 of 10', () => {
    expect(planDeleting(10, 3).safety.safe).toBe(true);
    const refused = planDeleting(10, 4);
    expect(refused.safety.safe).toBe(false);
    expect(refused.safety.reasons.map((r) => r.code)).toEqual(['KLK501', 'KLK502']);
    expect(refused.safety.reasons[0]!.message.en).toMatch(/^4 of 10 allocations would be released \(40%\), more than both limits \(the limits are 3 and 25%\): opd00\/app00000, /);
    expect(refused.safety.reasons[0]!.message.id).toContain('4 dari 10 alokasi akan dilepas (40%)');
  });

  it('passes releasing exactly 25% and refuses just above', () => {
    expect(planDeleting(16, 4).safety.safe).toBe(true);
    expect(planDeleting(16, 5).safety.safe).toBe(false);
  });

  it('judges DNS deletions on their own: releasing servers with IPv6 deletes two records each', () => {
    // 16 servers, 4 of them with IPv6: 20 records. Releasing those 4 is 25% of the allocations
    // (allowed) but deletes 8 of 20 records (40%).
    const ids = syntheticIds(16);
    const requests = ids.map((id, i) => syntheticRequest(id, { ipv6: i < 4 }));
    const before = allocate({ config, requests, ledger: emptyLedger('t'), now: NOW }).ledger;
    const remaining = requests.slice(4);
    const after = allocate({ config, requests: remaining, ledger: before, now: NOW }).ledger;
    const plan = buildPlan({ stack: 't', config, now: NOW, before, after, requests: remaining, previousRequests: requests });
    expect(plan.summary.existing).toEqual({ allocations: 16, dnsRecords: 20 });
    expect(plan.summary.byKind.dns.delete).toBe(8);
    expect(plan.safety.reasons.map((r) => r.code)).toEqual(['KLK502']);
    expect(plan.safety.reasons[0]!.message.en).toBe('8 of 20 DNS records would be deleted (40%), more than both limits (the limits are 3 and 25%)');
  });

  it('refuses a plan that moves a live allocation, however small', () => {
    const request = syntheticRequest('a/app');
    const before: Ledger = { ...emptyLedger('t'), allocations: { 'a/app': { publicIpv4: '100.64.0.4', privateIpv4: '10.20.0.4', allocatedAt: '2026-11-01T00:00:00Z' } } };
    const after: Ledger = { ...before, allocations: { 'a/app': { publicIpv4: '100.64.0.9', privateIpv4: '10.20.0.4', allocatedAt: '2026-11-01T00:00:00Z' } } };
    const plan = buildPlan({ stack: 't', config, now: NOW, before, after, requests: [request] });
    expect(plan.safety.reasons).toEqual([
      { code: 'KLK503', message: { en: 'the allocation of a/app would move: publicIpv4 100.64.0.4 → 100.64.0.9', id: 'alokasi a/app akan berpindah: publicIpv4 100.64.0.4 → 100.64.0.9' } },
    ]);
  });

  it('does not count adding IPv6 to an allocation as a move', () => {
    const before = allocate({ config, requests: [syntheticRequest('a/app')], ledger: emptyLedger('t'), now: NOW }).ledger;
    const requests = [syntheticRequest('a/app', { ipv6: true })];
    const after = allocate({ config, requests, ledger: before, now: NOW }).ledger;
    const plan = buildPlan({ stack: 't', config, now: NOW, before, after, requests });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.key}`)).toEqual(['update allocation a/app', 'create dns a/app/AAAA', 'update firewall a/app']);
    expect(plan.safety.safe).toBe(true);
  });
});
