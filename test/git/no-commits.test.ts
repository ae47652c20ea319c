// A git repository without any commit yet (just `git init`): the reports work as in a plain
// directory, with dates unknown, and nothing reads a HEAD that is not there.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { copyTemplate } from '../helpers/example.ts';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { hasHead, readHistory } from '../../src/git/history.ts';
import { readFilesAtRef } from '../../src/git/tree.ts';

let template: string;
let repo: string;

beforeAll(async () => {
  template = await exampleRepo();
  await simpleGit(template).raw(['init', '-q']);
});

afterAll(async () => {
  await removeRepo(template);
});

beforeEach(async () => {
  repo = await copyTemplate(template);
});

afterEach(async () => {
  await removeRepo(repo);
});

describe('a git repository without commits', () => {
  it('has an empty history, not an error', async () => {
    expect(await hasHead(repo)).toBe(false);
    expect(await readHistory(repo, 'stacks/dev.allocations.yaml')).toEqual({ requestEvents: [], ledgerChanges: [], shallow: false });
  });

  it('kolokasi report writes the reports (exit 0), dates unknown', async () => {
    const out = path.join(repo, 'out');
    const result = await runCli(['report', '--repo', repo, '--out', out, '--now', '2026-11-20T08:00:00Z'], { cwd: repo });
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    expect(await readdir(out)).toContain('inventory.csv');
  });

  it('refuses a base that is not a commit', async () => {
    await expect(readFilesAtRef(repo, 'HEAD', 'requests')).rejects.toThrow(/not a commit/);
  });
});

describe('no git repository at all', () => {
  it('gives no history for a plain or a missing directory', async () => {
    const plain = await mkdtemp(path.join(tmpdir(), 'kolokasi-plain-'));
    try {
      expect(await readHistory(plain, 'stacks/dev.allocations.yaml')).toBeUndefined();
      expect(await readHistory(path.join(plain, 'missing'), 'stacks/dev.allocations.yaml')).toBeUndefined();
      expect(await hasHead(plain)).toBe(false);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('a repository with a commit has a HEAD', async () => {
    const git = simpleGit(repo);
    await git.raw(['add', 'requests']);
    await git.raw(['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'base']);
    expect(await hasHead(repo)).toBe(true);
    expect((await readFilesAtRef(repo, 'HEAD', 'requests')).length).toBeGreaterThan(0);
    await expect(readFilesAtRef(repo, '--output=/tmp/x', 'requests')).rejects.toThrow(/not a commit/);
  });
});
