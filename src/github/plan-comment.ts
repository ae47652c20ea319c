// The plan comment on a pull request: one per stack, found again by a hidden marker and edited in
// place, summary first and the plan's details collapsed below it. The summary is always the one
// src/format/plan-markdown.ts writes: taken as `kolokasi plan --format markdown` wrote it, or
// written here from the plan JSON when only that is there. This module adds the footer with the
// commit and the link to the job summary (which holds the whole plan), guarantees GitHub's
// 65,536-character limit whatever the input, and builds a short comment around the error output
// when there is no plan at all (a plan that could not run).
// Cuts happen at a line boundary, closing any open code fence and <details> block.
// Pure: everything arrives as data.

import type { Lang } from '../core/model.ts';
import type { PlanDocument } from '../format/plan-json.ts';
import { formatPlanMarkdown, planCommentMarker as planMarker } from '../format/plan-markdown.ts';

// The marker and the limit belong to the Markdown formatter that writes the plan; the comment
// must find exactly what the formatter wrote.
export { GITHUB_COMMENT_LIMIT, planCommentMarker as planMarker } from '../format/plan-markdown.ts';
/** A margin below GitHub's limit, for the few characters GitHub may count differently. */
export const COMMENT_BUDGET = 65_000;
/** GitHub keeps at most 1 MiB of job summary per step. */
export const STEP_SUMMARY_BUDGET = 1_000_000;

// ---------------------------------------------------------------- reading `kolokasi plan --format json`

/** The plan JSON as the comment reads it: the writer's own type. */
export type PlanView = PlanDocument;

// ---------------------------------------------------------------- building the body

export interface PlanCommentInput {
  stack: string;
  /** Absent when `kolokasi plan --format json` produced nothing the schema accepts. */
  plan?: PlanDocument;
  /** The language the plan JSON's messages are in (`--lang`); the workflow's is Indonesian. */
  lang?: Lang;
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

/** The status line of a comment without a plan: why there is none. */
function noPlanStatus(exitCode: number): string {
  if (exitCode === 0) return '✅ **Rencana dapat diterapkan / Plan can be applied**';
  if (exitCode === 1) return '❌ **Rencana ditolak / Plan rejected**: lihat anotasi validasi / see the validation annotations';
  return `⚠️ **Rencana tidak dapat dihitung / Plan could not be computed** (exit ${exitCode})`;
}

function noPlanHead(input: PlanCommentInput): string {
  return `${planMarker(input.stack)}\n### kolokasi plan · stack \`${input.stack}\`\n\n${noPlanStatus(input.exitCode)}\n`;
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

/** Error output, already fenced, collapsed. */
function outputBlock(fencedOutput: string): string {
  return `<details><summary>Keluaran / Output</summary>\n\n${fencedOutput}\n</details>\n`;
}

/**
 * The plan's Markdown: the formatter's own output when the details are it (they start with the
 * marker), else written from the plan JSON, with any error output collapsed below it.
 */
function planMarkdown(input: PlanCommentInput, maxChars: number): string | undefined {
  if (input.details.startsWith(planMarker(input.stack))) return input.details.replace(/\n*$/, '\n');
  if (!input.plan) return undefined;
  const markdown = formatPlanMarkdown(input.plan, { lang: input.lang ?? 'id', maxChars });
  return input.details.trim() === '' ? markdown : `${markdown}\n${outputBlock(fenced(input.details, 'text'))}`;
}

/** The comment body: the plan's Markdown (or the error output), cut to fit, and a footer. Always <= limit. */
export function buildPlanComment(input: PlanCommentInput, limit = COMMENT_BUDGET): string {
  const tail = `\n${footer(input)}`;
  const notice = truncationNotice(input);
  const room = Math.max(0, limit - tail.length - notice.length);
  const markdown = planMarkdown(input, room);
  if (markdown !== undefined) {
    const whole = `${markdown}${tail}`;
    if (whole.length <= limit) return whole;
    return `${truncateMarkdown(markdown, room).text}${notice}${tail}`;
  }
  const head = `${noPlanHead(input)}\n`;
  const output = fenced(input.details, 'text');
  const whole = `${head}${outputBlock(output)}${tail}`;
  if (whole.length <= limit) return whole;
  const overhead = head.length + outputBlock('').length + notice.length + tail.length;
  const body = `${head}${outputBlock(truncateMarkdown(output, Math.max(0, limit - overhead)).text)}${notice}${tail}`;
  // The head alone could only exceed the limit with absurd inputs; then keep the marker and a pointer.
  return body.length <= limit ? body : `${planMarker(input.stack)}\n${notice}`;
}

/**
 * The job summary: the same plan, uncut unless beyond GitHub's 1 MiB per step, followed in full by
 * `fullText` (`kolokasi plan --format text`) when given, or by the error output when there is no plan.
 */
export function buildPlanStepSummary(input: PlanCommentInput, budgetBytes = STEP_SUMMARY_BUDGET, fullText?: string): string {
  const markdown = planMarkdown(input, budgetBytes);
  const head = markdown ?? noPlanHead(input);
  const rest = markdown === undefined
    ? fenced(input.details, 'text')
    : fullText ? `<details><summary>Rencana lengkap / Full plan</summary>\n\n${fenced(fullText, 'text')}\n</details>\n` : '';
  const full = `${head}\n${rest}\n`;
  if (Buffer.byteLength(full, 'utf8') <= budgetBytes) return full;
  // Characters may take up to 4 bytes: cut by a conservative character budget.
  const budget = Math.floor((budgetBytes - Buffer.byteLength(head, 'utf8') - 400) / 4);
  const cut = truncateMarkdown(rest, Math.max(0, budget)).text;
  return `${head}\n${cut}\n> ✂️ Dipotong pada batas ringkasan job GitHub; rencana lengkap ada di artefak \`plan-${input.stack}\`. / Cut at GitHub's job summary limit; the full plan is in the \`plan-${input.stack}\` artifact.\n`;
}
