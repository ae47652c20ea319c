// Files as they were at commits the history names, for the reports: a withdrawn request's file just
// before it was deleted (its title and DNS name), and the ledger after each commit that changed it
// (where a request moved to a new id). One `git cat-file --batch` each, however long the history.
import type { SourceFile } from '../core/model.ts';
import type { GitCommit, RepositoryHistory } from './history.ts';
import { catFileBatch } from './tree.ts';

/**
 * Each request file whose last change in the history is its deletion, as it was in the last commit
 * that had it: the parent of the deletion (the main line's side, for a merge). Files git no longer
 * has (a shallow clone) are left out.
 */
export async function readWithdrawnRequestFiles(root: string, history: RepositoryHistory): Promise<SourceFile[]> {
  const last = new Map<string, RepositoryHistory['requestEvents'][number]>();
  for (const event of history.requestEvents) last.set(event.file, event);
  const deleted = [...last.values()].filter((event) => event.change === 'deleted');
  if (deleted.length === 0) return [];
  const texts = await catFileBatch(root, deleted.map((event) => `${event.commit.hash}^:./${event.file}`));
  return deleted.flatMap((event, i) => {
    const text = texts[i];
    return text === undefined ? [] : [{ file: event.file, text }];
  });
}

export interface LedgerFileVersion {
  /** Its position in the history's ledger changes: versions next to each other differ by one. */
  index: number;
  commit: GitCommit;
  /** Undefined when the commit deleted the ledger. */
  text?: string;
}

/** The ledger after the commits at these positions of the history's ledger changes, oldest first. */
export async function readLedgerVersions(root: string, ledgerFile: string, history: RepositoryHistory, indices: readonly number[]): Promise<LedgerFileVersion[]> {
  const wanted = indices.filter((index) => history.ledgerChanges[index] !== undefined);
  if (wanted.length === 0) return [];
  const texts = await catFileBatch(root, wanted.map((index) => `${history.ledgerChanges[index]!.commit.hash}:./${ledgerFile}`));
  return wanted.map((index, i) => {
    const { commit } = history.ledgerChanges[index]!;
    const text = texts[i];
    return text === undefined ? { index, commit } : { index, commit, text };
  });
}
