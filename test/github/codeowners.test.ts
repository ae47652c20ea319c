import { describe, expect, it } from 'vitest';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { codeownersDifference, renderCodeowners } from '../../src/github/codeowners.ts';
import { parseApprovers } from '../../src/github/approvers.ts';
import { parseOpdRegistry } from '../../src/core/stack.ts';

const TEAMS = { applications: 'org/aplikasi', noc: 'org/noc', maintainers: 'org/maint' };

describe('CODEOWNERS generation', () => {
  it('gives each OPD folder to its team and Bidang Aplikasi, after the general rules', () => {
    const { text } = renderCodeowners({ opds: [
      { slug: 'dinkes', name: 'Dinas Kesehatan', githubTeam: 'org/opd-dinkes' },
      { slug: 'bapenda', name: 'Badan Pendapatan Daerah', githubTeam: 'org/opd-bapenda' },
    ] }, TEAMS);
    const rules = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(/\s+/));
    const owners = (pattern: string) => rules.find((r) => r[0] === pattern)?.slice(1);
    expect(owners('*')).toEqual(['@org/maint']);
    expect(owners('/stacks/')).toEqual(['@org/noc', '@org/maint']);
    expect(owners('/schemas/')).toEqual(['@org/maint', '@org/aplikasi']);
    expect(owners('/.github/')).toEqual(['@org/maint']);
    expect(owners('/requests/bapenda/')).toEqual(['@org/opd-bapenda', '@org/aplikasi']);
    expect(owners('/requests/dinkes/')).toEqual(['@org/opd-dinkes', '@org/aplikasi']);
    // GitHub applies the last match: the OPD folders come after /requests/, sorted by slug.
    const order = rules.map((r) => r[0]);
    expect(order.indexOf('/requests/bapenda/')).toBeGreaterThan(order.indexOf('/requests/'));
    expect(order.indexOf('/requests/dinkes/')).toBeGreaterThan(order.indexOf('/requests/bapenda/'));
    expect(order[0]).toBe('*');
  });

  it('leaves out an entry that could write a line of its own', () => {
    const { text, problems } = renderCodeowners({ opds: [{ slug: 'x\n* @evil/team', name: 'x', githubTeam: 'org/x' }] }, TEAMS);
    expect(problems).toHaveLength(1);
    expect(text).not.toContain('@evil');
  });

  it('the committed .github/CODEOWNERS is up to date', async () => {
    const registry = parseOpdRegistry({ file: 'requests/opds.yaml', text: await readFile(path.join(PROJECT_ROOT, 'requests/opds.yaml'), 'utf8') }).registry!;
    const config = parseApprovers({ file: '.github/approvers.yaml', text: await readFile(path.join(PROJECT_ROOT, '.github/approvers.yaml'), 'utf8') }).config!;
    const committed = await readFile(path.join(PROJECT_ROOT, '.github/CODEOWNERS'), 'utf8');
    expect(committed).toBe(renderCodeowners(registry, config.teams).text);
  });

  it('reports the lines that differ', () => {
    expect(codeownersDifference('* @a\n/x/ @b\n', '# c\n* @a\n/y/ @b\n')).toEqual({ missing: ['/x/ @b'], unexpected: ['/y/ @b'] });
  });
});

describe('kolokasi codeowners', () => {
  it('--check exits 1 after an OPD is registered, and 0 once regenerated', async () => {
    const repo = await exampleRepo();
    try {
      await mkdir(path.join(repo, '.github'), { recursive: true });
      await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(repo, '.github/approvers.yaml'));
      await cp(path.join(PROJECT_ROOT, '.github/CODEOWNERS'), path.join(repo, '.github/CODEOWNERS'));
      const env = { LANG: 'en_US.UTF-8' };
      expect((await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env })).code).toBe(0);

      const registry = path.join(repo, 'requests/opds.yaml');
      await writeFile(registry, `${await readFile(registry, 'utf8')}  - slug: diskominfo-test\n    name: Dinas Uji\n    githubTeam: pemkot-tarakan/opd-uji\n`, 'utf8');
      const stale = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env });
      expect(stale.code).toBe(1);
      expect(stale.stdout).toContain('out of date');
      expect(stale.stdout).toContain('+ /requests/diskominfo-test/');
      expect(stale.stderr).toContain('npx kolokasi codeowners');

      const write = await runCli(['codeowners', '--repo', repo], { cwd: repo, env });
      expect(write.code).toBe(0);
      expect(write.stdout).toContain('wrote .github/CODEOWNERS');
      expect((await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env })).code).toBe(0);
      expect(await readFile(path.join(repo, '.github/CODEOWNERS'), 'utf8')).toContain('@pemkot-tarakan/opd-uji @pemkot-tarakan/bidang-aplikasi');
    } finally {
      await removeRepo(repo);
    }
  });

  it('--check exits 1 when the file is missing', async () => {
    const repo = await exampleRepo();
    try {
      await mkdir(path.join(repo, '.github'), { recursive: true });
      await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(repo, '.github/approvers.yaml'));
      const result = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env: { LANG: 'en_US.UTF-8' } });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('missing');
    } finally {
      await removeRepo(repo);
    }
  });
});
