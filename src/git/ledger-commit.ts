// Committing the allocation ledger on main: only the ledger file, by the bot, with the pull request
// and its approvers in the message, so `git log stacks/<stack>.allocations.yaml` is the register
// of who approved which allocation. Concurrent merges are handled by push-retry.ts.
import type { SimpleGit } from 'simple-git';
import type { Text } from '../core/model.ts';
import { STACK_NAME } from '../core/stack.ts';
import { hasHead } from './history.ts';
import { commitAndPushWithRetry, gitAs, type BotIdentity, type PushRetryResult } from './push-retry.ts';

export interface LedgerMessageInput {
  stack: string;
  /** The merged pull request, when the run comes from one. */
  pr?: number;
  /** `role=login` (or a bare login), as decided by the sign-off check. */
  approvers: readonly string[];
  /** The main commit the allocation was computed from. */
  sourceCommit?: string;
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
 */
export function ledgerCommitMessage(input: LedgerMessageInput): string {
  const problems = ledgerCommitProblems(input);
  if (problems.length > 0) throw new Error(problems.map((p) => p.en).join('; '));
  const subject = input.pr !== undefined
    ? `ledger(${input.stack}): allocations after #${input.pr}`
    : `ledger(${input.stack}): allocations${input.sourceCommit ? ` at ${input.sourceCommit.slice(0, 7)}` : ''}`;
  const trailers: string[] = [];
  if (input.pr !== undefined) trailers.push(`Pull-request: #${input.pr}`);
  for (const approver of input.approvers) {
    const [, role, login] = APPROVER.exec(approver)!;
    trailers.push(`Approved-by: ${login}${role ? ` (${role})` : ''}`);
  }
  if (input.sourceCommit) trailers.push(`Source-commit: ${input.sourceCommit}`);
  return trailers.length > 0 ? `${subject}\n\n${trailers.join('\n')}\n` : `${subject}\n`;
}

export interface LedgerCommitOptions {
  repoDir: string;
  /** Repository-relative, e.g. stacks/dev.allocations.yaml. */
  ledgerPath: string;
  message: string;
  identity: BotIdentity;
  remote?: string;
  branch?: string;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Rewrites the ledger from the current work tree (in CI: `kolokasi apply`). */
  recompute(): Promise<void>;
  /**
   * Checks the ledger in the work tree before it is committed (or, when an earlier commit of it
   * is still waiting, before that is pushed); throws to refuse. Called on every attempt, since a
   * retry recomputes the ledger.
   */
  check?(): Promise<void>;
  onRetry?(attempt: number): void;
  /** Told when an earlier ledger commit that never reached the remote is pushed now. */
  onPending?(commit: string): void;
}

export const DEFAULT_LEDGER_ATTEMPTS = 5;

export async function commitLedger(options: LedgerCommitOptions): Promise<PushRetryResult> {
  const { ledgerPath } = options;
  if (ledgerPath.startsWith('/') || ledgerPath.split('/').includes('..')) throw new Error(`ledger path must be repository-relative: ${ledgerPath}`);
  const git = gitAs(options.repoDir, options.identity);
  const remote = options.remote ?? 'origin';
  const branch = options.branch ?? 'main';
  return commitAndPushWithRetry({
    git,
    remote,
    branch,
    maxAttempts: options.maxAttempts ?? DEFAULT_LEDGER_ATTEMPTS,
    what: { en: 'the ledger', id: 'ledger' },
    recompute: () => options.recompute(),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    async commit(attempt) {
      await options.check?.();
      const status = await git.raw(['status', '--porcelain', '--untracked-files=all', '--', ledgerPath]);
      if (status.trim() !== '') {
        await git.raw(['add', '--', ledgerPath]);
        // A pathspec makes `git commit` take exactly that file, whatever else is staged.
        await git.raw(['commit', '--quiet', '--no-verify', '-m', options.message, '--', ledgerPath]);
        return true;
      }
      // Nothing new, but an earlier run may have committed the ledger and then had its push
      // refused (a protected branch, a hook) or been stopped: that commit still has to go out.
      // (After a retry's reset HEAD is the remote's, so only the first attempt can find one.)
      if (attempt > 1) return false;
      const pending = await unpushedLedgerCommit(git, options.repoDir, remote, branch, ledgerPath);
      if (pending === undefined) return false;
      options.onPending?.(pending);
      return true;
    },
  });
}

/**
 * HEAD, when it is ahead of `<remote>/<branch>` (fetched now) by commits that change the ledger
 * and nothing else: ledger commits that never reached the remote. Undefined otherwise, also when
 * the remote has no such branch yet.
 */
export async function unpushedLedgerCommit(git: SimpleGit, repoDir: string, remote: string, branch: string, ledgerPath: string): Promise<string | undefined> {
  if (!(await hasHead(repoDir))) return undefined;
  const tracking = `refs/remotes/${remote}/${branch}`;
  try {
    await git.raw(['fetch', '--quiet', remote, `+refs/heads/${branch}:${tracking}`]);
  } catch (error) {
    // A remote without the branch yet: nothing can be behind it. (Asked, not read from git's
    // message, which may be in another language.)
    if ((await git.raw(['ls-remote', '--heads', remote, `refs/heads/${branch}`])).trim() === '') return undefined;
    throw error;
  }
  const range = `${tracking}..HEAD`;
  if ((await git.raw(['rev-list', '--count', range, '--'])).trim() === '0') return undefined;
  // Paths from `log` are relative to the top of the work tree; the ledger path to repoDir.
  const prefix = (await git.raw(['rev-parse', '--show-prefix'])).trim();
  const changed = new Set((await git.raw(['-c', 'core.quotepath=off', 'log', '--format=', '--name-only', '--no-renames', range, '--'])).split('\n').filter((line) => line !== ''));
  if (changed.size !== 1 || !changed.has(`${prefix}${ledgerPath}`)) return undefined;
  return (await git.raw(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
}
