// A pull request that edits an applied request: with --base, the plan shows the edit itself
// (DNS name, services), read from the base commit in a real git repository.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { readFilesAtRef } from '../../src/git/tree.ts';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';

const NOW = ['--now', '2026-11-20T08:00:00Z'];
let repo: string;

beforeEach(async () => {
  repo = await exampleRepo();
  const git = simpleGit(repo);
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'Bidang Aplikasi').addConfig('user.email', 'aplikasi@example.org');
  expect((await runCli(['apply', ...NOW], { cwd: repo })).code).toBe(0);
  await git.add(['requests', 'stacks', 'schemas']).commit('examples applied');
});

afterEach(async () => {
  await removeRepo(repo);
});

interface JsonChange {
  action: string;
  kind: string;
  key: string;
}

describe('kolokasi plan --base', () => {
  it('shows a subdomain and a service edit as updates, which the ledger alone cannot see', async () => {
    const file = path.join(repo, 'requests/dkisp/satudata.yaml');
    const text = (await readFile(file, 'utf8')).replace('subdomain: satudata', 'subdomain: data').replace('port: 443', 'port: 8443');
    await writeFile(file, text);
    const withoutBase = JSON.parse((await runCli(['plan', '--format', 'json', ...NOW], { cwd: repo })).stdout) as { changes: JsonChange[] };
    expect(withoutBase.changes).toEqual([]);
    const result = await runCli(['plan', '--format', 'json', '--base', 'HEAD', ...NOW], { cwd: repo });
    expect(result.code).toBe(0);
    const changes = (JSON.parse(result.stdout) as { changes: JsonChange[] }).changes.map((c) => `${c.action} ${c.kind} ${c.key}`);
    expect(changes).toEqual(['update dns dkisp/satudata/A', 'update dns dkisp/satudata/AAAA', 'update firewall dkisp/satudata']);
  });

  it('refuses an unknown base with exit 2 and no stack trace', async () => {
    const result = await runCli(['plan', '--base', 'no-such-branch', ...NOW], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--base 'no-such-branch' is not a commit");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads every file at the commit with its exact bytes', async () => {
    const files = await readFilesAtRef(repo, 'HEAD', 'requests');
    expect(files.map((f) => f.file)).toContain('requests/bkpsdm/simpeg.yaml');
    for (const f of files) expect(f.text).toBe(await readFile(path.join(repo, f.file), 'utf8'));
  });
});
