// The apply's own sign-off check, end to end: a real git repository (a bare "GitHub" remote and the
// apply's clone of main), a local HTTP server answering the GitHub REST calls with GitHub-shaped
// payloads, then `verify-signoff`, `kolokasi apply --signoff`, `commit-ledger --signoff` and
// `kolokasi report`, exactly as the apply workflow runs them.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { simpleGit } from 'simple-git';
import { copyExample } from '../helpers/example.ts';
import { bareRemote, copyRemote, removeRemote, type BareRemote } from '../helpers/remote.ts';
import { PROJECT_ROOT, runCli } from '../helpers/repo.ts';
import { REPOSITORY, TOKEN, startFakeGitHub, type FakeGitHub, type FakeReview } from '../helpers/fake-github.ts';
import { requestText } from '../core/synthetic.ts';
import { runMain } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/command.ts';

/** A workflow step, run as the workflows run it: `kolokasi ci <step> ...`. */
const runCi = (argv: string[], io: Io) => runMain(['ci', ...argv], io);
import { parseProvenanceTrailers } from '../../src/git/provenance.ts';
import { GITHUB_ACTIONS_BOT } from '../../src/git/push-retry.ts';
import { formatSignoffSummary, gateChanges, gateDiagnostics, readSignoffRecord, type SignoffRecord } from '../../src/github/verify-signoff.ts';

const execFileAsync = promisify(execFile);
const LEDGER = 'stacks/dev.allocations.yaml';
// The identity the apply workflow commits with when no App is set up, which is also what the
// in-process steps (verify-signoff, the Pulumi program) take as the bot's when KOLOKASI_BOT_EMAIL is unset.
const BOT = { KOLOKASI_BOT_NAME: GITHUB_ACTIONS_BOT.name, KOLOKASI_BOT_EMAIL: GITHUB_ACTIONS_BOT.email };
const AS_BOT = ['-c', `user.name=${BOT.KOLOKASI_BOT_NAME}`, '-c', `user.email=${BOT.KOLOKASI_BOT_EMAIL}`];
const KABID = 'kabid-aplikasi-tarakan';
const SUBKOOR = 'subkoor-aplikasi-tarakan';
const KEPALA = 'kepala-dkisp-tarakan';
const SEKRETARIS = 'sekretaris-dkisp-tarakan';

let work: string;
let remote: string;
let main: string;
let github: FakeGitHub;
let clock = Date.parse('2026-11-20T08:00:00Z');

/** Commits get increasing times, so the ledger's clock (the HEAD commit's time) never goes back. */
function tick(): Record<string, string> {
  clock += 60_000;
  const at = new Date(clock).toISOString();
  return { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at };
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_CONFIG_NOSYSTEM: '1', ...tick() };
  const { stdout } = await execFileAsync('git', ['-c', 'user.name=Staf OPD', '-c', 'user.email=staf@example.invalid', ...args], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

const sha = async (ref = 'HEAD') => (await git(main, 'rev-parse', ref)).trim();

async function writeRequest(id: string): Promise<void> {
  const file = path.join(main, 'requests', `${id}.yaml`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, requestText(id), 'utf8');
}

/**
 * A pull request from a branch of main, merged with a merge commit as GitHub's button does.
 * `edit` makes the branch's commits (each call of `commit` one commit); `reviews` sees their ids.
 */
async function mergedPull(number: number, author: string, edit: (commit: (message: string) => Promise<string>) => Promise<void>, reviews: (commits: string[]) => FakeReview[]): Promise<string> {
  const branch = `pr-${number}`;
  await git(main, 'checkout', '-q', '-b', branch, 'main');
  const commits: string[] = [];
  await edit(async (message) => {
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', message);
    commits.push(await sha());
    return commits.at(-1)!;
  });
  await git(main, 'checkout', '-q', 'main');
  github.files.set(number, await pullFiles(branch));
  await git(main, 'merge', '-q', '--no-ff', '-m', `Merge pull request #${number} from pemkot-tarakan/${branch}`, branch);
  const merge = await sha();
  const head = commits.at(-1)!;
  github.pulls.set(number, { number, author, branch, headSha: head, mergeCommit: merge, mergedAt: new Date(clock).toISOString() });
  github.reviews.set(number, reviews(commits));
  // GitHub associates the merge commit and the branch's commits with the pull request.
  for (const commit of [merge, ...commits]) github.commitPulls.set(commit, [number]);
  return merge;
}

/** The files a pull request changes as GitHub lists them: main...branch, with GitHub's status words. */
async function pullFiles(branch: string): Promise<{ filename: string; status: string }[]> {
  const status: Record<string, string> = { A: 'added', M: 'modified', D: 'removed' };
  return (await git(main, 'diff', '--no-renames', '--name-status', `main...${branch}`)).split('\n').filter((l) => l !== '').map((line) => {
    const [letter, filename] = line.split('\t');
    return { filename: filename!, status: status[letter!] ?? 'modified' };
  });
}

/**
 * A pull request from a branch of main, merged as GitHub's "Rebase and merge" does: each of the
 * branch's commits made again on top of main, the last one being the pull request's merge commit.
 */
async function rebasedPull(number: number, author: string, edit: (commit: (message: string) => Promise<string>) => Promise<void>, reviews: (commits: string[]) => FakeReview[]): Promise<string[]> {
  const branch = `pr-${number}`;
  await git(main, 'checkout', '-q', '-b', branch, 'main');
  const commits: string[] = [];
  await edit(async (message) => {
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', message);
    commits.push(await sha());
    return commits.at(-1)!;
  });
  await git(main, 'checkout', '-q', 'main');
  github.files.set(number, await pullFiles(branch));
  const rebased: string[] = [];
  for (const commit of commits) {
    await git(main, '-c', 'user.name=GitHub', '-c', 'user.email=noreply@github.com', 'cherry-pick', commit);
    rebased.push(await sha());
  }
  github.pulls.set(number, { number, author, branch, headSha: commits.at(-1)!, mergeCommit: rebased.at(-1)!, mergedAt: new Date(clock).toISOString() });
  github.reviews.set(number, reviews(commits));
  for (const commit of [...rebased, ...commits]) github.commitPulls.set(commit, [number]);
  return rebased;
}

/** A squash merge: one commit on main, whose content is the branch's head; `edit` as for mergedPull. */
async function squashedPull(number: number, author: string, edit: () => Promise<void>, reviews: (head: string) => FakeReview[]): Promise<{ head: string; squash: string }> {
  const branch = `pr-${number}`;
  await git(main, 'checkout', '-q', '-b', branch, 'main');
  await edit();
  await git(main, 'add', '-A');
  await git(main, 'commit', '-q', '-m', `Pull request #${number}`);
  const head = await sha();
  await git(main, 'checkout', '-q', 'main');
  github.files.set(number, await pullFiles(branch));
  await git(main, 'merge', '-q', '--squash', branch);
  await git(main, 'commit', '-q', '-m', `Pull request #${number} (#${number})`);
  const squash = await sha();
  github.pulls.set(number, { number, author, branch, headSha: head, mergeCommit: squash, mergedAt: new Date(clock).toISOString() });
  github.reviews.set(number, reviews(head));
  github.commitPulls.set(squash, [number]);
  github.commitPulls.set(head, [number]);
  return { head, squash };
}

const approve = (login: string, commit: string): FakeReview => ({ login, state: 'APPROVED', commit, at: new Date(clock).toISOString() });

const ciEnv = (extra: Record<string, string> = {}) => ({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url, ...extra });

async function verify(extra: string[] = []): Promise<{ code: number; record: SignoffRecord; stdout: string; stderr: string; summary: string; file: string }> {
  const file = path.join(work, `signoff-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const summaryFile = path.join(work, 'summary.md');
  await writeFile(summaryFile, '', 'utf8');
  let stdout = '';
  let stderr = '';
  const code = await runCi(['verify-signoff', '--stack', 'dev', '--sha', await sha(), '--out', file, ...extra], {
    env: ciEnv({ GITHUB_STEP_SUMMARY: summaryFile }),
    cwd: main,
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  // Read back the way the commands read it: through the schema.
  const { record, diagnostics } = readSignoffRecord({ file, text: await readFile(file, 'utf8') });
  expect(diagnostics).toEqual([]);
  return { code, record: record!, stdout, stderr, summary: await readFile(summaryFile, 'utf8'), file };
}

const kolokasi = (args: string[]) => runCli([...args, '--repo', main], { cwd: main, env: { LANG: 'en_US.UTF-8', PATH: process.env.PATH ?? '', ...BOT } });

async function ledgerRequests(): Promise<{ allocated: string[]; released: string[] }> {
  const text = await readFile(path.join(main, LEDGER), 'utf8');
  const allocated = [...text.matchAll(/^ {2}([a-z0-9-]+\/[a-z0-9-]+): \{/gm)].map((m) => m[1]!);
  const released = [...text.matchAll(/request: "?([a-z0-9-]+\/[a-z0-9-]+)"?/g)].map((m) => m[1]!);
  return { allocated, released };
}

let template: BareRemote;

beforeAll(async () => {
  template = await bareRemote({
    cloneName: 'main',
    files: async (dir) => {
      copyExample(dir);
      await mkdir(path.join(dir, '.github'), { recursive: true });
      await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(dir, '.github/approvers.yaml'));
    },
    commit: async (dir) => {
      main = dir;
      await git(main, 'add', '-A');
      await git(main, 'commit', '-q', '-m', 'base');
      // The first ledger, committed by the bot: the examples are applied.
      const build = path.join(dir, '..', 'build');
      expect((await kolokasi(['apply', '--out', build])).code).toBe(0);
      await rm(build, { recursive: true, force: true });
      await git(main, 'add', LEDGER);
      await git(main, ...AS_BOT, 'commit', '-q', '-m', 'ledger(dev): allocations');
    },
  });
});

afterAll(async () => {
  await removeRemote(template);
});

beforeEach(async () => {
  github = await startFakeGitHub();
  ({ work, remote, clone: main } = await copyRemote(template));
});

afterEach(async () => {
  await github.close();
  await rm(work, { recursive: true, force: true });
});

describe('verify-signoff, apply --signoff, commit-ledger --signoff, report', () => {
  it('allocates, releases and credits only what each pull request had signed off', async () => {
    // #5: both roles approve the head commit; 100 comments first, so the approvals are on page 2.
    await mergedPull(5, 'staf-dinkes', async (commit) => {
      await writeRequest('dinkes/rsud');
      await commit('Add dinkes/rsud');
    }, ([head]) => [
      ...Array.from({ length: 100 }, (): FakeReview => ({ login: 'staf-dinkes-2', state: 'COMMENTED', commit: head!, at: '2026-11-02T01:00:00Z' })),
      approve(KABID, head!), approve(KEPALA, head!),
    ]);
    // #6, merged in the same apply run: other signatories (the deputies).
    await mergedPull(6, 'staf-bapenda', async (commit) => {
      await writeRequest('bapenda/pbb');
      await commit('Add bapenda/pbb');
    }, ([head]) => [approve(SUBKOOR, head!), approve(SEKRETARIS, head!)]);
    // #8: the Kepala approved the first commit; a second commit came after.
    await mergedPull(8, 'staf-bkpsdm', async (commit) => {
      await writeRequest('bkpsdm/sikep');
      await commit('Add bkpsdm/sikep');
      await writeFile(path.join(main, 'requests/bkpsdm/sikep.yaml'), requestText('bkpsdm/sikep').replace('Layanan uji.', 'Layanan kepegawaian.'), 'utf8');
      await commit('Describe the purpose');
    }, ([first, head]) => [approve(KEPALA, first!), approve(KABID, head!)]);
    // #9: a withdrawal only the Kabid approved.
    await mergedPull(9, 'staf-dkisp', async (commit) => {
      await unlink(path.join(main, 'requests/dkisp/monitoring.yaml'));
      await commit('Withdraw dkisp/monitoring');
    }, ([head]) => [approve(KABID, head!)]);
    // #10: the author holds the Kepala role and approves the pull request himself.
    await mergedPull(10, SEKRETARIS, async (commit) => {
      await writeRequest('dkisp/wiki');
      await commit('Add dkisp/wiki');
    }, ([head]) => [approve(SEKRETARIS, head!), approve(KABID, head!)]);
    // A direct push to main, past any pull request.
    await writeRequest('disdukcapil/antrian');
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Add disdukcapil/antrian');
    // #7: the pull request names a friend as Kepala in its own approvers file and turns its
    // `signoff` check green with a workflow of its own; the real Kepala never approved.
    await mergedPull(7, 'staf-dinkes', async (commit) => {
      await writeRequest('dinkes/lab');
      const approvers = await readFile(path.join(main, '.github/approvers.yaml'), 'utf8');
      await writeFile(path.join(main, '.github/approvers.yaml'), approvers.replace(`kepala-dkisp: [${KEPALA}`, `kepala-dkisp: [teman-staf, ${KEPALA}`), 'utf8');
      await mkdir(path.join(main, '.github/workflows'), { recursive: true });
      await writeFile(path.join(main, '.github/workflows/signoff.yml'), 'on: pull_request\njobs:\n  signoff:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n', 'utf8');
      await commit('Add dinkes/lab');
    }, ([head]) => [approve(KABID, head!), approve('teman-staf', head!)]);
    await git(main, 'push', '-q', 'origin', 'HEAD:refs/heads/main');

    const verified = await verify();
    const { record } = verified;
    expect(record.verified.map((v) => [v.path, v.pullRequest, v.approvers])).toEqual([
      ['requests/bapenda/pbb.yaml', 6, [{ role: 'kabid-aplikasi', login: SUBKOOR }, { role: 'kepala-dkisp', login: SEKRETARIS }]],
      ['requests/dinkes/rsud.yaml', 5, [{ role: 'kabid-aplikasi', login: KABID }, { role: 'kepala-dkisp', login: KEPALA }]],
    ]);
    expect(record.verified[1]!.headSha).toBe(github.pulls.get(5)!.headSha);
    expect(record.verified[1]!.mergeCommit).toBe(github.pulls.get(5)!.mergeCommit);
    expect(record.verified[1]!.blob).toBe((await git(main, 'rev-parse', 'HEAD:requests/dinkes/rsud.yaml')).trim());
    const held = Object.fromEntries(record.held.map((h) => [h.path, h.reason.en]));
    expect(Object.keys(held).sort()).toEqual([
      'requests/bkpsdm/sikep.yaml', 'requests/dinkes/lab.yaml', 'requests/disdukcapil/antrian.yaml', 'requests/dkisp/monitoring.yaml', 'requests/dkisp/wiki.yaml',
    ]);
    expect(held['requests/disdukcapil/antrian.yaml']).toMatch(/^awaiting sign-off: requests\/disdukcapil\/antrian\.yaml came in by a direct push \(commit [0-9a-f]{7}\)$/);
    expect(held['requests/dinkes/lab.yaml']).toContain('PR #7 also changes .github/approvers.yaml');
    expect(held['requests/bkpsdm/sikep.yaml']).toContain('PR #8 lacks kepala-dkisp (approved an older commit: kepala-dkisp-tarakan approved commit');
    expect(held['requests/dkisp/monitoring.yaml']).toContain('PR #9 lacks kepala-dkisp');
    expect(held['requests/dkisp/wiki.yaml']).toContain(`PR #10 lacks kepala-dkisp (no current approval from ${KEPALA})`);
    expect(record.held.find((h) => h.path === 'requests/dkisp/monitoring.yaml')).toMatchObject({ change: 'deleted', blob: null });
    expect(record.held.find((h) => h.path === 'requests/bkpsdm/sikep.yaml')!.reason.id).toContain('menyetujui commit lama');
    expect(verified.summary).toContain('ditahan / held');
    expect(verified.summary).toContain('menunggu tanda tangan');
    expect(verified.stdout).toContain('2 verified, 5 held');
    // Only the documented endpoints were asked (a commit's pull requests, a pull request's files and
    // reviews); the reviews were read to the last page, and no pull request was asked for twice.
    expect(github.unknown).toEqual([]);
    expect(github.requests.filter((r) => r.startsWith('GET /repos/pemkot-tarakan/kolokasi/pulls/5/reviews'))).toHaveLength(2);
    expect(github.requests.filter((r) => r.startsWith('GET /repos/pemkot-tarakan/kolokasi/pulls/5/files'))).toHaveLength(1);
    expect(github.requests.filter((r) => /\/pulls\/\d+$/.test(r))).toEqual([]);

    // The plan names every held request with its reason; the apply allocates only what was signed.
    const plan = await kolokasi(['plan', '--format', 'json', '--signoff', verified.file]);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as { allocations: { request: string; state: string }[]; diagnostics: { code: string; file: string; message: string }[] };
    expect(planned.diagnostics.filter((d) => d.code === 'KLK820').map((d) => d.file).sort()).toEqual(Object.keys(held).sort());
    expect(planned.diagnostics.find((d) => d.file === 'requests/dkisp/monitoring.yaml')!.message).toContain('not released');
    expect(planned.allocations.filter((a) => a.state === 'new').map((a) => a.request).sort()).toEqual(['bapenda/pbb', 'dinkes/rsud']);

    const markdown = await kolokasi(['plan', '--format', 'markdown', '--signoff', verified.file]);
    expect(markdown.stdout).toContain('KLK820');
    expect(markdown.stdout).toMatch(/PR \\?#7 also changes/);
    const text = await kolokasi(['plan', '--signoff', verified.file, '--lang', 'id']);
    expect(text.stdout).toContain('menunggu tanda tangan: requests/disdukcapil/antrian.yaml masuk lewat push langsung');

    const applied = await kolokasi(['apply', '--out', path.join(work, 'build'), '--signoff', verified.file]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('KLK820');
    expect(applied.stdout).toContain('came in by a direct push');
    const ledger = await ledgerRequests();
    expect(ledger.allocated).toEqual(expect.arrayContaining(['bapenda/pbb', 'dinkes/rsud', 'dkisp/monitoring']));
    for (const id of ['bkpsdm/sikep', 'dinkes/lab', 'disdukcapil/antrian', 'dkisp/wiki']) expect(ledger.allocated).not.toContain(id);
    expect(ledger.released).toEqual([]);
    // No DNS record and no firewall rule for a held request either.
    const zone = await readFile(path.join(work, 'build/current/dns/dev.tarakankota.go.id.zone'), 'utf8');
    expect(zone).toContain('rsud-dinkes');
    expect(zone).not.toContain('antrian-disdukcapil');
    expect(await readFile(path.join(work, 'build/current/firewall/kolokasi.nft'), 'utf8')).not.toContain('disdukcapil/antrian');

    // Without --signoff (a local run) the work tree is planned as it is, held changes included.
    const local = JSON.parse((await kolokasi(['plan', '--format', 'json'])).stdout) as { allocations: { request: string; state: string }[] };
    expect(local.allocations.filter((a) => a.state !== 'kept').map((a) => `${a.state} ${a.request}`).sort()).toEqual([
      'new bkpsdm/sikep', 'new dinkes/lab', 'new disdukcapil/antrian', 'new dkisp/wiki', 'released dkisp/monitoring',
    ]);

    // The ledger commit: one Kolokasi-Request trailer per request, naming its own pull request.
    const appliedFile = path.join(work, 'applied-commit');
    const pushed = await kolokasi(['commit-ledger', '--stack', 'dev', '--signoff', verified.file, '--attempts', '5', '--applied-out', appliedFile]);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect((await readFile(appliedFile, 'utf8')).trim()).toBe(await git(remote, 'rev-parse', 'main').then((out) => out.trim()));
    const message = await git(remote, 'log', '-1', '--format=%B', 'main');
    expect(message.split('\n')[0]).toBe('ledger(dev): allocations after #5, #6');
    const parsedByGit = await git(main, 'interpret-trailers', '--parse', '--no-divider', '--', await writeMessage(message));
    expect(parsedByGit.split('\n').filter((l) => l.startsWith('Kolokasi-Request: '))).toHaveLength(2);
    const trailers = parseProvenanceTrailers(message);
    expect(trailers.requests).toEqual([
      { path: 'requests/bapenda/pbb.yaml', change: 'added', pr: 6, head: github.pulls.get(6)!.headSha, approvers: { 'kabid-aplikasi': SUBKOOR, 'kepala-dkisp': SEKRETARIS } },
      { path: 'requests/dinkes/rsud.yaml', change: 'added', pr: 5, head: github.pulls.get(5)!.headSha, approvers: { 'kabid-aplikasi': KABID, 'kepala-dkisp': KEPALA } },
    ]);
    const ledgerCommit = await sha('origin/main');
    const applied0 = await sha(`${record.ledgerCommit}^1`);
    expect(trailers.held.map((h) => [h.path, h.since])).toEqual(Object.keys(held).sort().map((p) => [p, applied0]));

    // The installation reports name the right pull request and signatories for each request.
    await git(main, 'fetch', '-q', 'origin');
    await git(main, 'merge', '-q', '--ff-only', 'origin/main');
    const report = await kolokasi(['report', '--out', path.join(work, 'report'), '--lang', 'en']);
    expect(report.code).toBe(0);
    const rsud = await readFile(path.join(work, 'report/laporan/dinkes-rsud.md'), 'utf8');
    expect(rsud).toContain('#5');
    expect(rsud).toContain(KABID);
    expect(rsud).not.toContain('#6');
    expect(rsud).not.toContain(SUBKOOR);
    const pbb = await readFile(path.join(work, 'report/laporan/bapenda-pbb.md'), 'utf8');
    expect(pbb).toContain('#6');
    expect(pbb).toContain(SEKRETARIS);
    expect(pbb).not.toContain(KEPALA);

    // DNS (the Pulumi program, run on the ledger commit) follows the ledger commit: no record for a
    // held request, and the record of the withdrawal that was not signed off stays.
    const { loadDnsProgramInput } = await import('../../src/pulumi/program.ts');
    const dns = await loadDnsProgramInput(main, 'dev');
    const names = dns.records.map((r) => r.subdomain);
    expect(names).toEqual(expect.arrayContaining(['rsud-dinkes', 'pbb-bapenda', 'monitoring']));
    for (const held of ['sikep-bkpsdm', 'lab-dinkes', 'antrian-disdukcapil', 'wiki-dkisp']) expect(names).not.toContain(held);

    // The next run starts from that ledger commit: what it held is still held, not taken as applied.
    expect(await sha()).toBe(ledgerCommit);
    const again = await verify();
    expect(again.record.ledgerCommit).toBe(ledgerCommit);
    expect(again.record.verified).toEqual([]);
    expect(again.record.held.map((h) => h.path).sort()).toEqual(Object.keys(held).sort());
    const reapplied = await kolokasi(['apply', '--out', path.join(work, 'build'), '--signoff', again.file]);
    expect(reapplied.code).toBe(0);
    expect(reapplied.stdout).toContain('ledger unchanged');
  });

  it('holds a change made after the verified commit, and lets the emergency path through with its trace', async () => {
    await writeRequest('disdukcapil/antrian');
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Add disdukcapil/antrian');
    await git(main, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const emergency = ['--emergency-by', 'admin-dkisp', '--reason', 'server darurat pemilu', '--run-url', `https://github.com/${REPOSITORY}/actions/runs/77`];
    const allowed = await verify(emergency);
    expect(allowed.record.held).toEqual([]);
    expect(allowed.record.verified).toMatchObject([{ path: 'requests/disdukcapil/antrian.yaml', emergency: { by: 'admin-dkisp' } }]);
    expect(allowed.record.verified[0]!.heldReason!.en).toContain('came in by a direct push');

    // main moves on after the check: the newer change is not covered by the record.
    await mergedPull(11, 'staf-dinkes', async (commit) => {
      await writeRequest('dinkes/rsud');
      await commit('Add dinkes/rsud');
    }, ([head]) => [approve(KABID, head!), approve(KEPALA, head!)]);
    const applied = await kolokasi(['apply', '--out', path.join(work, 'build'), '--signoff', allowed.file]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/requests\/dinkes\/rsud\.yaml: warning KLK820: awaiting sign-off: requests\/dinkes\/rsud\.yaml changed after the verified commit/);
    expect(applied.stdout).toContain('KLK821');
    expect(applied.stdout).toContain('emergency by admin-dkisp: server darurat pemilu');
    const ledger = await ledgerRequests();
    expect(ledger.allocated).toContain('disdukcapil/antrian');
    expect(ledger.allocated).not.toContain('dinkes/rsud');

    await git(main, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const pushed = await kolokasi(['commit-ledger', '--signoff', allowed.file]);
    expect(pushed.code).toBe(0);
    const trailers = parseProvenanceTrailers(await git(remote, 'log', '-1', '--format=%B', 'main'));
    expect(trailers.requests).toEqual([{
      path: 'requests/disdukcapil/antrian.yaml', change: 'added', approvers: {},
      emergency: { by: 'admin-dkisp', reason: 'server darurat pemilu', runUrl: `https://github.com/${REPOSITORY}/actions/runs/77` },
    }]);
    expect(trailers.held.map((h) => h.path)).toEqual(['requests/dinkes/rsud.yaml']);

    // The next check verifies the pull request the record did not cover.
    await git(main, 'fetch', '-q', 'origin');
    await git(main, 'merge', '-q', '--ff-only', 'origin/main');
    const next = await verify();
    expect(next.record.verified.map((v) => [v.path, v.pullRequest])).toEqual([['requests/dinkes/rsud.yaml', 11]]);
  });

  it('on a race, recomputes from the newer main with the same record: the unverified merge is held', async () => {
    // The retry re-runs `kolokasi apply` from the checkout, as in CI: the tool is part of the repository.
    await writeFile(path.join(main, '.gitignore'), 'node_modules\n', 'utf8');
    for (const part of ['bin', 'src', 'package.json']) await cp(path.join(PROJECT_ROOT, part), path.join(main, part), { recursive: true });
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(main, 'node_modules'));
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'The tool');
    await mergedPull(5, 'staf-dinkes', async (commit) => {
      await writeRequest('dinkes/rsud');
      await commit('Add dinkes/rsud');
    }, ([head]) => [approve(KABID, head!), approve(KEPALA, head!)]);
    await git(main, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const { record, file } = await verify();
    expect((await kolokasi(['apply', '--out', path.join(work, 'build'), '--signoff', file])).code).toBe(0);

    // Meanwhile another merge lands on main, which this run's record never saw.
    const other = path.join(work, 'other');
    await simpleGit(work).clone(remote, other, ['-q']);
    await git(other, 'checkout', '-q', '-b', 'pr-6');
    await mkdir(path.join(other, 'requests/bapenda'), { recursive: true });
    await writeFile(path.join(other, 'requests/bapenda/pbb.yaml'), requestText('bapenda/pbb'), 'utf8');
    await git(other, 'add', '-A');
    await git(other, 'commit', '-q', '-m', 'Add bapenda/pbb');
    await git(other, 'checkout', '-q', 'main');
    await git(other, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #6', 'pr-6');
    await git(other, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const moved = (await git(other, 'rev-parse', 'HEAD')).trim();

    const pushed = await kolokasi(['commit-ledger', '--signoff', file, '--attempts', '3']);
    expect(pushed.stderr).toContain('moved on; recomputing on top of it (attempt 2 of 3)');
    expect(pushed.code).toBe(0);
    const head = (await git(remote, 'rev-parse', 'main')).trim();
    expect((await git(remote, 'rev-list', '--parents', '-1', head)).trim().split(' ').slice(1)).toEqual([moved]);
    expect((await git(remote, 'diff', '--name-only', moved, head)).trim()).toBe(LEDGER);
    const ledger = await git(remote, 'show', `main:${LEDGER}`);
    expect(ledger).toContain('dinkes/rsud:');
    expect(ledger).not.toContain('bapenda/pbb:');
    const trailers = parseProvenanceTrailers(await git(remote, 'log', '-1', '--format=%B', 'main'));
    expect(trailers.requests.map((r) => [r.path, r.pr])).toEqual([['requests/dinkes/rsud.yaml', 5]]);
    expect(trailers.held).toEqual([{
      path: 'requests/bapenda/pbb.yaml', since: await sha(`${record.ledgerCommit}^1`),
      reason: expect.stringContaining('changed after the verified commit') as unknown as string,
    }]);
  });

  it('does not count a request pushed together with a ledger as applied', async () => {
    // Someone runs the apply by hand and pushes the new request and the ledger in one commit.
    await writeRequest('disdukcapil/antrian');
    expect((await kolokasi(['apply', '--out', path.join(work, 'build')])).code).toBe(0);
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Add disdukcapil/antrian with its allocation');
    const { record } = await verify();
    // Not the bot's ledger commit (it changed a request too, and someone else made it): the
    // applied state is still the one before.
    expect(record.ledgerCommit).toBe(await sha('HEAD^'));
    expect(record.held.map((h) => h.reason.en)).toEqual([expect.stringContaining('requests/disdukcapil/antrian.yaml came in by a direct push')]);
  });

  it('holds a file the merge commit changed past what the approved head commit holds', async () => {
    await git(main, 'checkout', '-q', '-b', 'pr-12', 'main');
    await writeRequest('dinkes/rsud');
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Add dinkes/rsud');
    const head = await sha();
    await git(main, 'checkout', '-q', 'main');
    // The merge is made by hand and opens the SSH port nobody approved.
    await git(main, 'merge', '-q', '--no-ff', '--no-commit', 'pr-12');
    const file = path.join(main, 'requests/dinkes/rsud.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 8443'), 'utf8');
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Merge pull request #12');
    const merge = await sha();
    github.pulls.set(12, { number: 12, author: 'staf-dinkes', branch: 'pr-12', headSha: head, mergeCommit: merge, mergedAt: new Date(clock).toISOString() });
    github.reviews.set(12, [approve(KABID, head), approve(KEPALA, head)]);
    github.commitPulls.set(merge, [12]);
    const { record } = await verify();
    expect(record.verified).toEqual([]);
    expect(record.held.map((h) => h.reason.en)).toEqual([`awaiting sign-off: requests/dinkes/rsud.yaml: PR #12 holds other content at its head commit ${head.slice(0, 7)} than main does`]);
  });

  it('holds every change of a rebase-merged pull request that edits the approvers file', async () => {
    // The first commit names a friend as Kepala; the second adds the request: on main, after the
    // rebase merge, the second commit's first parent holds the friend's approvers file.
    await rebasedPull(13, 'staf-dinkes', async (commit) => {
      const approvers = await readFile(path.join(main, '.github/approvers.yaml'), 'utf8');
      await writeFile(path.join(main, '.github/approvers.yaml'), approvers.replace(`kepala-dkisp: [${KEPALA}`, `kepala-dkisp: [teman-staf, ${KEPALA}`), 'utf8');
      await commit('Name the Kepala deputy');
      await writeRequest('dinkes/lab');
      await commit('Add dinkes/lab');
    }, (commits) => [approve(KABID, commits.at(-1)!), approve('teman-staf', commits.at(-1)!)]);
    const { record, summary } = await verify();
    expect(record.verified).toEqual([]);
    expect(record.held).toMatchObject([{ path: 'requests/dinkes/lab.yaml', pullRequest: 13 }]);
    expect(record.held[0]!.reason.en).toBe('awaiting sign-off: requests/dinkes/lab.yaml: PR #13 also changes .github/approvers.yaml, which names who signs: a pull request that changes its own signatories signs off nothing; merge the approvers change on its own, then the request in a new pull request, or use the emergency path');
    expect(record.held[0]!.reason.id).toContain('PR #13 juga mengubah .github/approvers.yaml');
    expect(summary).toContain('PR #13 juga mengubah');
  });

  it('holds a pull request whose file list GitHub cuts at 3000 files', async () => {
    await mergedPull(17, 'staf-dinkes', async (commit) => {
      await writeRequest('dinkes/lab');
      await commit('Add dinkes/lab');
    }, ([head]) => [approve(KABID, head!), approve(KEPALA, head!)]);
    github.files.set(17, Array.from({ length: 3000 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added' })));
    const { record } = await verify();
    expect(record.verified).toEqual([]);
    expect(record.held.map((h) => h.reason.en)).toEqual([expect.stringContaining('PR #17 changes more files than GitHub lists')]);
  });

  it('reads the approvers file main had before a rebase merge, past an edit the pull request reverted', async () => {
    // The file list (base...head) does not show the approvers file: the pull request put it back.
    const approvers = await readFile(path.join(main, '.github/approvers.yaml'), 'utf8');
    await rebasedPull(14, 'staf-dinkes', async (commit) => {
      await writeFile(path.join(main, '.github/approvers.yaml'), approvers.replace(`kepala-dkisp: [${KEPALA}`, `kepala-dkisp: [teman-staf, ${KEPALA}`), 'utf8');
      await commit('Name the Kepala deputy');
      await writeRequest('dinkes/lab');
      await commit('Add dinkes/lab');
      await writeFile(path.join(main, '.github/approvers.yaml'), approvers, 'utf8');
      await commit('Put the approvers back');
    }, (commits) => [approve(KABID, commits.at(-1)!), approve('teman-staf', commits.at(-1)!)]);
    expect(github.files.get(14)!.map((f) => f.filename)).toEqual(['requests/dinkes/lab.yaml']);
    const { record } = await verify();
    expect(record.verified).toEqual([]);
    expect(record.held.map((h) => h.reason.en)).toEqual([expect.stringContaining('PR #14 lacks kepala-dkisp')]);

    // The same rebase merge with the real Kepala's approval is verified: the walk stops at main.
    github.reviews.set(14, [approve(KABID, github.pulls.get(14)!.headSha), approve(KEPALA, github.pulls.get(14)!.headSha)]);
    const again = await verify();
    expect(again.record.verified.map((v) => [v.path, v.pullRequest])).toEqual([['requests/dinkes/lab.yaml', 14]]);
  });

  it('fetches the head of a squash-merged pull request whose branch is gone, and holds the change when it cannot', async () => {
    // #15's head is still on GitHub as refs/pull/15/head; #16's is nowhere the clone can fetch it from.
    const fifteen = await squashedPull(15, 'staf-dinkes', () => writeRequest('dinkes/rsud'), (head) => [approve(KABID, head), approve(KEPALA, head)]);
    await git(main, 'push', '-q', 'origin', `${fifteen.head}:refs/pull/15/head`);
    const sixteen = await squashedPull(16, 'staf-bapenda', () => writeRequest('bapenda/pbb'), (head) => [approve(KABID, head), approve(KEPALA, head)]);
    // The branches are deleted after the merge, and their commits are gone from the clone.
    await git(main, 'branch', '-q', '-D', 'pr-15', 'pr-16');
    await git(main, 'reflog', 'expire', '--expire=now', '--all');
    await git(main, 'gc', '-q', '--prune=now');
    for (const head of [fifteen.head, sixteen.head]) await expect(git(main, 'cat-file', '-e', `${head}^{commit}`)).rejects.toThrow();

    const { record, summary } = await verify();
    expect(record.verified.map((v) => [v.path, v.pullRequest, v.headSha])).toEqual([['requests/dinkes/rsud.yaml', 15, fifteen.head]]);
    expect(record.held.map((h) => [h.path, h.pullRequest, h.reason.en])).toEqual([[
      'requests/bapenda/pbb.yaml', 16,
      `awaiting sign-off: requests/bapenda/pbb.yaml: cannot check the approved content: the head commit ${sixteen.head.slice(0, 7)} of PR #16 is not in the clone and could not be fetched (refs/pull/16/head); run the apply again once it can be, or use the emergency path`,
    ]]);
    expect(record.held[0]!.reason.id).toContain('isi yang disetujui tidak dapat diperiksa');
    expect(summary).toContain('jalur darurat');
  });

  it('takes no merged pull request that touched the ledger for a ledger commit, whatever its message says', async () => {
    const botLedgerCommit = await sha();
    // A direct push nobody signed off.
    await writeRequest('disdukcapil/antrian');
    await git(main, 'add', '-A');
    await git(main, 'commit', '-q', '-m', 'Add disdukcapil/antrian');
    const forged = `Kolokasi-Held: {"path":"requests/dinkes/sik.yaml","since":null,"reason":"x"}\nKolokasi-Request: {"path":"requests/disdukcapil/antrian.yaml","change":"added","pr":13,"approvers":{}}`;
    const touchLedger = async () => writeFile(path.join(main, LEDGER), `${await readFile(path.join(main, LEDGER), 'utf8')}# tidied\n`, 'utf8');
    const expectStillHeld = async () => {
      const { record } = await verify();
      expect(record.ledgerCommit).toBe(botLedgerCommit);
      expect(record.held.map((h) => [h.path, h.reason.en])).toEqual([['requests/disdukcapil/antrian.yaml', expect.stringContaining('came in by a direct push') as unknown as string]]);
    };
    // A pull request that edits the ledger alone, merged with a merge commit carrying forged trailers.
    await git(main, 'checkout', '-q', '-b', 'pr-13', 'main');
    await touchLedger();
    await git(main, 'commit', '-q', '-am', 'Tidy the ledger');
    await git(main, 'checkout', '-q', 'main');
    await git(main, 'merge', '-q', '--no-ff', '-m', `ledger(dev): allocations after #13\n\n${forged}`, 'pr-13');
    await expectStillHeld();
    // The same as a squash: one commit of the ledger alone, its message the author's.
    await touchLedger();
    await git(main, 'commit', '-q', '-am', `ledger(dev): allocations after #14\n\n${forged}`);
    await expectStillHeld();
    // The bot's identity on a commit that changes a request as well does not make it one either.
    await touchLedger();
    await writeFile(path.join(main, 'requests/dkisp/wiki.yaml'), requestText('dkisp/wiki'), 'utf8');
    await git(main, 'add', '-A');
    await git(main, ...AS_BOT, 'commit', '-q', '-m', 'ledger(dev): allocations');
    const { record } = await verify();
    expect(record.ledgerCommit).toBe(botLedgerCommit);
    expect(record.held.map((h) => h.path)).toEqual(['requests/disdukcapil/antrian.yaml', 'requests/dkisp/wiki.yaml']);

    // The reports take no approver from those commits either.
    const { readHistory } = await import('../../src/git/history.ts');
    const history = (await readHistory(main, LEDGER))!;
    const forgedChanges = history.ledgerChanges.filter((c) => parseProvenanceTrailers(c.commit.message).requests.length > 0);
    expect(forgedChanges).toHaveLength(2);
    for (const change of forgedChanges) expect(change.trailers).toEqual({ approvers: [], requests: [] });
  });

  it('deploys DNS from the last ledger commit when a held change left the ledger as it was', async () => {
    const botLedgerCommit = await sha();
    // A direct push renames a live subdomain: held, and the ledger does not change.
    const file = path.join(main, 'requests/dkisp/monitoring.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('subdomain: monitoring', 'subdomain: pantau'), 'utf8');
    await git(main, 'commit', '-q', '-am', 'Rename the monitoring subdomain');
    await git(main, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const verified = await verify();
    expect(verified.record.held.map((h) => h.path)).toEqual(['requests/dkisp/monitoring.yaml']);
    expect((await kolokasi(['apply', '--out', path.join(work, 'build'), '--signoff', verified.file])).stdout).toContain('ledger unchanged');
    const appliedFile = path.join(work, 'applied-commit');
    const pushed = await kolokasi(['commit-ledger', '--signoff', verified.file, '--applied-out', appliedFile]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('nothing to commit');
    expect((await readFile(appliedFile, 'utf8')).trim()).toBe(botLedgerCommit);

    const { loadDnsProgramInput } = await import('../../src/pulumi/program.ts');
    const subdomains = async (dir: string) => (await loadDnsProgramInput(dir, 'dev')).records.map((r) => r.subdomain);
    // HEAD's requests hold the unsigned name (no ledger commit held it back)...
    expect(await subdomains(main)).toContain('pantau');
    // ...the recorded ledger commit, which the DNS job checks out, does not.
    const deployed = path.join(work, 'deployed');
    await git(main, 'worktree', 'add', '-q', '--detach', deployed, botLedgerCommit);
    expect(await subdomains(deployed)).toContain('monitoring');
    expect(await subdomains(deployed)).not.toContain('pantau');
  });

  it('refuses bad arguments and a signoff file of another stack with exit 2', async () => {
    const run = async (args: string[]) => {
      let stderr = '';
      const code = await runCi(['verify-signoff', ...args], { env: ciEnv(), cwd: main, stdout: () => {}, stderr: (t) => { stderr += t; } });
      return { code, stderr };
    };
    const head = await sha();
    expect((await run(['--stack', 'dev', '--sha', head.slice(0, 7), '--out', 'x.json'])).code).toBe(2);
    const lone = await run(['--stack', 'dev', '--sha', head, '--out', 'x.json', '--emergency-by', 'admin-dkisp']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('go together');
    const record = await verify();
    const other = await runCli(['plan', '--stack', 'prod', '--signoff', record.file, '--repo', main], { cwd: main, env: { LANG: 'en_US.UTF-8' } });
    expect(other.code).toBe(2);
    const plain = path.join(work, 'plain');
    for (const part of ['requests', 'stacks']) await cp(path.join(main, part), path.join(plain, part), { recursive: true });
    const noGit = await runCli(['plan', '--signoff', record.file, '--repo', plain], { cwd: plain, env: { LANG: 'en_US.UTF-8' } });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toContain('--signoff needs the git history');
    await writeFile(path.join(work, 'forged.json'), JSON.stringify({ ...record.record, verified: [{ path: '../../etc/passwd', request: 'x', change: 'added', blob: null, approvers: [] }] }), 'utf8');
    const forged = await kolokasi(['apply', '--signoff', path.join(work, 'forged.json')]);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain('forged.json');
    expect(forged.stderr).not.toMatch(/\n\s+at /);
  });
});

async function writeMessage(message: string): Promise<string> {
  const file = path.join(work, 'message.txt');
  await writeFile(file, message, 'utf8');
  return file;
}

describe('the sign-off record and the gate', () => {
  const record: SignoffRecord = {
    apiVersion: 'kolokasi/v1', kind: 'SignoffVerification', stack: 'dev', commit: 'c'.repeat(40), ledgerCommit: null,
    verified: [{ path: 'requests/dinkes/rsud.yaml', request: 'dinkes/rsud', change: 'added', blob: 'a'.repeat(40), pullRequest: 5, headSha: 'b'.repeat(40), mergeCommit: 'c'.repeat(40), approvers: [{ role: 'kabid-aplikasi', login: KABID }] }],
    held: [],
  };

  it('is read only through its schema', () => {
    const read = (value: unknown) => readSignoffRecord({ file: 'signoff.json', text: JSON.stringify(value) });
    expect(read(record).record).toEqual(record);
    // A verified path must name its pull request, or carry an emergency trace.
    const { pullRequest: _pr, headSha: _head, mergeCommit: _merge, ...bare } = record.verified[0]!;
    expect(read({ ...record, verified: [bare] }).record).toBeUndefined();
    expect(read({ ...record, verified: [{ ...record.verified[0], blob: 'HEAD' }] }).diagnostics.length).toBeGreaterThan(0);
    const broken = readSignoffRecord({ file: 'signoff.json', text: '{"apiVersion":' });
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['KLK822']);
  });

  it('escapes what a reason carries in the job summary', () => {
    const reason = { en: 'held: <script>alert(1)</script> | a\\b\nnext', id: 'ditahan: <script>alert(1)</script> | a\\b\nnext' };
    const summary = formatSignoffSummary({
      ...record, verified: [],
      held: [{ path: 'requests/dinkes/lab.yaml', request: 'dinkes/lab', change: 'added', blob: 'a'.repeat(40), commit: 'c'.repeat(40), pullRequest: 7, reason }],
    });
    const row = summary.split('\n').find((l) => l.includes('dinkes/lab'))!;
    expect(row).not.toContain('<script>');
    expect(row).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| a\\\\b next');
  });

  it('lets a change through only with the very blob that was verified', () => {
    const gate = gateChanges([
      { path: 'requests/dinkes/rsud.yaml', before: null, after: 'a'.repeat(40), since: null },
      { path: 'requests/dinkes/lab.yaml', before: 'd'.repeat(40), after: 'e'.repeat(40), since: 'f'.repeat(40) },
    ], record);
    expect(gate.allowed.map((a) => a.difference.path)).toEqual(['requests/dinkes/rsud.yaml']);
    expect(gate.held.map((h) => h.reason.en)).toEqual([`awaiting sign-off: requests/dinkes/lab.yaml changed after the verified commit ${'c'.repeat(7)}: its sign-off has not been checked yet`]);
    const edited = gateChanges([{ path: 'requests/dinkes/rsud.yaml', before: null, after: '9'.repeat(40), since: null }], record);
    expect(edited.allowed).toEqual([]);
    expect(gateDiagnostics(edited).map((d) => [d.code, d.severity, d.message.en.endsWith('; not allocated')])).toEqual([['KLK820', 'warning', true]]);
  });
});
