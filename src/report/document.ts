// A report document as data (headings, paragraphs, notes, tables of rich cells) and its two
// writers, Markdown and HTML. A builder says what a document holds once; both files come from the
// same value, so the printed page and the Markdown in the repository cannot tell different stories.
// Every string in the data is text: each writer escapes it for its own language.
import type { Lang } from '../core/model.ts';
import { code, escapeMarkdown, escapeXml, markdownTable } from './format.ts';

/** A run of text: plain, inline code (addresses, names, paths) or strong. */
export type Span = string | { code: string } | { strong: string };

/** A cell or a paragraph: spans in a row. */
export type Rich = readonly Span[];

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; content: Rich }
  /** A remark the reader must not miss (a shallow clone, no git). */
  | { kind: 'note'; text: string }
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly Rich[])[]; align?: readonly ('l' | 'r')[]; id?: string };

export interface ReportDocument {
  lang: Lang;
  title: string;
  /** Shown under the title, in bold. */
  subtitle?: string;
  blocks: Block[];
}

// ---------------------------------------------------------------- Markdown

function spanMarkdown(span: Span): string {
  if (typeof span === 'string') return escapeMarkdown(span);
  if ('code' in span) return code(span.code);
  return `**${escapeMarkdown(span.strong)}**`;
}

// The writers below concatenate in loops rather than map and join: 20,000 pages at 10,000
// requests, each a few hundred cells, made an array and a closure per cell.

function richMarkdown(rich: Rich): string {
  let text = '';
  for (const span of rich) text += spanMarkdown(span);
  return text;
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return richMarkdown(block.content);
    case 'note':
      return `> ${escapeMarkdown(block.text)}`;
    case 'table':
      return markdownTable(block.header.map(escapeMarkdown), block.rows.map((row) => row.map(richMarkdown)), block.align);
  }
}

export function documentMarkdown(document: ReportDocument): string {
  let text = `# ${escapeMarkdown(document.title)}`;
  if (document.subtitle !== undefined) text += `\n\n**${escapeMarkdown(document.subtitle)}**`;
  for (const block of document.blocks) text += `\n\n${blockMarkdown(block)}`;
  return `${text}\n`;
}

// ---------------------------------------------------------------- HTML

function spanHtml(span: Span): string {
  if (typeof span === 'string') return escapeXml(span);
  if ('code' in span) return `<code>${escapeXml(span.code)}</code>`;
  return `<strong>${escapeXml(span.strong)}</strong>`;
}

function richHtml(rich: Rich): string {
  let text = '';
  for (const span of rich) text += spanHtml(span);
  return text;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeXml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${richHtml(block.content)}</p>`;
    case 'note':
      return `<p class="note">${escapeXml(block.text)}</p>`;
    case 'table': {
      const cls = (i: number) => (block.align?.[i] === 'r' ? ' class="num"' : '');
      let text = `<table${block.id !== undefined ? ` id="${escapeXml(block.id)}"` : ''}>\n<thead><tr>`;
      for (let i = 0; i < block.header.length; i++) text += `<th${cls(i)}>${escapeXml(block.header[i]!)}</th>`;
      text += '</tr></thead>\n<tbody>';
      for (const row of block.rows) {
        text += '\n<tr>';
        for (let i = 0; i < row.length; i++) text += `<td${cls(i)}>${richHtml(row[i]!)}</td>`;
        text += '</tr>';
      }
      return `${text}\n</tbody>\n</table>`;
    }
  }
}

/**
 * A page meant to be printed and filed: A4, black on white, tables that do not split a row across
 * pages, the navigation hidden on paper. Self-contained, like index.html.
 */
const PRINTABLE_STYLE = `
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px auto; max-width: 980px; padding: 0 24px; color: #111827; background: #ffffff; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 2px solid #1d4ed8; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { font-size: 14px; }
p.subtitle { font-size: 16px; font-weight: bold; margin: 0 0 12px; }
.note { background: #fef3c7; border-left: 4px solid #f59e0b; padding: 8px 12px; }
nav { margin-bottom: 16px; font-size: 13px; }
nav a { margin-right: 16px; }
table { border-collapse: collapse; font-size: 13px; margin: 0 0 8px; width: 100%; }
th, td { border: 1px solid #9ca3af; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #e5e7eb; }
td.num, th.num { text-align: right; }
code { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace; font-size: 12px; }
table#signatures td { height: 56px; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: #e5e7eb; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .note { border: 1px solid #f59e0b; }
}
`;

export interface PageLink {
  href: string;
  text: string;
}

/** The document as a standalone printable HTML page; `links` go in a navigation bar hidden in print. */
export function documentHtml(document: ReportDocument, links: readonly PageLink[] = []): string {
  const e = escapeXml;
  return [
    '<!DOCTYPE html>',
    `<html lang="${document.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(document.title)}</title>`,
    `<style>${PRINTABLE_STYLE}</style>`,
    '</head>',
    '<body>',
    ...(links.length > 0 ? [`<nav>${links.map((link) => `<a href="${e(link.href)}">${e(link.text)}</a>`).join('')}</nav>`] : []),
    `<h1>${e(document.title)}</h1>`,
    ...(document.subtitle !== undefined ? [`<p class="subtitle">${e(document.subtitle)}</p>`] : []),
    ...document.blocks.map(blockHtml),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
