import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { parseApprovers, type ApproversConfig } from '../../src/github/approvers.ts';
import { decideSignoff, maximumMatching, type IgnoredReason, type Review } from '../../src/github/signoff.ts';
import { parseReviews } from '../../src/github/reviews.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/reviews');
const HEAD = '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f';

async function fixtureText(name: string): Promise<string> {
  return readFile(path.join(FIXTURES, name), 'utf8');
}

async function reviewsOf(...files: string[]): Promise<Review[]> {
  // Pages saved one after another, as `gh api --paginate` writes them.
  const parsed = parseReviews((await Promise.all(files.map(fixtureText))).join(''));
  if (!parsed.ok) throw new Error(parsed.message.en);
  return parsed.reviews;
}

async function config(file: string): Promise<ApproversConfig> {
  const text = file === 'repo' ? await readFile(path.join(PROJECT_ROOT, '.github/approvers.yaml'), 'utf8') : await fixtureText(file);
  const parsed = parseApprovers({ file, text });
  if (!parsed.config) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.config;
}

interface Case {
  name: string;
  files: string[];
  author: string;
  headSha?: string;
  approvers?: string;
  ok: boolean;
  filled: Record<string, string>;
  missing: string[];
  /** Expected reason per reviewer login (as spelled in the payload), for reviews that did not sign. */
  ignored?: Record<string, IgnoredReason[]>;
}

const CASES: Case[] = [
  {
    name: 'both roles approve the head commit',
    files: ['complete.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: true,
    filled: { 'kabid-aplikasi': 'subkoor-aplikasi-tarakan', 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: [],
    ignored: { 'staf-bkpsdm': ['author'] },
  },
  {
    name: 'a dismissed approval does not count',
    files: ['dismissed.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: false,
    filled: { 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: ['kabid-aplikasi'],
    ignored: { 'kabid-aplikasi-tarakan': ['dismissed'] },
  },
  {
    name: 'a comment after an approval keeps the approval (GitHub rule)',
    files: ['commented-after-approval.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: true,
    filled: { 'kabid-aplikasi': 'kabid-aplikasi-tarakan', 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: [],
    ignored: { 'kabid-aplikasi-tarakan': ['commented'] },
  },
  {
    name: 'changes requested after an approval withdraw it',
    files: ['changes-requested-after-approval.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: false,
    filled: { 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: ['kabid-aplikasi'],
    ignored: { 'kabid-aplikasi-tarakan': ['superseded', 'changes-requested'] },
  },
  {
    name: 'an approval of an earlier commit does not count with --head-sha',
    files: ['stale-commit.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: false,
    filled: { 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: ['kabid-aplikasi'],
    ignored: { 'kabid-aplikasi-tarakan': ['stale'] },
  },
  {
    name: 'without --head-sha the earlier approval counts',
    files: ['stale-commit.json'],
    author: 'staf-bkpsdm',
    ok: true,
    filled: { 'kabid-aplikasi': 'kabid-aplikasi-tarakan', 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: [],
  },
  {
    name: 'the author cannot sign their own pull request',
    files: ['self-approval.json'],
    author: 'kabid-aplikasi-tarakan',
    headSha: HEAD,
    ok: false,
    filled: { 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: ['kabid-aplikasi'],
    ignored: { 'kabid-aplikasi-tarakan': ['author'] },
  },
  {
    name: 'one person holding two roles signs only one',
    files: ['one-person-two-roles.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    approvers: 'approvers-shared-role.yaml',
    ok: false,
    filled: { 'kabid-aplikasi': 'alice-dkisp' },
    missing: ['kepala-dkisp'],
  },
  {
    name: 'people are matched to roles so that every role is filled',
    files: ['two-roles-matching.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    approvers: 'approvers-shared-role.yaml',
    ok: true,
    filled: { 'kabid-aplikasi': 'bob-dkisp', 'kepala-dkisp': 'alice-dkisp' },
    missing: [],
  },
  {
    name: 'logins and commit ids are compared case-insensitively',
    files: ['case-differences.json'],
    author: 'Sekretaris-DKISP-Tarakan',
    headSha: HEAD,
    ok: true,
    filled: { 'kabid-aplikasi': 'KABID-Aplikasi-Tarakan', 'kepala-dkisp': 'Kepala-DKISP-Tarakan' },
    missing: [],
    ignored: { 'sekretaris-dkisp-TARAKAN': ['author'] },
  },
  {
    name: 'a pending review and a deleted account do not sign',
    files: ['pending-and-deleted-account.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: false,
    filled: { 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: ['kabid-aplikasi'],
    ignored: { 'kabid-aplikasi-tarakan': ['pending'], '(deleted account)': ['no-user'] },
  },
  {
    name: 'two pages concatenated: the approvals on page 2 count',
    files: ['paginated-page-1.json', 'paginated-page-2.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: true,
    filled: { 'kabid-aplikasi': 'kabid-aplikasi-tarakan', 'kepala-dkisp': 'kepala-dkisp-tarakan' },
    missing: [],
  },
  {
    name: 'page 1 alone: the later approvals are missing',
    files: ['paginated-page-1.json'],
    author: 'staf-bkpsdm',
    headSha: HEAD,
    ok: false,
    filled: {},
    missing: ['kabid-aplikasi', 'kepala-dkisp'],
    ignored: { 'kabid-aplikasi-tarakan': ['changes-requested'] },
  },
];

describe('sign-off decision on recorded review payloads', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const decision = decideSignoff({
        reviews: await reviewsOf(...c.files),
        author: c.author,
        ...(c.headSha ? { headSha: c.headSha } : {}),
        config: await config(c.approvers ?? 'repo'),
      });
      expect(decision.ok).toBe(c.ok);
      expect(Object.fromEntries(decision.filled.map((f) => [f.role, f.login]))).toEqual(c.filled);
      expect(decision.missing.map((m) => m.role)).toEqual(c.missing);
      for (const [login, reasons] of Object.entries(c.ignored ?? {})) {
        expect(decision.ignored.filter((i) => i.login === login).map((i) => i.reason)).toEqual(reasons);
      }
      // Every reason and every missing role is explained in both languages.
      for (const entry of [...decision.ignored.map((i) => i.message), ...decision.missing.map((m) => m.reason)]) {
        expect(entry.en).not.toBe('');
        expect(entry.id).not.toBe('');
        expect(entry.id).not.toBe(entry.en);
      }
    });
  }

  it('explains a role left empty because its only approver signs another role', async () => {
    const decision = decideSignoff({ reviews: await reviewsOf('one-person-two-roles.json'), author: 'x', headSha: HEAD, config: await config('approvers-shared-role.yaml') });
    expect(decision.missing[0]!.reason.en).toContain('alice-dkisp (kabid-aplikasi)');
    expect(decision.missing[0]!.reason.id).toContain('satu orang satu peran');
  });

  it('explains a role whose only holder is the author', () => {
    const decision = decideSignoff({
      reviews: [],
      author: 'Solo',
      config: { required: ['kepala-dkisp'], roles: { 'kepala-dkisp': ['solo'] } },
    });
    expect(decision.missing[0]!.reason.en).toContain('only the author holds this role');
  });

  it('orders reviews by submission time when pages arrive out of order', async () => {
    const reviews = await reviewsOf('paginated-page-2.json', 'paginated-page-1.json');
    const decision = decideSignoff({ reviews, author: 'staf-bkpsdm', headSha: HEAD, config: await config('repo') });
    expect(decision.ok).toBe(true);
  });
});

describe('maximum matching', () => {
  it('fills the most roles, whatever the order of candidates', () => {
    const holders: Record<string, string[]> = { a: ['p', 'q'], b: ['p'], c: ['q', 'r'] };
    const matching = maximumMatching(['a', 'b', 'c'], (role) => holders[role] ?? []);
    expect(matching.size).toBe(3);
    expect(new Set(matching.values()).size).toBe(3);
    expect(matching.get('b')).toBe('p');
  });

  it('leaves a role empty when people run out', () => {
    const matching = maximumMatching(['a', 'b'], () => ['p']);
    expect(matching.size).toBe(1);
  });
});

describe('reviews payload parsing', () => {
  it('accepts one array, concatenated pages and slurped pages alike', async () => {
    const page1 = await fixtureText('paginated-page-1.json');
    const page2 = await fixtureText('paginated-page-2.json');
    const concatenated = parseReviews(`${page1}${page2}`);
    const slurped = parseReviews(`[${page1},${page2}]`);
    const flat = parseReviews(JSON.stringify([...JSON.parse(page1), ...JSON.parse(page2)]));
    for (const parsed of [concatenated, slurped, flat]) {
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.reviews).toHaveLength(102);
    }
  });

  it('reads 300,000 reviews, in one array and in slurped pages, without overflowing the stack', () => {
    const review = '{"user":{"login":"a"},"state":"COMMENTED"}';
    const many = Array.from({ length: 300_000 }, () => review).join(',');
    const flat = parseReviews(`[${many}]`);
    expect(flat.ok).toBe(true);
    if (flat.ok) expect(flat.reviews).toHaveLength(300_000);
    const slurped = parseReviews(`[[${many}],[${review}]]`);
    expect(slurped.ok).toBe(true);
    if (slurped.ok) expect(slurped.reviews).toHaveLength(300_001);
  });

  it('refuses what is not a reviews list, naming the review', () => {
    expect(parseReviews('{"message":"Not Found"}').ok).toBe(false);
    expect(parseReviews('[1, 2').ok).toBe(false);
    const bad = parseReviews('[{"state":"APPROVED","user":{"login":"a"}},{"state":7,"user":null}]');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.en).toContain('review 2');
  });
});

describe('kolokasi signoff', () => {
  const run = (args: string[], cwd: string) => runCli(['signoff', ...args], { cwd, env: { LANG: 'en_US.UTF-8' } });

  async function withRepo(body: (repo: string) => Promise<void>): Promise<void> {
    const repo = await exampleRepo();
    try {
      await body(repo);
    } finally {
      await removeRepo(repo);
    }
  }

  async function repoWithApprovers(repo: string): Promise<void> {
    const { mkdir, cp } = await import('node:fs/promises');
    await mkdir(path.join(repo, '.github'), { recursive: true });
    await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(repo, '.github/approvers.yaml'));
  }

  it('exits 0 when every role is signed', async () => {
    await withRepo(async (repo) => {
      await repoWithApprovers(repo);
      const result = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'staf-bkpsdm', '--head-sha', HEAD, '--repo', repo], repo);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Sign-off complete');
      expect(result.stdout).toContain('kepala-dkisp: signed by kepala-dkisp-tarakan');
    });
  });

  it('exits 1 naming the missing roles, in Indonesian with --lang id', async () => {
    await withRepo(async (repo) => {
      await repoWithApprovers(repo);
      const result = await run(['--reviews', path.join(FIXTURES, 'stale-commit.json'), '--author', 'staf-bkpsdm', '--head-sha', HEAD, '--repo', repo, '--lang', 'id'], repo);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('tanda tangan belum lengkap: kabid-aplikasi');
      expect(result.stdout).toContain('setujui ulang setelah push terakhir');
    });
  });

  it('writes a bilingual Markdown summary and JSON', async () => {
    await withRepo(async (repo) => {
      await repoWithApprovers(repo);
      const md = await run(['--reviews', path.join(FIXTURES, 'dismissed.json'), '--author', 'x', '--format', 'markdown', '--repo', repo], repo);
      expect(md.stdout).toContain('Tanda tangan belum lengkap / Sign-off incomplete');
      const json = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'x', '--format', 'json', '--repo', repo], repo);
      expect(JSON.parse(json.stdout).ok).toBe(true);
    });
  });

  it('exits 2 without a stack trace on missing, unreadable or invalid input', async () => {
    await withRepo(async (repo) => {
      await repoWithApprovers(repo);
      const missing = await run(['--reviews', 'nope.json', '--author', 'x', '--repo', repo], repo);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
      expect(missing.stderr).not.toMatch(/\n\s+at /);

      await writeFile(path.join(repo, 'broken.json'), '[{"state": "APPROVED", "user": ', 'utf8');
      const broken = await run(['--reviews', 'broken.json', '--author', 'x', '--repo', repo], repo);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain('broken.json');
      expect(broken.stderr).not.toMatch(/\n\s+at /);

      const noAuthor = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--repo', repo], repo);
      expect(noAuthor.code).toBe(2);
      expect(noAuthor.stderr).toContain('--author is required');

      const badSha = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'x', '--head-sha', 'main;rm', '--repo', repo], repo);
      expect(badSha.code).toBe(2);
      // A short id could name an older commit sharing its prefix: refused, with the reason.
      const shortSha = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'staf-bkpsdm', '--head-sha', '0e2ef43', '--repo', repo], repo);
      expect(shortSha.code).toBe(2);
      expect(shortSha.stderr).toContain("--head-sha '0e2ef43' is not a full commit id");
      expect(shortSha.stderr).toContain('40-hex');
      expect(shortSha.stderr).not.toMatch(/\n\s+at /);

      await writeFile(path.join(repo, 'approvers.yaml'), 'apiVersion: kolokasi/v1\nkind: Approvers\nrequired: [kepala-dkisp]\nroles:\n  kabid-aplikasi: [a]\nteams: {applications: o/a, noc: o/n, maintainers: o/m}\n', 'utf8');
      const badConfig = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'x', '--approvers', 'approvers.yaml', '--repo', repo], repo);
      expect(badConfig.code).toBe(2);
      expect(badConfig.stderr).toContain("required role 'kepala-dkisp' is not defined");
      expect(badConfig.stderr).toMatch(/approvers\.yaml:3:\d+/);
    });
  });

  it('decides on a reviews file of 300,000 reviews (exit 1, no internal error)', async () => {
    await withRepo(async (repo) => {
      await repoWithApprovers(repo);
      const review = '{"user":{"login":"a"},"state":"COMMENTED"}';
      await writeFile(path.join(repo, 'huge.json'), `[${Array.from({ length: 300_000 }, () => review).join(',')}]`, 'utf8');
      const result = await run(['--reviews', 'huge.json', '--author', 'x', '--format', 'json', '--repo', repo], repo);
      expect(result.stderr).not.toContain('internal error');
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).ok).toBe(false);
    });
  });

  it('exits 2 when the default approvers file is absent', async () => {
    await withRepo(async (repo) => {
      const result = await run(['--reviews', path.join(FIXTURES, 'complete.json'), '--author', 'x', '--repo', repo], repo);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('approvers.yaml');
    });
  });
});

describe('.github/approvers.yaml', () => {
  it('is valid and requires both signatures of the SOP', async () => {
    const parsed = await config('repo');
    expect(parsed.required).toEqual(['kabid-aplikasi', 'kepala-dkisp']);
    const text = await readFile(path.join(PROJECT_ROOT, '.github/approvers.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/approvers.schema.json');
  });

  it('refuses a login that is not a GitHub login', () => {
    const parsed = parseApprovers({
      file: 'a.yaml',
      text: 'apiVersion: kolokasi/v1\nkind: Approvers\nrequired: [k]\nroles:\n  k: ["evil\\nline"]\nteams: {applications: o/a, noc: o/n, maintainers: o/m}\n',
    });
    expect(parsed.config).toBeUndefined();
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
  });
});
