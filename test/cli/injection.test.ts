// A request that tries to smuggle a rule into a gateway config is stopped at validation:
// apply exits 1 and writes neither the ledger nor any config.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';

const ATTEMPTS: [string, string, string][] = [
  ['newline in the title', 'title: Sistem Informasi Manajemen Kepegawaian', 'title: "x\\n}\\nflush ruleset\\n"'],
  ['quote in a service name', '    - name: https', '    - name: "https\\" accept #"'],
  ['brace in the letter number', 'number: 800/123/BKPSDM/2026', 'number: "800/123 } accept {"'],
  ['semicolon in the hostname', 'hostname: simpeg-app01', 'hostname: "a;b"'],
  ['newline in the subdomain', 'subdomain: simpeg', 'subdomain: "simpeg\\n@ IN NS evil."'],
  ['semicolon in a CIDR', 'access: [10.10.0.0/16]', 'access: ["10.10.0.0/16; accept"]'],
  ['quote in the OPD team role', 'role: Penanggung jawab aplikasi', 'role: "a\\u0000b"'],
];

let repo: string;
beforeEach(async () => {
  repo = await exampleRepo();
});
afterEach(async () => {
  await removeRepo(repo);
});

describe('injection attempts', () => {
  it.each(ATTEMPTS)('%s is refused and nothing is written', async (_name, from, to) => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    const original = await readFile(file, 'utf8');
    expect(original).toContain(from);
    await writeFile(file, original.replace(from, to));
    const result = await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('requests/bkpsdm/simpeg.yaml:');
    await expect(stat(path.join(repo, 'stacks/dev.allocations.yaml'))).rejects.toThrow();
    await expect(stat(path.join(repo, 'build'))).rejects.toThrow();
  });

  it('free text may span lines because it never reaches a config file', async () => {
    const file = path.join(repo, 'requests/bkpsdm/simpeg.yaml');
    const payload = '/ip firewall filter add action=accept';
    const text = (await readFile(file, 'utf8')).replace(
      'justification: Administrasi server dari jaringan WAN kantor BKPSDM saja.',
      `justification: "Administrasi dari WAN.\\n${payload}"`,
    );
    await writeFile(file, text);
    expect((await runCli(['apply', '--now', '2026-11-20T08:00:00Z'], { cwd: repo })).code).toBe(0);
    // Every file of the set, as its manifest lists them: a new target is covered the day it is added.
    const manifest = JSON.parse(await readFile(path.join(repo, 'build/dev/current/manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toContain('firewall/kolokasi-commit-confirmed.rsc');
    for (const out of manifest.files.map((f) => f.path)) {
      const content = await readFile(path.join(repo, 'build/dev/current', out), 'utf8');
      expect(content).not.toContain(payload);
      expect(content).not.toContain('Administrasi');
    }
  });
});
