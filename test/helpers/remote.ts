// A bare "GitHub" remote whose main holds a base commit, and a clone of it checked out on main:
// what the git and workflow suites start from. Made once per file (beforeAll) with bareRemote and
// copied per test with copyRemote: a copy costs far less than git init, commit and push.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { copyTemplate } from './example.ts';

export interface BareRemote {
  /** The temporary directory holding the remote and the clone; removed with removeRemote. */
  work: string;
  /** `<work>/remote.git`, bare, default branch main. */
  remote: string;
  /** The clone, on main, with origin pointing at the remote. */
  clone: string;
}

export interface BareRemoteOptions {
  /** Name of the clone's directory under `work`. */
  cloneName?: string;
  /** Writes the base commit's files into the clone. */
  files: (clone: string) => Promise<void>;
  /** Commits them; by default `git add -A` and one commit "base" by a test identity. */
  commit?: (clone: string) => Promise<void>;
}

const TEST_IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];

export async function bareRemote(options: BareRemoteOptions): Promise<BareRemote> {
  const work = await mkdtemp(path.join(tmpdir(), 'kolokasi-remote-'));
  const remote = path.join(work, 'remote.git');
  await simpleGit(work).raw(['init', '-q', '--bare', '-b', 'main', remote]);
  const clone = path.join(work, options.cloneName ?? 'clone');
  await simpleGit(work).clone(remote, clone, ['-q']);
  const git = simpleGit(clone);
  await git.raw(['checkout', '-q', '-b', 'main']);
  await options.files(clone);
  if (options.commit) await options.commit(clone);
  else {
    await git.raw(['add', '-A']);
    await git.raw([...TEST_IDENTITY, 'commit', '-q', '-m', 'base']);
  }
  await git.raw(['push', '-q', 'origin', 'HEAD:refs/heads/main']);
  return { work, remote, clone };
}

/** A copy of `template` in a new temporary directory, the clone's origin pointing at the copy's remote. */
export async function copyRemote(template: BareRemote): Promise<BareRemote> {
  const work = await copyTemplate(template.work);
  const remote = path.join(work, path.relative(template.work, template.remote));
  const clone = path.join(work, path.relative(template.work, template.clone));
  await simpleGit(clone).raw(['remote', 'set-url', 'origin', remote]);
  return { work, remote, clone };
}

export async function removeRemote(made: BareRemote): Promise<void> {
  await rm(made.work, { recursive: true, force: true });
}
