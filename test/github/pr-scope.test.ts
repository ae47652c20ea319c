import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { copyTemplate } from '../helpers/example.ts';
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

describe('kolokasi scope --base (a real git repository)', () => {
  let template: string;

  beforeAll(async () => {
    template = await exampleRepo();
    const git = simpleGit(template);
    await git.init(['--initial-branch=main']);
    await git.addConfig('user.name', 'Bidang Aplikasi').addConfig('user.email', 'aplikasi@example.org');
    await git.add(['requests', 'stacks', 'schemas']).commit('requests');
  });

  afterAll(async () => {
    await removeRepo(template);
  });

  /** The example committed on main, a copy for each test to change. */
  const committedRepo = () => copyTemplate(template);

  it('lists both folders of a request moved to another OPD, so KLK811 fires', async () => {
    const repo = await committedRepo();
    try {
      const git = simpleGit(repo);
      await mkdir(path.join(repo, 'requests/dinkes'), { recursive: true });
      await git.mv('requests/bapenda/esppt.yaml', 'requests/dinkes/esppt.yaml');
      await git.commit('move esppt to dinkes');
      // What a rename-following diff sees: one path, in one OPD.
      expect((await git.raw(['diff', '--name-only', 'HEAD^1', 'HEAD'])).trim()).toBe('requests/dinkes/esppt.yaml');
      const result = await runCli(['scope', '--base', 'HEAD^1', '--format', 'json', '--repo', repo], { cwd: repo });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { paths: number; warnings: { code: string; paths: string[] }[] };
      expect(report.paths).toBe(2);
      expect(report.warnings.map((w) => w.code)).toEqual(['KLK811']);
      expect(report.warnings[0]!.paths).toEqual(['requests/bapenda/esppt.yaml', 'requests/dinkes/esppt.yaml']);
    } finally {
      await removeRepo(repo);
    }
  });

  it('is quiet for a rename within one OPD', async () => {
    const repo = await committedRepo();
    try {
      const git = simpleGit(repo);
      await git.mv('requests/bkpsdm/simpeg.yaml', 'requests/bkpsdm/simpeg-v2.yaml');
      await git.commit('rename simpeg');
      const result = await runCli(['scope', '--base', 'HEAD^1', '--repo', repo], { cwd: repo });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('2 changed path(s): scope is fine\n');
    } finally {
      await removeRepo(repo);
    }
  });

  it('exits 2 for an unknown base, and for both or neither of --base and --changed', async () => {
    const repo = await committedRepo();
    try {
      const unknown = await runCli(['scope', '--base', 'no-such-branch', '--repo', repo], { cwd: repo });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("--base 'no-such-branch' is not a commit");
      expect(unknown.stderr).not.toMatch(/\n\s+at /);
      await writeFile(path.join(repo, 'changed'), 'requests/bkpsdm/simpeg.yaml\n');
      for (const args of [['--base', 'HEAD', '--changed', 'changed'], []]) {
        const result = await runCli(['scope', ...args, '--repo', repo], { cwd: repo });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('exactly one of --base REV and --changed FILE');
      }
    } finally {
      await removeRepo(repo);
    }
  });
});
