// `kolokasi commit-ledger` through the CLI: arguments checked, message built, ledger pushed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { runCli } from '../helpers/repo.ts';

let work: string;
let clone: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kolokasi-commit-cli-'));
  const remote = path.join(work, 'remote.git');
  await simpleGit(work).raw(['init', '-q', '--bare', '-b', 'main', remote]);
  clone = path.join(work, 'clone');
  await simpleGit(work).clone(remote, clone, ['-q']);
  await simpleGit(clone).raw(['checkout', '-q', '-b', 'main']);
  await writeFile(path.join(clone, 'README.md'), '# x\n', 'utf8');
  await simpleGit(clone).raw(['add', '-A']);
  await simpleGit(clone).raw(['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'base']);
  await simpleGit(clone).raw(['push', '-q', 'origin', 'HEAD:refs/heads/main']);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const env = { LANG: 'en_US.UTF-8', KOLOKASI_BOT_NAME: 'kolokasi[bot]', KOLOKASI_BOT_EMAIL: '123+kolokasi[bot]@users.noreply.github.com' };

describe('kolokasi commit-ledger', () => {
  it('commits the ledger as the bot with the PR and approvers, and pushes it', async () => {
    await mkdir(path.join(clone, 'stacks'), { recursive: true });
    await writeFile(path.join(clone, 'stacks/dev.allocations.yaml'), 'apiVersion: kolokasi/v1\n', 'utf8');
    const result = await runCli(['commit-ledger', '--repo', clone, '--pr', '42', '--approvers', 'kabid-aplikasi=alice,kepala-dkisp=bob', '--source-commit', '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f'], { cwd: clone, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pushed ledger commit [0-9a-f]{40} \(attempt 1\)/);
    const log = await simpleGit(clone).raw(['log', '-1', 'origin/main', '--format=%an <%ae>%n%B']);
    expect(log).toContain('kolokasi[bot] <123+kolokasi[bot]@users.noreply.github.com>');
    expect(log).toContain('ledger(dev): allocations after #42');
    expect(log).toContain('Approved-by: bob (kepala-dkisp)');

    const again = await runCli(['commit-ledger', '--repo', clone, '--pr', '42'], { cwd: clone, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('ledger unchanged');
  });

  it('treats an empty --pr and --approvers as "none" (a direct push to main)', async () => {
    await mkdir(path.join(clone, 'stacks'), { recursive: true });
    await writeFile(path.join(clone, 'stacks/dev.allocations.yaml'), 'x: 1\n', 'utf8');
    const result = await runCli(['commit-ledger', '--repo', clone, '--pr', '', '--approvers', ''], { cwd: clone, env });
    expect(result.code).toBe(0);
    expect(await simpleGit(clone).raw(['log', '-1', '--format=%s'])).toBe('ledger(dev): allocations\n');
  });

  it('exits 2 on arguments that would forge the message', async () => {
    for (const args of [['--pr', '12abc'], ['--approvers', 'kabid=a b'], ['--attempts', '0'], ['--branch', 'main..x'], ['--source-commit', 'HEAD']]) {
      const result = await runCli(['commit-ledger', '--repo', clone, ...args], { cwd: clone, env });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
