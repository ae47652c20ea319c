// The three ways a run ends badly, and the exit code each means. Every edge (io, git, github,
// pulumi, gateway, the CLI commands) raises these; only `cli/` turns them into exit codes.
import type { Text } from './core/model.ts';

export const EXIT_OK = 0;
/** Rejected: invalid request, policy violation, unsafe plan, exhausted pool, stale ledger. */
export const EXIT_REJECTED = 1;
/** Usage or environment: unknown flag, missing stack file, unreadable path. */
export const EXIT_USAGE = 2;
/** A bug in kolokasi: printed with its stack. */
export const EXIT_INTERNAL = 3;

/** How a run that did not throw ended: done, refused, or stopped by its environment. */
export type Ending = 'ok' | 'rejected' | 'environment';

export const EXIT_BY_ENDING: Record<Ending, number> = { ok: EXIT_OK, rejected: EXIT_REJECTED, environment: EXIT_USAGE };

/** A mistake in how kolokasi was called or where it runs; printed without a stack trace. */
export class UsageError extends Error {
  constructor(readonly text: Text, readonly hint?: Text) {
    super(text.en);
    this.name = 'UsageError';
  }
}

/** The input was understood and refused; printed without a stack trace. */
export class RejectedError extends Error {
  constructor(readonly text: Text, readonly hint?: Text) {
    super(text.en);
    this.name = 'RejectedError';
  }
}

/** The exit code of a run that threw `error`: anything not raised on purpose is a bug. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  if (error instanceof RejectedError) return EXIT_REJECTED;
  return EXIT_INTERNAL;
}
