// Mistakes of place, not of content: exit 2, the path and the reason named, no stack trace,
// and nothing half-written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';

const NOW = ['--now', '2026-11-20T08:00:00Z'];
let repo: string;

beforeEach(async () => {
  repo = await exampleRepo();
});
afterEach(async () => {
  await removeRepo(repo);
});

const noTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('an output directory that cannot be written', () => {
  it('apply refuses it before the ledger is touched', async () => {
    await writeFile(path.join(repo, 'not-a-dir'), 'x');
    const result = await runCli(['apply', '--out', 'not-a-dir', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write');
    expect(result.stderr).toContain('not-a-dir');
    noTrace(result.stderr);
    await expect(stat(path.join(repo, 'stacks/dev.allocations.yaml'))).rejects.toThrow();
  });

  it('report refuses a directory under /proc at once', async () => {
    const result = await runCli(['report', '--out', '/proc/kolokasi-report', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/proc/kolokasi-report');
    noTrace(result.stderr);
  });

  it('leaves no temporary files behind', async () => {
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const leftovers = (await readdir(repo, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});

describe('a repository that is not one', () => {
  it('names the missing stack file', async () => {
    const result = await runCli(['plan', '--repo', path.join(repo, 'requests'), ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stacks/Pulumi.dev.yaml is missing');
    noTrace(result.stderr);
  });

  it('refuses a stack name that could leave stacks/', async () => {
    const result = await runCli(['plan', '--stack', '../etc', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid stack name '../etc'");
  });
});

describe('a clock behind the ledger', () => {
  it('is refused before anything is computed, and the ledger stays as it was', async () => {
    expect((await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo })).code).toBe(0);
    const ledger = path.join(repo, 'stacks/dev.allocations.yaml');
    const before = await readFile(ledger, 'utf8');
    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    const result = await runCli(['apply', '--now', '2026-11-19T08:00:00Z'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KLK307');
    expect(result.stderr).toContain('--now 2026-11-20T08:00:00Z or later');
    expect(await readFile(ledger, 'utf8')).toBe(before);
    expect((await runCli(['apply', '--now', '2026-11-21T08:00:00Z'], { cwd: repo })).code).toBe(0);
  });
});
