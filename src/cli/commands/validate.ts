import path from 'node:path';
import { lstat } from 'node:fs/promises';
import type { Command, CommandContext } from '../command.ts';
import { t } from '../command.ts';
import { chooseFormat, formatOption } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../../errors.ts';
import { readRepository } from '../../io/repository.ts';
import { planStack } from '../../core/plan-stack.ts';
import { hasErrors, sortDiagnostics } from '../../core/diagnostics.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { misplacedFile, requestPathParts } from '../../core/requests.ts';
import { OPD_REGISTRY_PATH, stackConfigPath } from '../../core/stack.ts';
import type { Diagnostic } from '../../core/model.ts';
import { formatDiagnosticsGithub, formatDiagnosticsJson, formatDiagnosticsText } from '../../format/diagnostics.ts';

const FORMATS = ['text', 'json', 'github'] as const;

export const validateCommand: Command = {
  args: '[PATH...]',
  options: [formatOption(FORMATS)],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const only = await selectedPaths(ctx);
    const sources = await readRepository(ctx.repo, ctx.stack);
    // The clock says which releases still hold their addresses in quarantine.
    const stages = planStack(sources, new Date());
    const result = stages.validation();
    // The ledger too: plan and apply stop on a broken one, so validate must not call it valid.
    // A ledger file the reader refused is among the files' diagnostics already.
    const ledger = stages.ledger();
    const ledgerProblems = ledger.ok || ledger.stage === 'ledger' ? ledger.diagnostics.filter((d) => !sources.diagnostics.includes(d)) : [];
    const diagnostics = sortDiagnostics([...result.diagnostics, ...ledgerProblems]);
    const extra: Diagnostic[] = [];
    let shown = diagnostics;
    let checked = result.requests.length;
    if (only) {
      const known = new Set([...sources.requests.map((s) => s.file), ...sources.diagnostics.map((d) => d.file), OPD_REGISTRY_PATH, stackConfigPath(ctx.stack), ledgerPath(ctx.stack)]);
      for (const file of only.files) {
        if (!known.has(file) && !requestPathParts(file)) extra.push(misplacedFile(file));
      }
      const inSelection = (file: string) => only.files.includes(file) || only.dirs.some((d) => file.startsWith(`${d}/`));
      shown = [...extra, ...diagnostics.filter((d) => inSelection(d.file))];
      checked = result.requests.filter((r) => inSelection(r.file)).length;
    }
    if (format === 'json') ctx.io.stdout(formatDiagnosticsJson(shown, checked));
    else if (format === 'github') {
      ctx.io.stdout(formatDiagnosticsGithub(shown, ctx.lang));
      if (!hasErrors(shown)) ctx.io.stdout(`${t(ctx, { en: `${checked} request(s) valid`, id: `${checked} permohonan valid` })}\n`);
    } else ctx.io.stdout(formatDiagnosticsText(shown, ctx.lang, checked));
    return hasErrors(shown) ? EXIT_REJECTED : EXIT_OK;
  },
};

/** PATH arguments as repository-relative files and directories; undefined means "everything". */
async function selectedPaths(ctx: CommandContext): Promise<{ files: string[]; dirs: string[] } | undefined> {
  if (ctx.positionals.length === 0) return undefined;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const given of ctx.positionals) {
    const absolute = path.resolve(ctx.io.cwd, given);
    const relative = path.relative(ctx.repo, absolute).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UsageError(
        { en: `${given} is outside the repository ${ctx.repo}`, id: `${given} berada di luar repositori ${ctx.repo}` },
        { en: 'pass paths inside the repository, or set --repo', id: 'berikan path di dalam repositori, atau atur --repo' },
      );
    }
    let info;
    try {
      info = await lstat(absolute);
    } catch {
      throw new UsageError({ en: `${given}: no such file or directory`, id: `${given}: berkas atau folder tidak ada` });
    }
    if (info.isDirectory()) dirs.push(relative === '' ? '.' : relative);
    else files.push(relative);
  }
  if (dirs.includes('.')) return undefined;
  return { files, dirs };
}
