// The commit an output set was computed from, for its manifest: HEAD, but only when the files that
// were read (requests/ and the stack config) are exactly HEAD's. A work tree with local edits has no
// commit that produced its outputs, and naming HEAD then would be a false provenance.
import { FULL_COMMIT_ID, gitIn } from './run.ts';

export async function cleanHeadCommit(repo: string, paths: readonly string[]): Promise<string | undefined> {
  try {
    const git = gitIn(repo);
    const head = (await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
    if (!FULL_COMMIT_ID.test(head)) return undefined;
    const changes = await git(['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
    return changes.trim() === '' ? head : undefined;
  } catch {
    // Not a git repository (or git is missing): the commit is not known.
    return undefined;
  }
}
