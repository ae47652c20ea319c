// Mistakes of place, not of content: exit 2, the path and the reason named, no stack trace,
// and nothing half-written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { insideSet } from '../../src/io/output-set.ts';
import { makeValidator } from '../../src/core/schema.ts';
import manifestSchema from '../../schemas/output-manifest.schema.json' with { type: 'json' };

const execFileAsync = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

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
    const leftovers = (await readdir(repo, { recursive: true })).filter((f) => f.endsWith('.tmp') || f.includes('.kolokasi-tmp-'));
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
  it('keeps every file inside the set, even when the set is the root directory', () => {
    expect(insideSet('/', 'dns/zone')).toBe('/dns/zone');
    expect(insideSet('/srv/out', 'firewall/kolokasi.nft')).toBe('/srv/out/firewall/kolokasi.nft');
    expect(() => insideSet('/srv/out', '../etc/passwd')).toThrow();
    expect(() => insideSet('/srv/out', '/etc/passwd')).toThrow();
    expect(() => insideSet('/srv/out', '')).toThrow();
  });

  it('writes one set and the link to it into an absolute --out', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'kolokasi-out-'));
    try {
      const result = await runCli(['apply', '--out', out, ...NOW], { cwd: repo });
      expect(result.code).toBe(0);
      const entries = (await readdir(out)).sort();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toBe('current');
      expect(entries[1]).toMatch(/^set-[0-9a-f]{16}$/);
      expect(await readlink(path.join(out, 'current'))).toBe(entries[1]);
      expect((await readdir(path.join(out, 'current'))).sort()).toEqual(['dns', 'firewall', 'manifest.json']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('refuses an output directory that is a symbolic link, in both languages', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'kolokasi-elsewhere-'));
    try {
      await mkdir(path.join(repo, 'build'));
      await symlink(elsewhere, path.join(repo, 'build/dev'));
      for (const [lang, words] of [['en', 'is a symbolic link'], ['id', 'adalah tautan simbolik']]) {
        const result = await runCli(['apply', '--lang', lang!, ...NOW], { cwd: repo });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(words);
        expect(result.stderr).toContain(path.join(repo, 'build/dev'));
        noTrace(result.stderr);
      }
      expect(await readdir(elsewhere)).toEqual([]);
      await expect(stat(path.join(repo, 'stacks/dev.allocations.yaml'))).rejects.toThrow();
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a current that is not its link, instead of writing into it', async () => {
    await mkdir(path.join(repo, 'build/dev/current'), { recursive: true });
    await writeFile(path.join(repo, 'build/dev/current/precious'), 'keep me');
    const result = await runCli(['apply', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not the link kolokasi switches');
    expect(await readdir(path.join(repo, 'build/dev/current'))).toEqual(['precious']);
    await expect(stat(path.join(repo, 'stacks/dev.allocations.yaml'))).rejects.toThrow();
  });

  it.each(['requests', 'stacks'])('refuses a top-level %s/ that is a symbolic link (exit 2)', async (dir) => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'kolokasi-linked-'));
    try {
      await cp(path.join(repo, dir), elsewhere, { recursive: true });
      await rm(path.join(repo, dir), { recursive: true });
      await symlink(elsewhere, path.join(repo, dir));
      for (const command of ['validate', 'plan', 'apply']) {
        const result = await runCli([command, ...(command === 'validate' ? [] : NOW)], { cwd: repo });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`${dir}/ is a symbolic link`);
        noTrace(result.stderr);
      }
      const id = await runCli(['plan', '--lang', 'id', ...NOW], { cwd: repo });
      expect(id.stderr).toContain(`${dir}/ adalah tautan simbolik`);
      expect(await readdir(path.join(repo))).not.toContain('build');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

/** The id of a process that has ended: what a killed run leaves in its temporary names. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('a run killed half-way', () => {
  it('leaves the current set whole, and the next run removes its leftovers', async () => {
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const out = path.join(repo, 'build/dev');
    const set = await readlink(path.join(out, 'current'));
    const nft = await readFile(path.join(out, 'current/firewall/kolokasi.nft'), 'utf8');
    // What a run killed while writing leaves: a half-written set, a link not yet renamed, a ledger
    // not yet renamed. Its process is gone; a running apply's entries carry a live pid.
    const pid = await deadPid();
    await mkdir(path.join(out, `.kolokasi-tmp-${pid}-0123abcd/firewall`), { recursive: true });
    await writeFile(path.join(out, `.kolokasi-tmp-${pid}-0123abcd/firewall/kolokasi.nft`), 'table ip half');
    await symlink('nowhere', path.join(out, `.kolokasi-tmp-${pid}-4567cdef.link`));
    await writeFile(path.join(repo, `stacks/.dev.allocations.yaml.${pid}.89abcdef.tmp`), 'half a ledger');
    const alive = path.join(out, `.kolokasi-tmp-${process.pid}-0badf00d`);
    await mkdir(alive);
    // The killed run changed nothing a reader sees.
    expect(await readlink(path.join(out, 'current'))).toBe(set);
    expect(await readFile(path.join(out, 'current/firewall/kolokasi.nft'), 'utf8')).toBe(nft);

    await rm(path.join(repo, 'requests/dkisp/monitoring.yaml'));
    const next = await runCli(['apply', '--now', '2026-11-21T08:00:00Z'], { cwd: repo });
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('removed 2 leftover(s) of an earlier, interrupted run');
    const entries = (await readdir(out)).sort();
    expect(entries.filter((e) => e.includes(String(pid)))).toEqual([]);
    expect(entries).toContain(path.basename(alive));
    expect(await readdir(path.join(repo, 'stacks'))).not.toContain(`.dev.allocations.yaml.${pid}.89abcdef.tmp`);
    // One set: the new one, and the old one is gone.
    expect(entries.filter((e) => e.startsWith('set-'))).toEqual([await readlink(path.join(out, 'current'))]);
    expect(await readlink(path.join(out, 'current'))).not.toBe(set);
  });
});

describe('the manifest of a set', () => {
  it('names the ledger digest, the source commit and every file with its sha256', async () => {
    await execFileAsync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    await execFileAsync('git', ['add', '-A'], { cwd: repo });
    await execFileAsync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'requests'], { cwd: repo });
    const head = (await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim();
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    const set = path.join(repo, 'build/dev/current');
    const text = await readFile(path.join(set, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text);
    expect(makeValidator(manifestSchema)(manifest, { file: 'manifest.json', text })).toEqual([]);
    expect(manifest.sourceCommit).toBe(head);
    expect(manifest.clock).toBe('2026-11-20T08:00:00.000Z');
    expect(manifest.ledger).toEqual({ path: 'stacks/dev.allocations.yaml', sha256: sha256(await readFile(path.join(repo, 'stacks/dev.allocations.yaml'))) });
    const onDisk = (await readdir(set, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name !== 'manifest.json')
      .map((e) => path.relative(set, path.join(e.parentPath, e.name))).sort();
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(onDisk);
    for (const file of manifest.files) {
      const bytes = await readFile(path.join(set, file.path));
      expect({ path: file.path, sha256: sha256(bytes), bytes: bytes.length }).toEqual({ path: file.path, sha256: file.sha256, bytes: file.bytes });
    }
    expect(manifest.files.find((f: { path: string }) => f.path === 'firewall/kolokasi.nft')).toMatchObject({ rules: expect.any(Number), elements: expect.any(Number) });

    // A request edited and not committed: no commit produced these outputs.
    const simpeg = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(simpeg, (await readFile(simpeg, 'utf8')).replace('port: 443', 'port: 8443'));
    expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(set, 'manifest.json'), 'utf8')).sourceCommit).toBeUndefined();
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
