import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { classifyPath, parseChangedPaths, scopeWarnings } from '../../src/github/pr-scope.ts';

describe('pull request scope', () => {
  it('classifies the paths of the repository', () => {
    expect(classifyPath('requests/bkpsdm/simpeg.yaml')).toEqual({ path: 'requests/bkpsdm/simpeg.yaml', kind: 'request', opd: 'bkpsdm' });
    expect(classifyPath('requests/opds.yaml').kind).toBe('registry');
    expect(classifyPath('stacks/dev.allocations.yaml').kind).toBe('ledger');
    expect(classifyPath('stacks/Pulumi.dev.yaml').kind).toBe('stack');
    expect(classifyPath('schemas/colocation-request.schema.json').kind).toBe('schema');
    expect(classifyPath('src/core/allocate.ts').kind).toBe('code');
    expect(classifyPath('.github/workflows/apply.yml').kind).toBe('github');
    expect(classifyPath('README.md').kind).toBe('docs');
  });

  it('is quiet for one OPD request, with or without documentation', () => {
    expect(scopeWarnings(['requests/bkpsdm/simpeg.yaml', 'requests/bkpsdm/absensi.yaml', 'README.md'])).toEqual([]);
    expect(scopeWarnings(['src/cli/main.ts', 'test/cli/validate.test.ts'])).toEqual([]);
  });

  it('warns about several OPDs in one pull request', () => {
    const warnings = scopeWarnings(['requests/bkpsdm/simpeg.yaml', 'requests/dinkes/sik.yaml']);
    expect(warnings.map((w) => w.code)).toEqual(['KLK811']);
    expect(warnings[0]!.message.en).toContain('2 OPDs (bkpsdm, dinkes)');
    expect(warnings[0]!.message.id).toContain('2 OPD (bkpsdm, dinkes)');
  });

  it('warns about requests mixed with stacks, schemas or code, and about a hand-edited ledger', () => {
    const warnings = scopeWarnings(['requests/bkpsdm/simpeg.yaml', 'stacks/Pulumi.dev.yaml', 'src/core/plan.ts', 'stacks/dev.allocations.yaml']);
    expect(warnings.map((w) => w.code)).toEqual(['KLK812', 'KLK813']);
    expect(warnings[0]!.message.en).toContain('stack config');
    expect(warnings[0]!.message.en).toContain('code');
    expect(warnings[0]!.paths).toEqual(['src/core/plan.ts', 'stacks/Pulumi.dev.yaml']);
  });

  it('reads NUL-separated and line-separated lists', () => {
    expect(parseChangedPaths('a/b.yaml\0c d.yaml\0')).toEqual(['a/b.yaml', 'c d.yaml']);
    expect(parseChangedPaths('a/b.yaml\r\nc.yaml\n\n')).toEqual(['a/b.yaml', 'c.yaml']);
  });

  // The timeout only guards against a relapse into quadratic time (200,000 lines took ~12 s when
  // every line re-scanned the whole text for a NUL); the linear version takes a fraction of a second.
  it('reads 200,000 paths, in each of the three forms', () => {
    const paths = Array.from({ length: 200_000 }, (_, i) => `requests/o${i % 3}/x${i}.yaml`);
    for (const text of [paths.join('\n'), `${paths.join('\r\n')}\r\n`, `${paths.join('\0')}\0`]) {
      expect(parseChangedPaths(text)).toEqual(paths);
    }
    const warnings = scopeWarnings(parseChangedPaths(paths.join('\n')));
    expect(warnings.map((w) => w.code)).toEqual(['KLK811']);
    expect(warnings[0]!.message.en).toContain('3 OPDs (o0, o1, o2)');
  }, 10_000);
});

describe('kolokasi scope', () => {
  it('prints escaped ::warning:: lines with --format github and exits 0', async () => {
    const repo = await exampleRepo();
    try {
      // A hostile file name must not start a workflow command of its own.
      await writeFile(path.join(repo, 'changed'), ['requests/bkpsdm/simpeg.yaml', 'requests/dinkes/x\n::error::pwned.yaml', 'src/a.ts'].join('\0'), 'utf8');
      const result = await runCli(['scope', '--changed', 'changed', '--format', 'github', '--repo', repo], { cwd: repo, env: { LANG: 'en_US.UTF-8' } });
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(/^::warning title=KLK81\d scope::/);
      expect(result.stdout).toContain('%0A::error::pwned');
    } finally {
      await removeRepo(repo);
    }
  });

  it('exits 2 when the list cannot be read', async () => {
    const repo = await exampleRepo();
    try {
      const result = await runCli(['scope', '--changed', 'missing.txt', '--repo', repo], { cwd: repo, env: { LANG: 'en_US.UTF-8' } });
      expect(result.code).toBe(2);
    } finally {
      await removeRepo(repo);
    }
  });
});
