// `kolokasi report` writes its directory as a whole: a new report replaces the previous one (so
// nothing an earlier report wrote lingers), and a directory holding files kolokasi did not write
// is refused, untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';

const NOW = ['--now', '2026-11-20T08:00:00Z'];
let repo: string;

beforeAll(async () => {
  repo = await exampleRepo();
  expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
});

afterAll(async () => {
  await removeRepo(repo);
});

describe('kolokasi report --out', () => {
  it('replaces the previous report, leaving nothing of it and no temporary directory', async () => {
    expect((await runCli(['report', '--out', 'out', ...NOW], { cwd: repo })).code).toBe(0);
    // As if an earlier report had written it, for a request that is no longer in the repository.
    writeFileSync(path.join(repo, 'out/laporan/gone-request.md'), 'old');
    const result = await runCli(['report', '--out', 'out', ...NOW], { cwd: repo });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(repo, 'out/laporan/gone-request.md'))).toBe(false);
    expect(existsSync(path.join(repo, 'out/laporan/dkisp-monitoring.md'))).toBe(true);
    expect(readdirSync(repo).filter((name) => name.startsWith('out.'))).toEqual([]);
  });

  it('refuses a directory that holds files of someone else, and changes nothing in it', async () => {
    const mine = path.join(repo, 'notes');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'todo.txt'), 'keep me');
    const result = await runCli(['report', '--out', 'notes', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds files kolokasi did not write');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(mine)).toEqual(['todo.txt']);
    expect(readFileSync(path.join(mine, 'todo.txt'), 'utf8')).toBe('keep me');
  });
});
