// Diagnostics as text for people, JSON for tools, and GitHub workflow annotations.
import type { Diagnostic, Lang } from '../core/model.ts';
import { workflowCommand } from './workflow-commands.ts';

export type DiagnosticFormat = 'text' | 'json' | 'github';

const WORDS = {
  en: { error: 'error', warning: 'warning', hint: 'hint', field: 'field', ok: (n: number) => `${n} request(s) valid`, summary: (e: number, w: number, f: number) => `${e} error(s), ${w} warning(s) in ${f} file(s)` },
  id: { error: 'galat', warning: 'peringatan', hint: 'saran', field: 'isian', ok: (n: number) => `${n} permohonan valid`, summary: (e: number, w: number, f: number) => `${e} galat, ${w} peringatan di ${f} berkas` },
} as const;

function place(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
}

export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], lang: Lang, checkedRequests: number): string {
  const words = WORDS[lang];
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${place(d)}: ${words[d.severity]} ${d.code}: ${d.message[lang]}`);
    lines.push(`    ${words.hint}: ${d.hint[lang]}`);
    if (d.path) lines.push(`    ${words.field}: ${d.path}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(words.summary(errors, warnings, new Set(diagnostics.map((d) => d.file)).size));
  }
  if (errors === 0) lines.push(words.ok(checkedRequests));
  return `${lines.join('\n')}\n`;
}

export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[], checkedRequests: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${JSON.stringify({ ok: errors === 0, requests: checkedRequests, errors, warnings: diagnostics.length - errors, diagnostics }, null, 2)}\n`;
}

export function formatDiagnosticsGithub(diagnostics: readonly Diagnostic[], lang: Lang): string {
  return diagnostics
    .map((d) =>
      workflowCommand(d.severity, `${d.message[lang]} — ${d.hint[lang]}`, {
        file: d.file,
        line: d.line > 0 ? d.line : undefined,
        col: d.line > 0 ? d.col : undefined,
        title: `${d.code}${d.path ? ` ${d.path}` : ''}`,
      }),
    )
    .join('');
}
