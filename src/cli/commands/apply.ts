import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import type { Text } from '../../core/model.ts';
import { booleanOption, stringOption, t } from '../command.ts';
import { FORCE_OPTION, NOW_OPTION, OUT_OPTION, outDirectory, resolveNow, SIGNOFF_OPTION } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED } from '../../errors.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { stackConfigPath } from '../../core/stack.ts';
import { REQUESTS_DIR } from '../../core/requests.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { formatPlanText } from '../../format/plan-text.ts';
import { computeOutputSet } from '../../io/planning.ts';
import { writeAtomically } from '../../io/files.ts';
import { CURRENT_LINK, removeStaleTemporaries, writeOutputSet } from '../../io/output-set.ts';
import { cleanHeadCommit } from '../../git/source-commit.ts';

function nothingApplied(ctx: CommandContext): string {
  return `${t(ctx, {
    en: `kolokasi: nothing applied; ${ledgerPath(ctx.stack)} is unchanged`,
    id: `kolokasi: tidak ada yang diterapkan; ${ledgerPath(ctx.stack)} tidak berubah`,
  })}\n`;
}

export const applyCommand: Command = {
  options: [NOW_OPTION, OUT_OPTION, FORCE_OPTION, SIGNOFF_OPTION],
  async run(ctx) {
    const forced = booleanOption(ctx, 'force');
    const signoff = stringOption(ctx, 'signoff');
    // Two independent questions to git, asked together.
    const [sourceCommit, now] = await Promise.all([cleanHeadCommit(ctx.repo, [REQUESTS_DIR, stackConfigPath(ctx.stack)]), resolveNow(ctx)]);
    const computed = await computeOutputSet(ctx, now, { forced, ...(sourceCommit ? { sourceCommit } : {}), ...(signoff === undefined ? {} : { signoff }) });
    if (!computed.ok) {
      ctx.io.stderr(computed.report);
      ctx.io.stderr(nothingApplied(ctx));
      return EXIT_REJECTED;
    }
    const { planned, files, ledgerText } = computed;

    // The ledger is the commit point, written last: a refused out dir leaves it as it was, and a
    // re-run after any failure writes the same outputs again.
    const outDir = outDirectory(ctx, path.join(ctx.repo, 'build', ctx.stack));
    const outputs = await writeOutputSet(outDir, files, computed.manifestText);

    const ledgerFile = path.join(ctx.repo, ...ledgerPath(ctx.stack).split('/'));
    // A run killed while writing the ledger leaves its temporary file beside it.
    await removeStaleTemporaries(path.dirname(ledgerFile));
    const ledgerChanged = planned.sources.ledger?.text !== ledgerText;
    if (ledgerChanged) await writeAtomically(ledgerFile, ledgerText);

    const { plan } = planned;
    const changedFiles = [...outputs.changed, ...outputs.dropped];
    // The plan compares addresses with the ledger; an edited port or name changes only the rendered
    // files, and an empty plan's "No changes" would then be false.
    ctx.io.stdout(changedFiles.length > 0 && plan.summary.empty ? formatPlanText(plan, { lang: ctx.lang, forced, omitNoChanges: true }) : computed.planText);
    for (const warning of computed.warnings) ctx.io.stderr(formatDiagnosticsText([warning], ctx.lang, planned.requests.length));
    const shownOut = path.join(path.relative(ctx.io.cwd, outDir) || '.', CURRENT_LINK);
    if (plan.summary.empty && (ledgerChanged || changedFiles.length > 0)) ctx.io.stdout(`${t(ctx, appliedWithoutAddressChanges(ctx, ledgerChanged, changedFiles))}\n`);
    ctx.io.stdout(`${t(ctx, ledgerChanged
      ? { en: `ledger written: ${ledgerPath(ctx.stack)}`, id: `buku alokasi ditulis: ${ledgerPath(ctx.stack)}` }
      : { en: `ledger unchanged: ${ledgerPath(ctx.stack)}`, id: `buku alokasi tidak berubah: ${ledgerPath(ctx.stack)}` })}\n`);
    ctx.io.stdout(`${t(ctx, {
      en: `outputs in ${shownOut}: ${outputs.files} files, ${outputs.changed.length} changed, ${outputs.dropped.length} dropped${listed(outputs.changed, outputs.dropped, 'en')}; manifest ${shownOut}/manifest.json`,
      id: `keluaran di ${shownOut}: ${outputs.files} berkas, ${outputs.changed.length} berubah, ${outputs.dropped.length} dibuang${listed(outputs.changed, outputs.dropped, 'id')}; manifes ${shownOut}/manifest.json`,
    })}\n`);
    if (outputs.staleRemoved > 0) {
      ctx.io.stdout(`${t(ctx, {
        en: `removed ${outputs.staleRemoved} leftover(s) of an earlier, interrupted run`,
        id: `${outputs.staleRemoved} sisa dari proses sebelumnya yang terputus dihapus`,
      })}\n`);
    }
    return EXIT_OK;
  },
};

/** What the rendered files are, by their top folder, as a reviewer names them. */
const OUTPUT_WORDS: Record<string, Text> = {
  dns: { en: 'DNS records', id: 'rekaman DNS' },
  firewall: { en: 'firewall rules', id: 'aturan firewall' },
};

/** An empty plan that still changed something: the ledger's form, or the rendered names and rules. */
function appliedWithoutAddressChanges(ctx: CommandContext, ledgerChanged: boolean, changedFiles: readonly string[]): Text {
  const kinds = [...new Set(changedFiles.map((file) => file.split('/')[0]!))].sort().map((dir) => OUTPUT_WORDS[dir] ?? { en: dir, id: dir });
  const parts: Text[] = [
    ...(ledgerChanged ? [{ en: `the ledger ${ledgerPath(ctx.stack)}`, id: `buku alokasi ${ledgerPath(ctx.stack)}` }] : []),
    ...kinds,
  ];
  return {
    en: `No address changes; applied: ${parts.map((p) => p.en).join(', ')}.`,
    id: `Tidak ada perubahan alamat; diterapkan: ${parts.map((p) => p.id).join(', ')}.`,
  };
}

function listed(written: readonly string[], removed: readonly string[], lang: 'en' | 'id'): string {
  const names = [...written, ...removed.map((file) => `${lang === 'en' ? 'removed' : 'dihapus'} ${file}`)];
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}
