// The plan as a pull-request comment: the summary table first (always shown whole), then the
// details in collapsible sections, cut cleanly when the comment would pass GitHub's limit.
// Written from the plan JSON document, so that `kolokasi plan --format markdown` and the
// pull-request comment built from a plan JSON file read back are one and the same summary.
import { CHANGE_ACTIONS, CHANGE_KINDS } from '../core/plan.ts';
import type { PlanDocument } from './plan-json.ts';
import { ACTION_WORDS, KIND_WORDS, WORDS, changeLine, type PlanFormatOptions } from './plan-words.ts';

/** GitHub refuses comments over 65,536 characters; the default leaves room for a footer. */
export const GITHUB_COMMENT_LIMIT = 65_536;
export const DEFAULT_MAX_CHARS = 60_000;

export interface PlanMarkdownOptions extends PlanFormatOptions {
  maxChars?: number;
}

/** The first line of every plan comment: lets a workflow find and edit its own comment. */
export function planCommentMarker(stack: string): string {
  return `<!-- kolokasi-plan:${stack} -->`;
}

/** Text from a request or a message, made inert in Markdown and HTML. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([\\`*_[\]#@])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Size in UTF-8 bytes: never smaller than GitHub's character count, so staying under it is safe. */
function size(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

interface Section {
  summary: string;
  /** Lines before the rows (a table header, a code fence), always kept with the first row. */
  open: string[];
  rows: string[];
  close: string[];
  /** How a truncation note is written inside this section. */
  note: (text: string) => string;
}

/** `options.lang` must be the language the document's messages were written in. */
export function formatPlanMarkdown(plan: PlanDocument, options: PlanMarkdownOptions): string {
  const { lang } = options;
  const words = WORDS[lang];
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const s = plan.summary;

  const head: string[] = [
    planCommentMarker(plan.stack),
    `### ${words.title}: ${words.stack} \`${plan.stack}\``,
    '',
    `| | ${CHANGE_ACTIONS.map((a) => ACTION_WORDS[a][lang]).join(' | ')} |`,
    '| --- | ---: | ---: | ---: |',
    ...CHANGE_KINDS.map((k) => `| ${KIND_WORDS[k][lang]} | ${CHANGE_ACTIONS.map((a) => s.byKind[k][a]).join(' | ')} |`),
    `| **${words.total}** | ${CHANGE_ACTIONS.map((a) => `**${s.changes[a]}**`).join(' | ')} |`,
    '',
    `${words.allocations}: ${words.allocationSummary(s.allocations.new, s.allocations.kept, s.allocations.released, s.allocations.moved)} · ${words.zone} \`${plan.zone}\` · ${words.at} ${plan.now}`,
  ];
  if (s.quarantineEnded > 0) head.push('', `${words.quarantineEnded}: ${s.quarantineEnded}`);
  if (s.errors > 0) head.push('', `> [!WARNING]`, `> ${words.errors(s.errors)}`);
  if (!plan.safe) {
    head.push('', plan.forced ? '> [!WARNING]' : '> [!CAUTION]', `> **${plan.forced ? words.forced : words.unsafe}**`);
    for (const reason of plan.unsafe) head.push(`> - ${reason.code}: ${escapeMarkdown(reason.message)}`);
  }
  if (s.empty && s.errors === 0) head.push('', words.noChanges);

  const sections: Section[] = [];
  if (plan.diagnostics.length > 0) {
    sections.push({
      summary: `${words.diagnostics} (${plan.diagnostics.length})`,
      open: [],
      rows: plan.diagnostics.map((d) => {
        const place = d.line > 0 ? `${d.file}:${d.line}` : d.file;
        return `- \`${escapeCode(place)}\` **${d.code}** ${escapeMarkdown(d.message)} — ${escapeMarkdown(d.hint)}`;
      }),
      close: [],
      note: (text) => `- ${text}`,
    });
  }
  if (plan.changes.length > 0) {
    sections.push({
      summary: `${words.changes} (${plan.changes.length})`,
      open: ['```diff'],
      rows: plan.changes.map((c) => changeLine(c, plan, words, 0, lang)),
      close: ['```'],
      note: (text) => `# ${text}`,
    });
  }
  if (plan.allocations.length > 0) {
    sections.push({
      summary: `${words.allocations} (${plan.allocations.length})`,
      open: [
        `| ${words.request} | ${words.name} | ${words.publicIpv4} | ${words.privateIpv4} | ${words.publicIpv6} | ${words.stateHeader} |`,
        '| --- | --- | --- | --- | --- | --- |',
      ],
      rows: plan.allocations.map(
        (a) => `| ${a.request} | ${a.fqdn ?? ''} | ${a.publicIpv4} | ${a.privateIpv4} | ${a.publicIpv6 ?? ''} | ${words.state[a.state]}${a.movedFrom !== undefined ? ` (${words.movedFrom(a.movedFrom)})` : ''} |`,
      ),
      close: [],
      note: (text) => `| … | ${text} | | | | |`,
    });
  }

  const out: string[] = [...head];
  let used = size(out.join('\n')) + 1;
  const add = (line: string) => {
    out.push(line);
    used += size(line) + 1;
  };
  // Room kept for closing a section and saying what was cut.
  const reserve = 600;
  let cut = false;
  for (const section of sections) {
    const opening = ['', '<details>', `<summary>${escapeMarkdown(section.summary)}</summary>`, '', ...section.open];
    if (cut || used + size(opening.join('\n')) + reserve > maxChars) {
      cut = true;
      add('');
      add(`_${escapeMarkdown(section.summary)}: ${words.omitted}._`);
      continue;
    }
    for (const line of opening) add(line);
    let shown = 0;
    for (const row of section.rows) {
      if (used + size(row) + 1 + reserve > maxChars) break;
      add(row);
      shown++;
    }
    if (shown < section.rows.length) {
      cut = true;
      add(section.note(words.truncated(section.rows.length - shown)));
    }
    for (const line of section.close) add(line);
    add('');
    add('</details>');
  }
  return `${out.join('\n')}\n`;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
