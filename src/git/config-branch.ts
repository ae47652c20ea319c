// Publishing the rendered gateway configuration to a branch of its own (default `gateway-config`),
// one folder per stack, with the set's manifest.json. Each commit is a version the gateway can pull (`git pull`, or a raw file
// URL), its message names the main commit it was rendered from, and `git log` on the branch is the
// history of what the gateway was told. The work happens in a temporary worktree of the same
// repository, so the checkout's credentials are used and the main work tree is never touched.
import { cp, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STACK_NAME } from '../core/stack.ts';
import { UsageError } from '../errors.ts';
import { commitAndPushWithRetry, gitAs, type BotIdentity, type PushRetryResult } from './push-retry.ts';
import { runGit } from './run.ts';

export interface PublishOptions {
  repoDir: string;
  /** The output set whose files (and manifest) are published, e.g. build/dev/current. */
  sourceDir: string;
  /** Folder on the branch, e.g. the stack name. */
  folder: string;
  branch: string;
  remote?: string;
  identity: BotIdentity;
  /** The main commit the files were rendered from; recorded in SOURCE and the message. */
  sourceCommit: string;
  message: string;
  maxAttempts?: number;
}

export async function publishToBranch(options: PublishOptions): Promise<PushRetryResult> {
  if (!STACK_NAME.test(options.folder)) throw new Error(`invalid folder name '${options.folder}'`);
  // `current` is a link: publish the set it points at, as it is now, not the link.
  const sourceDir = await realpath(options.sourceDir).catch(() => undefined);
  const entries = sourceDir === undefined ? undefined : await readdir(sourceDir).catch(() => undefined);
  if (sourceDir === undefined || entries === undefined || entries.length === 0) {
    throw new UsageError(
      { en: `nothing to publish in ${options.sourceDir}`, id: `tidak ada yang diterbitkan di ${options.sourceDir}` },
      { en: 'give the folder kolokasi apply wrote, e.g. --from build/dev/current', id: 'berikan folder yang ditulis kolokasi apply, mis. --from build/dev/current' },
    );
  }
  const remote = options.remote ?? 'origin';
  const main = gitAs(options.repoDir, options.identity);
  const work = await mkdtemp(path.join(tmpdir(), 'kolokasi-publish-'));
  const worktree = path.join(work, 'tree');
  const exists = await remoteBranchExists(options.repoDir, remote, options.branch);
  if (exists) {
    await main(['fetch', '--quiet', remote, `+refs/heads/${options.branch}:refs/remotes/${remote}/${options.branch}`]);
    await main(['worktree', 'add', '--quiet', '--detach', worktree, `refs/remotes/${remote}/${options.branch}`]);
  } else {
    // A first publication starts an unrelated history: the branch holds configs, not code.
    await main(['worktree', 'add', '--quiet', '--detach', worktree]);
    const tree = gitAs(worktree, options.identity);
    await tree(['checkout', '--quiet', '--orphan', `kolokasi-publish-${Date.now()}`]);
    await tree(['rm', '-r', '--quiet', '--cached', '--ignore-unmatch', '.']);
    await tree(['clean', '-fdxq']);
  }
  const tree = gitAs(worktree, options.identity);
  const fill = async () => {
    const target = path.join(worktree, options.folder);
    await rm(target, { recursive: true, force: true });
    await cp(sourceDir, target, { recursive: true });
    await writeFile(path.join(target, 'SOURCE'), `${options.sourceCommit}\n`, 'utf8');
  };
  try {
    await fill();
    return await commitAndPushWithRetry({
      git: tree,
      remote,
      branch: options.branch,
      maxAttempts: options.maxAttempts ?? 5,
      what: { en: 'the gateway configuration', id: 'konfigurasi gateway' },
      recompute: fill,
      async commit() {
        await tree(['add', '--all', '--', options.folder]);
        const staged = await tree(['diff', '--cached', '--name-only', '--', options.folder]);
        if (staged.trim() === '') return false;
        await tree(['commit', '--quiet', '--no-verify', '-m', options.message, '--', options.folder]);
        return true;
      },
    });
  } finally {
    await main(['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

async function remoteBranchExists(repoDir: string, remote: string, branch: string): Promise<boolean> {
  const out = await runGit(repoDir, ['ls-remote', '--heads', remote, `refs/heads/${branch}`]);
  return out.trim() !== '';
}
