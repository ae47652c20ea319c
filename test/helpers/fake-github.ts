// A local stand-in for the GitHub REST endpoints the apply's sign-off check calls, on a real HTTP
// server (node:http), answering with payloads shaped like GitHub's:
//   GET /repos/{owner}/{repo}/commits/{sha}/pulls   list pull requests associated with a commit
//   GET /repos/{owner}/{repo}/pulls/{number}        get a pull request
//   GET /repos/{owner}/{repo}/pulls/{number}/reviews list reviews (paginated, Link: rel="next")
//   GET /repos/{owner}/{repo}/pulls/{number}/files   list the files a pull request changes (paginated)
// Any other request is answered 404 and recorded, so a test can show nothing else was asked.
// Answers put in `failures` go first, one per request, as GitHub fails: a 5xx, a rate limit with its
// headers, or a connection dropped without an answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const REPOSITORY = 'pemkot-tarakan/kolokasi';
export const TOKEN = 'ghs_fakeTokenForTests';

export interface FakePull {
  number: number;
  author: string;
  branch: string;
  headSha: string;
  /** Null while open. */
  mergeCommit: string | null;
  mergedAt: string | null;
  baseRef?: string;
}

export interface FakeReview {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit: string;
  at: string;
}

function user(login: string, id: number) {
  return {
    login, id, node_id: `U_kgDO${id}`, avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    html_url: `https://github.com/${login}`, type: 'User', site_admin: false,
  };
}

let ids = 81234500;
const userId = new Map<string, number>();
const idOf = (login: string) => {
  if (!userId.has(login)) userId.set(login, ids++);
  return userId.get(login)!;
};

function pullPayload(p: FakePull) {
  const html = `https://github.com/${REPOSITORY}/pull/${p.number}`;
  return {
    url: `https://api.github.com/repos/${REPOSITORY}/pulls/${p.number}`,
    id: 1900000000 + p.number,
    node_id: `PR_kwDOKysyqs${p.number}`,
    html_url: html,
    number: p.number,
    state: p.mergedAt ? 'closed' : 'open',
    locked: false,
    title: `Permohonan colocation #${p.number}`,
    user: user(p.author, idOf(p.author)),
    body: 'Permohonan colocation server.',
    created_at: '2026-11-02T01:00:00Z',
    updated_at: p.mergedAt ?? '2026-11-02T01:00:00Z',
    closed_at: p.mergedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommit,
    draft: false,
    head: { label: `pemkot-tarakan:${p.branch}`, ref: p.branch, sha: p.headSha, user: user('pemkot-tarakan', 1) },
    base: { label: `pemkot-tarakan:${p.baseRef ?? 'main'}`, ref: p.baseRef ?? 'main', sha: '0'.repeat(40), user: user('pemkot-tarakan', 1) },
    author_association: 'MEMBER',
  };
}

function reviewPayload(pr: number, r: FakeReview, index: number) {
  const id = 2104500000 + pr * 1000 + index;
  const html = `https://github.com/${REPOSITORY}/pull/${pr}#pullrequestreview-${id}`;
  return {
    id,
    node_id: `PRR_kwDOKysyq${id}`,
    user: user(r.login, idOf(r.login)),
    body: r.state === 'APPROVED' ? 'Disetujui.' : 'Catatan.',
    state: r.state,
    html_url: html,
    pull_request_url: `https://api.github.com/repos/${REPOSITORY}/pulls/${pr}`,
    author_association: 'MEMBER',
    _links: { html: { href: html }, pull_request: { href: `https://api.github.com/repos/${REPOSITORY}/pulls/${pr}` } },
    commit_id: r.commit,
    ...(r.state === 'PENDING' ? {} : { submitted_at: r.at }),
  };
}

function filePayload(pr: number, f: { filename: string; status: string }) {
  const blob = `https://github.com/${REPOSITORY}/blob/pr-${pr}/${f.filename}`;
  return {
    sha: 'f'.repeat(40),
    filename: f.filename,
    status: f.status,
    additions: f.status === 'removed' ? 0 : 3,
    deletions: f.status === 'added' ? 0 : 1,
    changes: f.status === 'added' || f.status === 'removed' ? 3 : 4,
    blob_url: blob,
    raw_url: blob.replace('/blob/', '/raw/'),
    contents_url: `https://api.github.com/repos/${REPOSITORY}/contents/${f.filename}?ref=pr-${pr}`,
    patch: '@@ -1 +1 @@',
  };
}

/** One failed answer: a status with GitHub's headers and body, or a connection closed unanswered. */
export type FakeFailure = { status: number; headers?: Record<string, string>; body: unknown } | 'drop';

export interface FakeGitHub {
  url: string;
  /** Every request, as `METHOD /path?query`. */
  requests: string[];
  /** Requests answered 404. */
  unknown: string[];
  pulls: Map<number, FakePull>;
  reviews: Map<number, FakeReview[]>;
  /** Commit sha -> the pull requests GitHub associates with it. */
  commitPulls: Map<string, number[]>;
  /** Pull request -> the paths it changes (base...head), as `status` and `filename`. */
  files: Map<number, { filename: string; status: string }[]>;
  /** Answered first, in order, whatever the request. */
  failures: FakeFailure[];
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const state = {
    requests: [] as string[],
    unknown: [] as string[],
    pulls: new Map<number, FakePull>(),
    reviews: new Map<number, FakeReview[]>(),
    commitPulls: new Map<string, number[]>(),
    files: new Map<number, { filename: string; status: string }[]>(),
    failures: [] as FakeFailure[],
  };
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const failure = state.failures.shift();
    if (failure === 'drop') return req.socket.destroy();
    if (failure) return send(failure.status, failure.body, failure.headers);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const prefix = `/repos/${REPOSITORY}`;
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const page = Number(url.searchParams.get('page') ?? '1');
    const paged = (items: unknown[]) => {
      const slice = items.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < items.length;
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      return send(200, slice, more ? { link: `<${next.href}>; rel="next"` } : {});
    };
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && (match = /^\/commits\/([0-9a-f]{40})\/pulls$/.exec(path))) {
      return paged((state.commitPulls.get(match[1]!) ?? []).map((n) => pullPayload(state.pulls.get(n)!)));
    }
    if (req.method === 'GET' && (match = /^\/pulls\/(\d+)$/.exec(path)) && state.pulls.has(Number(match[1]))) {
      return send(200, pullPayload(state.pulls.get(Number(match[1]))!));
    }
    if (req.method === 'GET' && (match = /^\/pulls\/(\d+)\/reviews$/.exec(path)) && state.pulls.has(Number(match[1]))) {
      const n = Number(match[1]);
      return paged((state.reviews.get(n) ?? []).map((r, i) => reviewPayload(n, r, i)));
    }
    if (req.method === 'GET' && (match = /^\/pulls\/(\d+)\/files$/.exec(path)) && state.pulls.has(Number(match[1]))) {
      return paged((state.files.get(Number(match[1])) ?? []).map((f) => filePayload(Number(match![1]), f)));
    }
    state.unknown.push(`${req.method} ${url.pathname}`);
    return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    ...state,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
