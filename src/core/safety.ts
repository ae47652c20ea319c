// The safety gate: a plan that releases or deletes a lot at once, or moves a live server, is more
// likely a mistake (a directory deleted by accident, a broken merge) than an intention. Such a
// plan is refused unless forced. Small changes always pass: a floor of releases is allowed
// whatever the percentage, so a stack with three servers can still retire one.
import type { StackConfig, Text } from './model.ts';
import type { AllocationChange, PlanChange } from './plan.ts';
import { said } from './catalog/index.ts';

export interface SafetyReason {
  /** KLK501 too many releases, KLK502 too many DNS deletions, KLK503 a live allocation moves. */
  code: string;
  message: Text;
}

export interface SafetyVerdict {
  safe: boolean;
  reasons: SafetyReason[];
}

export interface SafetyInput {
  changes: readonly PlanChange[];
  existingAllocations: number;
  existingDnsRecords: number;
}

/** Over the limit only when the count exceeds both the absolute floor and the share of what exists. */
export function exceedsLimits(count: number, existing: number, maxCount: number, maxPercent: number): boolean {
  return count > maxCount && count * 100 > maxPercent * existing;
}

export function checkSafety(input: SafetyInput, config: StackConfig): SafetyVerdict {
  const { maxReleaseCount, maxReleasePercent } = config.safety;
  const reasons: SafetyReason[] = [];
  const limits = { maxCount: maxReleaseCount, maxPercent: maxReleasePercent };
  // The plan shows a reason by its code and message; its heading already says what --force does.
  const reason = ({ code, message }: SafetyReason) => reasons.push({ code, message });

  const released = input.changes.filter((c) => c.kind === 'allocation' && c.action === 'delete');
  if (exceedsLimits(released.length, input.existingAllocations, maxReleaseCount, maxReleasePercent)) {
    reason(said('KLK501', { released: released.map((c) => c.request), existing: input.existingAllocations, limits }));
  }

  const deletedDns = input.changes.filter((c) => c.kind === 'dns' && c.action === 'delete');
  if (exceedsLimits(deletedDns.length, input.existingDnsRecords, maxReleaseCount, maxReleasePercent)) {
    reason(said('KLK502', { deleted: deletedDns.length, existing: input.existingDnsRecords, limits }));
  }

  for (const change of input.changes) {
    if (change.kind !== 'allocation' || change.action !== 'update') continue;
    const moved = movedFields(change);
    if (moved.length === 0) continue;
    reason(said('KLK503', { request: change.request, moves: moved }));
  }
  return { safe: reasons.length === 0, reasons };
}

/**
 * Addresses an update changes. Adding an IPv6 address where there was none is not a move, nor is
 * giving one up (a server dropping IPv6): that is a release, and its AAAA record counts among
 * the DNS deletions.
 */
export function movedFields(change: AllocationChange): { field: string; from: string; to: string }[] {
  const before = change.before;
  const after = change.after;
  if (!before || !after) return [];
  const out: { field: string; from: string; to: string }[] = [];
  for (const field of ['publicIpv4', 'privateIpv4', 'publicIpv6'] as const) {
    const from = before[field];
    const to = after[field];
    if (from !== undefined && to !== undefined && to !== from) out.push({ field, from, to });
  }
  return out;
}
