// When a released address may be handed out again. The clock is always passed in.
import type { Release } from './model.ts';

const DAY_MS = 86_400_000;

/** The moment the quarantine of a release ends: from then on its addresses are free. */
export function quarantineEnd(release: Pick<Release, 'releasedAt'>, quarantineDays: number): Date {
  return new Date(Date.parse(release.releasedAt) + quarantineDays * DAY_MS);
}

/** True while `now` is before the end of the quarantine; at the exact end the address is free. */
export function inQuarantine(release: Pick<Release, 'releasedAt'>, quarantineDays: number, now: Date): boolean {
  return now.getTime() < quarantineEnd(release, quarantineDays).getTime();
}

/** ISO-8601 UTC without milliseconds, the form the ledger stores. */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
