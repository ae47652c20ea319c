// Reading .github/approvers.yaml for a command: invalid content is a usage error (exit 2) whose
// diagnostics are printed first, each with file:line:col.
import path from 'node:path';
import type { RunContext } from '../io/context.ts';
import { UsageError } from '../errors.ts';
import type { Diagnostic, Lang, SourceFile } from '../core/model.ts';
import { APPROVERS_PATH, parseApprovers, type ApproversConfig } from './approvers.ts';
import { readInputFile } from './files.ts';

export function formatProblems(diagnostics: readonly Diagnostic[], lang: Lang): string {
  return diagnostics
    .map((d) => `${d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file}: ${d.code}: ${d.message[lang]}\n    ${lang === 'id' ? 'saran' : 'hint'}: ${d.hint[lang]}\n`)
    .join('');
}

/** `--approvers FILE` (relative to the working directory), else .github/approvers.yaml under --repo. */
export async function loadApprovers(ctx: RunContext, given: string | undefined): Promise<ApproversConfig> {
  return (await loadApproversFile(ctx, given)).config;
}

/** The config with the file it came from, for diagnostics that point into it. */
export async function loadApproversFile(ctx: RunContext, given: string | undefined): Promise<{ config: ApproversConfig; source: SourceFile }> {
  const absolute = given ? path.resolve(ctx.io.cwd, given) : path.join(ctx.repo, APPROVERS_PATH);
  const shown = given ?? APPROVERS_PATH;
  const source = { file: shown, text: await readInputFile(ctx.io.cwd, absolute, '--approvers') };
  const { config, diagnostics } = parseApprovers(source);
  if (!config) {
    ctx.io.stderr(formatProblems(diagnostics, ctx.lang));
    throw new UsageError(
      { en: `${shown} is invalid (${diagnostics.length} problem(s))`, id: `${shown} tidak sah (${diagnostics.length} masalah)` },
      { en: 'fix the file; its schema is schemas/approvers.schema.json', id: 'perbaiki berkasnya; skemanya schemas/approvers.schema.json' },
    );
  }
  return { config, source };
}
