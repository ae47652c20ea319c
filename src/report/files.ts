// Every file `kolokasi report` writes, as path and content: the command only writes them out.
import type { Lang } from '../core/model.ts';
import { compareText } from '../core/order.ts';
import type { ReportData } from './model.ts';
import { laporanPath } from './format.ts';
import { buildInventoryMarkdown, poolPictureFile } from './inventory.ts';
import { buildInventoryCsv } from './csv.ts';
import { buildPoolSvg } from './pool-svg.ts';
import { buildLaporan, buildLaporanHtml } from './laporan.ts';
import { buildIndexHtml } from './index-html.ts';

export interface ReportFile {
  /** Relative to the report directory, forward slashes. */
  path: string;
  content: string;
}

/** Sorted by path. */
export function buildReportFiles(data: ReportData, lang: Lang): ReportFile[] {
  const svgs = new Map(data.pools.map((pool) => [pool.name, buildPoolSvg(pool, { lang, generatedAt: data.generatedAt })]));
  const files: ReportFile[] = [
    { path: 'inventory.md', content: buildInventoryMarkdown(data, lang) },
    { path: 'inventory.csv', content: buildInventoryCsv(data, lang) },
    ...data.pools.map((pool) => ({ path: poolPictureFile(pool), content: svgs.get(pool.name)! })),
    ...data.requests.map((request) => ({ path: laporanPath(request.id), content: buildLaporan(request, data, lang) })),
    ...data.requests.map((request) => ({ path: laporanPath(request.id, 'html'), content: buildLaporanHtml(request, data, lang) })),
    { path: 'index.html', content: buildIndexHtml(data, svgs, lang) },
  ];
  return files.sort((a, b) => compareText(a.path, b.path));
}
