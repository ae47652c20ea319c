// Files as they were at another commit, for the plan of a pull request: what the requests said on
// the base branch, so a changed subdomain or service shows as an update. Two git processes in all,
// whatever the number of files: one listing, one `cat-file --batch` reading every blob.
import type { SourceFile } from '../core/model.ts';
import { runGit, runGitBytes } from './run.ts';

/** The commit id `ref` names; throws when it names no commit of `repo`. */
async function resolveCommit(repo: string, ref: string): Promise<string> {
  const commit = (await runGit(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '')).trim();
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`'${ref}' is not a commit`);
  return commit;
}

/** Regular files under `dir` at `ref`, with their text; paths relative to `repo`. */
export async function readFilesAtRef(repo: string, ref: string, dir: string): Promise<SourceFile[]> {
  const commit = await resolveCommit(repo, ref);
  const listing = await runGit(repo, ['ls-tree', '-r', '-z', '--name-only', commit, '--', `${dir}/`]);
  const files = listing.split('\0').filter((f) => f.length > 0).sort();
  if (files.length === 0) return [];
  const blobs = await catFileBatch(repo, files.map((f) => `${commit}:./${f}`));
  return files.map((file, i) => ({ file, text: blobs[i] ?? '' }));
}

/**
 * Every path that differs between `base` and HEAD, relative to `repo`. Renames are
 * not followed: a file moved from one OPD's folder to another's lists both folders, as the
 * reviewers of both must see it.
 */
export async function changedPathsSince(repo: string, base: string): Promise<string[]> {
  const [from, to] = [await resolveCommit(repo, base), await resolveCommit(repo, 'HEAD')];
  const listing = await runGit(repo, ['diff', '--no-renames', '--no-ext-diff', '--relative', '--name-only', '-z', from, to, '--']);
  return listing.split('\0').filter((f) => f.length > 0);
}

/**
 * The text of each object (`<rev>:<path>` or a blob id), in one `git cat-file --batch`; undefined for
 * one git does not have (a path absent at that commit, a parent cut off by a shallow clone).
 */
export async function catFileBatch(repo: string, objects: readonly string[]): Promise<(string | undefined)[]> {
  if (objects.length === 0) return [];
  const out = await runGitBytes(repo, ['cat-file', '--batch'], { input: `${objects.join('\n')}\n` });
  const texts: (string | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < objects.length; i++) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString();
    if (/ (missing|ambiguous)$/.test(header)) {
      texts.push(undefined);
      at = headerEnd + 1;
      continue;
    }
    const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1] ?? -1);
    if (size < 0) throw new Error(`git cat-file: unexpected '${header}'`);
    texts.push(out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    at = headerEnd + 1 + size + 1;
  }
  return texts;
}
