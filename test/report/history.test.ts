// Reading the timeline from git: the commit that added a request, the merge that brought it in, the
// bot's ledger commits with their pull request and approvers, and a deletion with its release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseLedgerTrailers, readHistory, type RepositoryHistory } from '../../src/git/history.ts';
import { ledgerCommitMessage } from '../../src/git/ledger-commit.ts';
import { requestTimeline } from '../../src/report/timeline.ts';
import { readLedgerVersions, readWithdrawnRequestFiles } from '../../src/git/past-files.ts';
import { catFileBatch } from '../../src/git/tree.ts';
import { removeRepo } from '../helpers/repo.ts';
import { SIK_LAST_TITLE, SIK_PR, SIMPEG_PR, TIMES, scriptedRepo, type ScriptedRepo } from './scripted-repo.ts';

let repo: ScriptedRepo;
let history: RepositoryHistory;

beforeAll(async () => {
  repo = await scriptedRepo();
  const read = await readHistory(repo.dir, 'stacks/dev.allocations.yaml');
  if (!read) throw new Error('the scripted repository was not read as a git repository');
  history = read;
});
afterAll(async () => {
  if (repo) await removeRepo(repo.dir);
});

const iso = (at: string) => new Date(at).toISOString().replace('.000Z', 'Z');

describe('readHistory', () => {
  it('finds the commit that added a request and the merge that brought it in, oldest first', () => {
    const events = history.requestEvents.filter((e) => e.request === 'bkpsdm/simpeg');
    expect(events.map((e) => [e.change, e.commit.hash, e.commit.parents.length])).toEqual([
      ['added', repo.commits.simpegWritten, 1],
      ['added', repo.commits.simpegMerge, 2],
    ]);
    expect(iso(events[0]!.commit.authoredAt)).toBe(iso(TIMES.simpegWritten));
    expect(events[0]!.commit.authorName).toBe('Rina Wulandari');
    expect(iso(events[1]!.commit.committedAt)).toBe(iso(TIMES.simpegMerged));
  });

  it('sees the deletion on the branch and by the merge', () => {
    const events = history.requestEvents.filter((e) => e.request === 'dinkes/sik');
    expect(events.map((e) => [e.change, e.commit.hash])).toEqual([
      ['added', events[0]!.commit.hash],
      ['deleted', repo.commits.sikDelete],
      ['deleted', repo.commits.sikMerge],
    ]);
  });

  it('skips files under requests/ that are not requests', () => {
    expect(history.requestEvents.some((e) => e.file === 'requests/opds.yaml')).toBe(false);
  });

  it('reads every ledger commit with its trailers and the lines it added', () => {
    expect(history.ledgerChanges).toHaveLength(3);
    const [initial, simpeg, sik] = history.ledgerChanges;
    expect(initial!.trailers.pullRequest).toBe(1);
    expect(initial!.allocated.map((a) => a.request).sort()).toContain('dinkes/sik');
    expect(simpeg!.commit.hash).toBe(repo.commits.simpegLedger);
    expect(simpeg!.trailers).toEqual({
      pullRequest: SIMPEG_PR,
      approvers: ['alice (kabid-aplikasi)', 'bob (kepala-dkisp)'],
      sourceCommit: repo.commits.simpegMerge,
      requests: [],
    });
    // Only the new allocation line: the others did not change.
    expect(simpeg!.allocated.map((a) => a.request)).toEqual(['bkpsdm/simpeg']);
    expect(simpeg!.allocated[0]!.allocatedAt).toBe(iso(TIMES.simpegApplied));
    expect(simpeg!.allocated[0]!.publicIpv6).toMatch(/^2001:db8:7a::/);
    expect(sik!.trailers.pullRequest).toBe(SIK_PR);
    expect(sik!.released).toEqual([expect.objectContaining({ request: 'dinkes/sik', releasedAt: iso(TIMES.sikReleased) })]);
    expect(sik!.allocated).toEqual([]);
  });

  it('is undefined outside a git repository', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kolokasi-nogit-'));
    try {
      expect(await readHistory(dir, 'stacks/dev.allocations.yaml')).toBeUndefined();
    } finally {
      await removeRepo(dir);
    }
  });
});

describe('requestTimeline', () => {
  it('puts requested, approved (with the approvers of the ledger commit) and applied in place', () => {
    const timeline = requestTimeline('bkpsdm/simpeg', history, { allocatedAt: iso(TIMES.simpegApplied) });
    expect(timeline.requested).toEqual({ at: TIMES.simpegWritten, commit: repo.commits.simpegWritten, by: 'Rina Wulandari' });
    expect(timeline.approved).toEqual({
      at: TIMES.simpegMerged,
      commit: repo.commits.simpegMerge,
      approvers: ['alice (kabid-aplikasi)', 'bob (kepala-dkisp)'],
      pullRequest: SIMPEG_PR,
    });
    expect(timeline.applied?.commit).toBe(repo.commits.simpegLedger);
    expect(iso(timeline.applied!.at)).toBe(iso(TIMES.simpegApplied));
    expect(timeline.released).toBeUndefined();
    expect(timeline.withdrawn).toBeUndefined();
  });

  it('follows a released request to its deletion and release', () => {
    const timeline = requestTimeline('dinkes/sik', history, { allocatedAt: iso(TIMES.initialLedger), releasedAt: iso(TIMES.sikReleased) });
    expect(iso(timeline.requested!.at)).toBe(iso(TIMES.initial));
    expect(timeline.approved?.pullRequest).toBe(1);
    expect(timeline.withdrawn?.commit).toBe(repo.commits.sikMerge);
    expect(iso(timeline.withdrawn!.at)).toBe(iso(TIMES.sikMerged));
    expect(timeline.released?.commit).toBe(repo.commits.sikLedger);
  });

  it('falls back to the ledger times without git', () => {
    expect(requestTimeline('dinkes/sik', undefined, { allocatedAt: '2026-10-01T00:00:30Z', releasedAt: '2026-11-20T01:00:30Z' })).toEqual({
      applied: { at: '2026-10-01T00:00:30Z' },
      released: { at: '2026-11-20T01:00:30Z' },
    });
  });
});

describe('parseLedgerTrailers', () => {
  it('reads what the bot writes', () => {
    const message = ledgerCommitMessage({ stack: 'dev', pr: 42, approvers: ['kabid-aplikasi=alice', 'carol'], sourceCommit: 'abcdef1234567' });
    expect(parseLedgerTrailers(message)).toEqual({ pullRequest: 42, approvers: ['alice (kabid-aplikasi)', 'carol'], sourceCommit: 'abcdef1234567', requests: [] });
  });

  it('reads hand-written variants: PR:, a pull request URL, comma-separated approvers', () => {
    expect(parseLedgerTrailers('ledger: manual fix\n\nPR: #7\nApproved-by: @alice, bob\n')).toEqual({ pullRequest: 7, approvers: ['alice', 'bob'], requests: [] });
    expect(parseLedgerTrailers('ledger\n\nPull-request: https://github.com/pemkot/kolokasi/pull/19\n').pullRequest).toBe(19);
  });

  it('reads one Kolokasi-Request trailer per request, and never one in the subject', () => {
    const message = ledgerCommitMessage({
      stack: 'dev',
      approvers: [],
      provenance: {
        requests: [
          { path: 'requests/dinkes/sik.yaml', change: 'added', pr: 5, head: 'a'.repeat(40), approvers: { 'kabid-aplikasi': 'alice', 'kepala-dkisp': 'bob' } },
          { path: 'requests/bapenda/esppt.yaml', change: 'changed', pr: 6, head: 'b'.repeat(40), approvers: { 'kabid-aplikasi': 'carol', 'kepala-dkisp': 'dave' } },
        ],
        held: [{ path: 'requests/dkisp/x.yaml', since: null, reason: 'awaiting sign-off: a "quoted"\nline' }],
      },
    });
    expect(message.split('\n')[0]).toBe('ledger(dev): allocations after #5, #6');
    const trailers = parseLedgerTrailers(message);
    expect(trailers.pullRequest).toBe(5);
    expect(trailers.requests.map((r) => [r.path, r.pr, r.approvers['kepala-dkisp']])).toEqual([
      ['requests/bapenda/esppt.yaml', 6, 'dave'],
      ['requests/dinkes/sik.yaml', 5, 'bob'],
    ]);
    // A reason with a line break stays on its trailer line.
    expect(message.split('\n').filter((l) => l.startsWith('Kolokasi-Held: '))).toHaveLength(1);
    expect(parseLedgerTrailers('Kolokasi-Request: {"path":"requests/a/b.yaml","change":"added","approvers":{}}\n').requests).toEqual([]);
  });

  it('falls back to the number in the subject and ignores trailer-like text in the subject', () => {
    expect(parseLedgerTrailers('ledger(dev): allocations after #31\n')).toEqual({ pullRequest: 31, approvers: [], requests: [] });
    expect(parseLedgerTrailers('Approved-by: mallory\n')).toEqual({ approvers: [], requests: [] });
  });
});

describe('files as they were', () => {
  it('reads a withdrawn request file as the last commit that had it left it', async () => {
    const files = await readWithdrawnRequestFiles(repo.dir, history);
    expect(files.map((f) => f.file)).toEqual(['requests/dinkes/sik.yaml']);
    expect(files[0]!.text).toContain(`title: ${SIK_LAST_TITLE}\n`);
  });

  it('reads the ledger after each commit that changed it', async () => {
    const versions = await readLedgerVersions(repo.dir, 'stacks/dev.allocations.yaml', history, [0, 1, 2]);
    expect(versions.map((v) => [v.index, v.commit.hash])).toEqual(history.ledgerChanges.map((c, i) => [i, c.commit.hash]));
    expect(versions[0]!.text).not.toContain('bkpsdm/simpeg');
    expect(versions[1]!.text).toContain('bkpsdm/simpeg');
  });

  it('gives nothing, not an error, for a file git does not have at that commit', async () => {
    const [missing, present] = await catFileBatch(repo.dir, [`${repo.commits.simpegMerge}:./requests/nowhere.yaml`, `${repo.commits.simpegMerge}:./requests/bkpsdm/simpeg.yaml`]);
    expect(missing).toBeUndefined();
    expect(present).toContain('name: simpeg');
  });
});

describe('readHistory on a shallow clone', () => {
  it('says the history is shallow, and still reads what is there', async () => {
    const clone = await mkdtemp(path.join(tmpdir(), 'kolokasi-shallow-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--depth', '1', pathToFileURL(repo.dir).href, clone], { env: { PATH: process.env.PATH ?? '', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
      const shallow = await readHistory(clone, 'stacks/dev.allocations.yaml');
      expect(shallow?.shallow).toBe(true);
      expect(shallow?.ledgerChanges.map((c) => c.commit.hash)).toEqual([repo.commits.sikLedger]);
      expect(history.shallow).toBe(false);
    } finally {
      await removeRepo(clone);
    }
  });
});
