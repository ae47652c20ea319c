// Mistakes of place, not of content: exit 2, the path and the reason named, no stack trace,
// and nothing half-written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { insideOut } from '../../src/cli/commands/apply.ts';

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

  it('is found by walking up from a subfolder, as git finds its own', async () => {
    const file = path.join(repo, 'requests/bapenda/esppt.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 0'));
    const whole = await runCli(['validate'], { cwd: path.join(repo, 'requests/dinkes') });
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(1);
    expect(whole.stdout).toContain('requests/bapenda/esppt.yaml:');
    // A path the user types is where they stand, not at the root.
    const own = await runCli(['validate', 'esppt.yaml'], { cwd: path.join(repo, 'requests/bapenda') });
    expect(own.code).toBe(1);
    expect(own.stdout).toContain('KLK220');
    const other = await runCli(['validate', 'sik.yaml'], { cwd: path.join(repo, 'requests/dinkes') });
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('1 request(s) valid');
  });

  it('says how to fix it when no folder above holds requests/ and stacks/', async () => {
    const lost = await mkdtemp(path.join(tmpdir(), 'kolokasi-lost-'));
    try {
      const result = await runCli(['validate'], { cwd: lost });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('run kolokasi inside the repository');
      expect(result.stderr).toContain('--repo DIR');
      noTrace(result.stderr);
    } finally {
      await rm(lost, { recursive: true, force: true });
    }
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

describe('hostile sizes', () => {
  it('lists the first schema problems of a file with thousands and counts the rest', async () => {
    const items = Array.from({ length: 125_000 }, () => '1').join(',');
    await writeFile(path.join(repo, 'requests/dkisp/besar.yaml'), `apiVersion: kolokasi/v1\nkind: ColocationRequest\nmetadata: {name: besar, opd: dkisp, title: x}\nspec:\n  team: [${items}]\n`);
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: { code: string; message: { en: string } }[] };
    expect(report.diagnostics.length).toBeLessThanOrEqual(51);
    expect(report.diagnostics.filter((d) => d.code === 'KLK108')).toHaveLength(1);
  });

  it('names a few holders of a subdomain wanted by thousands, not all of them', async () => {
    const text = await readFile(path.join(repo, 'requests/dinkes/sik.yaml'), 'utf8');
    for (let i = 0; i < 300; i++) await writeFile(path.join(repo, `requests/dinkes/sik${i}.yaml`), text.replace('name: sik', `name: sik${i}`));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const dup = (JSON.parse(result.stdout) as { diagnostics: { code: string; message: { en: string } }[] }).diagnostics.filter((d) => d.code === 'KLK216');
    expect(dup).toHaveLength(301);
    expect(dup[0]!.message.en.length).toBeLessThan(300);
    expect(dup[0]!.message.en).toContain('and 297 more');
  });
});

describe('odd arguments', () => {
  it.each([
    [['plan', '--now', '2026-02-30'], "--now '2026-02-30' is not an ISO-8601 time"],
    [['plan', '--now', '2027-02-29T00:00:00Z'], 'is not an ISO-8601 time'],
    [['apply', '--out', ''], '--out is empty'],
    [['report', '--out', ' '], '--out is empty'],
    [['validate', '--repo', '/etc/passwd'], 'is not a directory'],
  ])('%j exits 2 naming the mistake', async (args, message) => {
    const result = await runCli(args, { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    noTrace(result.stderr);
  });

  it('takes common options before the command', async () => {
    const result = await runCli(['--lang', 'id', '--repo', repo, 'validate'], { cwd: '/' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('7 permohonan valid');
  });

  it('refuses a pipe among the requests without reading it', async () => {
    const fifo = path.join(repo, 'requests/dkisp/antrian.yaml');
    await new Promise<void>((resolve, reject) => {
      execFile('mkfifo', [fifo], (error) => (error ? reject(error) : resolve()));
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const codes = (JSON.parse(result.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.map((d) => [d.code, d.file]);
    expect(codes).toEqual([['KLK008', 'requests/dkisp/antrian.yaml']]);
  });

  it('prints the refusal as JSON when plan was asked for JSON', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 0'));
    const result = await runCli(['plan', '--format', 'json', ...NOW], { cwd: repo });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, diagnostics: [expect.objectContaining({ code: 'KLK220' })] });
  });
});

describe('the output directory of apply', () => {
  it('keeps every file inside it, even when it is the root directory', () => {
    expect(insideOut('/', 'dns/zone')).toBe('/dns/zone');
    expect(insideOut('/srv/out', 'firewall/kolokasi.nft')).toBe('/srv/out/firewall/kolokasi.nft');
    expect(() => insideOut('/srv/out', '../etc/passwd')).toThrow();
    expect(() => insideOut('/srv/out', '/etc/passwd')).toThrow();
    expect(() => insideOut('/srv/out', '')).toThrow();
  });

  it('writes exactly its own files into an absolute --out', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'kolokasi-out-'));
    try {
      const result = await runCli(['apply', '--out', out, ...NOW], { cwd: repo });
      expect(result.code).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['.kolokasi-outputs', 'dns', 'firewall']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('refuses a symbolic link inside it instead of writing through it', async () => {
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'kolokasi-elsewhere-'));
    try {
      await writeFile(path.join(elsewhere, 'precious'), 'keep me');
      await rm(path.join(repo, 'build/dev/firewall'), { recursive: true });
      await symlink(elsewhere, path.join(repo, 'build/dev/firewall'));
      const result = await runCli(['apply', ...NOW], { cwd: repo });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is a symbolic link');
      expect(await readdir(elsewhere)).toEqual(['precious']);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('a write refused half-way', () => {
  it('changes none of the outputs and not the ledger', async () => {
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const ledger = await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8');
    const nft = await readFile(path.join(repo, 'build/dev/firewall/kolokasi.nft'), 'utf8');
    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    // A directory where one of the files must go: found while staging, before any file is replaced.
    await rm(path.join(repo, 'build/dev/firewall/kolokasi6.rules'));
    await mkdir(path.join(repo, 'build/dev/firewall/kolokasi6.rules'));
    const result = await runCli(['apply', '--now', '2026-11-21T08:00:00Z'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kolokasi6.rules');
    expect(await readFile(path.join(repo, 'build/dev/firewall/kolokasi.nft'), 'utf8')).toBe(nft);
    expect(await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8')).toBe(ledger);
    const leftovers = (await readdir(repo, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});

describe('a ledger the reader refuses', () => {
  it('stops pool and report as it stops plan, instead of showing every address free', async () => {
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const ledger = path.join(repo, 'stacks/dev.allocations.yaml');
    await writeFile(ledger, `${await readFile(ledger, 'utf8')}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    for (const command of ['plan', 'pool', 'report']) {
      const result = await runCli([command, ...NOW], { cwd: repo });
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain('KLK004');
    }
  });
});
