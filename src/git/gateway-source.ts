// What the gateway agent reads from git: main's latest ledger commit and the set published on the
// gateway-config branch. It keeps a bare clone of its own in its state directory and never pushes.
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GitCommandError, runGit, runGitBytes } from './run.ts';

/** Refs the agent fetches into; nothing else in its clone matters. */
export const MAIN_REF = 'refs/kolokasi/main';
export const PUBLISHED_REF = 'refs/kolokasi/published';

/** A fetch given up after `timeoutMs`, its failure naming the setting that sets the limit. */
async function fetchWithin(clone: string, args: string[], timeoutMs: number): Promise<void> {
  try {
    await runGit(clone, args, { timeoutMs });
  } catch (error) {
    if (error instanceof GitCommandError && error.timedOut) throw new GitCommandError(error.command, error.repo, `${error.detail} (gitTimeoutSeconds)`, true);
    throw error;
  }
}

/**
 * Fetches `branch` and `configBranch` of `remote`; the second may be missing (nothing published yet).
 * Each fetch is given up after `timeoutMs`.
 */
export async function fetchSources(clone: string, remote: string, branch: string, configBranch: string, timeoutMs: number): Promise<{ published: boolean }> {
  const exists = await access(path.join(clone, 'HEAD')).then(() => true, () => false);
  if (!exists) {
    await mkdir(clone, { recursive: true });
    await runGit(clone, ['init', '--quiet', '--bare']);
  }
  await fetchWithin(clone, ['fetch', '--quiet', '--no-tags', '--prune', remote, `+refs/heads/${branch}:${MAIN_REF}`], timeoutMs);
  try {
    await fetchWithin(clone, ['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${configBranch}:${PUBLISHED_REF}`], timeoutMs);
    return { published: true };
  } catch (error) {
    // A branch not there yet is "nothing published"; a remote that stopped answering is not.
    if (error instanceof GitCommandError && error.timedOut) throw error;
    return { published: false };
  }
}

/** The newest commit of `ref` that changed `file`, or undefined when none did. */
export async function latestCommitOf(clone: string, ref: string, file: string): Promise<string | undefined> {
  const out = (await runGit(clone, ['log', '-1', '--format=%H', ref, '--', file])).trim();
  return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
}

/** The bytes of `file` at `ref`, or undefined when it is not there. */
export async function fileAt(clone: string, ref: string, file: string): Promise<Buffer | undefined> {
  try {
    return await runGitBytes(clone, ['cat-file', 'blob', `${ref}:${file}`]);
  } catch {
    return undefined;
  }
}

/** A throwaway work tree of `commit`; `remove` takes it away again. */
export async function checkoutAt(clone: string, commit: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(path.join(tmpdir(), 'kolokasi-gateway-'));
  const dir = path.join(parent, 'tree');
  await runGit(clone, ['worktree', 'add', '--quiet', '--detach', dir, commit]);
  return {
    dir,
    async remove() {
      await runGit(clone, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
      await rm(parent, { recursive: true, force: true });
      await runGit(clone, ['worktree', 'prune']).catch(() => undefined);
    },
  };
}

/** The commit `ref` points at. */
export async function commitOf(clone: string, ref: string): Promise<string> {
  return (await runGit(clone, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
}

/**
 * Whether `paths` differ between two commits; undefined when `from` is not known here (a
 * publication from a commit that is not on the fetched branch).
 */
export async function changedBetween(clone: string, from: string, to: string, paths: readonly string[]): Promise<boolean | undefined> {
  try {
    await runGit(clone, ['cat-file', '-e', `${from}^{commit}`]);
  } catch {
    return undefined;
  }
  return (await runGit(clone, ['diff', '--name-only', from, to, '--', ...paths])).trim() !== '';
}
