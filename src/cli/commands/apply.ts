import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import { booleanOption, t } from '../command.ts';
import { FORCE_OPTION, NOW_OPTION, OUT_OPTION, outDirectory } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED } from '../errors.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { stackConfigPath } from '../../core/stack.ts';
import { REQUESTS_DIR } from '../../core/requests.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { computeOutputSet } from './planning.ts';
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
  name: 'apply',
  summary: {
    en: 'allocate addresses, update the ledger and write the gateway and zone configs',
    id: 'alokasikan alamat, perbarui buku alokasi dan tulis konfigurasi gateway dan zona',
  },
  options: [NOW_OPTION, OUT_OPTION, FORCE_OPTION],
  async run(ctx) {
    const forced = booleanOption(ctx, 'force');
    const sourceCommit = await cleanHeadCommit(ctx.repo, [REQUESTS_DIR, stackConfigPath(ctx.stack)]);
    const computed = await computeOutputSet(ctx, { forced, ...(sourceCommit ? { sourceCommit } : {}) });
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

    ctx.io.stdout(computed.planText);
    for (const warning of computed.warnings) ctx.io.stderr(formatDiagnosticsText([warning], ctx.lang, planned.requests.length));
    const shownOut = path.join(path.relative(ctx.io.cwd, outDir) || '.', CURRENT_LINK);
    ctx.io.stdout(`${t(ctx, ledgerChanged
      ? { en: `ledger written: ${ledgerPath(ctx.stack)}`, id: `buku alokasi ditulis: ${ledgerPath(ctx.stack)}` }
      : { en: `ledger unchanged: ${ledgerPath(ctx.stack)}`, id: `buku alokasi tidak berubah: ${ledgerPath(ctx.stack)}` })}\n`);
    ctx.io.stdout(`${t(ctx, {
      en: `outputs in ${shownOut}: ${outputs.files} files, ${outputs.changed} changed, ${outputs.dropped} dropped; manifest ${shownOut}/manifest.json`,
      id: `keluaran di ${shownOut}: ${outputs.files} berkas, ${outputs.changed} berubah, ${outputs.dropped} dibuang; manifes ${shownOut}/manifest.json`,
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
