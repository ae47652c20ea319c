// What git remembers about requests and the ledger, for the reports: when each request file was
// added or deleted, which merge brought it into the main branch, and which ledger commit (made by
// the bot, with the pull request and its approvers as trailers) first held or released its
// addresses. Three `git log` runs in all (requests/, the ledger, and its bot ledger commits), however many
// requests there are. Parsing is kept apart from running git so that it can be tested on text.
import { readLedgerLine } from '../core/ledger.ts';
import { requestPathParts } from '../core/requests.ts';
import { parseProvenanceTrailers, type RequestProvenance } from './provenance.ts';
import { botLedgerCommits } from './bot-ledger-commits.ts';
import { gitIn, runGit } from './run.ts';

export interface GitCommit {
  hash: string;
  parents: string[];
  authorName: string;
  /** ISO-8601 with the author's offset: when the change was written. */
  authoredAt: string;
  /** ISO-8601 with the committer's offset: when it landed where it is (a merge, a rebase). */
  committedAt: string;
  subject: string;
  /** The whole message; kept for ledger commits only, whose trailers matter. */
  message: string;
}

export type FileChange = 'added' | 'deleted';

export interface RequestFileEvent {
  /** `<opd>/<name>`, from the path. */
  request: string;
  file: string;
  change: FileChange;
  commit: GitCommit;
}

/** What the bot's ledger commit message says about the run (see src/git/ledger-commit.ts). */
export interface LedgerCommitTrailers {
  pullRequest?: number;
  /** `login` or `login (role)`, as written. */
  approvers: string[];
  /** The main commit the allocation was computed from: the merge, in CI. */
  sourceCommit?: string;
  /** Per request change (Kolokasi-Request trailers): its own pull request and signatories. */
  requests: RequestProvenance[];
}

export interface LedgerLineAllocation {
  request: string;
  allocatedAt?: string;
  publicIpv4?: string;
  privateIpv4?: string;
  publicIpv6?: string;
}

export interface LedgerLineRelease extends LedgerLineAllocation {
  releasedAt?: string;
}

export interface LedgerChange {
  commit: GitCommit;
  trailers: LedgerCommitTrailers;
  /** Allocation lines this commit added (new ones, and changed ones such as an IPv6 added later). */
  allocated: LedgerLineAllocation[];
  /** Release lines this commit added. */
  released: LedgerLineRelease[];
}

export interface RepositoryHistory {
  /** Oldest first (parents before children). Merges that brought a request in are included. */
  requestEvents: RequestFileEvent[];
  /** Oldest first. */
  ledgerChanges: LedgerChange[];
  /** A shallow clone (CI checkouts often are) lacks older commits: their dates stay unknown. */
  shallow: boolean;
}

// Field and record separators that cannot occur in hashes, names, dates or a sane message.
const RECORD = '\x1e';
const FIELD = '\x1f';
const COMMIT_FORMAT = `--format=${RECORD}%H${FIELD}%P${FIELD}%an${FIELD}%aI${FIELD}%cI${FIELD}%s${FIELD}%B${FIELD}`;

/**
 * The history of one stack's requests and ledger (`botEmail`: see bot-ledger-commits.ts), or undefined when `root` is not inside a git
 * work tree (the reports then show dates as unknown). A repository without commits has an empty
 * history.
 */
export async function readHistory(root: string, ledgerFile: string, botEmail?: string): Promise<RepositoryHistory | undefined> {
  const git = gitIn(root);
  const inside = (await git(['rev-parse', '--is-inside-work-tree']).catch(() => '')).trim() === 'true';
  if (!inside) return undefined;
  if (!(await hasHead(root))) return { requestEvents: [], ledgerChanges: [], shallow: false };
  // --relative: paths relative to `root`, also when it is a folder inside a larger repository.
  // --show-pulls: also list the merge that brought a request in (the merge is otherwise hidden,
  //   being identical to its branch side for that path); --diff-merges=first-parent then shows what
  //   the merge changed on the main line.
  const common = ['log', '--topo-order', '--reverse', '--no-renames', '--no-color', '--no-ext-diff', '--diff-merges=first-parent', '--relative', COMMIT_FORMAT];
  const [requestLog, ledgerLog, shallow, botCommits] = await Promise.all([
    git([...common, '--show-pulls', '--name-status', '--', 'requests/']),
    git([...common, '--patch', '--unified=0', '--', ledgerFile]),
    git(['rev-parse', '--is-shallow-repository']),
    botLedgerCommits(root, ledgerFile, 'HEAD', botEmail),
  ]);
  // Trailers (who approved, which pull request) are believed from the bot's ledger commits only:
  // a merged pull request that touched the ledger wrote its own message.
  const fromBot = new Set(botCommits);
  const ledgerChanges = parseLedgerLog(ledgerLog).map((change) => (fromBot.has(change.commit.hash) ? change : { ...change, trailers: { approvers: [], requests: [] } }));
  return { requestEvents: parseRequestLog(requestLog), ledgerChanges, shallow: shallow.trim() === 'true' };
}

/** Whether the repository has a HEAD commit. */
export async function hasHead(root: string): Promise<boolean> {
  const out = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '');
  return /^[0-9a-f]{40,64}$/.test(out.trim());
}

interface LogRecord {
  commit: GitCommit;
  /** What follows the format: name-status lines or a patch. */
  rest: string;
}

function splitLog(text: string, keepMessage: boolean): LogRecord[] {
  const records: LogRecord[] = [];
  for (const chunk of text.split(RECORD)) {
    if (chunk.trim() === '') continue;
    const fields = chunk.split(FIELD);
    if (fields.length < 8) continue;
    const [hash = '', parents = '', authorName = '', authoredAt = '', committedAt = '', subject = '', message = ''] = fields;
    records.push({
      commit: {
        hash,
        parents: parents.split(' ').filter((p) => p !== ''),
        authorName,
        authoredAt,
        committedAt,
        subject,
        message: keepMessage ? message : '',
      },
      rest: fields.slice(7).join(FIELD),
    });
  }
  return records;
}

/** `git log --name-status` over requests/ to file events; other files (the registry, notes) are skipped. */
export function parseRequestLog(text: string): RequestFileEvent[] {
  const events: RequestFileEvent[] = [];
  for (const { commit, rest } of splitLog(text, false)) {
    for (const line of rest.split('\n')) {
      const [status, file] = line.split('\t');
      if (file === undefined || (status !== 'A' && status !== 'D')) continue;
      const parts = requestPathParts(file);
      if (!parts) continue;
      events.push({ request: `${parts.opd}/${parts.name}`, file, change: status === 'A' ? 'added' : 'deleted', commit });
    }
  }
  return events;
}

/** `git log --patch --unified=0` over the ledger to the allocations and releases each commit added. */
export function parseLedgerLog(text: string): LedgerChange[] {
  return splitLog(text, true).map(({ commit, rest }) => {
    const allocated: LedgerLineAllocation[] = [];
    const released: LedgerLineRelease[] = [];
    for (const line of rest.split('\n')) {
      if (!line.startsWith('+') || line.startsWith('+++')) continue;
      const entry = ledgerLine(line.slice(1));
      if (entry?.kind === 'allocation') allocated.push(entry.value);
      else if (entry?.kind === 'release') released.push(entry.value);
    }
    return { commit, trailers: parseLedgerTrailers(commit.message), allocated, released };
  });
}

const ADDRESS_KEYS = ['allocatedAt', 'releasedAt', 'publicIpv4', 'privateIpv4', 'publicIpv6'] as const;

/**
 * One line of the ledger to its entry, through the ledger's own line reader. A line of any other
 * form is no entry: the history then says less, never something wrong.
 */
function ledgerLine(line: string): { kind: 'allocation'; value: LedgerLineAllocation } | { kind: 'release'; value: LedgerLineRelease } | undefined {
  const entry = readLedgerLine(line);
  if (!entry) return undefined;
  const picked: Partial<Record<(typeof ADDRESS_KEYS)[number], string>> = {};
  for (const key of ADDRESS_KEYS) if (entry.fields[key] !== undefined) picked[key] = entry.fields[key];
  if (entry.kind === 'allocation') return { kind: 'allocation', value: { request: entry.request, ...picked } };
  const request = entry.fields.request;
  return request === undefined ? undefined : { kind: 'release', value: { request, ...picked } };
}

const TRAILER = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*?)\s*$/;

/**
 * The trailers of a ledger commit message. The bot writes `Pull-request: #12`, one
 * `Approved-by: login (role)` per approver and `Source-commit: <sha>`; `PR: #12`, a pull request
 * URL and comma-separated approvers are read too, for ledger commits made by hand. One
 * Kolokasi-Request trailer per request change names that change's own pull request (provenance.ts).
 */
export function parseLedgerTrailers(message: string): LedgerCommitTrailers {
  const trailers: LedgerCommitTrailers = { approvers: [], requests: parseProvenanceTrailers(message).requests };
  const lines = message.split('\n');
  for (const line of lines.slice(1)) {
    const match = TRAILER.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const value = match[2]!;
    if (key === 'pull-request' || key === 'pr') {
      const number = /(?:#|\/pull\/|^)(\d+)\b/.exec(value);
      if (number) trailers.pullRequest = Number(number[1]);
    } else if (key === 'approved-by') {
      for (const part of value.split(',')) {
        const approver = part.trim().replace(/^@/, '');
        if (approver !== '' && !trailers.approvers.includes(approver)) trailers.approvers.push(approver);
      }
    } else if (key === 'source-commit' && /^[0-9a-f]{7,64}$/.test(value)) {
      trailers.sourceCommit = value;
    }
  }
  if (trailers.pullRequest === undefined) {
    // The bot's subject says "... after #12" even when the trailer was lost (a squash, an edit).
    const subject = /#(\d+)\b/.exec(lines[0] ?? '');
    if (subject) trailers.pullRequest = Number(subject[1]);
  }
  return trailers;
}
