// The plan comment on a pull request: one per stack, found again by a hidden marker and edited in
// place, summary first and the plan's details collapsed below it. `kolokasi plan --format markdown`
// already writes that shape (src/format/plan-markdown.ts); this module adds the footer with the
// commit and the link to the job summary (which holds the whole plan), guarantees GitHub's
// 65,536-character limit whatever the input, and builds a comment of its own from the plan JSON
// and the error output when the Markdown plan is missing (a plan that could not run).
// Cuts happen at a line boundary, closing any open code fence and <details> block.
// Pure: everything arrives as data.

import { planCommentMarker as planMarker } from '../format/plan-markdown.ts';

// The marker and the limit belong to the Markdown formatter that writes the plan; the comment
// must find exactly what the formatter wrote.
export { GITHUB_COMMENT_LIMIT, planCommentMarker as planMarker } from '../format/plan-markdown.ts';
/** A margin below GitHub's limit, for the few characters GitHub may count differently. */
export const COMMENT_BUDGET = 65_000;
/** GitHub keeps at most 1 MiB of job summary per step. */
export const STEP_SUMMARY_BUDGET = 1_000_000;
/** Rows of new or released allocations shown in the summary before "and N more". */
export const SUMMARY_ROWS = 25;

// ---------------------------------------------------------------- reading `kolokasi plan --format json`

export interface PlanAllocationView {
  request: string;
  fqdn: string | null;
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
  state: 'kept' | 'new' | 'released' | string;
  /** Kept under a new id: the request it was renamed or moved from. */
  movedFrom?: string;
}

export interface PlanChangeView {
  action: 'create' | 'update' | 'delete' | string;
  kind: 'allocation' | 'dns' | 'firewall' | string;
  key: string;
}

/** The parts of the plan JSON contract (DESIGN.md section 3) the comment reads. */
export interface PlanView {
  allocations: PlanAllocationView[];
  changes: PlanChangeView[];
  safe?: boolean;
}

/** The plan JSON as data, or undefined when it does not have the contract's shape. */
export function readPlanJson(value: unknown): PlanView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.allocations) || !Array.isArray(v.changes)) return undefined;
  const str = (x: unknown) => typeof x === 'string';
  const allocations = v.allocations.filter((a): a is PlanAllocationView => {
    const r = a as Record<string, unknown>;
    return typeof a === 'object' && a !== null && str(r.request) && str(r.publicIpv4) && str(r.privateIpv4) && str(r.state) && (r.fqdn === null || str(r.fqdn));
  });
  const changes = v.changes.filter((c): c is PlanChangeView => {
    const r = c as Record<string, unknown>;
    return typeof c === 'object' && c !== null && str(r.action) && str(r.kind) && str(r.key);
  });
  const safety = v.safety as { safe?: unknown } | undefined;
  return { allocations, changes, ...(typeof safety?.safe === 'boolean' ? { safe: safety.safe } : {}) };
}

// ---------------------------------------------------------------- building the body

export interface PlanCommentInput {
  stack: string;
  /** Absent when `kolokasi plan --format json` produced nothing usable. */
  plan?: PlanView;
  /** Exit code of `kolokasi plan`. */
  exitCode: number;
  /** The Markdown plan (`--format markdown`), or the error output when the plan failed. */
  details: string;
  /** The commit planned, shown in the footer. */
  commit?: string;
  /** Where the job summary with the full plan is. */
  runUrl?: string;
}

/** Markdown table cells: no pipe, no line break, no raw HTML. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.reduce((n, item) => (test(item) ? n + 1 : n), 0);
}

export function planSummary(input: PlanCommentInput): string {
  const { stack, plan, exitCode } = input;
  const lines = [`### kolokasi plan · stack \`${stack}\``, ''];
  if (exitCode === 0) lines.push('✅ **Rencana dapat diterapkan / Plan can be applied**');
  else if (exitCode === 1) {
    lines.push(plan?.safe === false
      ? '⛔ **Ditolak oleh gerbang keamanan / Refused by the safety gate**: terlalu banyak pelepasan atau alamat berpindah / too many releases or a moved address'
      : '❌ **Rencana ditolak / Plan rejected**: lihat anotasi validasi / see the validation annotations');
  } else lines.push(`⚠️ **Rencana tidak dapat dihitung / Plan could not be computed** (exit ${exitCode})`);
  if (!plan) return `${lines.join('\n')}\n`;

  const allocations = plan.allocations;
  const fresh = allocations.filter((a) => a.state === 'new');
  const released = allocations.filter((a) => a.state === 'released');
  const kept = count(allocations, (a) => a.state === 'kept');
  const changes = plan.changes;
  const byAction = (action: string) => count(changes, (c) => c.action === action);
  lines.push(
    '',
    '| | baru / new | dilepas / released | tetap / kept |',
    '| --- | ---: | ---: | ---: |',
    `| **Alokasi / Allocations** | ${fresh.length} | ${released.length} | ${kept} |`,
    '',
    '| Perubahan / Changes | buat / create | ubah / update | hapus / delete |',
    '| --- | ---: | ---: | ---: |',
    ...['allocation', 'dns', 'firewall'].map((kind) => {
      const of = changes.filter((c) => c.kind === kind);
      return `| ${kind} | ${count(of, (c) => c.action === 'create')} | ${count(of, (c) => c.action === 'update')} | ${count(of, (c) => c.action === 'delete')} |`;
    }),
    `| **total** | ${byAction('create')} | ${byAction('update')} | ${byAction('delete')} |`,
  );
  const shown = [...fresh, ...released];
  if (shown.length > 0) {
    lines.push(
      '',
      '| Permohonan / Request | Status | FQDN | IPv4 publik / public | IPv4 privat / private | IPv6 |',
      '| --- | --- | --- | --- | --- | --- |',
      ...shown.slice(0, SUMMARY_ROWS).map((a) =>
        `| ${cell(a.request)} | ${a.state === 'new' ? '🆕 baru / new' : '♻️ dilepas / released'} | ${cell(a.fqdn ?? '-')} | ${cell(a.publicIpv4)} | ${cell(a.privateIpv4)} | ${cell(a.publicIpv6 ?? '-')} |`),
    );
    if (shown.length > SUMMARY_ROWS) {
      const more = shown.length - SUMMARY_ROWS;
      lines.push('', `… dan ${more} lainnya di rincian / and ${more} more in the details`);
    }
  }
  if (changes.length === 0 && exitCode === 0) lines.push('', 'Tidak ada perubahan / No changes.');
  return `${lines.join('\n')}\n`;
}

function footer(input: PlanCommentInput): string {
  const parts = [];
  if (input.commit) parts.push(`commit \`${input.commit.slice(0, 12)}\``);
  if (input.runUrl) parts.push(`rencana lengkap / full plan: [ringkasan job / job summary](${input.runUrl})`);
  parts.push('diperbarui pada setiap push / updated on every push');
  return `<sub>${parts.join(' · ')}</sub>\n`;
}

/** A fence longer than any backtick run in the text, so the text cannot close it. */
export function fenced(text: string, info = ''): string {
  // A loop, not Math.max(...runs): a text with very many backtick runs would overflow the stack.
  let longest = 2;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}\n`;
}

/**
 * The longest prefix of `text` within `budget` characters that ends at a line boundary, with an
 * unterminated code fence closed so the rest of the comment still renders.
 */
export function truncateMarkdown(text: string, budget: number): { text: string; truncated: boolean } {
  if (text.length <= budget) return { text, truncated: false };
  const reserve = 16 + 14 * ((text.match(/<details>/g)?.length ?? 0)); // closing fence and <details>
  let cut = text.lastIndexOf('\n', Math.max(0, budget - reserve));
  if (cut < 0) cut = 0;
  let kept = text.slice(0, cut);
  let open: string | undefined;
  for (const line of kept.split('\n')) {
    const fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  if (open !== undefined) kept += `\n${open}`;
  const unclosed = (kept.match(/<details>/g)?.length ?? 0) - (kept.match(/<\/details>/g)?.length ?? 0);
  for (let i = 0; i < unclosed; i++) kept += '\n\n</details>';
  return { text: `${kept}\n`, truncated: true };
}

function truncationNotice(input: PlanCommentInput): string {
  const where = input.runUrl ? `[ringkasan job / job summary](${input.runUrl})` : 'ringkasan job / job summary';
  return `\n> ✂️ Rincian dipotong karena batas komentar GitHub; rencana lengkap ada di ${where}.\n> Details truncated at GitHub's comment limit; the full plan is in the ${where}.\n`;
}

function detailsBlock(input: PlanCommentInput, body: string): string {
  const title = input.exitCode === 0 ? 'Rincian rencana / Plan details' : 'Keluaran / Output';
  return `<details><summary>${title}</summary>\n\n${body}\n</details>\n`;
}

function detailsBody(input: PlanCommentInput): string {
  // A failed plan's output is plain text (diagnostics), shown verbatim.
  return input.exitCode === 0 || input.plan ? input.details : fenced(input.details, 'text');
}

/** Whether the details are the plan formatter's complete comment (it starts with the marker). */
function isFormattedPlan(input: PlanCommentInput): boolean {
  return input.details.startsWith(planMarker(input.stack));
}

/** The comment body: marker, summary, collapsed details (cut to fit), footer. Always <= limit. */
export function buildPlanComment(input: PlanCommentInput, limit = COMMENT_BUDGET): string {
  if (isFormattedPlan(input)) {
    const tail = `\n${footer(input)}`;
    const whole = `${input.details.replace(/\n*$/, '\n')}${tail}`;
    if (whole.length <= limit) return whole;
    const notice = truncationNotice(input);
    const cut = truncateMarkdown(input.details, Math.max(0, limit - tail.length - notice.length)).text;
    return `${cut}${notice}${tail}`;
  }
  const head = `${planMarker(input.stack)}\n${planSummary(input)}\n`;
  const tail = `\n${footer(input)}`;
  const full = detailsBody(input);
  const whole = `${head}${detailsBlock(input, full)}${tail}`;
  if (whole.length <= limit) return whole;
  const notice = truncationNotice(input);
  const overhead = head.length + detailsBlock(input, '').length + notice.length + tail.length;
  const budget = Math.max(0, limit - overhead);
  const cut = truncateMarkdown(full, budget).text;
  const body = `${head}${detailsBlock(input, cut)}${notice}${tail}`;
  // The summary alone could only exceed the limit with absurd inputs; then keep the marker and a pointer.
  return body.length <= limit ? body : `${planMarker(input.stack)}\n${truncationNotice(input)}`;
}

/**
 * The job summary: the same plan, uncut unless beyond GitHub's 1 MiB per step. With the formatter's
 * comment (itself cut at the comment limit), `fullText` (`kolokasi plan --format text`) follows
 * it in full.
 */
export function buildPlanStepSummary(input: PlanCommentInput, budgetBytes = STEP_SUMMARY_BUDGET, fullText?: string): string {
  const head = isFormattedPlan(input) ? input.details.replace(/\n*$/, '\n') : planSummary(input);
  const rest = isFormattedPlan(input)
    ? (fullText ? `<details><summary>Rencana lengkap / Full plan</summary>\n\n${fenced(fullText, 'text')}\n</details>\n` : '')
    : detailsBody(input);
  const full = `${head}\n${rest}\n`;
  if (Buffer.byteLength(full, 'utf8') <= budgetBytes) return full;
  // Characters may take up to 4 bytes: cut by a conservative character budget.
  const budget = Math.floor((budgetBytes - Buffer.byteLength(head, 'utf8') - 400) / 4);
  const cut = truncateMarkdown(rest, Math.max(0, budget)).text;
  return `${head}\n${cut}\n> ✂️ Dipotong pada batas ringkasan job GitHub; rencana lengkap ada di artefak \`plan-${input.stack}\`. / Cut at GitHub's job summary limit; the full plan is in the \`plan-${input.stack}\` artifact.\n`;
}
