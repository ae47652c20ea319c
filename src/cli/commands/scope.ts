// `kolokasi scope --changed FILE`: warnings when a pull request mixes several OPDs' requests, or
// requests with stacks, schemas or code. Warnings never fail the check (exit 0); reviewers decide.
import type { Command } from '../command.ts';
import { stringOption, t } from '../command.ts';
import { chooseFormat, formatOption } from '../options.ts';
import { EXIT_OK } from '../errors.ts';
import { readInputFile, requireOption } from '../../github/files.ts';
import { parseChangedPaths, scopeWarnings } from '../../github/pr-scope.ts';
import { workflowCommand } from '../../format/workflow-commands.ts';

const FORMATS = ['text', 'github', 'json'] as const;

export const scopeCommand: Command = {
  options: [
    { name: 'changed', type: 'string', value: 'FILE', description: { en: 'changed paths, one per line or NUL-separated (git diff --name-only -z)', id: 'path yang berubah, satu per baris atau dipisah NUL (git diff --name-only -z)' } },
    formatOption(FORMATS),
  ],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const file = requireOption(stringOption(ctx, 'changed'), 'changed', 'changed.txt');
    const paths = parseChangedPaths(await readInputFile(ctx.io.cwd, file, '--changed'));
    const warnings = scopeWarnings(paths);
    if (format === 'json') {
      ctx.io.stdout(`${JSON.stringify({ paths: paths.length, warnings }, null, 2)}\n`);
    } else if (format === 'github') {
      for (const w of warnings) ctx.io.stdout(workflowCommand('warning', `${t(ctx, w.message)} (${w.paths.join(', ')})`, { title: `${w.code} scope` }));
    } else {
      for (const w of warnings) {
        ctx.io.stdout(`${ctx.lang === 'id' ? 'peringatan' : 'warning'} ${w.code}: ${t(ctx, w.message)}\n`);
        for (const p of w.paths) ctx.io.stdout(`    ${p}\n`);
      }
      if (warnings.length === 0) {
        ctx.io.stdout(`${t(ctx, { en: `${paths.length} changed path(s): scope is fine`, id: `${paths.length} path berubah: cakupan wajar` })}\n`);
      }
    }
    return EXIT_OK;
  },
};
