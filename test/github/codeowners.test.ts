import { describe, expect, it } from 'vitest';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { codeownersDifference, compareCodeowners, renderCodeowners } from '../../src/github/codeowners.ts';
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

  it('names a difference no rule line shows: line endings, order, comments', () => {
    const expected = '# c\n* @a\n/x/ @b\n';
    const notes = (actual: string) => compareCodeowners(expected, actual).notes.map((n) => n.en);
    expect(compareCodeowners(expected, '# c\r\n* @a\r\n/x/ @b\r\n')).toEqual({ missing: [], unexpected: [], notes: [expect.objectContaining({ en: expect.stringContaining('CRLF') })] });
    expect(notes('# c\n/x/ @b\n* @a\n')).toEqual([expect.stringContaining('another order')]);
    expect(notes('# other\n* @a\n/x/ @b')).toEqual(['only comments, blank lines or spacing differ']);
    expect(notes(expected)).toEqual([]);
    const mixed = compareCodeowners(expected, '# c\r\n* @a\r\n/y/ @b\r\n');
    expect(mixed.missing).toEqual(['/x/ @b']);
    expect(mixed.unexpected).toEqual(['/y/ @b']);
    expect(mixed.notes.map((n) => n.id)).toEqual([expect.stringContaining('CRLF')]);
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

  async function withCodeowners(body: (repo: string, file: string) => Promise<void>): Promise<void> {
    const repo = await exampleRepo();
    try {
      await mkdir(path.join(repo, '.github'), { recursive: true });
      await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(repo, '.github/approvers.yaml'));
      await body(repo, path.join(repo, '.github/CODEOWNERS'));
    } finally {
      await removeRepo(repo);
    }
  }
  const env = { LANG: 'en_US.UTF-8' };

  it('--check on a CRLF file says the line endings differ, and a rewrite fixes it', async () => {
    await withCodeowners(async (repo, file) => {
      await writeFile(file, (await readFile(path.join(PROJECT_ROOT, '.github/CODEOWNERS'), 'utf8')).replace(/\n/g, '\r\n'), 'utf8');
      const result = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('out of date');
      expect(result.stdout).toContain('line endings are CRLF');
      expect(result.stdout).not.toMatch(/^ {2}[+-] /m);
      expect(result.stderr).toContain('.gitattributes');
      const id = await runCli(['codeowners', '--check', '--repo', repo, '--lang', 'id'], { cwd: repo, env });
      expect(id.stdout).toContain('akhir barisnya CRLF');
      expect((await runCli(['codeowners', '--repo', repo], { cwd: repo, env })).code).toBe(0);
      expect((await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env })).code).toBe(0);
    });
  });

  it('--check on reordered rules says the order differs', async () => {
    await withCodeowners(async (repo, file) => {
      const lines = (await readFile(path.join(PROJECT_ROOT, '.github/CODEOWNERS'), 'utf8')).split('\n');
      const star = lines.findIndex((l) => l.startsWith('* '));
      lines.push(lines.splice(star, 1)[0]!);
      await writeFile(file, lines.join('\n'), 'utf8');
      const result = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('same rules in another order');
    });
  });

  it('--check and the rewrite on a directory or a symbolic link say it is not a regular file', async () => {
    await withCodeowners(async (repo, file) => {
      await mkdir(file);
      const dir = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env });
      expect(dir.code).toBe(1);
      expect(dir.stdout).toContain('.github/CODEOWNERS is a directory, not a regular file');
      expect(dir.stdout).not.toContain('missing');
      expect(dir.stderr).toContain('remove .github/CODEOWNERS');
      const write = await runCli(['codeowners', '--repo', repo], { cwd: repo, env });
      expect(write.code).toBe(2);
      expect(write.stderr).toContain('cannot write .github/CODEOWNERS: it is a directory, not a regular file');
      expect(write.stderr).not.toMatch(/internal error|\n\s+at /);
      await rm(file, { recursive: true });

      await writeFile(path.join(repo, 'elsewhere'), 'x\n', 'utf8');
      await symlink(path.join(repo, 'elsewhere'), file);
      const link = await runCli(['codeowners', '--check', '--repo', repo], { cwd: repo, env });
      expect(link.code).toBe(1);
      expect(link.stdout).toContain('.github/CODEOWNERS is a symbolic link, not a regular file');
      expect(link.stdout).not.toContain('missing');
      const linkWrite = await runCli(['codeowners', '--repo', repo], { cwd: repo, env });
      expect(linkWrite.code).toBe(2);
      expect(linkWrite.stderr).toContain('symbolic link');
      expect(await readFile(path.join(repo, 'elsewhere'), 'utf8')).toBe('x\n');
    });
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
