// The pool picture shown in the README is the one kolokasi draws for the example data:
// applied, one request withdrawn a week later (its address in quarantine), reported in English.
import { describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expectGolden } from '../helpers/golden.ts';
import { exampleRepo, removeRepo, runCli, PROJECT_ROOT } from '../helpers/repo.ts';

const GOLDEN = path.join(PROJECT_ROOT, 'test/golden/report/pool-publik-a.svg');

describe('the README pool picture', () => {
  it('is what kolokasi report draws for the example data', async () => {
    const repo = await exampleRepo();
    try {
      expect((await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo })).code).toBe(0);
      await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
      expect((await runCli(['apply', '--now', '2026-11-24T08:00:00Z'], { cwd: repo })).code).toBe(0);
      const report = await runCli(['report', '--now', '2026-11-27T08:00:00Z', '--lang', 'en'], { cwd: repo });
      expect(report.code, report.stderr).toBe(0);
      const drawn = await readFile(path.join(repo, 'build/dev/report/pool-publik-a.svg'), 'utf8');
      expectGolden(GOLDEN, drawn);
      expect(drawn).toContain('quarantined');
    } finally {
      await removeRepo(repo);
    }
  });
});
