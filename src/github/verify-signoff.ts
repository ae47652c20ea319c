// The apply's own sign-off check (as Atlantis checks its apply requirements itself, at apply time):
// for every request file changed since the last ledger commit, the pull request that brought the
// change must have been merged into main and approved at its head commit by every required role,
// by distinct people, none of them the author (decideSignoff), with the approvers file main had
// when it was merged. A required check on the pull request proves nothing here: its workflow file
// came from the pull request itself.
//
// Pure: the facts about each change (which commit brought it, its pull request, reviews and the
// approvers file) are gathered by the workflow step (ci.ts) and passed in. The record it yields is
// written as JSON (schemas/signoff.schema.json) and read back only through readSignoffRecord.
import signoffSchema from '../../schemas/signoff.schema.json' with { type: 'json' };
import { report, reportAs } from '../core/catalog/index.ts';
import type { Diagnostic, SourceFile, Text } from '../core/model.ts';
import { compareText } from '../core/order.ts';
import { makeValidator } from '../core/schema.ts';
import { emergencyText, requestIdOf, type EmergencyTrace, type ProvenanceTrailers, type RequestChange } from '../git/provenance.ts';
import { APPROVERS_PATH, type ApproversConfig } from './approvers.ts';
import { cell } from './plan-comment.ts';
import { decideSignoff, type Review } from './signoff.ts';

export interface Approver {
  role: string;
  login: string;
}

export interface VerifiedPath {
  path: string;
  request: string;
  change: RequestChange;
  /** Git blob id of the approved content; null for a deleted file. */
  blob: string | null;
  pullRequest?: number;
  headSha?: string;
  mergeCommit?: string;
  approvers: Approver[];
  emergency?: EmergencyTrace;
  heldReason?: Text;
}

export interface HeldPath {
  path: string;
  request: string;
  change: RequestChange;
  blob: string | null;
  /** The main commit that brought the change, when one did. */
  commit: string | null;
  pullRequest?: number;
  reason: Text;
}

export interface SignoffRecord {
  apiVersion: 'kolokasi/v1';
  kind: 'SignoffVerification';
  stack: string;
  commit: string;
  ledgerCommit: string | null;
  emergency?: EmergencyTrace;
  verified: VerifiedPath[];
  held: HeldPath[];
}

/** What the workflow step found out about one changed request file. */
export interface ChangeFacts {
  path: string;
  change: RequestChange;
  /** The blob at the verified commit; null when deleted. */
  blob: string | null;
  /** The last first-parent commit of main that changed the file since its applied content. */
  commit: string | null;
  pull?: {
    number: number;
    mergedIntoBranch: boolean;
    author: string;
    headSha: string;
    mergeCommit: string | null;
    /** Whether the pull request changes the approvers file itself ('unknown': it changes more files than GitHub lists). */
    approversFile: 'untouched' | 'changed' | 'unknown';
    /** The file's blob at the head commit (null: absent there); absent when the head commit could not be read. */
    headBlob?: string | null;
    /** main's approvers file before the merge, or why it could not be read. */
    approvers: { config: ApproversConfig } | { problem: Text };
    reviews: readonly Review[];
  };
}

const short = (sha: string) => sha.slice(0, 7);

/** `why` follows the path: " came in by ..." or ": PR #12 lacks ...". */
function awaiting(path: string, why: Text): Text {
  return { en: `awaiting sign-off: ${path}${why.en}`, id: `menunggu tanda tangan: ${path}${why.id}` };
}

/** Verified, or held with the reason, for one changed file. */
function decideChange(facts: ChangeFacts, branch: string): VerifiedPath | HeldPath {
  const base = { path: facts.path, request: requestIdOf(facts.path), change: facts.change, blob: facts.blob };
  const held = (reason: Text, pullRequest?: number): HeldPath => ({ ...base, commit: facts.commit, ...(pullRequest !== undefined ? { pullRequest } : {}), reason: awaiting(facts.path, reason) });
  if (facts.commit === null) {
    return held({
      en: ` changed, but no commit on ${branch}'s first-parent line since the last ledger commit brought the change`,
      id: ` berubah, tetapi tidak ada commit di jalur first-parent ${branch} sejak commit ledger terakhir yang membawa perubahan itu`,
    });
  }
  const pull = facts.pull;
  if (!pull) {
    return held({ en: ` came in by a direct push (commit ${short(facts.commit)})`, id: ` masuk lewat push langsung (commit ${short(facts.commit)})` });
  }
  const pr = `PR #${pull.number}`;
  if (!pull.mergedIntoBranch) {
    return held({
      en: `: ${pr} (commit ${short(facts.commit)}) was not merged into ${branch}`,
      id: `: ${pr} (commit ${short(facts.commit)}) tidak di-merge ke ${branch}`,
    }, pull.number);
  }
  if (pull.approversFile === 'changed') {
    return held({
      en: `: ${pr} also changes ${APPROVERS_PATH}, which names who signs: a pull request that changes its own signatories signs off nothing; merge the approvers change on its own, then the request in a new pull request, or use the emergency path`,
      id: `: ${pr} juga mengubah ${APPROVERS_PATH}, berkas yang menentukan penanda tangan: pull request yang mengubah penanda tangannya sendiri tidak mengesahkan apa pun; gabungkan perubahan approvers tersendiri, lalu permohonannya dalam pull request baru, atau gunakan jalur darurat`,
    }, pull.number);
  }
  if (pull.approversFile === 'unknown') {
    return held({
      en: `: ${pr} changes more files than GitHub lists, so whether it also changes ${APPROVERS_PATH} cannot be told; put the request in a pull request of its own, or use the emergency path`,
      id: `: ${pr} mengubah lebih banyak berkas daripada yang didaftar GitHub, sehingga tidak dapat diketahui apakah ${APPROVERS_PATH} ikut diubah; ajukan permohonannya dalam pull request tersendiri, atau gunakan jalur darurat`,
    }, pull.number);
  }
  if (pull.headBlob === undefined) {
    return held({
      en: `: cannot check the approved content: the head commit ${short(pull.headSha)} of ${pr} is not in the clone and could not be fetched (refs/pull/${pull.number}/head); run the apply again once it can be, or use the emergency path`,
      id: `: isi yang disetujui tidak dapat diperiksa: commit head ${short(pull.headSha)} dari ${pr} tidak ada di clone dan tidak dapat diambil (refs/pull/${pull.number}/head); jalankan apply lagi setelah dapat diambil, atau gunakan jalur darurat`,
    }, pull.number);
  }
  if (pull.headBlob !== facts.blob) {
    return held({
      en: `: ${pr} holds other content at its head commit ${short(pull.headSha)} than ${branch} does`,
      id: `: isi ${pr} pada commit head ${short(pull.headSha)} berbeda dari isi di ${branch}`,
    }, pull.number);
  }
  if ('problem' in pull.approvers) {
    return held({ en: `: ${pr} cannot be checked: ${pull.approvers.problem.en}`, id: `: ${pr} tidak dapat diperiksa: ${pull.approvers.problem.id}` }, pull.number);
  }
  const { config } = pull.approvers;
  const decision = decideSignoff({ reviews: pull.reviews, author: pull.author, headSha: pull.headSha, config });
  if (!decision.ok) {
    const holds = (role: string, login: string) => (config.roles[role] ?? []).some((l) => l.toLowerCase() === login.toLowerCase());
    const lacks = decision.missing.map((m) => {
      const stale = decision.ignored.find((i) => i.reason === 'stale' && holds(m.role, i.login));
      return stale
        ? { en: `${m.role} (approved an older commit: ${stale.login} ${stale.message.en})`, id: `${m.role} (menyetujui commit lama: ${stale.login} ${stale.message.id})` }
        : { en: `${m.role} (${m.reason.en})`, id: `${m.role} (${m.reason.id})` };
    });
    return held({
      en: `: ${pr} lacks ${lacks.map((l) => l.en).join(', ')}`,
      id: `: ${pr} belum ditandatangani ${lacks.map((l) => l.id).join(', ')}`,
    }, pull.number);
  }
  return {
    ...base,
    pullRequest: pull.number,
    headSha: pull.headSha,
    mergeCommit: pull.mergeCommit ?? facts.commit,
    approvers: decision.filled.map((f) => ({ role: f.role, login: f.login })),
  };
}

export function buildSignoffRecord(input: { stack: string; commit: string; ledgerCommit: string | null; changes: readonly ChangeFacts[]; branch: string }): SignoffRecord {
  const verified: VerifiedPath[] = [];
  const held: HeldPath[] = [];
  for (const facts of [...input.changes].sort((a, b) => compareText(a.path, b.path))) {
    const decided = decideChange(facts, input.branch);
    if ('reason' in decided) held.push(decided);
    else verified.push(decided);
  }
  return { apiVersion: 'kolokasi/v1', kind: 'SignoffVerification', stack: input.stack, commit: input.commit, ledgerCommit: input.ledgerCommit, verified, held };
}

/** The emergency path: every held change is allowed, each carrying who allowed it, why and where. */
export function allowHeldInEmergency(record: SignoffRecord, emergency: EmergencyTrace): SignoffRecord {
  const allowed: VerifiedPath[] = record.held.map((h) => ({
    path: h.path,
    request: h.request,
    change: h.change,
    blob: h.blob,
    ...(h.pullRequest !== undefined ? { pullRequest: h.pullRequest } : {}),
    approvers: [],
    emergency,
    heldReason: h.reason,
  }));
  return { ...record, emergency, verified: [...record.verified, ...allowed].sort((a, b) => compareText(a.path, b.path)), held: [] };
}

// ---------------------------------------------------------------- reading the record back

const checkSignoffSchema = makeValidator(signoffSchema);

export function readSignoffRecord(source: SourceFile): { record?: SignoffRecord; diagnostics: Diagnostic[] } {
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      diagnostics: [report('KLK822', { file: source.file }, { detail })],
    };
  }
  const problems = checkSignoffSchema(value, source);
  return problems.length > 0 ? { diagnostics: problems } : { record: value as SignoffRecord, diagnostics: [] };
}

// ---------------------------------------------------------------- the gate, for plan and apply

/** A request file whose content differs from what the last ledger commit applied. */
export interface RequestDifference {
  path: string;
  /** Blob applied at the last ledger commit (null: absent). */
  before: string | null;
  /** Blob now (null: deleted). */
  after: string | null;
  /** The commit whose content `before` is; null when the request was never applied. */
  since: string | null;
}

export interface GateResult {
  /** Paths to take as they were applied (`before`), since their change is not signed off. */
  held: { difference: RequestDifference; reason: Text }[];
  /** Changes taken as they are, each with its sign-off. */
  allowed: { difference: RequestDifference; verified: VerifiedPath }[];
}

export function changeOf(difference: RequestDifference): RequestChange {
  return difference.before === null ? 'added' : difference.after === null ? 'deleted' : 'changed';
}

/**
 * A change goes through only when the record verified this very content (same blob id): a change
 * made after the verified commit (main moved on while the apply ran) is held until it is verified.
 */
export function gateChanges(differences: readonly RequestDifference[], record: SignoffRecord): GateResult {
  const result: GateResult = { held: [], allowed: [] };
  for (const difference of differences) {
    const verified = record.verified.find((v) => v.path === difference.path && v.blob === difference.after);
    if (verified) {
      result.allowed.push({ difference, verified });
      continue;
    }
    const known = record.held.find((h) => h.path === difference.path);
    result.held.push({
      difference,
      reason: known?.reason ?? awaiting(difference.path, {
        en: ` changed after the verified commit ${short(record.commit)}: its sign-off has not been checked yet`,
        id: ` berubah setelah commit terverifikasi ${short(record.commit)}: tanda tangannya belum diperiksa`,
      }),
    });
  }
  return result;
}

/** The plan and the apply output name every held request and every emergency, as warnings. */
export function gateDiagnostics(gate: GateResult): Diagnostic[] {
  const held = gate.held.map(({ difference, reason }) =>
    reportAs('warning', 'KLK820', { file: difference.path }, { reason, change: changeOf(difference) }));
  const emergencies = gate.allowed.filter((a) => a.verified.emergency).map(({ difference, verified }) =>
    reportAs('warning', 'KLK821', { file: difference.path }, { emergency: emergencyText(verified.emergency!) }));
  return [...held, ...emergencies];
}

/** The trailers of the ledger commit that applies this gate's outcome. */
export function gateProvenance(gate: GateResult): ProvenanceTrailers {
  return {
    requests: gate.allowed.map(({ difference, verified }) => ({
      path: difference.path,
      change: changeOf(difference),
      ...(verified.pullRequest !== undefined ? { pr: verified.pullRequest } : {}),
      ...(verified.headSha !== undefined ? { head: verified.headSha } : {}),
      approvers: Object.fromEntries(verified.approvers.map((a) => [a.role, a.login])),
      ...(verified.emergency ? { emergency: verified.emergency } : {}),
    })),
    held: gate.held.map(({ difference, reason }) => ({ path: difference.path, since: difference.since, reason: reason.en })),
  };
}

/** The job summary: both languages, since the division and the NOC both read it. */
export function formatSignoffSummary(record: SignoffRecord): string {
  const lines = [
    `### Tanda tangan diverifikasi / Sign-off verified: ${record.stack} @ ${short(record.commit)}`,
    '',
  ];
  if (record.verified.length === 0 && record.held.length === 0) {
    lines.push('Tidak ada permohonan yang berubah sejak commit ledger terakhir. / No request changed since the last ledger commit.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| Berkas / File | Status | PR | Penanda tangan / Signed by |', '| --- | --- | --- | --- |');
  for (const v of record.verified) {
    const signers = v.emergency
      ? cell(emergencyText(v.emergency))
      : v.approvers.map((a) => `${cell(a.role)}: @${cell(a.login)}`).join(', ');
    const status = v.emergency ? '⚠️ darurat / emergency' : '✅ terverifikasi / verified';
    lines.push(`| \`${cell(v.path)}\` | ${status} | ${v.pullRequest !== undefined ? `#${v.pullRequest}` : '-'} | ${signers} |`);
  }
  for (const h of record.held) {
    lines.push(`| \`${cell(h.path)}\` | ⏸️ ditahan / held | ${h.pullRequest !== undefined ? `#${h.pullRequest}` : '-'} | ${cell(h.reason.id)} / ${cell(h.reason.en)} |`);
  }
  return `${lines.join('\n')}\n`;
}
