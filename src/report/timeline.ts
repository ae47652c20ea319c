// A request's life read from git: requested (the commit that added the file), approved (the merge
// that brought it in, with the approvers from the bot's ledger commit), applied (the first ledger
// commit holding its allocation), withdrawn (the file deleted) and released (the ledger commit that
// released its addresses). Pure: the history is read elsewhere (src/git/history.ts).
import type { LedgerChange, RepositoryHistory, RequestFileEvent } from '../git/history.ts';
import { approverLabels, emergencyText, requestIdOf } from '../git/provenance.ts';
import type { RequestTimeline, TimelineEvent } from './model.ts';

/** What the ledger says about the life being described; picks it among several lives of one id. */
export interface LedgerFacts {
  allocatedAt?: string;
  releasedAt?: string;
}

/** One life of a request file: added (possibly twice: on the branch and by the merge), maybe deleted. */
interface FileLife {
  added: RequestFileEvent[];
  deleted: RequestFileEvent[];
}

function lives(events: readonly RequestFileEvent[]): FileLife[] {
  const out: FileLife[] = [];
  let current: FileLife | undefined;
  for (const event of events) {
    if (event.change === 'added') {
      if (!current || current.deleted.length > 0) {
        current = { added: [], deleted: [] };
        out.push(current);
      }
      current.added.push(event);
    } else if (current) {
      current.deleted.push(event);
    }
  }
  return out;
}

const isMerge = (event: RequestFileEvent) => event.commit.parents.length > 1;

function time(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/** The life the ledger facts describe: for a release, the one deleted around that time; else the last. */
function chooseLife(all: readonly FileLife[], facts: LedgerFacts): FileLife | undefined {
  if (facts.releasedAt === undefined) return all[all.length - 1];
  const released = time(facts.releasedAt);
  const ended = all.filter((life) => life.deleted.length > 0);
  const before = ended.filter((life) => life.deleted.some((d) => time(d.commit.committedAt) <= released));
  return before[before.length - 1] ?? ended[ended.length - 1];
}

export function requestTimeline(id: string, history: RepositoryHistory | undefined, facts: LedgerFacts): RequestTimeline {
  const timeline: RequestTimeline = {};
  if (history) {
    const life = chooseLife(lives(history.requestEvents.filter((e) => e.request === id)), facts);
    if (life) {
      const written = life.added.find((e) => !isMerge(e)) ?? life.added[0];
      if (written) timeline.requested = { at: written.commit.authoredAt, commit: written.commit.hash, by: written.commit.authorName };
      // A merge commit brought the file in; without one (squash, rebase, a direct push) the commit on
      // the main line is the one that added it, and its committer time is when it landed.
      const merged = life.added.find(isMerge) ?? life.added[life.added.length - 1];
      if (merged) timeline.approved = { at: merged.commit.committedAt, commit: merged.commit.hash, approvers: [] };
      const removed = life.deleted.find(isMerge) ?? life.deleted[0];
      if (removed) timeline.withdrawn = { at: removed.commit.committedAt, commit: removed.commit.hash, by: removed.commit.authorName };
    }
    const after = timeline.requested ? time(timeline.requested.at) : 0;
    const applied = firstAllocation(history.ledgerChanges, id, facts.allocatedAt, after);
    if (applied) {
      timeline.applied = ledgerEvent(applied);
      const { pullRequest, approvers } = approvalOf(applied, id);
      if (timeline.approved) {
        timeline.approved.approvers = [...approvers];
        if (pullRequest !== undefined) timeline.approved.pullRequest = pullRequest;
      } else if (pullRequest !== undefined || approvers.length > 0) {
        // The request file's history is missing (a shallow clone), but the ledger commit names the approval.
        timeline.approved = { at: applied.commit.committedAt, approvers: [...approvers], ...(pullRequest !== undefined ? { pullRequest } : {}) };
      }
    }
    if (facts.releasedAt !== undefined) {
      const released = firstRelease(history.ledgerChanges, id, facts.releasedAt);
      if (released) timeline.released = ledgerEvent(released);
    }
  }
  // The ledger's own times stand in for the ledger commits when git cannot tell.
  if (!timeline.applied && facts.allocatedAt !== undefined) timeline.applied = { at: facts.allocatedAt };
  if (!timeline.released && facts.releasedAt !== undefined) timeline.released = { at: facts.releasedAt };
  return timeline;
}

/**
 * Who approved this request in a ledger commit: its own Kolokasi-Request trailer when there is one
 * (a run may apply several pull requests), else the commit's Pull-request and Approved-by trailers.
 */
function approvalOf(change: LedgerChange, id: string): { pullRequest?: number; approvers: string[] } {
  const own = change.trailers.requests.find((r) => requestIdOf(r.path) === id);
  if (!own) return change.trailers;
  return {
    ...(own.pr !== undefined ? { pullRequest: own.pr } : {}),
    approvers: [...approverLabels(own.approvers), ...(own.emergency ? [emergencyText(own.emergency)] : [])],
  };
}

function ledgerEvent(change: LedgerChange): TimelineEvent {
  return { at: change.commit.committedAt, commit: change.commit.hash, by: change.commit.authorName };
}

function firstAllocation(changes: readonly LedgerChange[], id: string, allocatedAt: string | undefined, notBefore: number): LedgerChange | undefined {
  return changes.find((change) =>
    change.allocated.some((line) => line.request === id && (allocatedAt !== undefined ? line.allocatedAt === allocatedAt : time(change.commit.committedAt) >= notBefore)),
  );
}

function firstRelease(changes: readonly LedgerChange[], id: string, releasedAt: string): LedgerChange | undefined {
  return changes.find((change) => change.released.some((line) => line.request === id && line.releasedAt === releasedAt));
}

/** Every request id git has seen allocated in the ledger, with its latest release line. */
export function releasesInHistory(history: RepositoryHistory): Map<string, { allocatedAt?: string; releasedAt?: string; publicIpv4?: string; privateIpv4?: string; publicIpv6?: string }> {
  const out = new Map<string, { allocatedAt?: string; releasedAt?: string; publicIpv4?: string; privateIpv4?: string; publicIpv6?: string }>();
  for (const change of history.ledgerChanges) {
    for (const line of change.released) {
      const previous = out.get(line.request);
      if (!previous || (line.releasedAt ?? '') >= (previous.releasedAt ?? '')) out.set(line.request, { ...line });
    }
  }
  return out;
}
