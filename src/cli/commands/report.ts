// `kolokasi report`: the inventory, the pool pictures, one installation report per request and an
// index page, from the repository, its ledger and its git history. Indonesian by default: these are
// documents for the department's archive, not messages for whoever runs the command.
import path from 'node:path';
import type { Command } from '../command.ts';
import { t } from '../command.ts';
import { NOW_OPTION, resolveNow, outDirectory } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED } from '../../errors.ts';
import type { Lang } from '../../core/model.ts';
import { readRepository } from '../../io/repository.ts';
import { replaceDirectory } from '../../io/files.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { planStack } from '../../core/plan-stack.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { readHistory } from '../../git/history.ts';
import { readLedgerVersions, readWithdrawnRequestFiles } from '../../git/past-files.ts';
import { assembleReport } from '../../report/assemble.ts';
import { reportFiles } from '../../report/files.ts';
import { versionsForMoves } from '../../report/moves.ts';

/** Left in every report directory: the next report may replace that directory as a whole. */
const REPORT_MARKER = {
  name: '.kolokasi-report',
  content: 'Written by `kolokasi report`; the next report replaces this directory. / Ditulis oleh `kolokasi report`; laporan berikutnya mengganti folder ini.\n',
};

export const reportCommand: Command = {
  options: [
    {
      name: 'out',
      type: 'string',
      value: 'DIR',
      description: { en: 'output directory (default: build/<stack>/report)', id: 'folder keluaran (bawaan: build/<stack>/report)' },
    },
    {
      ...NOW_OPTION,
      description: { en: 'the moment the report describes (default: HEAD commit time, else now)', id: 'saat yang digambarkan laporan (bawaan: waktu commit HEAD, atau sekarang)' },
    },
  ],
  async run(ctx) {
    // Documents default to Indonesian; messages on the terminal follow the usual language choice.
    const documentLang: Lang = typeof ctx.options.lang === 'string' ? ctx.lang : 'id';
    const now = await resolveNow(ctx);
    // The ledger as it is: a request not applied yet is documented as such, not refused.
    const applied = planStack(await readRepository(ctx.repo, ctx.stack), now).applied({ allowStale: true });
    if (!applied.ok) {
      ctx.io.stderr(formatDiagnosticsText(applied.diagnostics, ctx.lang, applied.checked));
      return EXIT_REJECTED;
    }
    const { config, registry, ledger, desired } = applied;
    const history = await readHistory(ctx.repo, ledgerPath(ctx.stack));
    const [withdrawnFiles, ledgerVersions] = history
      ? await Promise.all([
          readWithdrawnRequestFiles(ctx.repo, history),
          readLedgerVersions(ctx.repo, ledgerPath(ctx.stack), history, versionsForMoves(history.ledgerChanges)),
        ])
      : [[], []];
    const data = assembleReport({
      stack: ctx.stack,
      config,
      registry,
      requests: applied.requests,
      ledger,
      desired,
      ...(history ? { history } : {}),
      withdrawnFiles,
      ledgerVersions,
      now,
    });
    const outDir = outDirectory(ctx, path.join(ctx.repo, 'build', ctx.stack, 'report'));
    const written = await replaceDirectory(outDir, reportFiles(data, documentLang), REPORT_MARKER);
    if (history?.shallow) {
      ctx.io.stderr(`${t(ctx, {
        en: 'kolokasi: note: shallow clone; older dates are unknown (fetch the full history, e.g. actions/checkout with fetch-depth: 0)',
        id: 'kolokasi: catatan: clone dangkal; tanggal lama tidak diketahui (ambil riwayat lengkap, mis. actions/checkout dengan fetch-depth: 0)',
      })}\n`);
    }
    if (!history) {
      ctx.io.stderr(`${t(ctx, {
        en: 'kolokasi: note: not a git repository; request and approval dates are shown as unknown',
        id: 'kolokasi: catatan: bukan repositori git; tanggal pengajuan dan persetujuan ditampilkan sebagai tidak diketahui',
      })}\n`);
    }
    const relative = path.relative(ctx.io.cwd, outDir);
    const shown = relative === '' ? '.' : relative.startsWith('..') ? outDir : relative;
    const pools = data.pools.length;
    const requests = data.requests.length;
    ctx.io.stdout(`${t(ctx, {
      en: `wrote ${written} files to ${shown}: index.html, inventory.md, inventory.csv, ${pools} pool picture(s), ${requests} installation report(s) in Markdown and as printable HTML`,
      id: `menulis ${written} berkas ke ${shown}: index.html, inventory.md, inventory.csv, ${pools} gambar pool, ${requests} laporan pemasangan dalam Markdown dan HTML siap cetak`,
    })}\n`);
    return EXIT_OK;
  },
};
