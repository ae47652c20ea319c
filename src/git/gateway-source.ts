// What the gateway agent reads from git: main's latest ledger commit and the set published on the
// gateway-config branch. It keeps a bare clone of its own in its state directory and never pushes.
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Refs the agent fetches into; nothing else in its clone matters. */
export const MAIN_REF = 'refs/kolokasi/main';
export const PUBLISHED_REF = 'refs/kolokasi/published';

export class GitSourceError extends Error {
  constructor(readonly detail: string, readonly timedOut = false) {
    super(detail);
    this.name = 'GitSourceError';
  }
}

interface GitOptions {
  encoding?: 'utf8' | 'buffer';
  /**
   * For commands that talk to the remote: after this long the command and every helper it started
   * (git-remote-http, ssh) are killed. Without it a remote that accepts and never answers, or a
   * route that swallows the SYN, holds the agent (and its lock) for many minutes.
   */
  timeoutMs?: number;
}

function git(repo: string, args: string[], options: GitOptions = {}): Promise<string | Buffer> {
  const { encoding = 'utf8', timeoutMs } = options;
  return new Promise((resolve, reject) => {
    // No prompt for credentials on a timer: a missing credential is a failure to report. A process
    // group of its own (detached), so that a timeout ends the helpers too: they hold git's output
    // pipes open, and the result would wait for them.
    const child = spawn('git', args, { cwd: repo, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: timeoutMs !== undefined });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new GitSourceError(error.message));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new GitSourceError(`git ${args[0]} had no answer within ${timeoutMs! / 1000} s (gitTimeoutSeconds)`, true));
      else if (code !== 0) reject(new GitSourceError(Buffer.concat(stderr).toString('utf8').trim() || `git ${args[0]} exited with ${code}`));
      else resolve(encoding === 'buffer' ? Buffer.concat(stdout) : Buffer.concat(stdout).toString('utf8'));
    });
  });
}

/**
 * Fetches `branch` and `configBranch` of `remote`; the second may be missing (nothing published yet).
 * Each fetch is given up after `timeoutMs`.
 */
export async function fetchSources(clone: string, remote: string, branch: string, configBranch: string, timeoutMs: number): Promise<{ published: boolean }> {
  const exists = await access(path.join(clone, 'HEAD')).then(() => true, () => false);
  if (!exists) {
    await mkdir(clone, { recursive: true });
    await git(clone, ['init', '--quiet', '--bare']);
  }
  await git(clone, ['fetch', '--quiet', '--no-tags', '--prune', remote, `+refs/heads/${branch}:${MAIN_REF}`], { timeoutMs });
  try {
    await git(clone, ['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${configBranch}:${PUBLISHED_REF}`], { timeoutMs });
    return { published: true };
  } catch (error) {
    // A branch not there yet is "nothing published"; a remote that stopped answering is not.
    if (error instanceof GitSourceError && error.timedOut) throw error;
    return { published: false };
  }
}

/** The newest commit of `ref` that changed `file`, or undefined when none did. */
export async function latestCommitOf(clone: string, ref: string, file: string): Promise<string | undefined> {
  const out = String(await git(clone, ['log', '-1', '--format=%H', ref, '--', file])).trim();
  return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
}

/** The bytes of `file` at `ref`, or undefined when it is not there. */
export async function fileAt(clone: string, ref: string, file: string): Promise<Buffer | undefined> {
  try {
    return (await git(clone, ['cat-file', 'blob', `${ref}:${file}`], { encoding: 'buffer' })) as Buffer;
  } catch {
    return undefined;
  }
}

/** A throwaway work tree of `commit`; `remove` takes it away again. */
export async function checkoutAt(clone: string, commit: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(path.join(tmpdir(), 'kolokasi-gateway-'));
  const dir = path.join(parent, 'tree');
  await git(clone, ['worktree', 'add', '--quiet', '--detach', dir, commit]);
  return {
    dir,
    async remove() {
      await git(clone, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
      await rm(parent, { recursive: true, force: true });
      await git(clone, ['worktree', 'prune']).catch(() => undefined);
    },
  };
}

/** The commit `ref` points at. */
export async function commitOf(clone: string, ref: string): Promise<string> {
  return String(await git(clone, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
}

/**
 * Whether `paths` differ between two commits; undefined when `from` is not known here (a
 * publication from a commit that is not on the fetched branch).
 */
export async function changedBetween(clone: string, from: string, to: string, paths: readonly string[]): Promise<boolean | undefined> {
  try {
    await git(clone, ['cat-file', '-e', `${from}^{commit}`]);
  } catch {
    return undefined;
  }
  return String(await git(clone, ['diff', '--name-only', from, to, '--', ...paths])).trim() !== '';
}
