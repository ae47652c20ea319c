// The GitHub REST calls the workflows and the gateway make with GITHUB_TOKEN, through octokit:
// typed endpoints, pagination, a retry after a 5xx or a dropped connection, and the pauses GitHub
// asks for (secondary rate limits, spaced writes). octokit is loaded on the first call, so that
// commands that never talk to GitHub never load it. `fetch` and the length of a second of waiting
// are injected, so tests answer from a local server, at once.
import type { Octokit } from '@octokit/rest';
import type { Text } from '../core/model.ts';
import { UsageError } from '../errors.ts';
import type { Review } from './signoff.ts';

export type Fetch = typeof globalThis.fetch;

/** How the client reaches GitHub: the network and the clock of its waits. */
export interface GitHubTransport {
  fetch?: Fetch;
  /**
   * How long one second of GitHub's waits lasts, in ms (1000): the pauses before retrying a 5xx
   * or a dropped connection (1, 4, 9 s), a rate limit's `retry-after`, and the spacing of writes
   * (1 s; 3 s for those that notify people). Tests make it 1.
   */
  secondMs?: number;
}

export interface GitHubClientOptions extends GitHubTransport {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** GITHUB_API_URL; https://api.github.com by default. */
  apiUrl?: string;
  /** Pages followed at most, a guard against a pagination loop. */
  maxPages?: number;
}

export class GitHubApiError extends Error {
  constructor(readonly status: number, readonly method: string, readonly path: string, detail: string) {
    super(`GitHub API ${method} ${path} answered ${status}: ${detail}`);
    this.name = 'GitHubApiError';
  }
}

/**
 * Whether `error` is GitHub answering with an error, or the network failing on the way to it
 * (fetch says only "fetch failed"): an environment to fix, not a bug.
 */
export function isGitHubUnreachable(error: unknown): boolean {
  return error instanceof GitHubApiError || (error instanceof TypeError && error.message === 'fetch failed');
}

/** A failure to talk to GitHub while `doing` something, as a usage error naming what to check. */
export function gitHubUnreachable(error: unknown, apiUrl: string, doing: Text): UsageError {
  if (error instanceof GitHubApiError) {
    // A rate limit still in force after the retries is a 403 or 429 too, but no token would help.
    const limited = error.status === 429 || /rate limit/i.test(error.message);
    const denied = !limited && (error.status === 401 || error.status === 403 || error.status === 404);
    return new UsageError(
      { en: `GitHub answered ${error.status} to ${error.method} ${error.path}`, id: `GitHub menjawab ${error.status} untuk ${error.method} ${error.path}` },
      denied
        ? { en: 'check GITHUB_REPOSITORY and that the token may read the repository (a fine-grained token: Metadata read; the bypass list needs Administration read)', id: 'periksa GITHUB_REPOSITORY dan bahwa token boleh membaca repositori (token fine-grained: Metadata read; daftar bypass perlu Administration read)' }
        : { en: 'try again later; GitHub may be unavailable', id: 'coba lagi nanti; GitHub mungkin sedang tidak tersedia' },
    );
  }
  // fetch() says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
  const reason = `${error instanceof Error ? error.message : String(error)}${cause}`;
  return new UsageError(
    { en: `cannot ${doing.en} from ${apiUrl}: ${reason}`, id: `tidak dapat ${doing.id} dari ${apiUrl}: ${reason}` },
    { en: 'check the network and GITHUB_API_URL', id: 'periksa jaringan dan GITHUB_API_URL' },
  );
}

export interface IssueComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
}

export interface Issue {
  number: number;
  title: string;
  state: string;
  body?: string | null;
  user: { login: string } | null;
  pull_request?: unknown;
}

export interface PullRequestSummary {
  number: number;
  merged_at?: string | null;
  /** The merge, squash or last rebased commit GitHub made on the base branch. */
  merge_commit_sha?: string | null;
  user: { login: string } | null;
  head: { sha: string };
  base: { ref: string };
}

export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

export interface RulesetSummary {
  id: number;
  name: string;
  target?: string;
  enforcement?: string;
}

/** The URL of the next page in a `Link` header, if any (read as octokit's pagination reads it). */
export function nextPageUrl(link: string | null | undefined): string | undefined {
  return link ? /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** `owner/name` as GitHub spells it. */
export const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** A rate limit is waited out this many times at most, and only when GitHub asks for no longer. */
const RATE_LIMIT_RETRIES = 2;
const RATE_LIMIT_WAIT_SECONDS = 120;

const ignore = () => undefined;

/**
 * For writes that people see (a new issue, comment or deployment): a 5xx may come after GitHub stored the
 * write, and a retry would post it twice. A rate-limit answer is still waited out (GitHub did
 * not process the request), and the next run of the step edits what this one posted.
 */
const ONCE = { retries: 0 };

/** octokit with the retry and throttling plugins, and the token sent to the API's host only. */
async function createOctokit(options: GitHubClientOptions, apiUrl: string): Promise<Octokit> {
  const [{ Octokit }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const second = options.secondMs ?? 1000;
  const waitOut = (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_WAIT_SECONDS;
  const octokit = new (Octokit.plugin(retry, throttling))({
    baseUrl: apiUrl,
    userAgent: 'kolokasi',
    // Failures reach the user as kolokasi's own bilingual errors, not as octokit's console lines.
    log: { debug: ignore, info: ignore, warn: ignore, error: ignore },
    request: options.fetch ? { fetch: options.fetch } : {},
    retry: { retryAfterBaseValue: second },
    throttle: { retryAfterBaseValue: second, onRateLimit: waitOut, onSecondaryRateLimit: waitOut, ...(options.secondMs === undefined ? {} : await spacedWrites(second)) },
  });
  // The token goes with every request, so none may leave the API's host (a page link could).
  octokit.hook.before('request', (request) => {
    if (/^[a-z]+:/i.test(request.url) && !request.url.startsWith(`${apiUrl}/`)) throw new Error(`refusing to send a request outside ${apiUrl}: ${request.url}`);
    Object.assign(request.headers, { authorization: `Bearer ${options.token}`, 'x-github-api-version': '2022-11-28' });
  });
  return octokit;
}

/** The plugin's spacing of writes (1 s, 3 s when it notifies), on a clock of `second` ms. */
async function spacedWrites(second: number) {
  const { default: Bottleneck } = await import('bottleneck');
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: second }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * second }),
  };
}

export class GitHubClient {
  private readonly apiUrl: string;
  private readonly maxPages: number;
  private readonly owner: string;
  private readonly repo: string;
  private octokit: Promise<Octokit> | undefined;

  constructor(private readonly options: GitHubClientOptions) {
    if (!REPOSITORY.test(options.repository)) throw new Error(`invalid repository '${options.repository}'`);
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.maxPages = options.maxPages ?? 100;
    [this.owner, this.repo] = options.repository.split('/') as [string, string];
  }

  /** Runs `call` with octokit (loaded on first use); GitHub's error answers become GitHubApiError. */
  private async call<T>(call: (octokit: Octokit, repo: { owner: string; repo: string }) => Promise<T>): Promise<T> {
    this.octokit ??= createOctokit(this.options, this.apiUrl);
    try {
      return await call(await this.octokit, { owner: this.owner, repo: this.repo });
    } catch (error) {
      throw this.answered(error);
    }
  }

  /**
   * GitHub's answer as a GitHubApiError; a request that never got one (the network) as the fetch
   * failure behind it, which isGitHubUnreachable recognises.
   */
  private answered(error: unknown): unknown {
    if (!(error instanceof Error) || !('status' in error) || !('request' in error)) return error;
    const { response, request } = error as Error & { response?: { status: number; data?: unknown }; request: { method: string; url: string } };
    if (!response) return error.cause ?? error;
    const url = new URL(request.url, this.apiUrl);
    const data = response.data;
    const detail = typeof data === 'string' ? data : JSON.stringify(data ?? '');
    return new GitHubApiError(response.status, request.method, `${url.pathname}${url.search}`, detail.slice(0, 300));
  }

  /** Every item of the pages, following the next-page links up to `maxPages`. */
  private async collect<T>(pages: AsyncIterable<{ url: string; data: T[] }>): Promise<T[]> {
    const items: T[] = [];
    let count = 0;
    for await (const page of pages) {
      if (++count > this.maxPages) throw new Error(`more than ${this.maxPages} pages at ${page.url}`);
      for (const item of page.data) items.push(item);
    }
    return items;
  }

  listReviews(pr: number): Promise<Review[]> {
    return this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.pulls.listReviews, { ...repo, pull_number: pr, per_page: 100 })));
  }

  listPullFiles(pr: number): Promise<PullFile[]> {
    return this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.pulls.listFiles, { ...repo, pull_number: pr, per_page: 100 })));
  }

  getPull(pr: number): Promise<PullRequestSummary> {
    return this.call(async (o, repo) => (await o.rest.pulls.get({ ...repo, pull_number: pr })).data);
  }

  /** The pull requests a commit belongs to (for a merge commit on main: the merged one). */
  pullsForCommit(sha: string): Promise<PullRequestSummary[]> {
    return this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: sha, per_page: 100 })));
  }

  /** The repository's rulesets, without their rules (GitHub lists summaries only). */
  listRulesets(): Promise<RulesetSummary[]> {
    return this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.repos.getRepoRulesets, { ...repo, includes_parents: false, per_page: 100 })));
  }

  /** One ruleset in full: conditions, rules and, for a token that may edit it, the bypass list. */
  getRuleset(id: number): Promise<unknown> {
    return this.call(async (o, repo) => (await o.rest.repos.getRepoRuleset({ ...repo, ruleset_id: id })).data);
  }

  listIssueComments(issue: number): Promise<IssueComment[]> {
    return this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 })));
  }

  /**
   * Creates the comment carrying `marker`, or edits the one already there. Only comments written
   * by `author` are candidates: anyone can paste a marker into a comment of their own.
   */
  async upsertComment(issue: number, marker: string, body: string, author: string): Promise<{ action: 'created' | 'updated'; id: number }> {
    const comments = await this.listIssueComments(issue);
    const mine = comments.find((c) => c.user?.login.toLowerCase() === author.toLowerCase() && (c.body ?? '').includes(marker));
    if (mine) {
      await this.call((o, repo) => o.rest.issues.updateComment({ ...repo, comment_id: mine.id, body }));
      return { action: 'updated', id: mine.id };
    }
    const created = await this.createIssueComment(issue, body);
    return { action: 'created', id: created.id };
  }

  /** Open issues (not pull requests) with this label. */
  async listOpenIssues(label: string): Promise<Issue[]> {
    const issues = await this.call((o, repo) => this.collect(o.paginate.iterator(o.rest.issues.listForRepo, { ...repo, state: 'open', labels: label, per_page: 100 })));
    return issues.filter((i) => i.pull_request === undefined);
  }

  createIssue(title: string, body: string, labels: string[]): Promise<Issue> {
    return this.call(async (o, repo) => (await o.rest.issues.create({ ...repo, title, body, labels, request: ONCE })).data);
  }

  updateIssue(issue: number, fields: { body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    return this.call(async (o, repo) => (await o.rest.issues.update({ ...repo, issue_number: issue, ...fields })).data);
  }

  createIssueComment(issue: number, body: string): Promise<{ id: number }> {
    return this.call(async (o, repo) => (await o.rest.issues.createComment({ ...repo, issue_number: issue, body, request: ONCE })).data);
  }

  /** A deployment of `ref` (a full commit id) to `environment`; no merge, no required checks. */
  createDeployment(ref: string, environment: string, description: string): Promise<{ id: number }> {
    return this.call(async (o, repo) => {
      const { data } = await o.rest.repos.createDeployment({
        ...repo, ref, environment, description: description.slice(0, 140), auto_merge: false, required_contexts: [], production_environment: true, request: ONCE,
      });
      // 202 "merged the branch" has no id; with auto_merge off GitHub answers 201 with the deployment.
      if (!('id' in data)) throw new Error(`GitHub created no deployment of ${ref}: ${data.message ?? ''}`);
      return { id: data.id };
    });
  }

  createDeploymentStatus(deployment: number, state: DeploymentState, description: string, environment: string): Promise<{ id: number }> {
    return this.call(async (o, repo) => (await o.rest.repos.createDeploymentStatus({
      ...repo, deployment_id: deployment, state, description: description.slice(0, 140), environment, auto_inactive: true,
    })).data);
  }
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
