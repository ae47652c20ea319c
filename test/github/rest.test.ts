// The GitHub client against a local HTTP server answering as GitHub does when it fails: a 5xx and a
// dropped connection are retried, a secondary rate limit is waited out for as long as GitHub asks,
// a primary limit that resets too late and the answers that a retry cannot change are not, and
// every one of them ends as a bilingual environment error. Waits last 1 ms a second here.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError, GitHubClient, gitHubUnreachable, isGitHubUnreachable } from '../../src/github/rest.ts';
import { REPOSITORY, TOKEN, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

const SECONDARY_LIMIT = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' };
const REVIEWS = `GET /repos/${REPOSITORY}/pulls/5/reviews?per_page=100`;

describe('GitHub client: retries and rate limits', () => {
  let github: FakeGitHub;
  const client = () => new GitHubClient({ token: TOKEN, repository: REPOSITORY, apiUrl: github.url, secondMs: 1 });

  beforeAll(async () => {
    github = await startFakeGitHub();
    github.pulls.set(5, { number: 5, author: 'staf-dinkes', branch: 'rsud', headSha: 'a'.repeat(40), mergeCommit: null, mergedAt: null });
    github.reviews.set(5, [{ login: 'kabid-aplikasi', state: 'APPROVED', commit: 'a'.repeat(40), at: '2026-11-03T02:00:00Z' }]);
  });
  afterAll(() => github.close());
  beforeEach(() => {
    github.requests.length = 0;
    github.failures.length = 0;
  });

  it('retries a 502 and a dropped connection, then reads the answer', async () => {
    github.failures.push({ status: 502, body: { message: 'Server Error' } }, 'drop');
    const reviews = await client().listReviews(5);
    expect(reviews.map((r) => r.user?.login)).toEqual(['kabid-aplikasi']);
    expect(github.requests).toEqual([REVIEWS, REVIEWS, REVIEWS]);
  });

  it('waits out a secondary rate limit for its retry-after, then retries', async () => {
    github.failures.push({ status: 403, headers: { 'retry-after': '30' }, body: SECONDARY_LIMIT });
    expect((await client().getPull(5)).number).toBe(5);
    expect(github.requests).toEqual([`GET /repos/${REPOSITORY}/pulls/5`, `GET /repos/${REPOSITORY}/pulls/5`]);
  });

  it('gives up on a primary rate limit that resets later than it would wait', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    github.failures.push({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded for installation ID 1.' } });
    const error = await client().getPull(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 403, method: 'GET', path: `/repos/${REPOSITORY}/pulls/5` });
    expect(github.requests).toHaveLength(1);
    // Not a matter of the token: waiting is what helps.
    expect(gitHubUnreachable(error, github.url, { en: 'call the GitHub API', id: 'memanggil API GitHub' }).hint?.en).toBe('try again later; GitHub may be unavailable');
  });

  it('posts a new comment, issue or deployment once, even after a 5xx: GitHub may have stored it', async () => {
    github.failures.push({ status: 502, body: { message: 'Server Error' } }, { status: 502, body: { message: 'Server Error' } });
    expect(await client().createIssueComment(5, 'rencana').catch((e: unknown) => e)).toMatchObject({ status: 502, method: 'POST' });
    expect(await client().createIssue('drift', 'body', []).catch((e: unknown) => e)).toMatchObject({ status: 502, method: 'POST' });
    github.failures.push({ status: 502, body: { message: 'Server Error' } });
    expect(await client().createDeployment('a'.repeat(40), 'gateway-prod', 'load').catch((e: unknown) => e)).toMatchObject({ status: 502, method: 'POST' });
    expect(github.requests).toEqual([`POST /repos/${REPOSITORY}/issues/5/comments`, `POST /repos/${REPOSITORY}/issues`, `POST /repos/${REPOSITORY}/deployments`]);
  });

  it('stops after a few retries when GitHub keeps failing', async () => {
    github.failures.push(...Array.from({ length: 10 }, () => ({ status: 503, body: { message: 'Service Unavailable' } })));
    const error = await client().listReviews(5).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503 });
    // The first request and three retries.
    expect(github.requests).toHaveLength(4);
  });

  it('does not retry what a retry cannot change, and says what to check in both languages', async () => {
    for (const [status, hint] of [[401, 'check GITHUB_REPOSITORY and that the token'], [404, 'check GITHUB_REPOSITORY and that the token'], [422, 'try again later']] as const) {
      github.requests.length = 0;
      github.failures.push({ status, body: { message: 'refused' } });
      const error = await client().getPull(5).catch((e: unknown) => e);
      expect(github.requests).toHaveLength(1);
      expect(isGitHubUnreachable(error)).toBe(true);
      const usage = gitHubUnreachable(error, github.url, { en: 'call the GitHub API', id: 'memanggil API GitHub' });
      expect(usage.text).toEqual({ en: `GitHub answered ${status} to GET /repos/${REPOSITORY}/pulls/5`, id: `GitHub menjawab ${status} untuk GET /repos/${REPOSITORY}/pulls/5` });
      expect(usage.hint?.en).toContain(hint);
      expect(usage.hint?.id).not.toBe(usage.hint?.en);
    }
  });

  it('says GitHub is out of reach when nothing answers, after retrying', async () => {
    // A loopback port that was just free and is closed again: every connection is refused.
    const vacated = createServer();
    await new Promise<void>((resolve) => vacated.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(vacated.address() as AddressInfo).port}`;
    await new Promise((resolve) => vacated.close(resolve));
    const error = await new GitHubClient({ token: TOKEN, repository: REPOSITORY, apiUrl, secondMs: 1 }).getPull(5).catch((e: unknown) => e);
    expect(isGitHubUnreachable(error)).toBe(true);
    expect(gitHubUnreachable(error, apiUrl, { en: 'call the GitHub API', id: 'memanggil API GitHub' }).text.en).toBe(`cannot call the GitHub API from ${apiUrl}: fetch failed (ECONNREFUSED)`);
  });
});
