// A pull request that edits an applied request: with --base, the plan shows the edit itself
// (DNS name, services), read from the base commit in a real git repository.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { readFilesAtRef } from '../../src/git/tree.ts';
import { copyTemplate } from '../helpers/example.ts';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { requestText } from '../core/synthetic.ts';

const NOW = ['--now', '2026-11-20T08:00:00Z'];
const LATER = ['--now', '2026-11-21T08:00:00Z'];
let template: string;
let repo: string;

beforeAll(async () => {
  template = await exampleRepo();
  const git = simpleGit(template);
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'Bidang Aplikasi').addConfig('user.email', 'aplikasi@example.org');
  expect((await runCli(['apply', ...NOW], { cwd: template })).code).toBe(0);
  await git.add(['requests', 'stacks', 'schemas']).commit('examples applied');
});

afterAll(async () => {
  await removeRepo(template);
});

beforeEach(async () => {
  repo = await copyTemplate(template);
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

  it('plans against the base ledger when the pull request commits the ledger too, and warns', async () => {
    const git = simpleGit(repo);
    await git.checkoutLocalBranch('new-request');
    await writeFile(path.join(repo, 'requests/dinkes/puskesmas.yaml'), requestText('dinkes/puskesmas'));
    // The quickstart's apply writes the ledger, and `git add -A` commits it with the request.
    expect((await runCli(['apply', ...LATER], { cwd: repo })).code).toBe(0);
    await git.add(['-A']).commit('new request, ledger included');

    const plan = await runCli(['plan', '--format', 'json', '--base', 'main', ...LATER], { cwd: repo });
    expect(plan.code).toBe(0);
    const document = JSON.parse(plan.stdout) as { changes: JsonChange[]; diagnostics: { code: string; severity: string; file: string }[] };
    expect(document.changes.map((c) => `${c.action} ${c.kind} ${c.key}`)).toEqual(['create allocation dinkes/puskesmas', 'create dns dinkes/puskesmas/A', 'create firewall dinkes/puskesmas']);
    expect(document.diagnostics).toContainEqual(expect.objectContaining({ code: 'KLK813', severity: 'warning', file: 'stacks/dev.allocations.yaml' }));

    // Without the base, the committed ledger already holds the request: nothing to show.
    const local = JSON.parse((await runCli(['plan', '--format', 'json', ...LATER], { cwd: repo })).stdout) as { changes: JsonChange[] };
    expect(local.changes).toEqual([]);
  });

  it('does not warn about the ledger when the pull request leaves it alone', async () => {
    await writeFile(path.join(repo, 'requests/dinkes/puskesmas.yaml'), requestText('dinkes/puskesmas'));
    const plan = await runCli(['plan', '--format', 'json', '--base', 'HEAD', ...LATER], { cwd: repo });
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).not.toContain('KLK813');
  });

  it('shows git mv of a live request as a move that keeps its addresses, with no DNS or firewall change', async () => {
    const git = simpleGit(repo);
    await git.mv('requests/bapenda/esppt.yaml', 'requests/bapenda/esppt-pbb.yaml');
    const file = path.join(repo, 'requests/bapenda/esppt-pbb.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name: esppt', 'name: esppt-pbb'));
    await git.add(['-A']).commit('rename esppt');
    const result = await runCli(['plan', '--base', 'HEAD^1', ...LATER], { cwd: repo });
    expect(result.code).toBe(0);
    const changes = result.stdout.split('\n').filter((line) => /^ {2}[-+~] /.test(line));
    expect(changes).toEqual(['  ~ allocation bapenda/esppt → bapenda/esppt-pbb, addresses kept: public 203.0.113.4, private 10.20.30.4']);
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
