// Which commits are the bot's ledger commits: the only commits that say what was applied. Anyone
// can get a commit touching the ledger onto main through a merged pull request (a merge, or a
// squash whose message the author wrote, trailers and all), so a commit counts only when it has a
// single parent, changes the stack's ledger file and nothing else, and was committed by the bot
// identity `kolokasi commit-ledger` commits with. A merge made by GitHub (merge, squash or rebase)
// has GitHub as its committer, never the bot. The identity comes from KOLOKASI_BOT_EMAIL, as for
// commit-ledger, so the apply workflow sets it for every step that reads what was applied.
// GitHub Actions' own identity is always accepted too: it is the one commit-ledger uses before a
// GitHub App is set up, and the ledger commits made then must still count afterwards.
import { GITHUB_ACTIONS_BOT } from './push-retry.ts';
import { runGit } from './run.ts';

/** The bot's committer email: KOLOKASI_BOT_EMAIL, or GitHub Actions' own when unset or empty. */
export function botEmailFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  return env.KOLOKASI_BOT_EMAIL || GITHUB_ACTIONS_BOT.email;
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The bot's ledger commits of `ledgerFile` (relative to `repo`) on the first-parent line from
 * `from`, newest first.
 */
export async function botLedgerCommits(repo: string, ledgerFile: string, from: string, botEmail = botEmailFromEnv(process.env)): Promise<string[]> {
  const prefix = (await runGit(repo, ['rev-parse', '--show-prefix'])).trim();
  const fromTop = `${prefix}${ledgerFile}`;
  // --full-diff: every file the commit changed, not only those the path limits to.
  const log = await runGit(repo, ['log', '--first-parent', '--full-diff', '--name-only', '--no-renames', `--format=${RECORD}%H${FIELD}%P${FIELD}%ce${FIELD}`, from, '--', ledgerFile]);
  const out: string[] = [];
  for (const record of log.split(RECORD)) {
    const [hash, parents, committer, names] = record.split(FIELD);
    if (hash === undefined || names === undefined) continue;
    const files = names.split('\n').filter((name) => name !== '');
    const single = parents!.trim().split(' ').length === 1 && parents!.trim() !== '';
    const byBot = [botEmail, GITHUB_ACTIONS_BOT.email].some((email) => email.toLowerCase() === committer!.toLowerCase());
    if (single && byBot && files.length === 1 && files[0] === fromTop) out.push(hash);
  }
  return out;
}

/** The last of them; null when there is none. */
export async function lastBotLedgerCommit(repo: string, ledgerFile: string, from: string, botEmail?: string): Promise<string | null> {
  return (await botLedgerCommits(repo, ledgerFile, from, botEmail))[0] ?? null;
}
