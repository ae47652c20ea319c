// `kolokasi ruleset`: the ruleset of main generated from .github/approvers.yaml (a golden file),
// the diagnostics that stop it, and `--check` against a local HTTP server answering with GitHub's
// payloads for the rulesets endpoints.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { exampleRepo, PROJECT_ROOT, removeRepo, runCli } from '../helpers/repo.ts';
import { expectGolden } from '../helpers/golden.ts';
import { REQUIRED_CHECKS } from '../../src/github/ruleset.ts';
import type { Workflow } from './workflow-policy.ts';

const APPROVERS = path.join(PROJECT_ROOT, '.github/approvers.yaml');
const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/rulesets');
const REPOSITORY = 'pemkot-tarakan/kolokasi';

let repo: string;

beforeEach(async () => {
  repo = await exampleRepo();
  await mkdir(path.join(repo, '.github'));
  await cp(APPROVERS, path.join(repo, '.github/approvers.yaml'));
});

afterEach(async () => {
  await removeRepo(repo);
});

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(FIXTURES, name), 'utf8')) as unknown;
}

async function setApprovers(edit: (text: string) => string): Promise<void> {
  await writeFile(path.join(repo, '.github/approvers.yaml'), edit(await readFile(APPROVERS, 'utf8')));
}

describe('kolokasi ruleset', () => {
  it('writes the ruleset of main for the repository (golden file)', async () => {
    const result = await runCli(['ruleset', '--repo', repo], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote build/ruleset-main.json');
    expect(result.stdout).toContain('gh api --method POST repos/OWNER/REPO/rulesets --input build/ruleset-main.json');
    expectGolden(path.join(PROJECT_ROOT, 'test/golden/github/ruleset-main.json'), await readFile(path.join(repo, 'build/ruleset-main.json'), 'utf8'));
  });

  it('requires one team per role on requests/**, fresh approvals, code owners, and checks from one app', async () => {
    await runCli(['ruleset', '--repo', repo, '--out', 'r.json'], { cwd: repo });
    const ruleset = JSON.parse(await readFile(path.join(repo, 'r.json'), 'utf8')) as { conditions: unknown; rules: { type: string; parameters?: Record<string, unknown> }[] };
    expect(ruleset.conditions).toEqual({ ref_name: { include: ['refs/heads/main'], exclude: [] } });
    const pullRequest = ruleset.rules.find((r) => r.type === 'pull_request')!.parameters!;
    expect(pullRequest).toMatchObject({ dismiss_stale_reviews_on_push: true, require_last_push_approval: true, require_code_owner_review: true, required_approving_review_count: 2 });
    expect(pullRequest.required_reviewers).toEqual([
      { file_patterns: ['requests/**'], minimum_approvals: 1, reviewer: { id: 9100001, type: 'Team' } },
      { file_patterns: ['requests/**'], minimum_approvals: 1, reviewer: { id: 9100002, type: 'Team' } },
    ]);
    const checks = ruleset.rules.find((r) => r.type === 'required_status_checks')!.parameters!.required_status_checks as { integration_id: number }[];
    expect(checks.every((c) => c.integration_id === 15368)).toBe(true);
  });

  it('names required checks that are jobs of the pull-request workflows', async () => {
    const names = new Set<string>();
    for (const file of ['pull-request.yml', 'signoff.yml', 'codeowners.yml']) {
      const wf = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows', file), 'utf8')) as Workflow;
      expect(Object.keys(wf.on as Record<string, unknown>)).toContain('pull_request');
      for (const job of Object.values(wf.jobs)) if (job.name) names.add(job.name);
    }
    for (const check of REQUIRED_CHECKS) expect(names, check).toContain(check);
  });

  it('pins the checks to a configured app, and leaves the bypass list empty without a bot', async () => {
    await setApprovers((text) => text.replace('checksIntegrationId: 15368', 'checksIntegrationId: 777001').replace(/\n  botAppId: \d+\n/, '\n'));
    const result = await runCli(['ruleset', '--repo', repo, '--out', 'r.json'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no ruleset.botAppId: nothing may bypass the ruleset');
    const text = await readFile(path.join(repo, 'r.json'), 'utf8');
    expect(text).toContain('"integration_id": 777001');
    expect(JSON.parse(text)).toMatchObject({ bypass_actors: [] });
  });

  it.each([
    ['no ruleset section', (t: string) => t.slice(0, t.indexOf('# The ruleset of main')), 'KLK840', '.github/approvers.yaml:6:1: KLK840: no ruleset section'],
    ['a required role without a team', (t: string) => t.replace(/\n    kepala-dkisp: \{[^}]*\}/, ''), 'KLK840', ".github/approvers.yaml:8:28: KLK840: required role 'kepala-dkisp' has no team"],
    ['two roles sharing a team', (t: string) => t.replace('id: 9100002', 'id: 9100001'), 'KLK841', "roles 'kabid-aplikasi' and 'kepala-dkisp' share team 9100001"],
    ['a team for a role that is not required', (t: string) => t.replace('    kepala-dkisp: { team', '    kepala-dinas: { team'), 'KLK842', "names 'kepala-dinas', which is not a required role"],
  ])('refuses %s (exit 2, nothing written)', async (_, edit, code, message) => {
    await setApprovers(edit);
    const result = await runCli(['ruleset', '--repo', repo], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(path.join(repo, 'build/ruleset-main.json'), 'utf8')).rejects.toThrow();
  });

  it('speaks Indonesian', async () => {
    await setApprovers((t) => t.replace('id: 9100002', 'id: 9100001'));
    const result = await runCli(['ruleset', '--repo', repo, '--lang', 'id'], { cwd: repo });
    expect(result.stderr).toContain("peran 'kabid-aplikasi' dan 'kepala-dkisp' memakai tim yang sama (9100001)");
  });
});

// ---------------------------------------------------------------- --check

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

type Route = (base: string) => { status?: number; body: unknown; link?: string };

/**
 * A GitHub REST stand-in: `METHOD /path?query` -> status and JSON body, and a Link header that
 * may point back at the server (`base`).
 */
async function fakeGitHub(routes: Record<string, Route>): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const route = routes[`${request.method} ${request.url}`];
    const answer = route ? route(`http://${request.headers.host}`) : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...(answer.link ? { link: answer.link } : {}) });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const LIST = `GET /repos/${REPOSITORY}/rulesets?includes_parents=false&per_page=100`;
const GET_MAIN = `GET /repos/${REPOSITORY}/rulesets/42`;

async function check(apiUrl: string, lang = 'en'): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['ruleset', '--check', '--repo', repo, '--lang', lang], {
    cwd: repo,
    env: { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: apiUrl },
  });
}

describe('kolokasi ruleset --check', () => {
  it('exits 0 when GitHub holds the generated ruleset (in its own order, with its own extra fields)', async () => {
    const list = (await fixture('list.json')) as unknown[];
    const main = await fixture('main.json');
    // The list comes in two pages: the ruleset is on the second.
    const page2 = `/repos/${REPOSITORY}/rulesets?includes_parents=false&per_page=100&page=2`;
    const github = await fakeGitHub({
      [LIST]: (base) => ({ body: [list[0]], link: `<${base}${page2}>; rel="next"` }),
      [`GET ${page2}`]: () => ({ body: [list[1]] }),
      [GET_MAIN]: () => ({ body: main }),
    });
    try {
      const result = await check(github.url);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe("ruleset 'kolokasi: main' matches .github/approvers.yaml\n");
      expect(result.code).toBe(0);
      expect(github.seen.map((s) => `${s.method} ${s.url}`)).toEqual([LIST, `GET ${page2}`, GET_MAIN]);
      expect(github.seen[0]!.headers.authorization).toBe('Bearer ghs_test');
    } finally {
      await github.close();
    }
  });

  it('names each difference and exits 1', async () => {
    const live = structuredClone(await fixture('main.json')) as {
      conditions: { ref_name: { include: string[] } };
      rules: { type: string; parameters?: Record<string, unknown> }[];
    };
    live.conditions.ref_name.include.push('refs/heads/release');
    const pullRequest = live.rules.find((r) => r.type === 'pull_request')!.parameters!;
    pullRequest.require_last_push_approval = false;
    pullRequest.required_reviewers = (pullRequest.required_reviewers as { reviewer: { id: number } }[]).filter((r) => r.reviewer.id !== 9100002);
    const checks = live.rules.find((r) => r.type === 'required_status_checks')!.parameters!.required_status_checks as { context: string; integration_id?: number }[];
    delete checks.find((c) => c.context === 'signoff')!.integration_id;
    live.rules.push({ type: 'required_linear_history' });
    // Someone put another app in the bypass list in place of the bot.
    (live as unknown as { bypass_actors: unknown[] }).bypass_actors = [{ actor_id: 5, actor_type: 'Integration', bypass_mode: 'always' }];
    const list = await fixture('list.json');
    const github = await fakeGitHub({ [LIST]: () => ({ body: list }), [GET_MAIN]: () => ({ body: live }) });
    try {
      const result = await check(github.url);
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n')).toEqual([
        "ruleset 'kolokasi: main' (id 42) differs from .github/approvers.yaml in 7 setting(s):",
        '  bypass_actors Integration 5: only on GitHub ("always")',
        '  bypass_actors Integration 900001: missing on GitHub (generated: "always")',
        '  conditions.ref_name.include refs/heads/release: only on GitHub (listed)',
        '  pull_request.require_last_push_approval: generated true, GitHub has false',
        '  pull_request.required_reviewers Team 9100002 on requests/**: missing on GitHub (generated: minimum_approvals 1)',
        '  required_status_checks signoff: generated integration_id 15368, GitHub has integration_id unset',
        '  rules required_linear_history: only on GitHub (present)',
        '',
      ]);
      expect(result.stderr).toContain(`gh api --method PUT repos/${REPOSITORY}/rulesets/42 --input build/ruleset-main.json`);
    } finally {
      await github.close();
    }
  });

  it('says so in Indonesian, and does not compare a bypass list the token cannot see', async () => {
    const live = structuredClone(await fixture('main.json')) as Record<string, unknown>;
    delete live.bypass_actors;
    (live as { enforcement: string }).enforcement = 'evaluate';
    const list = await fixture('list.json');
    const github = await fakeGitHub({ [LIST]: () => ({ body: list }), [GET_MAIN]: () => ({ body: live }) });
    try {
      const result = await check(github.url, 'id');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('berbeda dari .github/approvers.yaml pada 1 pengaturan');
      expect(result.stdout).toContain('enforcement: hasil kolokasi "active", di GitHub "evaluate"');
      expect(result.stdout).not.toContain('bypass');
      expect(result.stderr).toContain('GitHub tidak menampilkan daftar bypass untuk token ini');
    } finally {
      await github.close();
    }
  });

  it('exits 1 when the repository has no ruleset of that name', async () => {
    const list = ((await fixture('list.json')) as { name: string }[]).filter((r) => r.name !== 'kolokasi: main');
    const github = await fakeGitHub({ [LIST]: () => ({ body: list }) });
    try {
      const result = await check(github.url);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`${REPOSITORY} has no ruleset named 'kolokasi: main'\n`);
      expect(result.stderr).toContain(`gh api --method POST repos/${REPOSITORY}/rulesets --input build/ruleset-main.json`);
    } finally {
      await github.close();
    }
  });

  it('exits 2 on a refusal by GitHub, an unreachable API, or a missing token', async () => {
    const github = await fakeGitHub({ [LIST]: () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }) });
    try {
      const denied = await check(github.url);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain(`GitHub answered 403 to GET /repos/${REPOSITORY}/rulesets?includes_parents=false`);
      expect(denied.stderr).toContain('Metadata read');
    } finally {
      await github.close();
    }
    // The port of the server just closed: nothing listens there any more.
    const unreachable = await check(github.url);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`cannot read the rulesets from ${github.url}: fetch failed (ECONNREFUSED)`);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
    const noToken = await runCli(['ruleset', '--check', '--repo', repo], { cwd: repo, env: { LANG: 'en_US.UTF-8', GITHUB_REPOSITORY: REPOSITORY } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('--check needs GITHUB_TOKEN and GITHUB_REPOSITORY');
  });
});
