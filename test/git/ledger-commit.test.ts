// The ledger commit against real git: a bare "GitHub" remote and clones standing for apply runs
// that checked out different merges of main. The recompute is the real allocator.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmod, cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import { bareRemote, copyRemote, removeRemote, type BareRemote } from '../helpers/remote.ts';
import { requestText } from '../core/synthetic.ts';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger, ledgerPath, parseLedger, serializeLedger } from '../../src/core/ledger.ts';
import { loadRequest } from '../../src/core/requests.ts';
import { parseStack, stackConfigPath } from '../../src/core/stack.ts';
import type { LoadedRequest } from '../../src/core/model.ts';
import { commitLedger, ledgerCommitMessage, UnpushedCommitsError } from '../../src/git/ledger-commit.ts';
import { GITHUB_ACTIONS_BOT, PushRetryError, isNonFastForward } from '../../src/git/push-retry.ts';

const STACK = 'dev';
const LEDGER = ledgerPath(STACK);
const NOW = new Date('2026-11-27T08:00:00Z');
const HUMAN = ['-c', 'user.name=Merge Button', '-c', 'user.email=merge@example.invalid'];

let work: string;
let remote: string;

async function sh(dir: string, ...args: string[]): Promise<string> {
  return simpleGit(dir).raw(args);
}

/** `kolokasi apply` in miniature: the real allocator over the clone's requests and ledger. */
async function recompute(dir: string): Promise<void> {
  const stackFile = stackConfigPath(STACK);
  const { stack } = parseStack({ file: stackFile, text: await readFile(path.join(dir, stackFile), 'utf8') }, STACK);
  if (!stack) throw new Error('stack config invalid');
  const requests: LoadedRequest[] = [];
  for (const opd of await readdir(path.join(dir, 'requests'), { withFileTypes: true })) {
    if (!opd.isDirectory()) continue;
    for (const file of await readdir(path.join(dir, 'requests', opd.name))) {
      const rel = `requests/${opd.name}/${file}`;
      const loaded = loadRequest({ file: rel, text: await readFile(path.join(dir, rel), 'utf8') });
      if (!loaded.request) throw new Error(`invalid request ${rel}`);
      requests.push(loaded.request);
    }
  }
  let ledger = emptyLedger(STACK);
  try {
    const text = await readFile(path.join(dir, LEDGER), 'utf8');
    const parsed = parseLedger({ file: LEDGER, text }, { stack: STACK, config: stack.config, now: NOW });
    if (!parsed.ledger) throw new Error(`ledger invalid: ${JSON.stringify(parsed.diagnostics)}`);
    ledger = parsed.ledger;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const result = allocate({ config: stack.config, requests, ledger, now: NOW });
  await writeFile(path.join(dir, LEDGER), serializeLedger(result.ledger), 'utf8');
}

/** A merged pull request: one request file committed by a human on the seed clone and pushed. */
async function merge(seed: string, id: string): Promise<string> {
  const file = path.join(seed, 'requests', `${id}.yaml`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, requestText(id), 'utf8');
  await sh(seed, 'add', '--', `requests/${id}.yaml`);
  await sh(seed, ...HUMAN, 'commit', '-q', '-m', `Merge request ${id}`);
  await sh(seed, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  return (await sh(seed, 'rev-parse', 'HEAD')).trim();
}

/** An apply run: a clone checked out at one merge commit, as actions/checkout does. */
async function runAt(name: string, commit: string): Promise<string> {
  const dir = path.join(work, name);
  await simpleGit(work).clone(remote, dir, ['-q']);
  await sh(dir, 'checkout', '-q', '--detach', commit);
  return dir;
}

async function remoteLedger(): Promise<Record<string, { publicIpv4: string; privateIpv4: string; publicIpv6?: string }>> {
  const check = path.join(work, `check-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await simpleGit(work).clone(remote, check, ['-q']);
  const stackFile = stackConfigPath(STACK);
  const { stack } = parseStack({ file: stackFile, text: await readFile(path.join(check, stackFile), 'utf8') }, STACK);
  const parsed = parseLedger({ file: LEDGER, text: await readFile(path.join(check, LEDGER), 'utf8') }, { stack: STACK, config: stack!.config, now: NOW });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.ledger!.allocations;
}

function expectNoAddressTwice(allocations: Record<string, { publicIpv4: string; privateIpv4: string; publicIpv6?: string }>): void {
  const addresses = Object.values(allocations).flatMap((a) => [a.publicIpv4, a.privateIpv4, ...(a.publicIpv6 ? [a.publicIpv6] : [])]);
  expect(new Set(addresses).size).toBe(addresses.length);
}

let seed: string;

let template: BareRemote;

beforeAll(async () => {
  template = await bareRemote({
    cloneName: 'seed',
    files: async (dir) => {
      await mkdir(path.join(dir, 'stacks'), { recursive: true });
      await cp(path.join(PROJECT_ROOT, stackConfigPath(STACK)), path.join(dir, stackConfigPath(STACK)));
      await mkdir(path.join(dir, 'requests/bkpsdm'), { recursive: true });
      await writeFile(path.join(dir, 'requests/bkpsdm/simpeg.yaml'), requestText('bkpsdm/simpeg'), 'utf8');
      await writeFile(path.join(dir, 'README.md'), '# test\n', 'utf8');
    },
    commit: async (dir) => {
      await sh(dir, 'add', '-A');
      await sh(dir, ...HUMAN, 'commit', '-q', '-m', 'base');
    },
  });
});

afterAll(async () => {
  await removeRemote(template);
});

beforeEach(async () => {
  ({ work, remote, clone: seed } = await copyRemote(template));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const message = (pr: number) => ledgerCommitMessage({ stack: STACK, pr, approvers: ['kabid-aplikasi=kabid-aplikasi-tarakan', 'kepala-dkisp=kepala-dkisp-tarakan'] });

describe('ledger commit and push', () => {
  it('retries after a concurrent merge: the final ledger holds every allocation, no address twice', async () => {
    // Run A checked out the merge of dinkes/sik; then bapenda/esppt was merged (sorting before it)
    // and run B checked out that newer merge.
    const m1 = await merge(seed, 'dinkes/sik');
    const runA = await runAt('run-a', m1);
    const m2 = await merge(seed, 'bapenda/esppt');
    const runB = await runAt('run-b', m2);

    await recompute(runA);
    const retriesA: number[] = [];
    const a = await commitLedger({
      repoDir: runA, ledgerPath: LEDGER, message: message(11), identity: GITHUB_ACTIONS_BOT, maxAttempts: 3,
      recompute: () => recompute(runA), onRetry: (n) => retriesA.push(n),
    });
    expect(a).toMatchObject({ status: 'pushed', attempts: 2 });
    expect(retriesA).toEqual([2]);

    await recompute(runB);
    const b = await commitLedger({ repoDir: runB, ledgerPath: LEDGER, message: message(12), identity: GITHUB_ACTIONS_BOT, maxAttempts: 3, recompute: () => recompute(runB) });
    // B computed the same ledger on an older base: after the reset there is nothing left to add.
    expect(b).toEqual({ status: 'unchanged', attempts: 2 });

    const allocations = await remoteLedger();
    expect(Object.keys(allocations).sort()).toEqual(['bapenda/esppt', 'bkpsdm/simpeg', 'dinkes/sik']);
    expectNoAddressTwice(allocations);

    // The ledger commit: by the bot, only the ledger, PR and approvers in the message.
    const check = path.join(work, 'inspect');
    await simpleGit(work).clone(remote, check, ['-q']);
    const log = await sh(check, 'log', '-1', '--format=%an <%ae>%n%cn%n%B', '--name-only');
    expect(log).toContain('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    expect(log).toContain('ledger(dev): allocations after #11');
    expect(log).toContain('Approved-by: kabid-aplikasi-tarakan (kabid-aplikasi)');
    expect(log).toContain('Approved-by: kepala-dkisp-tarakan (kepala-dkisp)');
    expect(log.trim().split('\n').at(-1)).toBe(LEDGER);
    expect(await sh(check, 'log', '--format=%s', '-3')).toBe(`ledger(dev): allocations after #11\nMerge request bapenda/esppt\nMerge request dinkes/sik\n`);
  });

  it('keeps addresses that were pushed first when a later run computed others', async () => {
    await recompute(seed);
    await sh(seed, ...HUMAN, 'add', LEDGER);
    await sh(seed, ...HUMAN, 'commit', '-q', '-m', 'first ledger');
    await sh(seed, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
    const m1 = await merge(seed, 'dinkes/sik');
    const runA = await runAt('run-a', m1);
    const m2 = await merge(seed, 'bapenda/esppt');
    const runB = await runAt('run-b', m2);

    // B pushes first: esppt (sorted first) takes the next address, sik the one after.
    await recompute(runB);
    expect(await commitLedger({ repoDir: runB, ledgerPath: LEDGER, message: message(12), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runB) })).toMatchObject({ status: 'pushed', attempts: 1 });
    const afterB = await remoteLedger();

    // A had computed sik on the older base, where it would take esppt's address.
    await recompute(runA);
    const aLocal = await readFile(path.join(runA, LEDGER), 'utf8');
    expect(aLocal).toContain(afterB['bapenda/esppt']!.publicIpv4);
    const a = await commitLedger({ repoDir: runA, ledgerPath: LEDGER, message: message(11), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) });
    expect(a).toEqual({ status: 'unchanged', attempts: 2 });
    const final = await remoteLedger();
    expect(final).toEqual(afterB);
    expectNoAddressTwice(final);
  });

  it('three runs pushing at the same moment all land consistently', async () => {
    const commits = [await merge(seed, 'dinkes/sik'), await merge(seed, 'bapenda/esppt'), await merge(seed, 'dkisp/satudata')];
    const runs = await Promise.all(commits.map((c, i) => runAt(`run-${i}`, c)));
    await Promise.all(runs.map((dir) => recompute(dir)));
    const results = await Promise.all(runs.map((dir, i) =>
      commitLedger({ repoDir: dir, ledgerPath: LEDGER, message: message(20 + i), identity: GITHUB_ACTIONS_BOT, maxAttempts: 6, recompute: () => recompute(dir) })));
    expect(results.filter((r) => r.status === 'pushed').length).toBeGreaterThanOrEqual(1);
    const final = await remoteLedger();
    expect(Object.keys(final).sort()).toEqual(['bapenda/esppt', 'bkpsdm/simpeg', 'dinkes/sik', 'dkisp/satudata']);
    expectNoAddressTwice(final);
  });

  it('gives up with a clear error when main keeps moving', async () => {
    const runA = await runAt('run-a', (await sh(seed, 'rev-parse', 'HEAD')).trim());
    await recompute(runA);
    // The first push already meets a newer main.
    await merge(seed, 'dinkes/sik');
    let n = 0;
    const attempt = commitLedger({
      repoDir: runA, ledgerPath: LEDGER, message: message(5), identity: GITHUB_ACTIONS_BOT, maxAttempts: 3,
      // Every recompute races a new merge that lands before our push.
      recompute: async () => {
        await recompute(runA);
        await merge(seed, `dinkes/app${n++}`);
      },
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushRetryError);
    expect((error as PushRetryError).attempts).toBe(3);
    expect((error as PushRetryError).text.en).toContain('could not be pushed after 3 attempts');
    expect((error as PushRetryError).text.id).toContain('gagal di-push setelah 3 percobaan');
  });

  it('commits the ledger and nothing else, even with other changes staged', async () => {
    const runA = await runAt('run-a', (await sh(seed, 'rev-parse', 'HEAD')).trim());
    await recompute(runA);
    await writeFile(path.join(runA, 'README.md'), '# changed by a stray step\n', 'utf8');
    await sh(runA, 'add', 'README.md');
    const result = await commitLedger({ repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) });
    expect(result.status).toBe('pushed');
    expect((await sh(runA, 'show', '--format=', '--name-only', 'HEAD')).trim()).toBe(LEDGER);
    expect(await sh(runA, 'diff', '--cached', '--name-only')).toBe('README.md\n');
  });

  it('does not commit an unchanged ledger', async () => {
    const runA = await runAt('run-a', (await sh(seed, 'rev-parse', 'HEAD')).trim());
    await recompute(runA);
    await commitLedger({ repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) });
    const head = (await sh(runA, 'rev-parse', 'HEAD')).trim();
    await recompute(runA);
    expect(await commitLedger({ repoDir: runA, ledgerPath: LEDGER, message: message(4), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) })).toEqual({ status: 'unchanged', attempts: 1 });
    expect((await sh(runA, 'rev-parse', 'HEAD')).trim()).toBe(head);
  });

  it('does not retry a push the remote refuses for another reason (a protected branch)', async () => {
    const hook = path.join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n', 'utf8');
    await chmod(hook, 0o755);
    const runA = await runAt('run-a', (await sh(seed, 'rev-parse', 'HEAD')).trim());
    await recompute(runA);
    let recomputed = 0;
    const error = await commitLedger({
      repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT,
      recompute: async () => { recomputed++; },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushRetryError);
    expect((error as PushRetryError).attempts).toBe(1);
    expect((error as PushRetryError).text.en).toContain('GH006');
    expect(recomputed).toBe(0);
  });
});

describe('ledger commit after an earlier run', () => {
  it('takes its commit back when the push is refused, so the next run pushes the ledger', async () => {
    const hook = path.join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n', 'utf8');
    await chmod(hook, 0o755);
    const base = (await sh(seed, 'rev-parse', 'HEAD')).trim();
    const runA = await runAt('run-a', base);
    await recompute(runA);
    const ledger = await readFile(path.join(runA, LEDGER), 'utf8');
    const options = { repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) };
    expect(await commitLedger(options).catch((e: unknown) => e)).toBeInstanceOf(PushRetryError);
    // No unpushed commit is left behind; the ledger waits in the work tree.
    expect((await sh(runA, 'rev-parse', 'HEAD')).trim()).toBe(base);
    expect(await readFile(path.join(runA, LEDGER), 'utf8')).toBe(ledger);
    await rm(hook);
    const pushed = await commitLedger(options);
    expect(pushed).toMatchObject({ status: 'pushed', attempts: 1 });
    expect(Object.keys(await remoteLedger())).toEqual(['bkpsdm/simpeg']);
    expect(await commitLedger(options)).toEqual({ status: 'unchanged', attempts: 1 });
  });

  it('recomputes after a refused push when main moved on meanwhile', async () => {
    const hook = path.join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\nexit 1\n', 'utf8');
    await chmod(hook, 0o755);
    const runA = await runAt('run-a', (await sh(seed, 'rev-parse', 'HEAD')).trim());
    await recompute(runA);
    const options = { repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) };
    expect(await commitLedger(options).catch((e: unknown) => e)).toBeInstanceOf(PushRetryError);
    await rm(hook);
    await merge(seed, 'dinkes/sik');
    expect(await commitLedger(options)).toMatchObject({ status: 'pushed', attempts: 2 });
    expect(Object.keys(await remoteLedger()).sort()).toEqual(['bkpsdm/simpeg', 'dinkes/sik']);
  });

  it('refuses when the checkout holds commits the remote does not have, and keeps them', async () => {
    const base = (await sh(seed, 'rev-parse', 'HEAD')).trim();
    const runA = await runAt('run-a', base);
    await writeFile(path.join(runA, 'README.md'), '# smuggled\n', 'utf8');
    await sh(runA, ...HUMAN, 'commit', '-q', '-am', 'change past review');
    const local = (await sh(runA, 'rev-parse', 'HEAD')).trim();
    await recompute(runA);
    const options = { repoDir: runA, ledgerPath: LEDGER, message: message(3), identity: GITHUB_ACTIONS_BOT, recompute: () => recompute(runA) };
    const error = await commitLedger(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnpushedCommitsError);
    expect((error as UnpushedCommitsError).commits).toEqual([{ hash: local, subject: 'change past review' }]);
    expect((await sh(runA, 'rev-parse', 'HEAD')).trim()).toBe(local);
    expect((await sh(remote, 'rev-parse', 'refs/heads/main')).trim()).toBe(base);
    // A remote without the branch yet: every local commit is missing there.
    const none = await commitLedger({ ...options, branch: 'no-such-branch' }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(UnpushedCommitsError);
    expect((none as UnpushedCommitsError).commits.map((c) => c.hash)).toContain(base);
  });

  it('checks the ledger before every commit, also the recomputed one, and commits nothing it refuses', async () => {
    const m1 = await merge(seed, 'dinkes/sik');
    const runA = await runAt('run-a', m1);
    await merge(seed, 'bapenda/esppt');
    await recompute(runA);
    const checked: string[] = [];
    const error = await commitLedger({
      repoDir: runA, ledgerPath: LEDGER, message: message(11), identity: GITHUB_ACTIONS_BOT, maxAttempts: 3,
      recompute: () => recompute(runA),
      check: async () => {
        checked.push(await readFile(path.join(runA, LEDGER), 'utf8'));
        if (checked.length === 2) throw new Error('refused by the check');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('refused by the check');
    expect(checked).toHaveLength(2);
    expect(checked[1]).toContain('bapenda/esppt');
    // The second attempt started from the remote's main and committed nothing of its own.
    expect((await sh(runA, 'rev-parse', 'HEAD')).trim()).toBe((await sh(remote, 'rev-parse', 'refs/heads/main')).trim());
  });
});

describe('ledger commit message', () => {
  it('names the pull request and the approvers as trailers', () => {
    expect(ledgerCommitMessage({ stack: 'dev', pr: 42, approvers: ['kabid-aplikasi=alice', 'kepala-dkisp=Bob'], sourceCommit: '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f' })).toBe(
      'ledger(dev): allocations after #42\n\nPull-request: #42\nApproved-by: alice (kabid-aplikasi)\nApproved-by: Bob (kepala-dkisp)\nSource-commit: 9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f\n',
    );
    expect(ledgerCommitMessage({ stack: 'dev', approvers: [] })).toBe('ledger(dev): allocations\n');
  });

  it('refuses values that would forge lines in the history', () => {
    expect(() => ledgerCommitMessage({ stack: 'dev', pr: 1, approvers: ['kabid=a\nApproved-by: mallory'] })).toThrow(/invalid approver/);
    expect(() => ledgerCommitMessage({ stack: 'dev', pr: -1, approvers: [] })).toThrow(/pull request/);
  });

  it('tells a non-fast-forward from other refusals', () => {
    expect(isNonFastForward(new Error(' ! [rejected]        HEAD -> main (fetch first)'))).toBe(true);
    expect(isNonFastForward(new Error(' ! [rejected]        HEAD -> main (non-fast-forward)'))).toBe(true);
    expect(isNonFastForward(new Error(' ! [remote rejected] HEAD -> main (protected branch hook declined)'))).toBe(false);
    expect(isNonFastForward(new Error('fatal: could not read Username'))).toBe(false);
  });
});
