// A small GitHub REST client on `fetch`, for the few calls the workflows make with GITHUB_TOKEN.
// `fetch` is injected, so tests answer with recorded payloads instead of the network.
import type { Text } from '../core/model.ts';
import { UsageError } from '../errors.ts';
import type { Review } from './signoff.ts';

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface GitHubClientOptions {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** GITHUB_API_URL; https://api.github.com by default. */
  apiUrl?: string;
  fetch?: Fetch;
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
    const denied = error.status === 401 || error.status === 403 || error.status === 404;
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

/** The URL of the next page in a `Link` header, if any. */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}

/** `owner/name` as GitHub spells it. */
export const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

export class GitHubClient {
  private readonly apiUrl: string;
  private readonly fetchImpl: Fetch;
  private readonly maxPages: number;

  constructor(private readonly options: GitHubClientOptions) {
    if (!REPOSITORY.test(options.repository)) throw new Error(`invalid repository '${options.repository}'`);
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? (globalThis.fetch as unknown as Fetch);
    this.maxPages = options.maxPages ?? 100;
  }

  private headers(): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'kolokasi',
      'content-type': 'application/json',
    };
  }

  private repoPath(path: string): string {
    return `/repos/${this.options.repository}${path}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = path.startsWith('http') ? path : `${this.apiUrl}${path}`;
    const response = await this.fetchImpl(url, { method, headers: this.headers(), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    if (!response.ok) throw new GitHubApiError(response.status, method, path, text.slice(0, 300));
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Every page of a list endpoint, 100 per page, following `Link: rel="next"`. */
  async paginate<T>(path: string): Promise<T[]> {
    const separator = path.includes('?') ? '&' : '?';
    let url: string | undefined = `${this.apiUrl}${path}${separator}per_page=100`;
    const items: T[] = [];
    for (let page = 0; url; page++) {
      if (page >= this.maxPages) throw new Error(`more than ${this.maxPages} pages at ${path}`);
      const response = await this.fetchImpl(url, { method: 'GET', headers: this.headers() });
      const text = await response.text();
      if (!response.ok) throw new GitHubApiError(response.status, 'GET', path, text.slice(0, 300));
      const value = JSON.parse(text) as unknown;
      if (!Array.isArray(value)) throw new Error(`expected a list from ${path}`);
      for (const item of value as T[]) items.push(item);
      url = nextPageUrl(response.headers.get('link'));
      // The token goes with every request: never follow a link off the API host.
      if (url && !url.startsWith(`${this.apiUrl}/`)) throw new Error(`refusing to follow a page link outside ${this.apiUrl}`);
    }
    return items;
  }

  listReviews(pr: number): Promise<Review[]> {
    return this.paginate<Review>(this.repoPath(`/pulls/${pr}/reviews`));
  }

  listPullFiles(pr: number): Promise<PullFile[]> {
    return this.paginate<PullFile>(this.repoPath(`/pulls/${pr}/files`));
  }

  getPull(pr: number): Promise<PullRequestSummary> {
    return this.request<PullRequestSummary>('GET', this.repoPath(`/pulls/${pr}`));
  }

  /** The pull requests a commit belongs to (for a merge commit on main: the merged one). */
  pullsForCommit(sha: string): Promise<PullRequestSummary[]> {
    return this.paginate<PullRequestSummary>(this.repoPath(`/commits/${sha}/pulls`));
  }

  /** The repository's rulesets, without their rules (GitHub lists summaries only). */
  listRulesets(): Promise<RulesetSummary[]> {
    return this.paginate<RulesetSummary>(this.repoPath('/rulesets?includes_parents=false'));
  }

  /** One ruleset in full: conditions, rules and, for a token that may edit it, the bypass list. */
  getRuleset(id: number): Promise<unknown> {
    return this.request<unknown>('GET', this.repoPath(`/rulesets/${id}`));
  }

  listIssueComments(issue: number): Promise<IssueComment[]> {
    return this.paginate<IssueComment>(this.repoPath(`/issues/${issue}/comments`));
  }

  /**
   * Creates the comment carrying `marker`, or edits the one already there. Only comments written
   * by `author` are candidates: anyone can paste a marker into a comment of their own.
   */
  async upsertComment(issue: number, marker: string, body: string, author: string): Promise<{ action: 'created' | 'updated'; id: number }> {
    const comments = await this.listIssueComments(issue);
    const mine = comments.find((c) => c.user?.login.toLowerCase() === author.toLowerCase() && (c.body ?? '').includes(marker));
    if (mine) {
      await this.request('PATCH', this.repoPath(`/issues/comments/${mine.id}`), { body });
      return { action: 'updated', id: mine.id };
    }
    const created = await this.request<{ id: number }>('POST', this.repoPath(`/issues/${issue}/comments`), { body });
    return { action: 'created', id: created.id };
  }

  /** Open issues (not pull requests) with this label. */
  async listOpenIssues(label: string): Promise<Issue[]> {
    const issues = await this.paginate<Issue>(this.repoPath(`/issues?state=open&labels=${encodeURIComponent(label)}`));
    return issues.filter((i) => i.pull_request === undefined);
  }

  createIssue(title: string, body: string, labels: string[]): Promise<Issue> {
    return this.request<Issue>('POST', this.repoPath('/issues'), { title, body, labels });
  }

  updateIssue(issue: number, fields: { body?: string; state?: 'open' | 'closed' }): Promise<Issue> {
    return this.request<Issue>('PATCH', this.repoPath(`/issues/${issue}`), fields);
  }

  createIssueComment(issue: number, body: string): Promise<{ id: number }> {
    return this.request<{ id: number }>('POST', this.repoPath(`/issues/${issue}/comments`), { body });
  }

  /** A deployment of `ref` (a full commit id) to `environment`; no merge, no required checks. */
  createDeployment(ref: string, environment: string, description: string): Promise<{ id: number }> {
    return this.request<{ id: number }>('POST', this.repoPath('/deployments'), {
      ref, environment, description: description.slice(0, 140), auto_merge: false, required_contexts: [], production_environment: true,
    });
  }

  createDeploymentStatus(deployment: number, state: DeploymentState, description: string, environment: string): Promise<{ id: number }> {
    return this.request<{ id: number }>('POST', this.repoPath(`/deployments/${deployment}/statuses`), {
      state, description: description.slice(0, 140), environment, auto_inactive: true,
    });
  }
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
