// What the last ledger commit applied, request file by request file, and what differs from it now.
// The last ledger commit is the bot's last ledger commit on the first-parent line
// (bot-ledger-commits.ts: any other commit touching the ledger, a merged pull request's above all,
// says nothing about what was applied); the requests it applied are those of its parent, its own
// tree's, except those its Kolokasi-Held trailers name: those were applied as they were at an
// older commit (`since`). Everything is compared by git blob id, so a change is recognised
// whatever its path took to get there.
import { ledgerPath } from '../core/ledger.ts';
import type { SourceFile } from '../core/model.ts';
import { compareText } from '../core/order.ts';
import { REQUESTS_DIR, requestPathParts } from '../core/requests.ts';
import { gateChanges, type GateResult, type RequestDifference, type SignoffRecord } from '../github/verify-signoff.ts';
import { lastBotLedgerCommit } from './bot-ledger-commits.ts';
import { hasHead } from './history.ts';
import { parseProvenanceTrailers } from './provenance.ts';
import { runGit } from './run.ts';
import { catFileBatch } from './tree.ts';

export interface RequestBaseline {
  /** The last ledger commit reachable from the commit compared; null before the first one. */
  ledgerCommit: string | null;
  /** The commit whose requests it applied: its first parent; null when nothing was applied yet. */
  appliedAt: string | null;
  /** Path -> the blob applied. A path not here was not applied (absent). */
  blobs: Map<string, string>;
  /** Path -> the commit whose content was applied, for each change the ledger commit held (null: none). */
  since: Map<string, string | null>;
}

const isRequestPath = (file: string) => requestPathParts(file) !== undefined;

/** Request files and their blob ids in a commit's tree (optionally only some paths). */
export async function requestBlobsAt(repo: string, commit: string, paths: readonly string[] = [`${REQUESTS_DIR}/`]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const listing = await runGit(repo, ['ls-tree', '-r', '-z', commit, '--', ...paths]);
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob (\S+)\t(.+)$/s.exec(entry);
    if (match && isRequestPath(match[2]!)) out.set(match[2]!, match[1]!);
  }
  return out;
}

/** The request files of the work tree (paths as read), with the blob ids `git add` would give them. */
async function workTreeBlobs(repo: string, paths: readonly string[]): Promise<Map<string, string>> {
  const files = paths.filter(isRequestPath);
  if (files.length === 0) return new Map();
  const ids = (await runGit(repo, ['hash-object', '--stdin-paths'], { input: `${files.join('\n')}\n` })).trim().split('\n');
  return new Map(files.map((file, i) => [file, ids[i]!]));
}

/** `botEmail`: the committer of the bot's ledger commits; by default from KOLOKASI_BOT_EMAIL. */
export async function readBaseline(repo: string, stack: string, from: string, botEmail?: string): Promise<RequestBaseline> {
  const ledgerCommit = await lastBotLedgerCommit(repo, ledgerPath(stack), from, botEmail);
  if (ledgerCommit === null) return { ledgerCommit, appliedAt: null, blobs: new Map(), since: new Map() };
  const parent = (await runGit(repo, ['rev-parse', '--verify', '--quiet', `${ledgerCommit}^1`]).catch(() => '')).trim();
  const appliedAt = parent === '' ? null : parent;
  const blobs = appliedAt === null ? new Map<string, string>() : await requestBlobsAt(repo, appliedAt);
  const since = new Map<string, string | null>();
  const message = await runGit(repo, ['log', '-1', '--format=%B', ledgerCommit]);
  for (const held of parseProvenanceTrailers(message).held) {
    if (!isRequestPath(held.path)) continue;
    since.set(held.path, held.since);
    const applied = held.since === null ? undefined : (await requestBlobsAt(repo, held.since, [held.path])).get(held.path);
    if (applied === undefined) blobs.delete(held.path);
    else blobs.set(held.path, applied);
  }
  return { ledgerCommit, appliedAt, blobs, since };
}

/** Every request file whose blob differs from the one applied; sorted by path. */
export function requestDifferences(baseline: RequestBaseline, current: ReadonlyMap<string, string>): RequestDifference[] {
  const paths = new Set([...baseline.blobs.keys(), ...baseline.since.keys(), ...current.keys()]);
  const out: RequestDifference[] = [];
  for (const path of [...paths].sort(compareText)) {
    const before = baseline.blobs.get(path) ?? null;
    const after = current.get(path) ?? null;
    if (before === after) continue;
    const since = baseline.since.has(path) ? baseline.since.get(path)! : baseline.appliedAt;
    out.push({ path, before, after, since });
  }
  return out;
}

/** `requests` with each path taken back to the blob applied (null: left out). */
async function takeBack(repo: string, requests: readonly SourceFile[], paths: readonly { path: string; before: string | null }[]): Promise<SourceFile[]> {
  const restore = paths.filter((p) => p.before !== null);
  const texts = await catFileBatch(repo, restore.map((p) => p.before!));
  const taken = new Set(paths.map((p) => p.path));
  const out = requests.filter((r) => !taken.has(r.file));
  restore.forEach((p, i) => {
    const text = texts[i];
    if (text === undefined) throw new Error(`git has no blob ${p.before} for ${p.path}: is the clone shallow?`);
    out.push({ file: p.path, text });
  });
  return out.sort((a, b) => compareText(a.file, b.file));
}

/**
 * The request sources of the work tree with every change the record does not sign off taken back
 * to what was applied: an added file left out, a changed one as it was, a deleted one restored.
 */
export async function gateWorkTree(repo: string, stack: string, requests: readonly SourceFile[], record: SignoffRecord, botEmail?: string): Promise<{ requests: SourceFile[]; gate: GateResult }> {
  const baseline = await readBaseline(repo, stack, 'HEAD', botEmail);
  const current = await workTreeBlobs(repo, requests.map((r) => r.file));
  const gate = gateChanges(requestDifferences(baseline, current), record);
  return { requests: await takeBack(repo, requests, gate.held.map((h) => h.difference)), gate };
}

/**
 * The request sources as the last ledger commit applied them: the changes it held taken back, so
 * that DNS is never made for a request the ledger commit did not sign off. Outside a git work
 * tree, or before the first commit, the sources as given.
 */
export async function asLastApplied(repo: string, stack: string, requests: readonly SourceFile[]): Promise<SourceFile[]> {
  if (!(await hasHead(repo))) return [...requests];
  const baseline = await readBaseline(repo, stack, 'HEAD');
  if (baseline.since.size === 0) return [...requests];
  return takeBack(repo, requests, [...baseline.since.keys()].map((path) => ({ path, before: baseline.blobs.get(path) ?? null })));
}
