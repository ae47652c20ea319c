import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli, PROJECT_ROOT } from '../helpers/repo.ts';

interface Fixture {
  name: string;
  note: string;
  target: string;
  expect: string[];
  /** `line:col` of each diagnostic of the file, in order, when the fixture pins them. */
  at?: string[];
  /** Words the hint must contain, in English and in Indonesian. */
  hint?: { en: string; id: string };
  text: string;
}

const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test/fixtures/invalid');
const HEADER = /^# (case|path|expect|at|hint|saran): (.*)$/;

async function loadFixtures(): Promise<Fixture[]> {
  const files = (await readdir(FIXTURES_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const lines = (await readFile(path.join(FIXTURES_DIR, file), 'utf8')).split('\n');
      // The leading header lines describe the case; the rest is the file as the OPD would commit it.
      const headers = new Map<string, string>();
      while (lines.length > 0 && HEADER.test(lines[0]!)) {
        const [, key, value] = HEADER.exec(lines.shift()!)!;
        headers.set(key!, value!);
      }
      const header = (key: string) => headers.get(key) ?? '';
      return {
        name: file.replace(/\.yaml$/, ''),
        note: header('case'),
        target: header('path'),
        expect: header('expect').split(' '),
        ...(headers.has('at') ? { at: header('at').split(' ') } : {}),
        ...(headers.has('hint') ? { hint: { en: header('hint'), id: header('saran') } } : {}),
        text: lines.join('\n'),
      };
    }),
  );
}

const fixtures = await loadFixtures();

interface JsonDiagnostic {
  code: string;
  file: string;
  line: number;
  col: number;
  path: string;
  message: { en: string; id: string };
  hint: { en: string; id: string };
}

describe('kolokasi validate', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await exampleRepo();
  });
  afterEach(async () => {
    await removeRepo(repo);
  });

  it('accepts the example requests', async () => {
    const result = await runCli(['validate'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('7 request(s) valid');
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('rejects %s with its codes, place and hint', async (_name, fixture) => {
    const target = path.join(repo, fixture.target);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, fixture.text);
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code, fixture.note).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] };
    const mine = report.diagnostics.filter((d) => d.file === fixture.target);
    expect([...new Set(mine.map((d) => d.code))].sort(), fixture.note).toEqual([...fixture.expect].sort());
    for (const d of mine) {
      expect(d.message.en.length).toBeGreaterThan(0);
      expect(d.message.id.length).toBeGreaterThan(0);
      expect(d.hint.en.length).toBeGreaterThan(0);
      expect(d.message.id).not.toBe(d.message.en);
      // Whole-file problems (size, emptiness, bombs) have no line; everything else points somewhere.
      if (!['KLK003', 'KLK004', 'KLK005', 'KLK006', 'KLK008', 'KLK009'].includes(d.code)) expect(d.line).toBeGreaterThan(0);
    }
    if (fixture.at) expect(mine.map((d) => `${d.line}:${d.col}`), fixture.note).toEqual(fixture.at);
    if (fixture.hint) {
      expect(mine.map((d) => d.hint.en).join('\n'), fixture.note).toContain(fixture.hint.en);
      expect(mine.map((d) => d.hint.id).join('\n'), fixture.note).toContain(fixture.hint.id);
    }
  });

  it('points a wrong type at the exact line and column', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    const text = (await readFile(file, 'utf8')).replace('port: 443', 'port: "443"');
    await writeFile(file, text);
    const result = await runCli(['validate'], { cwd: repo });
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('port: "443"')) + 1;
    const col = lines[line - 1]!.indexOf('"443"') + 1;
    expect(result.stdout).toContain(`requests/bkpsdm/simpeg.yaml:${line}:${col}: error KLK100: 'port' must be an integer, not string`);
    expect(result.stdout).toContain('hint: write the number without quotes: 443');
  });

  it('quotes a phone number written as a number exactly as written, plus sign and all', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('phone: "+62 811 5400 123"', 'phone: +628115400123'));
    const result = await runCli(['validate'], { cwd: repo });
    expect(result.stdout).toContain('hint: put it in quotes, exactly as written: phone: "+628115400123"');
  });

  it('suggests the nearest known field name', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('powerWatts', 'powerWats'));
    const result = await runCli(['validate'], { cwd: repo });
    expect(result.stdout).toContain("unknown field 'powerWats'");
    expect(result.stdout).toContain("did you mean 'powerWatts'?");
  });

  it('reports every problem of a file, not only the first', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    const text = (await readFile(file, 'utf8')).replace('port: 443', 'port: 0').replace('subdomain: simpeg', 'subdomain: www').replace('rackUnits: 2', 'rackUnits: 99');
    await writeFile(file, text);
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const codes = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['KLK220', 'KLK104']));
  });

  it('blames only the request that takes a live subdomain, and names its holder', async () => {
    expect((await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo })).code).toBe(0);
    const sik = await readFile(path.join(repo, 'requests/dinkes/sik.yaml'), 'utf8');
    await writeFile(path.join(repo, 'requests/bapenda/sik.yaml'), sik.replace('opd: dinkes', 'opd: bapenda'));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const dup = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((d) => d.code === 'KLK216');
    expect(dup.map((d) => d.file)).toEqual(['requests/bapenda/sik.yaml']);
    expect(dup[0]!.message.en).toBe("subdomain 'sik' is already held by dinkes/sik (requests/dinkes/sik.yaml), a live request");
    expect(dup[0]!.message.id).toContain('sudah dipegang dinkes/sik');
    expect(dup[0]!.hint.en).toContain("dinkes/sik keeps 'sik'");
  });

  it('blames only the request that pins an address a live request holds', async () => {
    expect((await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo })).code).toBe(0);
    const ledger = await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8');
    const held = new RegExp('dinkes/sik: \\{[^}]*publicIpv4: "([^"]+)"').exec(ledger)![1]!;
    const file = path.join(repo, 'requests/dinkes/sik.yaml');
    const sik = await readFile(file, 'utf8');
    const pinned = (text: string) => text.replace(/^  network:\n/m, `  network:\n    publicIpv4: ${held}\n`);
    await writeFile(file, pinned(sik));
    await writeFile(path.join(repo, 'requests/dinkes/sik2.yaml'), pinned(sik).replace('name: sik', 'name: sik2').replace('subdomain: sik', 'subdomain: sik2'));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const dup = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((d) => d.code === 'KLK223');
    expect(dup.map((d) => d.file)).toEqual(['requests/dinkes/sik2.yaml']);
    expect(dup[0]!.message.en).toBe(`address ${held} is already held by dinkes/sik, a live request`);
  });

  it('names both files when two requests take one subdomain that neither holds yet', async () => {
    const text = (await readFile(path.join(repo, 'requests/dinkes/sik.yaml'), 'utf8')).replace('name: sik', 'name: sik2');
    await writeFile(path.join(repo, 'requests/dinkes/sik2.yaml'), text);
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const dup = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter((d) => d.code === 'KLK216');
    expect(dup.map((d) => d.file).sort()).toEqual(['requests/dinkes/sik.yaml', 'requests/dinkes/sik2.yaml']);
    expect(dup[0]!.message.en).toContain('dinkes/sik, dinkes/sik2');
  });

  it('refuses a 5 MB file without parsing it', async () => {
    const file = path.join(repo, 'requests/bkpsdm/besar.yaml');
    await writeFile(file, `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const d = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    expect(d).toEqual([expect.objectContaining({ code: 'KLK004', file: 'requests/bkpsdm/besar.yaml' })]);
  });

  it('refuses binary bytes', async () => {
    const file = path.join(repo, 'requests/bkpsdm/biner.yaml');
    await writeFile(file, Buffer.from([0x61, 0x3a, 0x20, 0x00, 0xff, 0xfe, 0x0a]));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const d = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    expect(d.map((x) => [x.code, x.file])).toEqual([['KLK005', 'requests/bkpsdm/biner.yaml']]);
  });

  it('refuses a control byte inside otherwise valid UTF-8 and names its line', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: Sistem', 'title: Sis\u0007tem'));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const d = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    expect(d).toEqual([expect.objectContaining({ code: 'KLK005', line: 7 })]);
  });

  it('refuses a symlinked request, even to a valid file', async () => {
    await symlink(path.join(repo, 'requests/bkpsdm/simpeg.yaml'), path.join(repo, 'requests/bkpsdm/tautan.yaml'));
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(1);
    const d = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    expect(d.map((x) => [x.code, x.file])).toEqual([['KLK008', 'requests/bkpsdm/tautan.yaml']]);
  });

  it('refuses files outside requests/<opd>/<name>.yaml', async () => {
    await mkdir(path.join(repo, 'requests/bkpsdm/arsip'), { recursive: true });
    await writeFile(path.join(repo, 'requests/bkpsdm/arsip/lama.yaml'), 'a: 1\n');
    await writeFile(path.join(repo, 'requests/bkpsdm/simpeg2.yml'), 'a: 1\n');
    const result = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const d = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    expect(d.map((x) => [x.code, x.file])).toEqual([
      ['KLK009', 'requests/bkpsdm/arsip/lama.yaml'],
      ['KLK009', 'requests/bkpsdm/simpeg2.yml'],
    ]);
    expect(d[1]!.hint.en).toContain('requests/bkpsdm/simpeg2.yaml');
  });

  it('refuses an alias bomb without expanding it', async () => {
    const fixture = fixtures.find((f) => f.name === 'alias-bomb')!;
    await writeFile(path.join(repo, 'requests/bkpsdm/simpeg.yaml'), fixture.text);
    // Expanding the bomb would take minutes and gigabytes: the test's timeout would end it first.
    const result = await runCli(['validate'], { cwd: repo });
    expect(result.stdout).toContain('KLK003');
  });

  it('prints GitHub annotations with file, line and column', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 70000'));
    const result = await runCli(['validate', '--format', 'github'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=requests\/bkpsdm\/simpeg\.yaml,line=\d+,col=\d+,title=KLK220 \/spec\/services\/0\/port::'port' must be <= 65535 — /m);
  });

  it('gives the same diagnostics in Indonesian and English', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: "443"').replace('subdomain: simpeg', 'subdomain: SIMPEG'));
    const en = await runCli(['validate', '--lang', 'en'], { cwd: repo });
    const id = await runCli(['validate', '--lang', 'id'], { cwd: repo });
    const places = (out: string) => [...out.matchAll(/^(\S+:\d+:\d+): \S+ (KLK\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(places(id.stdout)).toEqual(places(en.stdout));
    expect(places(en.stdout)).toHaveLength(2);
    expect(id.stdout).toContain("'port' harus berupa bilangan bulat, bukan teks");
    expect(id.stdout).toContain('saran: tulis dengan huruf kecil: simpeg');
    expect(en.stdout).toContain('hint: write it in lowercase: simpeg');
    // The pointer's label is not "kolom", which reads as the column of line:col.
    expect(id.stdout).toContain('    isian: /spec/services/0/port');
    expect(id.stdout).not.toMatch(/kolom/i);
    // LANG decides when --lang is absent.
    const fromEnv = await runCli(['validate'], { cwd: repo, env: { LANG: 'id_ID.UTF-8' } });
    expect(fromEnv.stdout).toBe(id.stdout);
  });

  it('limits the report to the paths given', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('port: 443', 'port: 0'));
    const other = await runCli(['validate', 'requests/dinkes'], { cwd: repo });
    expect(other.code).toBe(0);
    const own = await runCli(['validate', 'requests/bkpsdm/simpeg.yaml'], { cwd: repo });
    expect(own.code).toBe(1);
  });

  it.each([
    [['validate', '--formt', 'json'], 'did you mean --format?'],
    [['validate', '--format', 'xml'], 'use one of: text, json, github'],
    [['valdate'], "did you mean 'kolokasi validate'?"],
    [['validate', '--stack', 'prod'], 'stacks/Pulumi.prod.yaml is missing'],
    [['validate', 'requests/nope.yaml'], 'no such file or directory'],
    [['validate', '--lang', 'fr'], 'use en or id'],
  ])('exits 2 without a stack trace on %j', async (args, message) => {
    const result = await runCli(args, { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('kolokasi new', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await exampleRepo();
  });
  afterEach(async () => {
    await removeRepo(repo);
  });

  it('writes a skeleton that fails only on its placeholders, and validates once they are filled', async () => {
    const created = await runCli(['new', 'dinkes/rsud'], { cwd: repo });
    expect(created.code).toBe(0);
    const file = path.join(repo, 'requests/dinkes/rsud.yaml');
    const skeleton = await readFile(file, 'utf8');
    expect(skeleton.startsWith('# yaml-language-server: $schema=../../schemas/colocation-request.schema.json')).toBe(true);
    const before = await runCli(['validate', '--format', 'json'], { cwd: repo });
    const codes = new Set((JSON.parse(before.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.map((d) => d.code));
    expect([...codes]).toEqual(['KLK106']);
    const values: Record<string, string> = {
      title: 'Sistem Informasi RSUD', number: '445/011/DINKES/2026', date: '2026-11-20', email: 'admin@dinkes.tarakankota.go.id',
      phone: '+62 811 5400 999', role: 'Administrator server', os: 'Debian 12', purpose: 'Rekam medis elektronik RSUD',
    };
    const filled = skeleton.replace(/^(\s*-?\s*)(\w+): "<[^"]*>"/gm, (_m, lead: string, key: string) => `${lead}${key}: "${values[key] ?? 'Budi Santoso'}"`);
    await writeFile(file, filled);
    const after = await runCli(['validate'], { cwd: repo });
    expect(after.stdout).toContain('8 request(s) valid');
    expect(after.code).toBe(0);
  });

  it.each(['dinkes/rsud2.yaml', 'requests/dinkes/rsud2.yaml', 'dinkes/rsud2.yml'])('takes %s as the request dinkes/rsud2', async (given) => {
    const created = await runCli(['new', given], { cwd: repo });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('wrote requests/dinkes/rsud2.yaml');
    expect(await readdir(path.join(repo, 'requests/dinkes'))).toEqual(['rsud2.yaml', 'sik.yaml']);
  });

  it('refuses to overwrite, an unregistered OPD, and a bad name', async () => {
    expect((await runCli(['new', 'bkpsdm/simpeg'], { cwd: repo })).code).toBe(1);
    const unregistered = await runCli(['new', 'dishub/parkir'], { cwd: repo });
    expect(unregistered.code).toBe(1);
    expect(unregistered.stderr).toContain("OPD 'dishub' is not registered");
    const bad = await runCli(['new', 'bkpsdm/Sim_Peg'], { cwd: repo });
    expect(bad.code).toBe(1);
    expect((await runCli(['new'], { cwd: repo })).code).toBe(2);
  });
});
