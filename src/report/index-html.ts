// index.html: one page that shows everything the report wrote (the pool pictures inlined, the
// inventory and the OPD totals as tables) and links the files. Self-contained: no external CSS,
// scripts or fonts, so it opens the same from a USB stick in the NOC as from a web server.
import type { Lang } from '../core/model.ts';
import type { ReportData } from './model.ts';
import { STATE_WORDS, escapeXml, formatTime, laporanPath, servicesText } from './format.ts';
import {
  INVENTORY_COLUMNS,
  OPD_TOTAL_HEADER,
  POOLS_HEADING,
  POOL_HEADER,
  TOTAL_WORD,
  capacityTotals,
  historyNote,
  inventoryRows,
  poolCounts,
  poolPictureFile,
  reportTitle,
  stateCounts,
} from './inventory.ts';
import { POOL_KIND_WORDS, inlineSvg } from './pool-svg.ts';
import { SOP_NUMBER, SOP_TOTAL_MINUTES } from './sop.ts';

const STYLE = `
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px; color: #111827; background: #f9fafb; line-height: 1.4; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid #1d4ed8; padding-bottom: 4px; }
p.meta { color: #374151; margin: 0 0 12px; }
.note { background: #fef3c7; border-left: 4px solid #f59e0b; padding: 8px 12px; }
nav a { margin-right: 16px; }
table { border-collapse: collapse; background: #ffffff; font-size: 13px; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #e5e7eb; }
td.num, th.num { text-align: right; }
tr:nth-child(even) td { background: #f3f4f6; }
tr.total td { font-weight: bold; background: #e0e7ff; }
td code, td.services { white-space: nowrap; }
code { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace; font-size: 12px; }
.state { display: inline-block; padding: 1px 6px; border-radius: 8px; font-size: 12px; white-space: nowrap; }
.state-active { background: #1d4ed8; color: #ffffff; }
.state-pending { background: #dbeafe; color: #1e3a8a; }
.state-releasing { background: #fde68a; color: #78350f; }
.state-released { background: #f59e0b; color: #111827; }
.scroll { overflow-x: auto; }
figure { margin: 0 0 20px; background: #ffffff; border: 1px solid #d1d5db; padding: 8px; display: inline-block; max-width: 100%; box-sizing: border-box; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: #374151; margin-top: 6px; }
footer { margin-top: 32px; font-size: 12px; color: #6b7280; }
`;

const ADDRESS_COLUMNS = new Set(['publicIpv4', 'privateIpv4', 'publicIpv6', 'fqdn', 'request']);

/**
 * The page; `svgs` maps a pool name to its SVG document as written beside the page (it is inlined
 * here without the XML declaration).
 */
export function buildIndexHtml(data: ReportData, svgs: ReadonlyMap<string, string>, lang: Lang): string {
  const id = lang === 'id';
  const e = escapeXml;
  const title = reportTitle(data, lang);
  const out: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${e(title)}</h1>`,
    `<p class="meta">${e(id ? 'Keadaan per' : 'As of')} ${e(formatTime(data.generatedAt, lang))} · ${data.requests.length} ${e(id ? 'permohonan' : 'request(s)')}${data.requests.length > 0 ? `: ${e(stateCounts(data, lang))}` : ''}</p>`,
  ];
  const note = historyNote(data, lang);
  if (note) out.push(`<p class="note">${e(note)}</p>`);
  out.push(
    '<nav>',
    `<a href="#pools">${e(POOLS_HEADING[lang])}</a>`,
    `<a href="#inventory">${e(id ? 'Inventaris' : 'Inventory')}</a>`,
    `<a href="#capacity">${e(id ? 'Kapasitas per OPD' : 'Capacity per OPD')}</a>`,
    `<a href="#laporan">${e(id ? 'Laporan pemasangan' : 'Installation reports')}</a>`,
    `<a href="inventory.csv">inventory.csv</a>`,
    `<a href="inventory.md">inventory.md</a>`,
    '</nav>',
  );

  // ------------------------------------------------------------ pools
  out.push(`<h2 id="pools">${e(POOLS_HEADING[lang])}</h2>`);
  out.push('<div class="scroll"><table>', `<tr>${POOL_HEADER.map((h, i) => `<th${i >= 3 && i <= 6 ? ' class="num"' : ''}>${e(h[lang])}</th>`).join('')}</tr>`);
  for (const pool of data.pools) {
    const c = poolCounts(pool, lang);
    out.push(
      `<tr><td><code>${e(pool.name)}</code></td><td>${e(POOL_KIND_WORDS[pool.field][lang])}</td><td><code>${e(pool.cidr)}</code></td><td class="num">${c.used}</td><td class="num">${c.free}</td><td class="num">${c.reserved}</td><td class="num">${c.quarantined}</td><td><a href="${e(poolPictureFile(pool))}">${e(poolPictureFile(pool))}</a></td></tr>`,
    );
  }
  out.push('</table></div>');
  for (const pool of data.pools) {
    const svg = svgs.get(pool.name);
    if (svg === undefined) continue;
    out.push(
      `<figure id="pool-${e(pool.name)}">`,
      inlineSvg(svg).trimEnd(),
      `<figcaption>${e(id ? 'Arahkan penunjuk ke sel untuk melihat pemegang alamat.' : 'Point at a cell to see who holds the address.')} <a href="${e(poolPictureFile(pool))}">${e(poolPictureFile(pool))}</a></figcaption>`,
      '</figure>',
    );
  }

  // ------------------------------------------------------------ inventory
  out.push(`<h2 id="inventory">${e(id ? 'Inventaris' : 'Inventory')}</h2>`);
  if (data.requests.length === 0) out.push(`<p>${e(id ? 'Belum ada permohonan.' : 'No requests yet.')}</p>`);
  else {
    const rows = inventoryRows(data, lang, 'display');
    out.push(
      '<div class="scroll"><table>',
      `<tr>${INVENTORY_COLUMNS.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${e(c.label[lang])}</th>`).join('')}<th>${e(id ? 'Laporan' : 'Report')}</th></tr>`,
    );
    rows.forEach((row, index) => {
      const request = data.requests[index]!;
      const cells = INVENTORY_COLUMNS.map((c) => {
        const value = row[c.key];
        if (c.key === 'state') return `<td><span class="state state-${request.state}">${e(value)}</span></td>`;
        if (c.numeric) return `<td class="num">${e(value)}</td>`;
        // One service per line: a list reads better than a run-on cell.
        if (c.key === 'services' && request.services.length > 0) return `<td class="services">${request.services.map((s) => e(servicesText([s], lang))).join('<br>')}</td>`;
        if (ADDRESS_COLUMNS.has(c.key)) return `<td><code>${e(value)}</code></td>`;
        return `<td>${e(value)}</td>`;
      });
      out.push(`<tr data-request="${e(request.id)}">${cells.join('')}<td><a href="${e(laporanPath(request.id, 'html'))}">${e(id ? 'laporan' : 'report')}</a></td></tr>`);
    });
    out.push('</table></div>');
  }

  // ------------------------------------------------------------ capacity
  out.push(`<h2 id="capacity">${e(id ? 'Kapasitas per OPD' : 'Capacity per OPD')}</h2>`);
  const totals = capacityTotals(data);
  out.push('<table>', `<tr>${OPD_TOTAL_HEADER.map((h, i) => `<th${i >= 2 ? ' class="num"' : ''}>${e(h[lang])}</th>`).join('')}</tr>`);
  for (const t of data.opdTotals) {
    out.push(`<tr><td><code>${e(t.opd)}</code></td><td>${e(t.opdName)}</td><td class="num">${t.requests}</td><td class="num">${t.rackUnits}</td><td class="num">${t.powerWatts}</td></tr>`);
  }
  out.push(`<tr class="total"><td>${e(TOTAL_WORD[lang])}</td><td></td><td class="num">${totals.requests}</td><td class="num">${totals.rackUnits}</td><td class="num">${totals.powerWatts}</td></tr>`, '</table>');

  // ------------------------------------------------------------ laporan
  out.push(`<h2 id="laporan">${e(id ? 'Laporan pemasangan' : 'Installation reports')}</h2>`, '<ul>');
  for (const request of data.requests) {
    const { title } = request;
    out.push(
      `<li><a href="${e(laporanPath(request.id, 'html'))}"><code>${e(request.id)}</code>${title ? ` ${e(title)}` : ''}</a> <span class="state state-${request.state}">${e(STATE_WORDS[request.state][lang])}</span> (${e(id ? 'halaman cetak' : 'printable page')}; <a href="${e(laporanPath(request.id))}">Markdown</a>)</li>`,
    );
  }
  out.push('</ul>');

  out.push(
    `<footer>${e(
      id
        ? `Dibuat oleh kolokasi report untuk stack ${data.stack}. SOP ${SOP_NUMBER} "Layanan Colocation Server": 10 langkah, ${SOP_TOTAL_MINUTES} menit waktu kerja per permohonan.`
        : `Made by kolokasi report for stack ${data.stack}. SOP ${SOP_NUMBER} "Layanan Colocation Server": 10 steps, ${SOP_TOTAL_MINUTES} minutes of desk time per request.`,
    )}</footer>`,
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}
