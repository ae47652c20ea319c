// Per-request provenance in the ledger commit message, as git trailers whose value is one line of
// JSON (`git interpret-trailers --parse` lists them; `JSON.parse` reads each value):
//
//     Kolokasi-Request: {"path":"requests/bkpsdm/simpeg.yaml","change":"added","pr":12,"head":"9f2c…","approvers":{"kabid-aplikasi":"alice","kepala-dkisp":"bob"}}
//     Kolokasi-Held: {"path":"requests/x/y.yaml","since":"0123…","reason":"came in by a direct push (commit 4d5e6f7)"}
//
// A Kolokasi-Request trailer names the pull request, its head commit and the signatories of one
// request change the commit applies (or the emergency run that allowed it). A Kolokasi-Held trailer
// names a request change the commit did NOT apply: the request stays as it was at `since` (no
// commit: absent), so the next run still compares it with the content that was really applied.
// Pure: messages in, values out.
import { compareText } from '../core/order.ts';
import { requestPathParts } from '../core/requests.ts';
import { FULL_COMMIT_ID } from './run.ts';

const REQUEST_TRAILER = 'Kolokasi-Request';
const HELD_TRAILER = 'Kolokasi-Held';

export type RequestChange = 'added' | 'changed' | 'deleted';

export interface EmergencyTrace {
  by: string;
  reason: string;
  runUrl: string;
}

export interface RequestProvenance {
  path: string;
  change: RequestChange;
  pr?: number;
  head?: string;
  /** Role -> login. */
  approvers: Record<string, string>;
  emergency?: EmergencyTrace;
}

export interface HeldProvenance {
  path: string;
  /** The commit whose content of `path` was applied; null: the request was never applied. */
  since: string | null;
  reason: string;
}

export interface ProvenanceTrailers {
  requests: RequestProvenance[];
  held: HeldProvenance[];
}

/** One line: JSON escapes line breaks, so a reason can never end the trailer or start another. */
export function provenanceTrailers(trailers: ProvenanceTrailers): string[] {
  const byPath = <T extends { path: string }>(list: readonly T[]) => [...list].sort((a, b) => compareText(a.path, b.path));
  return [
    ...byPath(trailers.requests).map((r) => `${REQUEST_TRAILER}: ${JSON.stringify({
      path: r.path,
      change: r.change,
      ...(r.pr !== undefined ? { pr: r.pr } : {}),
      ...(r.head !== undefined ? { head: r.head } : {}),
      approvers: r.approvers,
      ...(r.emergency ? { emergency: r.emergency } : {}),
    })}`),
    ...byPath(trailers.held).map((h) => `${HELD_TRAILER}: ${JSON.stringify({ path: h.path, since: h.since, reason: h.reason })}`),
  ];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function requestValue(value: unknown): RequestProvenance | undefined {
  if (!isObject(value) || !isText(value.path) || !['added', 'changed', 'deleted'].includes(value.change as string)) return undefined;
  const approvers: Record<string, string> = {};
  if (isObject(value.approvers)) for (const [role, login] of Object.entries(value.approvers)) if (isText(login)) approvers[role] = login;
  const emergency = isObject(value.emergency) && isText(value.emergency.by) && typeof value.emergency.reason === 'string' && typeof value.emergency.runUrl === 'string'
    ? { by: value.emergency.by, reason: value.emergency.reason, runUrl: value.emergency.runUrl }
    : undefined;
  return {
    path: value.path,
    change: value.change as RequestChange,
    ...(Number.isSafeInteger(value.pr) && (value.pr as number) > 0 ? { pr: value.pr as number } : {}),
    ...(typeof value.head === 'string' && FULL_COMMIT_ID.test(value.head) ? { head: value.head } : {}),
    approvers,
    ...(emergency ? { emergency } : {}),
  };
}

function heldValue(value: unknown): HeldProvenance | undefined {
  if (!isObject(value) || !isText(value.path)) return undefined;
  if (value.since !== null && !(typeof value.since === 'string' && FULL_COMMIT_ID.test(value.since))) return undefined;
  return { path: value.path, since: value.since, reason: typeof value.reason === 'string' ? value.reason : '' };
}

/**
 * The provenance trailers of a commit message. Only lines that start with the trailer key and hold
 * a well-formed value count; anything else (a hand-written ledger commit) gives nothing.
 */
export function parseProvenanceTrailers(message: string): ProvenanceTrailers {
  const out: ProvenanceTrailers = { requests: [], held: [] };
  // The subject is never a trailer.
  for (const line of message.split('\n').slice(1)) {
    const match = /^(Kolokasi-Request|Kolokasi-Held):[ \t]*(\{.*\})\s*$/i.exec(line);
    if (!match) continue;
    const value = parseJson(match[2]!);
    if (match[1]!.toLowerCase() === REQUEST_TRAILER.toLowerCase()) {
      const request = requestValue(value);
      if (request) out.requests.push(request);
    } else {
      const held = heldValue(value);
      if (held) out.held.push(held);
    }
  }
  return out;
}

/** `<opd>/<name>` of a request path; the path itself for anything else. */
export function requestIdOf(path: string): string {
  const parts = requestPathParts(path);
  return parts ? `${parts.opd}/${parts.name}` : path;
}

/** How an emergency reads wherever it is shown: who, why, and the run that did it. */
export function emergencyText(e: EmergencyTrace): string {
  return `emergency by ${e.by}: ${e.reason}, ${e.runUrl}`;
}

/** `login (role)` per approver, the way the reports show signatories. */
export function approverLabels(approvers: Record<string, string>): string[] {
  return Object.entries(approvers).map(([role, login]) => `${login} (${role})`);
}
