// What the gateway agent reads from git: main's latest ledger commit and the set published on the
// gateway-config branch. It keeps a bare clone of its own in its state directory and never pushes.
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Refs the agent fetches into; nothing else in its clone matters. */
export const MAIN_REF = 'refs/kolokasi/main';
export const PUBLISHED_REF = 'refs/kolokasi/published';

export class GitSourceError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'GitSourceError';
  }
}

async function git(repo: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8'): Promise<string | Buffer> {
  try {
    // No prompt for credentials on a timer: a missing credential is a failure to report.
    const { stdout } = await run('git', args, {
      cwd: repo, encoding, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    } as Parameters<typeof execFile>[2] & { encoding: typeof encoding });
    return stdout as unknown as string | Buffer;
  } catch (error) {
    const e = error as { stderr?: string | Buffer; message: string };
    throw new GitSourceError(String(e.stderr ?? '').trim() || e.message);
  }
}

/** Fetches `branch` and `configBranch` of `remote`; the second may be missing (nothing published yet). */
export async function fetchSources(clone: string, remote: string, branch: string, configBranch: string): Promise<{ published: boolean }> {
  const exists = await access(path.join(clone, 'HEAD')).then(() => true, () => false);
  if (!exists) {
    await mkdir(clone, { recursive: true });
    await git(clone, ['init', '--quiet', '--bare']);
  }
  await git(clone, ['fetch', '--quiet', '--no-tags', '--prune', remote, `+refs/heads/${branch}:${MAIN_REF}`]);
  try {
    await git(clone, ['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${configBranch}:${PUBLISHED_REF}`]);
    return { published: true };
  } catch {
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
    return (await git(clone, ['cat-file', 'blob', `${ref}:${file}`], 'buffer')) as Buffer;
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
