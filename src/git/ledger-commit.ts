// Committing the allocation ledger on main: only the ledger file, by the bot, with the pull requests
// and their approvers in the message (per request: provenance.ts), so `git log
// stacks/<stack>.allocations.yaml` is the register of who approved which allocation. Concurrent
// merges are handled by push-retry.ts.
import type { Text } from '../core/model.ts';
import { STACK_NAME } from '../core/stack.ts';
import { hasHead } from './history.ts';
import { provenanceTrailers, type ProvenanceTrailers } from './provenance.ts';
import { commitAndPushWithRetry, gitAs, PushRetryError, type BotIdentity, type PushRetryResult } from './push-retry.ts';
import type { Git } from './run.ts';

export interface LedgerMessageInput {
  stack: string;
  /** The merged pull request, when the run comes from one. */
  pr?: number;
  /** `role=login` (or a bare login), as decided by the sign-off check. */
  approvers: readonly string[];
  /** The main commit the allocation was computed from. */
  sourceCommit?: string;
  /** Per request change: its pull request and signatories, or why it was held. */
  provenance?: ProvenanceTrailers;
}

const APPROVER = /^(?:([a-z][a-z0-9-]*)=)?([A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?)$/;
const SHA = /^[0-9a-f]{7,64}$/;

/** Every value is checked, since the message becomes part of the permanent history. */
export function ledgerCommitProblems(input: LedgerMessageInput): Text[] {
  const problems: Text[] = [];
  if (!STACK_NAME.test(input.stack)) problems.push({ en: `invalid stack name '${input.stack}'`, id: `nama stack '${input.stack}' tidak sah` });
  if (input.pr !== undefined && !(Number.isSafeInteger(input.pr) && input.pr > 0)) {
    problems.push({ en: `invalid pull request number '${input.pr}'`, id: `nomor pull request '${input.pr}' tidak sah` });
  }
  for (const approver of input.approvers) {
    if (!APPROVER.test(approver)) {
      problems.push({ en: `invalid approver '${approver}': expected role=login`, id: `penyetuju '${approver}' tidak sah: seharusnya peran=login` });
    }
  }
  if (input.sourceCommit !== undefined && !SHA.test(input.sourceCommit)) {
    problems.push({ en: `invalid source commit '${input.sourceCommit}'`, id: `commit sumber '${input.sourceCommit}' tidak sah` });
  }
  return problems;
}

/**
 * Subject plus git trailers (`git log --format='%(trailers:key=Approved-by)'` lists them):
 *
 *     ledger(dev): allocations after #12
 *
 *     Pull-request: #12
 *     Approved-by: alice (kabid-aplikasi)
 *     Approved-by: bob (kepala-dkisp)
 *     Source-commit: 0123abc...
 *
 * With provenance, the subject names every pull request applied (`after #5, #6`) and one
 * Kolokasi-Request or Kolokasi-Held trailer follows per request change.
 */
export function ledgerCommitMessage(input: LedgerMessageInput): string {
  const problems = ledgerCommitProblems(input);
  if (problems.length > 0) throw new Error(problems.map((p) => p.en).join('; '));
  const pulls = [...new Set([
    ...(input.pr !== undefined ? [input.pr] : []),
    ...(input.provenance?.requests.flatMap((r) => (r.pr !== undefined ? [r.pr] : [])) ?? []),
  ])].sort((a, b) => a - b);
  const subject = pulls.length > 0
    ? `ledger(${input.stack}): allocations after ${pulls.map((n) => `#${n}`).join(', ')}`
    : `ledger(${input.stack}): allocations${input.sourceCommit ? ` at ${input.sourceCommit.slice(0, 7)}` : ''}`;
  const trailers: string[] = [];
  if (input.pr !== undefined) trailers.push(`Pull-request: #${input.pr}`);
  for (const approver of input.approvers) {
    const [, role, login] = APPROVER.exec(approver)!;
    trailers.push(`Approved-by: ${login}${role ? ` (${role})` : ''}`);
  }
  if (input.sourceCommit) trailers.push(`Source-commit: ${input.sourceCommit}`);
  if (input.provenance) trailers.push(...provenanceTrailers(input.provenance));
  return trailers.length > 0 ? `${subject}\n\n${trailers.join('\n')}\n` : `${subject}\n`;
}

export interface LedgerCommitOptions {
  repoDir: string;
  /** Repository-relative, e.g. stacks/dev.allocations.yaml. */
  ledgerPath: string;
  /** The message, or a function computing it from the work tree just before each commit. */
  message: string | (() => Promise<string>);
  identity: BotIdentity;
  remote?: string;
  branch?: string;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Rewrites the ledger from the current work tree (in CI: `kolokasi apply`). */
  recompute(): Promise<void>;
  /**
   * Checks the ledger in the work tree before it is committed; throws to refuse. Called on every
   * attempt, since a retry recomputes the ledger.
   */
  check?(): Promise<void>;
  onRetry?(attempt: number): void;
}

export const DEFAULT_LEDGER_ATTEMPTS = 5;

/** The checkout holds commits the remote branch does not: pushing would take them along. */
export class UnpushedCommitsError extends Error {
  constructor(readonly commits: readonly { hash: string; subject: string }[], readonly remote: string, readonly branch: string) {
    super(`${commits.length} commit(s) not on ${remote}/${branch}`);
    this.name = 'UnpushedCommitsError';
  }
}

/**
 * Pushes exactly one commit: the ledger file alone, on top of the remote branch. Refuses, before
 * anything else, when HEAD holds commits that are not on the remote (they would be pushed with it,
 * or lost by a retry's reset); a commit of its own that the remote refused is taken back, the
 * ledger staying in the work tree, so no run leaves an unpushed commit behind.
 */
export async function commitLedger(options: LedgerCommitOptions): Promise<PushRetryResult> {
  const { ledgerPath } = options;
  if (ledgerPath.startsWith('/') || ledgerPath.split('/').includes('..')) throw new Error(`ledger path must be repository-relative: ${ledgerPath}`);
  const git = gitAs(options.repoDir, options.identity);
  const remote = options.remote ?? 'origin';
  const branch = options.branch ?? 'main';
  const unpushed = await commitsNotOnRemote(git, options.repoDir, remote, branch);
  if (unpushed.length > 0) throw new UnpushedCommitsError(unpushed, remote, branch);
  let made: string | undefined;
  try {
    return await commitAndPushWithRetry({
      git,
      remote,
      branch,
      maxAttempts: options.maxAttempts ?? DEFAULT_LEDGER_ATTEMPTS,
      what: { en: 'the ledger', id: 'ledger' },
      recompute: () => options.recompute(),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      async commit() {
        made = undefined;
        await options.check?.();
        const status = await git(['status', '--porcelain', '--untracked-files=all', '--', ledgerPath]);
        if (status.trim() === '') return false;
        const message = typeof options.message === 'string' ? options.message : await options.message();
        await git(['add', '--', ledgerPath]);
        // A pathspec makes `git commit` take exactly that file, whatever else is staged.
        await git(['commit', '--quiet', '--no-verify', '-m', message, '--', ledgerPath]);
        made = (await git(['rev-parse', 'HEAD'])).trim();
        return true;
      },
    });
  } catch (error) {
    if (error instanceof PushRetryError && made !== undefined && (await git(['rev-parse', 'HEAD'])).trim() === made) {
      await git(['reset', '--quiet', '--mixed', `${made}^`]);
    }
    throw error;
  }
}

/**
 * The commits of HEAD that `<remote>/<branch>` (fetched now) does not have, newest first; all of
 * HEAD's commits when the remote has no such branch yet.
 */
async function commitsNotOnRemote(git: Git, repoDir: string, remote: string, branch: string): Promise<{ hash: string; subject: string }[]> {
  if (!(await hasHead(repoDir))) return [];
  const tracking = `refs/remotes/${remote}/${branch}`;
  let range = ['HEAD'];
  // A remote without the branch yet: every commit is missing there. (Asked, not read from git's
  // message, which may be in another language.)
  if ((await git(['ls-remote', '--heads', remote, `refs/heads/${branch}`])).trim() !== '') {
    await git(['fetch', '--quiet', remote, `+refs/heads/${branch}:${tracking}`]);
    range = [`${tracking}..HEAD`];
  }
  const log = await git(['log', '--max-count=20', '--format=%H %s', ...range, '--']);
  return log.split('\n').filter((line) => line !== '').map((line) => ({ hash: line.slice(0, line.indexOf(' ')), subject: line.slice(line.indexOf(' ') + 1) }));
}
