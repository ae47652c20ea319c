// Commit-and-push with optimistic concurrency: when main moved on while we computed, the push is
// refused as non-fast-forward; we then take the remote's state as the new base, let the caller
// recompute its change on top of it, and try again a bounded number of times. A rebase would
// replay our old file over newer history; recomputing from the newer base cannot lose an allocation.
import type { Text } from '../core/model.ts';
import { GitCommandError, gitIn, type Git } from './run.ts';

export interface BotIdentity {
  name: string;
  email: string;
}

/** The identity GitHub shows for commits made with the workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT: BotIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export class PushRetryError extends Error {
  constructor(readonly text: Text, readonly attempts: number) {
    super(text.en);
    this.name = 'PushRetryError';
  }
}

/**
 * Whether a refused push means "someone else pushed first": git's `(fetch first)` and
 * `(non-fast-forward)`, or losing the race for the branch's lock to a push landing at the same
 * moment. Anything else (a protected-branch rule, a hook, no permission) is not retried.
 */
export function isNonFastForward(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\[rejected\][^\n]*\((fetch first|non-fast-forward)\)/.test(message)
    || /Updates were rejected because the (tip of your current branch is behind|remote contains work)/.test(message)
    || /\[remote rejected\][^\n]*\((failed to update ref|failed to lock|cannot lock ref[^)]*|incorrect old value provided)\)/.test(message);
}

/**
 * Why an identity value cannot be used, or undefined when it can. The identity ends up in
 * `-c user.name=...`: a newline would be a second config line, and an empty one no identity.
 */
export function identityValueProblem(value: string): Text | undefined {
  if (value.trim() === '') return { en: 'it is empty', id: 'nilainya kosong' };
  if (/[\r\n\0]/.test(value)) return { en: 'it holds a line break or NUL character', id: 'nilainya berisi baris baru atau karakter NUL' };
  return undefined;
}

/** A git client whose commits carry the bot identity as author and committer. */
export function gitAs(repoDir: string, identity: BotIdentity): Git {
  for (const value of [identity.name, identity.email]) {
    if (identityValueProblem(value)) throw new Error(`invalid bot identity value ${JSON.stringify(value)}`);
  }
  return gitIn(repoDir, [`user.name=${identity.name}`, `user.email=${identity.email}`]);
}

export async function resetToRemote(git: Git, remote: string, branch: string): Promise<void> {
  await git(['fetch', '--quiet', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
  await git(['reset', '--quiet', '--hard', `refs/remotes/${remote}/${branch}`]);
}

export interface PushRetryOptions {
  git: Git;
  remote: string;
  branch: string;
  maxAttempts: number;
  /**
   * Makes (or remakes) the change and commits it; returns false when there is nothing to push
   * (nothing to commit, and no earlier commit of the change still waiting to be pushed).
   */
  commit(attempt: number): Promise<boolean>;
  /** Brings the change up to date after a reset to the remote (attempt >= 2). */
  recompute(attempt: number): Promise<void>;
  /** Told before each retry, e.g. to log it. */
  onRetry?(attempt: number): void;
  /** What is being pushed, for messages: e.g. "the ledger". */
  what: Text;
}

export type PushRetryResult = { status: 'unchanged'; attempts: number } | { status: 'pushed'; commit: string; attempts: number };

export async function commitAndPushWithRetry(options: PushRetryOptions): Promise<PushRetryResult> {
  const { git, remote, branch, maxAttempts, what } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) {
      options.onRetry?.(attempt);
      await resetToRemote(git, remote, branch);
      await options.recompute(attempt);
    }
    if (!(await options.commit(attempt))) return { status: 'unchanged', attempts: attempt };
    try {
      await git(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
    } catch (error) {
      if (isNonFastForward(error)) continue;
      const detail = error instanceof GitCommandError ? error.detail : String(error);
      throw new PushRetryError({
        en: `pushing ${what.en} to ${remote}/${branch} was refused: ${detail}`,
        id: `push ${what.id} ke ${remote}/${branch} ditolak: ${detail}`,
      }, attempt);
    }
    const commit = (await git(['rev-parse', 'HEAD'])).trim();
    return { status: 'pushed', commit, attempts: attempt };
  }
  throw new PushRetryError({
    en: `${what.en} could not be pushed after ${maxAttempts} attempts: ${remote}/${branch} kept moving; re-run the job, it recomputes from the newest main`,
    id: `${what.id} gagal di-push setelah ${maxAttempts} percobaan: ${remote}/${branch} terus berubah; jalankan ulang job, perhitungan diulang dari main terbaru`,
  }, maxAttempts);
}
