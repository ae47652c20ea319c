// `kolokasi scope (--base REV | --changed FILE)`: warnings when a pull request mixes several OPDs'
// requests, or requests with stacks, schemas or code. Warnings never fail the check (exit 0);
// reviewers decide.
import type { Command, CommandContext } from '../command.ts';
import { stringOption, t } from '../command.ts';
import { chooseFormat, formatOption } from '../options.ts';
import { EXIT_OK, UsageError } from '../../errors.ts';
import { readInputFile } from '../../github/files.ts';
import { changedPathsSince } from '../../git/tree.ts';
import { parseChangedPaths, scopeWarnings } from '../../github/pr-scope.ts';
import { workflowCommand } from '../../format/workflow-commands.ts';

const FORMATS = ['text', 'github', 'json'] as const;

export const scopeCommand: Command = {
  options: [
    { name: 'base', type: 'string', value: 'REV', description: { en: 'compare HEAD with this commit (renames count as a removal and an addition)', id: 'bandingkan HEAD dengan commit ini (pindah nama dihitung sebagai hapus dan tambah)' } },
    { name: 'changed', type: 'string', value: 'FILE', description: { en: 'changed paths, one per line or NUL-separated (git diff --no-renames --name-only -z)', id: 'path yang berubah, satu per baris atau dipisah NUL (git diff --no-renames --name-only -z)' } },
    formatOption(FORMATS),
  ],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const paths = await changedPaths(ctx);
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

/** The paths of `--base` (from git) or of `--changed` (a file); exactly one of them is given. */
async function changedPaths(ctx: CommandContext): Promise<string[]> {
  const base = stringOption(ctx, 'base');
  const file = stringOption(ctx, 'changed');
  if (file && base === undefined) return parseChangedPaths(await readInputFile(ctx.io.cwd, file, '--changed'));
  if (base && file === undefined) {
    try {
      return await changedPathsSince(ctx.repo, base);
    } catch {
      throw new UsageError(
        { en: `--base '${base}' is not a commit of the git repository ${ctx.repo}`, id: `--base '${base}' bukan commit di repositori git ${ctx.repo}` },
        { en: 'give a commit, branch or tag that exists here (fetch it first)', id: 'berikan commit, branch atau tag yang ada di sini (fetch dulu)' },
      );
    }
  }
  throw new UsageError(
    { en: 'give exactly one of --base REV and --changed FILE', id: 'berikan tepat satu dari --base REV dan --changed FILE' },
    { en: 'e.g. --base HEAD^1 in the merge commit of a pull request', id: 'mis. --base HEAD^1 pada merge commit sebuah pull request' },
  );
}
