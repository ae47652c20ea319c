// Which commits count as the bot's ledger commits, on a real repository: the ledger alone, one
// parent, the bot as committer; nothing else, whoever wrote the message.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { botEmailFromEnv, botLedgerCommits, lastBotLedgerCommit } from '../../src/git/bot-ledger-commits.ts';
import { GITHUB_ACTIONS_BOT } from '../../src/git/push-retry.ts';

const LEDGER = 'stacks/dev.allocations.yaml';
const APP_BOT = '123+kolokasi[bot]@users.noreply.github.com';

let work: string;
let repo: string;

const as = (email: string) => ['-c', 'user.name=someone', '-c', `user.email=${email}`];
const git = (...args: string[]) => simpleGit(repo).raw(args);

/** Appends a line to each file, commits them as `email`; returns the commit. */
async function commit(email: string, files: string[], message = 'ledger(dev): allocations'): Promise<string> {
  for (const file of files) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await appendFile(path.join(repo, file), `# ${Math.random()}\n`, 'utf8');
  }
  await git('add', '-A');
  await git(...as(email), 'commit', '-q', '-m', message);
  return (await git('rev-parse', 'HEAD')).trim();
}

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kolokasi-bot-ledger-'));
  repo = path.join(work, 'repo');
  await mkdir(repo);
  await simpleGit(repo).raw(['init', '-q', '-b', 'main']);
  await commit(GITHUB_ACTIONS_BOT.email, [LEDGER, 'requests/x/y.yaml'], 'base');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the bot ledger commits', () => {
  it('are the commits of the ledger alone by the configured bot or by GitHub Actions', async () => {
    const byActions = await commit(GITHUB_ACTIONS_BOT.email, [LEDGER]);
    const byApp = await commit(APP_BOT, [LEDGER]);
    await commit('staf@example.invalid', [LEDGER]);
    await commit(APP_BOT, [LEDGER, 'requests/x/y.yaml']);
    expect(await botLedgerCommits(repo, LEDGER, 'HEAD', APP_BOT)).toEqual([byApp, byActions]);
    // Another App's identity is not the bot's.
    expect(await botLedgerCommits(repo, LEDGER, 'HEAD', '9+other[bot]@users.noreply.github.com')).toEqual([byActions]);
  });

  it('leave out a merge of the ledger, even one the bot made', async () => {
    const before = await commit(APP_BOT, [LEDGER]);
    await git('checkout', '-q', '-b', 'side');
    await commit(APP_BOT, [LEDGER]);
    await git('checkout', '-q', 'main');
    await git(...as(APP_BOT), 'merge', '-q', '--no-ff', '-m', 'ledger(dev): allocations', 'side');
    expect(await lastBotLedgerCommit(repo, LEDGER, 'HEAD', APP_BOT)).toBe(before);
  });

  it('are found from a folder inside a larger repository', async () => {
    const inner = path.join(repo, 'infra');
    await mkdir(path.join(inner, 'stacks'), { recursive: true });
    await writeFile(path.join(inner, LEDGER), 'allocations: {}\n', 'utf8');
    await git('add', '-A');
    await git(...as(APP_BOT), 'commit', '-q', '-m', 'ledger(dev): allocations');
    const made = (await git('rev-parse', 'HEAD')).trim();
    expect(await lastBotLedgerCommit(inner, LEDGER, 'HEAD', APP_BOT)).toBe(made);
    expect(await lastBotLedgerCommit(repo, LEDGER, 'HEAD', APP_BOT)).toBeNull();
  });

  it('take the bot email from KOLOKASI_BOT_EMAIL, else GitHub Actions', () => {
    expect(botEmailFromEnv({ KOLOKASI_BOT_EMAIL: APP_BOT })).toBe(APP_BOT);
    expect(botEmailFromEnv({ KOLOKASI_BOT_EMAIL: '' })).toBe(GITHUB_ACTIONS_BOT.email);
    expect(botEmailFromEnv({})).toBe(GITHUB_ACTIONS_BOT.email);
  });
});
