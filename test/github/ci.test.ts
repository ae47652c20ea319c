// The GitHub edge against a fake API: pagination, comments edited in place, drift issues, the
// workflow steps (`kolokasi ci <step>`) end to end on files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { PROJECT_ROOT, exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { requestText } from '../core/synthetic.ts';
import { GitHubClient, nextPageUrl, type Fetch, type GitHubTransport } from '../../src/github/rest.ts';
import { runMain } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/command.ts';

/** A workflow step, run as the workflows run it: `kolokasi ci <step> ...`. */
const runCi = (argv: string[], io: Io) => runMain(['ci', ...argv], io);
import { decideDriftAction, driftMarker } from '../../src/github/drift-issue.ts';
import { buildInstallNotice, installMarker, noticeServices } from '../../src/github/install-notice.ts';
import { GITHUB_COMMENT_LIMIT, planMarker } from '../../src/github/plan-comment.ts';
import { GITHUB_ACTIONS_BOT } from '../../src/git/push-retry.ts';

const API = 'https://api.github.com';
const REPO = 'pemkot-tarakan/kolokasi';

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

/** A fake GitHub: routes by method and path prefix; records every call. Its waits last 1 ms a second. */
function fakeGitHub(routes: Record<string, (url: URL, body: unknown) => { status?: number; json: unknown; link?: string }>) {
  const calls: Call[] = [];
  const fetch: Fetch = async (input, init = {}) => {
    const url = String(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t0ken');
    const parsed = new URL(url);
    const key = Object.keys(routes).find((k) => {
      const [routeMethod, prefix] = k.split(' ');
      return routeMethod === method && parsed.pathname === prefix;
    });
    if (!key) return Response.json({ message: 'Not Found' }, { status: 404 });
    const answer = routes[key]!(parsed, body);
    return Response.json(answer.json, { status: answer.status ?? 200, headers: answer.link ? { link: answer.link } : {} });
  };
  return { transport: { fetch, secondMs: 1 } satisfies GitHubTransport, calls };
}

async function fixture(name: string): Promise<unknown[]> {
  return JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test/fixtures/reviews', name), 'utf8'));
}

describe('GitHub REST client', () => {
  it('follows Link: rel="next" through every page', async () => {
    const pages = [await fixture('paginated-page-1.json'), await fixture('paginated-page-2.json')];
    const { transport, calls } = fakeGitHub({
      [`GET /repos/${REPO}/pulls/42/reviews`]: (url) => {
        const page = Number(url.searchParams.get('page') ?? '1');
        const next = page < pages.length ? `<${API}/repos/${REPO}/pulls/42/reviews?per_page=100&page=${page + 1}>; rel="next", <${API}/x?page=2>; rel="last"` : undefined;
        return { json: pages[page - 1], ...(next ? { link: next } : {}) };
      },
    });
    const reviews = await new GitHubClient({ token: 't0ken', repository: REPO, ...transport }).listReviews(42);
    expect(reviews).toHaveLength(102);
    expect(calls.map((c) => new URL(c.url).searchParams.get('page'))).toEqual([null, '2']);
    expect(new URL(calls[0]!.url).searchParams.get('per_page')).toBe('100');
  });

  it('collects a page of 300,000 items without overflowing the stack', async () => {
    const page = Array.from({ length: 300_000 }, (_, i) => ({ id: i, state: 'COMMENTED', user: { login: 'a' } }));
    const { transport } = fakeGitHub({ [`GET /repos/${REPO}/pulls/7/reviews`]: () => ({ json: page }) });
    const reviews = await new GitHubClient({ token: 't0ken', repository: REPO, ...transport }).listReviews(7);
    expect(reviews).toHaveLength(300_000);
    expect(reviews[299_999]!.id).toBe(299_999);
  });

  it('never follows a page link to another host with the token', async () => {
    const { transport } = fakeGitHub({ [`GET /repos/${REPO}/pulls/1/reviews`]: () => ({ json: [], link: '<https://evil.example/steal>; rel="next"' }) });
    await expect(new GitHubClient({ token: 't0ken', repository: REPO, ...transport }).listReviews(1)).rejects.toThrow(/outside/);
  });

  it('parses Link headers', () => {
    expect(nextPageUrl('<https://a/b?page=3>; rel="next", <https://a/b?page=9>; rel="last"')).toBe('https://a/b?page=3');
    expect(nextPageUrl('<https://a/b?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageUrl(null)).toBeUndefined();
  });

  it('edits its own marked comment in place and ignores a copied marker in someone else\'s', async () => {
    const marker = planMarker('dev');
    const comments = [
      { id: 1, user: { login: 'staf-bkpsdm' }, body: `quoting: ${marker}` },
      { id: 2, user: { login: 'github-actions[bot]' }, body: `${planMarker('prod')}\nold` },
      { id: 3, user: { login: 'github-actions[bot]' }, body: `${marker}\nold` },
    ];
    const { transport, calls } = fakeGitHub({
      [`GET /repos/${REPO}/issues/7/comments`]: () => ({ json: comments }),
      [`PATCH /repos/${REPO}/issues/comments/3`]: () => ({ json: { id: 3 } }),
      [`POST /repos/${REPO}/issues/7/comments`]: () => ({ status: 201, json: { id: 9 } }),
    });
    const github = new GitHubClient({ token: 't0ken', repository: REPO, ...transport });
    expect(await github.upsertComment(7, marker, 'new', 'github-actions[bot]')).toEqual({ action: 'updated', id: 3 });
    expect(await github.upsertComment(7, planMarker('staging'), 'new', 'github-actions[bot]')).toEqual({ action: 'created', id: 9 });
    expect(calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      `PATCH /repos/${REPO}/issues/comments/3`,
      `POST /repos/${REPO}/issues/7/comments`,
    ]);
  });
});

describe('workflow steps (kolokasi ci)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kolokasi-ci-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    GITHUB_TOKEN: 't0ken',
    GITHUB_REPOSITORY: REPO,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '555',
    ...extra,
  });

  it('plan-comment: posts one comment per stack under the limit and writes the job summary', async () => {
    const planDir = path.join(dir, 'plan');
    await mkdir(planDir);
    const rows = Array.from({ length: 5000 }, (_, i) => `| opd/app${i} | app${i}.dev.tarakankota.go.id | 100.64.${i >> 8}.${i & 255} |`).join('\n');
    await writeFile(path.join(planDir, 'dev.md'), `${planMarker('dev')}\n### plan\n\n<details>\n<summary>allocations</summary>\n\n${rows}\n\n</details>\n`);
    await writeFile(path.join(planDir, 'dev.exit'), '0\n');
    await writeFile(path.join(planDir, 'dev.txt'), 'full text plan\n');
    const summaryFile = path.join(dir, 'summary.md');
    const { transport, calls } = fakeGitHub({
      [`GET /repos/${REPO}/issues/12/comments`]: () => ({ json: [] }),
      [`POST /repos/${REPO}/issues/12/comments`]: () => ({ status: 201, json: { id: 77 } }),
    });
    let out = '';
    const code = await runCi(['plan-comment', '--stack', 'dev', '--dir', planDir, '--pr', '12'], {
      env: env({ GITHUB_STEP_SUMMARY: summaryFile, PR_HEAD_SHA: 'abc123' }), cwd: dir, github: transport, stdout: (t) => (out += t), stderr: () => undefined,
    });
    expect(code).toBe(0);
    expect(out).toContain('created (#77)');
    const posted = calls.find((c) => c.method === 'POST')!.body as { body: string };
    expect(posted.body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(posted.body.startsWith(planMarker('dev'))).toBe(true);
    expect(posted.body).toContain('https://github.com/pemkot-tarakan/kolokasi/actions/runs/555');
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('opd/app4999');
    expect(summary).toContain('full text plan');
  });

  it('plan-comment: a fork (no --pr) gets the job summary only', async () => {
    await writeFile(path.join(dir, 'dev.err'), 'kolokasi: error: boom\n');
    await writeFile(path.join(dir, 'dev.exit'), '2\n');
    const summaryFile = path.join(dir, 'summary.md');
    const { transport, calls } = fakeGitHub({});
    const code = await runCi(['plan-comment', '--stack', 'dev', '--dir', dir, '--pr', ''], {
      env: { GITHUB_STEP_SUMMARY: summaryFile }, cwd: dir, github: transport, stdout: () => undefined, stderr: () => undefined,
    });
    expect(code).toBe(0);
    expect(calls).toEqual([]);
    expect(await readFile(summaryFile, 'utf8')).toContain('kolokasi: error: boom');
  });

  it('plan-comment: a plan JSON that breaks the contract is said with its place, and the Markdown plan still goes out', async () => {
    await writeFile(path.join(dir, 'dev.json'), '{\n  "apiVersion": "kolokasi/v1",\n  "safe": "yes"\n}\n');
    await writeFile(path.join(dir, 'dev.md'), `${planMarker('dev')}\n### plan\n`);
    await writeFile(path.join(dir, 'dev.exit'), '0\n');
    const summaryFile = path.join(dir, 'summary.md');
    let out = '';
    const code = await runCi(['plan-comment', '--stack', 'dev', '--dir', dir], {
      env: { GITHUB_STEP_SUMMARY: summaryFile }, cwd: dir, github: fakeGitHub({}).transport, stdout: (t) => (out += t), stderr: () => undefined,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^dev\.json:\d+:\d+: error KLK1\d\d: /m);
    expect(await readFile(summaryFile, 'utf8')).toContain('### plan');
  });

  it('fetch-reviews saves every page, and signoff reads the file', async () => {
    const pages = [await fixture('paginated-page-1.json'), await fixture('paginated-page-2.json')];
    const { transport } = fakeGitHub({
      [`GET /repos/${REPO}/pulls/42/reviews`]: (url) => {
        const page = Number(url.searchParams.get('page') ?? '1');
        return { json: pages[page - 1], ...(page === 1 ? { link: `<${API}/repos/${REPO}/pulls/42/reviews?per_page=100&page=2>; rel="next"` } : {}) };
      },
    });
    const out = path.join(dir, 'reviews.json');
    expect(await runCi(['fetch-reviews', '--pr', '42', '--out', out], { env: env(), cwd: dir, github: transport, stdout: () => undefined, stderr: () => undefined })).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toHaveLength(102);
  });

  it('drift: opens an issue on drift and closes it when the drift is gone', async () => {
    const output = path.join(dir, 'preview.txt');
    await writeFile(output, '~ cloudflare:index/dnsRecord:DnsRecord simpeg/A update [diff: ~content]\n');
    let issues: { number: number; title: string; body: string; state: string; user: { login: string } }[] = [];
    const { transport, calls } = fakeGitHub({
      [`GET /repos/${REPO}/issues`]: () => ({ json: issues.filter((i) => i.state === 'open') }),
      [`POST /repos/${REPO}/issues`]: (_url, body) => {
        const b = body as { title: string; body: string };
        issues = [...issues, { number: 31, title: b.title, body: b.body, state: 'open', user: { login: 'github-actions[bot]' } }];
        return { status: 201, json: issues.at(-1) };
      },
      [`POST /repos/${REPO}/issues/31/comments`]: () => ({ status: 201, json: { id: 1 } }),
      [`PATCH /repos/${REPO}/issues/31`]: (_url, body) => {
        issues = issues.map((i) => (i.number === 31 ? { ...i, ...(body as object) } : i));
        return { json: issues[0] };
      },
    });
    const deps = { env: env(), cwd: dir, github: transport, stdout: () => undefined, stderr: () => undefined, now: () => new Date('2026-11-27T22:17:00Z') };
    expect(await runCi(['drift', '--stack', 'dev', '--drift', 'true', '--output', output], deps)).toBe(0);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain(driftMarker('dev'));
    expect(issues[0]!.body).toContain('simpeg/A update');
    expect(await runCi(['drift', '--stack', 'dev', '--drift', 'true', '--output', output], deps)).toBe(0);
    expect(issues).toHaveLength(1);
    expect(await runCi(['drift', '--stack', 'dev', '--drift', 'false', '--output', output], deps)).toBe(0);
    expect(issues[0]!.state).toBe('closed');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/issues'))).toHaveLength(1);
  });

  it('refuses bad arguments with exit 2', async () => {
    const deps = { env: env(), cwd: dir, stdout: () => undefined, stderr: () => undefined };
    expect(await runCi(['plan-comment', '--stack', 'Dev;rm', '--dir', dir], deps)).toBe(2);
    expect(await runCi(['verify-signoff', '--stack', 'dev', '--sha', 'main', '--out', 'x.json'], deps)).toBe(2);
    expect(await runCi(['nope'], deps)).toBe(2);
    expect(await runCi(['drift', '--stack', 'dev', '--bogus'], deps)).toBe(2);
  });

  it('says GitHub refused or was out of reach (exit 2, both languages), and never half-writes', async () => {
    const { transport } = fakeGitHub({ [`GET /repos/${REPO}/pulls/42/reviews`]: () => ({ status: 502, json: { message: 'Bad Gateway' } }) });
    const out = path.join(dir, 'refused.json');
    for (const [lang, text] of [['en', 'GitHub answered 502 to GET'], ['id', 'GitHub menjawab 502 untuk GET']] as const) {
      let stderr = '';
      const code = await runCi(['fetch-reviews', '--pr', '42', '--out', out, '--lang', lang], { env: env(), cwd: dir, github: transport, stdout: () => undefined, stderr: (t) => (stderr += t) });
      expect(code).toBe(2);
      expect(stderr).toContain(text);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
    const offline: Fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    let stderr = '';
    expect(await runCi(['fetch-reviews', '--pr', '42', '--out', out], { env: env(), cwd: dir, github: { fetch: offline, secondMs: 1 }, stdout: () => undefined, stderr: (t) => (stderr += t) })).toBe(2);
    expect(stderr).toContain(`cannot call the GitHub API from ${API}: fetch failed (ECONNREFUSED)`);
  });
});

describe('drift decisions', () => {
  it('opens, updates, closes or does nothing', () => {
    expect(decideDriftAction(true, undefined)).toEqual({ kind: 'create' });
    expect(decideDriftAction(true, 4)).toEqual({ kind: 'update', issue: 4 });
    expect(decideDriftAction(false, 4)).toEqual({ kind: 'close', issue: 4 });
    expect(decideDriftAction(false, undefined)).toEqual({ kind: 'none' });
  });
});

describe('installation notice', () => {
  it('lists address, name and ports in both languages, and the released addresses', () => {
    const body = buildInstallNotice({
      stack: 'dev',
      servers: [{
        request: 'bkpsdm/simpeg',
        title: 'Sistem Informasi Kepegawaian',
        fqdn: 'simpeg.dev.tarakankota.go.id',
        publicIpv4: '203.0.113.4',
        privateIpv4: '10.20.30.4',
        publicIpv6: '2001:db8:7a::4',
        services: noticeServices([
          { name: 'https', port: 443, protocol: 'tcp', access: 'public' },
          { name: 'ssh', port: 22, protocol: 'tcp', access: ['10.10.0.0/16'] },
          { name: 'rtp', portRange: { from: 10000, to: 10100 }, protocol: 'udp', access: 'intranet' },
        ]),
      }],
      released: [{ request: 'dinkes/lama', publicIpv4: '203.0.113.9', privateIpv4: '10.20.30.9', freeFrom: '2026-12-27' }],
      privateNetwork: { cidr: '10.20.30.0/24', gateway: '10.20.30.1' },
      ledgerCommit: '0123456789abcdef0123456789abcdef01234567',
      configUrl: 'https://github.com/pemkot-tarakan/kolokasi/tree/abc/dev',
    });
    expect(body.startsWith(installMarker('dev'))).toBe(true);
    expect(body).toContain('Pemberitahuan instalasi / Installation notice');
    expect(body).toContain('`simpeg.dev.tarakankota.go.id`');
    expect(body).toContain('`203.0.113.4`');
    expect(body).toContain('`10.20.30.4/24`');
    expect(body).toContain('| Gateway | `10.20.30.1` |');
    expect(body).toContain('| https | 443 | tcp | publik / public |');
    expect(body).toContain('| ssh | 22 | tcp | 10.10.0.0/16 |');
    expect(body).toContain('| rtp | 10000-10100 | udp | intranet |');
    expect(body).toContain('SOP langkah 8');
    expect(body).toContain('SOP step 8');
    expect(body).toContain('| dinkes/lama | 203.0.113.9 | 10.20.30.9 | - | 2026-12-27 |');
  });

  it('shows a renamed or moved server with its addresses kept, naming both OPDs', () => {
    const server = { request: 'dinkes/esppt', fqdn: 'esppt.dev.tarakankota.go.id', publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4', services: [], movedFrom: 'bapenda/esppt' };
    const body = buildInstallNotice({ stack: 'dev', servers: [server], released: [] });
    expect(body).toContain('Dipindahkan dari / Moved from `bapenda/esppt` (OPD bapenda → OPD dinkes): alamat dan nama tetap');
    expect(body).toContain('addresses and name kept');
    expect(buildInstallNotice({ stack: 'dev', servers: [{ ...server, request: 'bapenda/esppt-pbb' }], released: [] })).not.toContain('OPD bapenda →');
  });
});

describe('install-notice step on a real repository', () => {
  it('comments the final allocation of the merged pull request', async () => {
    const repo = await exampleRepo();
    try {
      const git = simpleGit(repo);
      const as = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];
      await git.raw(['init', '-q', '-b', 'main']);
      await writeFile(path.join(repo, '.gitignore'), 'build/\n');
      await git.raw(['add', '-A']);
      await git.raw([...as, 'commit', '-q', '-m', 'Merge pull request #12 from bkpsdm/simpeg']);
      const merge = (await git.revparse(['HEAD'])).trim();
      const env = { LANG: 'en_US.UTF-8' };
      expect((await runCli(['apply', '--repo', repo], { cwd: repo, env })).code).toBe(0);
      await git.raw(['add', 'stacks/dev.allocations.yaml']);
      await git.raw([...as, 'commit', '-q', '-m', 'ledger(dev): allocations after #12']);
      const ledgerCommit = (await git.revparse(['HEAD'])).trim();
      // A request the apply held (no verified sign-off): the plan shows it as new, never allocated.
      await writeFile(path.join(repo, 'requests/dinkes/rsud.yaml'), requestText('dinkes/rsud'), 'utf8');
      const plan = await runCli(['plan', '--format', 'json', '--repo', repo], { cwd: repo, env });
      expect(plan.code).toBe(0);
      const planFile = path.join(repo, 'build/plan.json');
      await writeFile(planFile, plan.stdout);
      const simpeg = (JSON.parse(plan.stdout) as { allocations: { request: string; publicIpv4: string; fqdn: string }[] }).allocations.find((a) => a.request === 'bkpsdm/simpeg')!;

      const { transport, calls } = fakeGitHub({
        [`GET /repos/${REPO}/commits/${merge}/pulls`]: () => ({ json: [{ number: 12, merged_at: '2026-11-27T08:00:00Z', user: { login: 'staf-bkpsdm' }, head: { sha: 'f'.repeat(40) }, base: { ref: 'main' } }] }),
        [`GET /repos/${REPO}/pulls/12/files`]: () => ({ json: [{ filename: 'requests/bkpsdm/simpeg.yaml', status: 'added' }, { filename: 'requests/dinkes/rsud.yaml', status: 'added' }, { filename: 'README.md', status: 'modified' }] }),
        [`GET /repos/${REPO}/issues/12/comments`]: () => ({ json: [] }),
        [`POST /repos/${REPO}/issues/12/comments`]: () => ({ status: 201, json: { id: 5 } }),
      });
      let out = '';
      const code = await runCi(['install-notice', '--stack', 'dev', '--sha', merge, '--plan', planFile, '--repo', repo, '--ledger-commit', ledgerCommit], {
        env: { GITHUB_TOKEN: 't0ken', GITHUB_REPOSITORY: REPO }, cwd: repo, github: transport, stdout: (t) => (out += t), stderr: (t) => (out += t),
      });
      expect(code, out).toBe(0);
      const posted = (calls.find((c) => c.method === 'POST')!.body as { body: string }).body;
      expect(posted.startsWith(installMarker('dev'))).toBe(true);
      expect(posted).toContain(`\`${simpeg.fqdn}\``);
      expect(posted).toContain(`\`${simpeg.publicIpv4}\``);
      expect(posted).toContain('| https | 443 | tcp | publik / public |');
      expect(posted).toContain('| Gateway | `10.20.30.1` |');
      expect(posted).not.toContain('bkpsdm/absensi');
      expect(posted).not.toContain('rsud');
    } finally {
      await removeRepo(repo);
    }
  });

  it('lists a withdrawn request\'s addresses as the ledger released them, free again after the quarantine', async () => {
    const repo = await exampleRepo();
    try {
      const git = simpleGit(repo);
      const as = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];
      const env = { LANG: 'en_US.UTF-8' };
      await git.raw(['init', '-q', '-b', 'main']);
      await writeFile(path.join(repo, '.gitignore'), 'build/\n');
      await git.raw(['add', '-A']);
      await git.raw([...as, 'commit', '-q', '-m', 'Colocation requests']);
      expect((await runCli(['apply', '--repo', repo, '--now', '2026-11-01T08:00:00Z'], { cwd: repo, env })).code).toBe(0);
      const held = await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8');
      await git.raw(['add', 'stacks/dev.allocations.yaml']);
      // As the apply workflow commits it: by the bot, the ledger alone.
      await git.raw(['-c', `user.name=${GITHUB_ACTIONS_BOT.name}`, '-c', `user.email=${GITHUB_ACTIONS_BOT.email}`, 'commit', '-q', '-m', 'ledger(dev): allocations']);
      await rm(path.join(repo, 'requests/bkpsdm/absensi.yaml'));
      await git.raw(['add', '-A']);
      await git.raw([...as, 'commit', '-q', '-m', 'Merge pull request #13 from bkpsdm/withdraw-absensi']);
      const merge = (await git.revparse(['HEAD'])).trim();
      expect((await runCli(['apply', '--repo', repo, '--now', '2026-11-27T08:00:00Z'], { cwd: repo, env })).code).toBe(0);
      const planFile = path.join(repo, 'build/plan.json');
      const plan = await runCli(['plan', '--format', 'json', '--repo', repo, '--now', '2026-11-27T08:00:00Z'], { cwd: repo, env });
      await writeFile(planFile, plan.stdout);
      // What the ledger held for the request before it was withdrawn, read from the file as written.
      const entry = /^ {2}bkpsdm\/absensi: \{(.*)\}$/m.exec(held)![1]!;
      const publicIpv4 = /publicIpv4: "?([0-9.]+)/.exec(entry)![1]!;
      const privateIpv4 = /privateIpv4: "?([0-9.]+)/.exec(entry)![1]!;

      const { transport, calls } = fakeGitHub({
        [`GET /repos/${REPO}/commits/${merge}/pulls`]: () => ({ json: [{ number: 13, merged_at: '2026-11-27T08:00:00Z', user: { login: 'staf-bkpsdm' }, head: { sha: 'e'.repeat(40) }, base: { ref: 'main' } }] }),
        [`GET /repos/${REPO}/pulls/13/files`]: () => ({ json: [{ filename: 'requests/bkpsdm/absensi.yaml', status: 'removed' }] }),
        [`GET /repos/${REPO}/issues/13/comments`]: () => ({ json: [] }),
        [`POST /repos/${REPO}/issues/13/comments`]: () => ({ status: 201, json: { id: 6 } }),
      });
      let out = '';
      const code = await runCi(['install-notice', '--stack', 'dev', '--sha', merge, '--plan', planFile, '--repo', repo], {
        env: { GITHUB_TOKEN: 't0ken', GITHUB_REPOSITORY: REPO }, cwd: repo, github: transport, stdout: (t) => (out += t), stderr: (t) => (out += t),
      });
      expect(code, out).toBe(0);
      const posted = (calls.find((c) => c.method === 'POST')!.body as { body: string }).body;
      // Released on 27 November with a 30-day quarantine: handed out again from 27 December.
      expect(posted).toMatch(new RegExp(`\\| bkpsdm/absensi \\| ${publicIpv4.replace(/\./g, '\\.')} \\| ${privateIpv4.replace(/\./g, '\\.')} \\| .* \\| 2026-12-27 \\|`));
    } finally {
      await removeRepo(repo);
    }
  });
});
