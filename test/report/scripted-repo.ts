// A repository with a scripted history, the way the GitHub flow leaves it: requests merged from
// pull-request branches, the bot's ledger commit after each merge (with the pull request and its
// approvers in the message, written by the real ledgerCommitMessage), and later a request deleted
// in another pull request and its addresses released.
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo } from '../helpers/repo.ts';
import { readRepository } from '../../src/io/repository.ts';
import { validateRepository } from '../../src/core/pipeline.ts';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger, parseLedger, serializeLedger } from '../../src/core/ledger.ts';
import { ledgerCommitMessage } from '../../src/git/ledger-commit.ts';

export const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };
export const OPD_AUTHOR = { name: 'Rina Wulandari', email: 'rina.wulandari@bkpsdm.tarakankota.go.id' };
export const MAINTAINER = { name: 'Kabid Aplikasi', email: 'kabid@tarakankota.go.id' };

/** The moments of the script, with Tarakan's offset as people there would write them. */
export const TIMES = {
  initial: '2026-10-01T08:00:00+08:00',
  initialLedger: '2026-10-01T08:00:30+08:00',
  mainMoves: '2026-11-03T11:00:00+08:00',
  simpegWritten: '2026-11-02T09:00:00+08:00',
  simpegMerged: '2026-11-05T10:00:00+08:00',
  simpegApplied: '2026-11-05T10:00:45+08:00',
  sikRetitled: '2026-11-12T10:00:00+08:00',
  sikDeleted: '2026-11-19T14:00:00+08:00',
  sikMerged: '2026-11-20T09:00:00+08:00',
  sikReleased: '2026-11-20T09:00:30+08:00',
  report: '2026-11-27T08:00:00Z',
} as const;

export const SIMPEG_PR = 12;
export const SIK_PR = 13;
export const SIMPEG_APPROVERS = ['kabid-aplikasi=alice', 'kepala-dkisp=bob'];
export const SIK_APPROVERS = ['kabid-aplikasi=alice'];
/** The title sik's file had last, after an edit: what the report of the released request shows. */
export const SIK_LAST_TITLE = 'SIKDA Generik Kota Tarakan — édition 2026';

interface Person {
  name: string;
  email: string;
}

/** git in `dir` as `who`, at a fixed time, with no user or system configuration. */
export function git(dir: string, args: string[], who: Person = MAINTAINER, at?: string, committedAt?: string): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      ...(at ? { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: committedAt ?? at } : {}),
    },
  });
}

/** Runs the allocation the way `kolokasi apply` would at `at`, and writes the ledger. */
async function applyAt(dir: string, at: string): Promise<void> {
  const sources = await readRepository(dir, 'dev');
  const validated = validateRepository(sources);
  if (!validated.stack) throw new Error('the example stack does not parse');
  const now = new Date(at);
  const ledger = sources.ledger ? parseLedger(sources.ledger, { stack: 'dev', config: validated.stack.config, now }).ledger! : emptyLedger('dev');
  const result = allocate({ config: validated.stack.config, requests: validated.requests, ledger, now });
  if (result.unallocated.length > 0) throw new Error(`unallocated: ${result.unallocated.join(', ')}`);
  await writeFile(path.join(dir, 'stacks/dev.allocations.yaml'), serializeLedger(result.ledger));
}

function botLedgerCommit(dir: string, at: string, pr: number, approvers: string[], sourceCommit: string): string {
  git(dir, ['add', '--', 'stacks/dev.allocations.yaml'], BOT);
  git(dir, ['commit', '--quiet', '--no-verify', '-m', ledgerCommitMessage({ stack: 'dev', pr, approvers, sourceCommit })], BOT, at);
  return head(dir);
}

function head(dir: string): string {
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

export interface ScriptedRepo {
  dir: string;
  commits: {
    simpegWritten: string;
    simpegMerge: string;
    simpegLedger: string;
    sikDelete: string;
    sikMerge: string;
    sikLedger: string;
  };
}

export async function scriptedRepo(): Promise<ScriptedRepo> {
  const dir = await exampleRepo();
  const simpeg = await readFile(path.join(dir, 'requests/bkpsdm/simpeg.yaml'), 'utf8');
  await rm(path.join(dir, 'requests/bkpsdm/simpeg.yaml'));
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '--quiet', '-m', 'Colocation requests of the first OPDs'], MAINTAINER, TIMES.initial);
  await applyAt(dir, TIMES.initialLedger);
  botLedgerCommit(dir, TIMES.initialLedger, 1, ['kabid-aplikasi=alice'], head(dir));

  // Pull request #12: BKPSDM files simpeg on a branch while main moves on.
  git(dir, ['checkout', '--quiet', '-b', 'bkpsdm/simpeg']);
  await mkdir(path.join(dir, 'requests/bkpsdm'), { recursive: true });
  await writeFile(path.join(dir, 'requests/bkpsdm/simpeg.yaml'), simpeg);
  git(dir, ['add', 'requests/bkpsdm/simpeg.yaml'], OPD_AUTHOR);
  git(dir, ['commit', '--quiet', '-m', 'Permohonan colocation SIMPEG'], OPD_AUTHOR, TIMES.simpegWritten);
  const simpegWritten = head(dir);
  git(dir, ['checkout', '--quiet', 'main']);
  await writeFile(path.join(dir, 'NOTES.txt'), 'maintenance window every Friday\n');
  git(dir, ['add', 'NOTES.txt']);
  git(dir, ['commit', '--quiet', '-m', 'Maintenance notes'], MAINTAINER, TIMES.mainMoves);
  git(dir, ['merge', '--quiet', '--no-ff', '-m', `Merge pull request #${SIMPEG_PR} from bkpsdm/simpeg`, 'bkpsdm/simpeg'], MAINTAINER, TIMES.simpegMerged);
  const simpegMerge = head(dir);
  await applyAt(dir, TIMES.simpegApplied);
  const simpegLedger = botLedgerCommit(dir, TIMES.simpegApplied, SIMPEG_PR, SIMPEG_APPROVERS, simpegMerge);

  // Dinkes renames the application before giving it up: the report must show the last title.
  const sik = path.join(dir, 'requests/dinkes/sik.yaml');
  const sikText = await readFile(sik, 'utf8');
  const retitled = sikText.replace(/^  title: .*$/m, `  title: ${SIK_LAST_TITLE}`);
  if (retitled === sikText) throw new Error('sik.yaml has no title line to edit');
  await writeFile(sik, retitled);
  git(dir, ['add', 'requests/dinkes/sik.yaml'], OPD_AUTHOR);
  git(dir, ['commit', '--quiet', '-m', 'Ganti judul SIK'], OPD_AUTHOR, TIMES.sikRetitled);

  // Pull request #13: Dinkes withdraws sik; the merge releases its addresses into quarantine.
  git(dir, ['checkout', '--quiet', '-b', 'dinkes/withdraw-sik']);
  git(dir, ['rm', '--quiet', 'requests/dinkes/sik.yaml']);
  git(dir, ['commit', '--quiet', '-m', 'Tarik permohonan SIK'], OPD_AUTHOR, TIMES.sikDeleted);
  const sikDelete = head(dir);
  git(dir, ['checkout', '--quiet', 'main']);
  git(dir, ['merge', '--quiet', '--no-ff', '-m', `Merge pull request #${SIK_PR} from dinkes/withdraw-sik`, 'dinkes/withdraw-sik'], MAINTAINER, TIMES.sikMerged);
  const sikMerge = head(dir);
  await applyAt(dir, TIMES.sikReleased);
  const sikLedger = botLedgerCommit(dir, TIMES.sikReleased, SIK_PR, SIK_APPROVERS, sikMerge);
  return { dir, commits: { simpegWritten, simpegMerge, simpegLedger, sikDelete, sikMerge, sikLedger } };
}
