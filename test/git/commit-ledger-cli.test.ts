// `kolokasi commit-ledger` through the CLI: arguments checked, message built, ledger checked, pushed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, chmod, cp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { copyExample } from '../helpers/example.ts';
import { bareRemote, copyRemote, removeRemote, type BareRemote } from '../helpers/remote.ts';
import { runCli } from '../helpers/repo.ts';

const LEDGER = 'stacks/dev.allocations.yaml';
const HUMAN = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];

let work: string;
let remote: string;
let clone: string;

const env = { LANG: 'en_US.UTF-8', KOLOKASI_BOT_NAME: 'kolokasi[bot]', KOLOKASI_BOT_EMAIL: '123+kolokasi[bot]@users.noreply.github.com' };

async function git(dir: string, ...args: string[]): Promise<string> {
  return simpleGit(dir).raw(args);
}

/** The allocation ledger as `kolokasi apply` writes it, in the clone's work tree. */
async function applied(): Promise<void> {
  const result = await runCli(['apply', '--repo', clone, '--out', path.join(work, 'build')], { cwd: clone, env });
  expect(result.stderr).not.toContain('internal error');
  expect(result.code).toBe(0);
}

let template: BareRemote;

beforeAll(async () => {
  template = await bareRemote({
    files: async (dir) => {
      copyExample(dir);
      await writeFile(path.join(dir, 'README.md'), '# x\n', 'utf8');
    },
  });
});

afterAll(async () => {
  await removeRemote(template);
});

beforeEach(async () => {
  ({ work, remote, clone } = await copyRemote(template));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const commitLedger = (args: string[], extra: Record<string, string> = {}) =>
  runCli(['commit-ledger', '--repo', clone, ...args], { cwd: clone, env: { ...env, ...extra } });

const remoteHead = async () => (await git(remote, 'rev-parse', 'refs/heads/main')).trim();

describe('kolokasi commit-ledger', () => {
  it('commits the ledger as the bot with the PR and approvers, and pushes it', async () => {
    await applied();
    const result = await commitLedger(['--pr', '42', '--approvers', 'kabid-aplikasi=alice,kepala-dkisp=bob', '--source-commit', '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pushed ledger commit [0-9a-f]{40} \(attempt 1\)/);
    const log = await git(clone, 'log', '-1', 'origin/main', '--format=%an <%ae>%n%B');
    expect(log).toContain('kolokasi[bot] <123+kolokasi[bot]@users.noreply.github.com>');
    expect(log).toContain('ledger(dev): allocations after #42');
    expect(log).toContain('Approved-by: bob (kepala-dkisp)');

    const again = await commitLedger(['--pr', '42']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('ledger unchanged');
  });

  it('treats an empty --pr and --approvers as "none" (a direct push to main)', async () => {
    await applied();
    const result = await commitLedger(['--pr', '', '--approvers', '']);
    expect(result.code).toBe(0);
    expect(await git(clone, 'log', '-1', '--format=%s')).toBe('ledger(dev): allocations\n');
  });

  it('exits 2 on arguments that would forge the message', async () => {
    for (const args of [['--pr', '12abc'], ['--approvers', 'kabid=a b'], ['--attempts', '0'], ['--attempts', '0x5'], ['--branch', 'main..x'], ['--source-commit', 'HEAD']]) {
      const result = await commitLedger(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('accepts only a decimal pull request number, quoting what was given', async () => {
    for (const given of ['abc', '0x10', '1e3', '010', '0', '-3', ' 7', '12345678901', '4.0']) {
      const result = await commitLedger(['--pr', given]);
      expect(result.code, given).toBe(2);
      expect(result.stderr, given).toContain(`invalid pull request number '${given}'`);
      expect(result.stderr).not.toContain('NaN');
    }
    const id = await runCli(['commit-ledger', '--repo', clone, '--pr', 'abc', '--lang', 'id'], { cwd: clone, env });
    expect(id.stderr).toContain("nomor pull request 'abc'");
    await applied();
    const ok = await commitLedger(['--pr', '9999999999']);
    expect(ok.code).toBe(0);
    expect(await git(clone, 'log', '-1', '--format=%s')).toBe('ledger(dev): allocations after #9999999999\n');
  });
});

describe('kolokasi commit-ledger: environment errors exit 2 with a clear message', () => {
  it('outside a git repository, and for a missing directory', async () => {
    const plain = path.join(work, 'plain');
    await cp(path.join(clone, 'stacks'), path.join(plain, 'stacks'), { recursive: true });
    const outside = await runCli(['commit-ledger', '--repo', plain], { cwd: work, env });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(`${plain} is not a git work tree`);
    expect(outside.stderr).not.toMatch(/internal error|\n\s+at /);

    const missing = await runCli(['commit-ledger', '--repo', path.join(work, 'nonexistent')], { cwd: work, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist or is not a directory');
    expect(missing.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('for a bot name or email that is not one line', async () => {
    for (const [variable, value] of [['KOLOKASI_BOT_NAME', 'a\nb'], ['KOLOKASI_BOT_EMAIL', 'x@y\r\n[core]'], ['KOLOKASI_BOT_NAME', '   ']] as const) {
      const result = await commitLedger([], { [variable]: value });
      expect(result.code, variable).toBe(2);
      expect(result.stderr).toContain(`invalid ${variable}`);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('without the remote to push to', async () => {
    await applied();
    await git(clone, 'remote', 'remove', 'origin');
    const result = await commitLedger(['--pr', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("has no remote 'origin'");
    expect(result.stderr).toContain('git remote add origin');
    const other = await commitLedger(['--remote', 'upstream']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("has no remote 'upstream'");
  });
});

describe('kolokasi commit-ledger: the ledger is checked before it is committed', () => {
  async function expectNothingCommitted(result: { code: number; stderr: string }, before: { local: string; remote: string }) {
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was committed');
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect((await git(clone, 'rev-parse', 'HEAD')).trim()).toBe(before.local);
    expect(await remoteHead()).toBe(before.remote);
  }

  it('refuses a ledger with a syntax error, printing the diagnostics', async () => {
    await applied();
    await appendFile(path.join(clone, LEDGER), 'garbage: [\n');
    const before = { local: (await git(clone, 'rev-parse', 'HEAD')).trim(), remote: await remoteHead() };
    const result = await commitLedger(['--pr', '6']);
    expect(result.stderr).toMatch(/stacks\/dev\.allocations\.yaml:\d+:\d+: error KLK001/);
    await expectNothingCommitted(result, before);
  });

  it('refuses a ledger that holds one address twice', async () => {
    await applied();
    const file = path.join(clone, LEDGER);
    const text = await readFile(file, 'utf8');
    const first = /^ {2}\S+: \{ subdomain: "[^"]+", publicIpv4: "([^"]+)"/m.exec(text)![1]!;
    const second = [...text.matchAll(/^ {2}\S+: \{ subdomain: "[^"]+", publicIpv4: "([^"]+)"/gm)][1]![1]!;
    await writeFile(file, text.replace(`publicIpv4: "${second}"`, `publicIpv4: "${first}"`), 'utf8');
    const before = { local: (await git(clone, 'rev-parse', 'HEAD')).trim(), remote: await remoteHead() };
    const result = await commitLedger(['--pr', '6']);
    expect(result.stderr).toContain(first);
    await expectNothingCommitted(result, before);
  });

  it('refuses when the stack config it is checked against is invalid', async () => {
    await applied();
    await appendFile(path.join(clone, 'stacks/Pulumi.dev.yaml'), '  kolokasi:quarantineDays: [\n');
    const before = { local: (await git(clone, 'rev-parse', 'HEAD')).trim(), remote: await remoteHead() };
    const result = await commitLedger(['--pr', '6']);
    expect(result.stderr).toMatch(/stacks\/Pulumi\.dev\.yaml:\d+:\d+: error/);
    expect(result.stderr).toContain('so the ledger cannot be checked');
    await expectNothingCommitted(result, before);
  });

  it('refuses to commit the deletion of a committed ledger', async () => {
    await applied();
    expect((await commitLedger(['--pr', '1'])).code).toBe(0);
    await unlink(path.join(clone, LEDGER));
    const before = { local: (await git(clone, 'rev-parse', 'HEAD')).trim(), remote: await remoteHead() };
    const result = await commitLedger(['--pr', '2']);
    expect(result.stderr).toContain('never commits its deletion');
    await expectNothingCommitted(result, before);
  });

  it('says "nothing to commit" when there is no ledger at all', async () => {
    const result = await commitLedger([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing to commit');
  });
});

describe('kolokasi commit-ledger: exactly one commit, the ledger alone, on top of the remote main', () => {
  it('pushes one commit whose parent is the remote main and whose diff is the ledger alone', async () => {
    await applied();
    const base = await remoteHead();
    const result = await commitLedger(['--pr', '8']);
    expect(result.code).toBe(0);
    const pushed = await remoteHead();
    expect((await git(remote, 'rev-list', '--parents', '-1', pushed)).trim().split(' ').slice(1)).toEqual([base]);
    expect((await git(remote, 'diff', '--name-only', base, pushed)).trim()).toBe(LEDGER);
  });

  it('after a refused push leaves no unpushed commit, and the next run pushes the ledger', async () => {
    await applied();
    const hook = path.join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n', 'utf8');
    await chmod(hook, 0o755);
    const base = await remoteHead();
    const refused = await commitLedger(['--pr', '8']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('GH006');
    expect(await remoteHead()).toBe(base);
    expect((await git(clone, 'rev-parse', 'HEAD')).trim()).toBe(base);

    await rm(hook);
    const rerun = await commitLedger(['--pr', '8']);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/pushed ledger commit [0-9a-f]{40}/);
    expect(await git(remote, 'show', `main:${LEDGER}`)).toBe(await readFile(path.join(clone, LEDGER), 'utf8'));

    const third = await commitLedger(['--pr', '8']);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('nothing to commit');
  });

  it('refuses (exit 2) a checkout with commits the remote does not have, naming them and keeping them', async () => {
    await applied();
    await writeFile(path.join(clone, 'README.md'), '# local edit\n', 'utf8');
    await git(clone, ...HUMAN, 'commit', '-q', '-m', 'local work', '--', 'README.md');
    const local = (await git(clone, 'rev-parse', 'HEAD')).trim();
    const base = await remoteHead();
    const result = await commitLedger(['--pr', '9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${local.slice(0, 12)} local work`);
    expect(result.stderr).toContain('not on origin/main');
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect((await git(clone, 'rev-parse', 'HEAD')).trim()).toBe(local);
    expect(await remoteHead()).toBe(base);
    // The ledger apply wrote is still in the work tree, uncommitted.
    expect(await git(clone, 'status', '--porcelain', '--untracked-files=all', '--', LEDGER)).not.toBe('');
  });

  it('refuses (exit 2) to push anywhere but main', async () => {
    await applied();
    const base = await remoteHead();
    const result = await commitLedger(['--branch', 'gateway-config']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pushes only to main, not to 'gateway-config'");
    expect(await remoteHead()).toBe(base);
  });
});
