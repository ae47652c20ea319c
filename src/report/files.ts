// Every file `kolokasi report` writes, as path and content: the command only writes them out.
import type { Lang } from '../core/model.ts';
import type { ReportData } from './model.ts';
import { laporanPath } from './format.ts';
import { buildInventoryMarkdown, poolPictureFile } from './inventory.ts';
import { buildInventoryCsv } from './csv.ts';
import { buildPoolSvg } from './pool-svg.ts';
import { buildLaporan, buildLaporanHtml, laporanDocument } from './laporan.ts';
import { buildIndexHtml } from './index-html.ts';

export interface ReportFile {
  /** Relative to the report directory, forward slashes. */
  path: string;
  content: string;
}

/**
 * Made one at a time as they are asked for: a writer that writes each before asking for the next
 * holds one installation report in memory, not all of them (20,000 files at 10,000 requests).
 */
export function* reportFiles(data: ReportData, lang: Lang): Generator<ReportFile> {
  const svgs = new Map(data.pools.map((pool) => [pool.name, buildPoolSvg(pool, { lang, generatedAt: data.generatedAt })]));
  yield { path: 'index.html', content: buildIndexHtml(data, svgs, lang) };
  yield { path: 'inventory.md', content: buildInventoryMarkdown(data, lang) };
  yield { path: 'inventory.csv', content: buildInventoryCsv(data, lang) };
  for (const pool of data.pools) yield { path: poolPictureFile(pool), content: svgs.get(pool.name)! };
  for (const request of data.requests) {
    const document = laporanDocument(request, data, lang);
    yield { path: laporanPath(request.id), content: buildLaporan(request, data, lang, document) };
    yield { path: laporanPath(request.id, 'html'), content: buildLaporanHtml(request, data, lang, document) };
  }
}
