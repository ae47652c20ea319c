// The inventory: one row per request (OPD, addresses, services, hardware, letter, dates) and the
// totals per OPD that capacity planning needs. The same rows feed the Markdown, the CSV and the
// HTML page, so the three can never disagree.
import { isoSeconds } from '../core/quarantine.ts';
import type { Lang, Text } from '../core/model.ts';
import type { PoolStats } from '../core/pool.ts';
import type { ReportData, ReportRequest } from './model.ts';
import { POOL_KIND_WORDS, groupDigits } from './pool-svg.ts';
import { NONE, STATE_WORDS, UNKNOWN, code, escapeMarkdown, formatTime, laporanPath, markdownTable, servicesText } from './format.ts';

export type InventoryColumn =
  | 'opd'
  | 'opdName'
  | 'request'
  | 'title'
  | 'state'
  | 'fqdn'
  | 'publicIpv4'
  | 'privateIpv4'
  | 'publicIpv6'
  | 'services'
  | 'rackUnits'
  | 'powerWatts'
  | 'letterNumber'
  | 'requested'
  | 'approved'
  | 'applied'
  | 'released'
  | 'movedFrom';

export const INVENTORY_COLUMNS: readonly { key: InventoryColumn; label: Text; numeric?: boolean }[] = [
  { key: 'opd', label: { en: 'OPD', id: 'OPD' } },
  { key: 'opdName', label: { en: 'OPD name', id: 'Nama OPD' } },
  { key: 'request', label: { en: 'Request', id: 'Permohonan' } },
  { key: 'title', label: { en: 'Title', id: 'Judul' } },
  { key: 'state', label: { en: 'State', id: 'Status' } },
  { key: 'fqdn', label: { en: 'DNS name', id: 'Nama DNS' } },
  { key: 'publicIpv4', label: { en: 'Public IPv4', id: 'IPv4 publik' } },
  { key: 'privateIpv4', label: { en: 'Private IPv4', id: 'IPv4 privat' } },
  { key: 'publicIpv6', label: { en: 'Public IPv6', id: 'IPv6 publik' } },
  { key: 'services', label: { en: 'Services', id: 'Layanan' } },
  { key: 'rackUnits', label: { en: 'Rack units (U)', id: 'Unit rak (U)' }, numeric: true },
  { key: 'powerWatts', label: { en: 'Power (W)', id: 'Daya (W)' }, numeric: true },
  { key: 'letterNumber', label: { en: 'Letter number', id: 'Nomor surat' } },
  { key: 'requested', label: { en: 'Requested', id: 'Diajukan' } },
  { key: 'approved', label: { en: 'Approved', id: 'Disetujui' } },
  { key: 'applied', label: { en: 'Applied', id: 'Diterapkan' } },
  { key: 'released', label: { en: 'Released', id: 'Dilepas' } },
  { key: 'movedFrom', label: { en: 'Moved from', id: 'Dipindah dari' } },
];

/**
 * How cells are written: `data` for machines (CSV: ISO-8601 UTC times, empty when unknown),
 * `display` for people (times in WITA, a dash or "unknown").
 */
export type CellStyle = 'data' | 'display';

export type InventoryRow = Record<InventoryColumn, string>;

/** ISO-8601 UTC without milliseconds, whatever offset git gave. */
function utc(iso: string | undefined): string {
  if (iso === undefined) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? isoSeconds(new Date(ms)) : '';
}

export function inventoryRow(request: ReportRequest, lang: Lang, style: CellStyle): InventoryRow {
  const { timeline, details } = request;
  const time = (iso: string | undefined) => (style === 'data' ? utc(iso) : formatTime(iso, lang));
  const value = (text: string | undefined) => text ?? (style === 'data' ? '' : NONE[lang]);
  const number = (n: number | undefined) => (n === undefined ? value(undefined) : String(n));
  // Unknown and not applicable differ: a date git could not tell vs. a step that has not happened.
  const when = (iso: string | undefined, happened: boolean) => (iso !== undefined ? time(iso) : happened && style === 'display' ? UNKNOWN[lang] : value(undefined));
  const past = request.state !== 'pending';
  return {
    opd: request.opd,
    opdName: request.opdName,
    request: request.id,
    title: value(request.title),
    state: STATE_WORDS[request.state][lang],
    fqdn: value(request.fqdn),
    publicIpv4: value(request.publicIpv4?.address),
    privateIpv4: value(request.privateIpv4?.address),
    publicIpv6: value(request.publicIpv6?.address),
    services: request.services.length > 0 ? servicesText(request.services, lang) : value(undefined),
    rackUnits: number(details?.rackUnits),
    powerWatts: number(details?.powerWatts),
    letterNumber: value(details?.letter.number),
    requested: when(timeline.requested?.at, true),
    approved: when(timeline.approved?.at, past),
    applied: when(timeline.applied?.at, past),
    released: when(timeline.released?.at, request.state === 'released'),
    movedFrom: timeline.moved ? timeline.moved.map((move) => move.from).join(', ') : value(undefined),
  };
}

export function inventoryHeader(lang: Lang): string[] {
  return INVENTORY_COLUMNS.map((c) => c.label[lang]);
}

export function inventoryRows(data: ReportData, lang: Lang, style: CellStyle): InventoryRow[] {
  return data.requests.map((r) => inventoryRow(r, lang, style));
}

export const TOTAL_WORD: Text = { en: 'Total', id: 'Jumlah' };

/** The per-OPD totals and the grand total, for capacity planning. */
export function capacityTotals(data: ReportData): { requests: number; rackUnits: number; powerWatts: number } {
  return data.opdTotals.reduce(
    (sum, t) => ({ requests: sum.requests + t.requests, rackUnits: sum.rackUnits + t.rackUnits, powerWatts: sum.powerWatts + t.powerWatts }),
    { requests: 0, rackUnits: 0, powerWatts: 0 },
  );
}

export const OPD_TOTAL_HEADER: readonly Text[] = [
  { en: 'OPD', id: 'OPD' },
  { en: 'OPD name', id: 'Nama OPD' },
  { en: 'Requests (active + pending)', id: 'Permohonan (aktif + menunggu)' },
  { en: 'Rack units (U)', id: 'Unit rak (U)' },
  { en: 'Power (W)', id: 'Daya (W)' },
];

export function stateCounts(data: ReportData, lang: Lang): string {
  const counts = new Map<string, number>();
  for (const r of data.requests) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  return (['active', 'pending', 'releasing', 'released'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${STATE_WORDS[s][lang]}`)
    .join(', ');
}

/** The pool's counts as text, digits grouped the language's way (an IPv6 pool's free count has 20 digits). */
export function poolCounts(pool: PoolStats, lang: Lang): { used: string; free: string; reserved: string; quarantined: string } {
  return {
    used: groupDigits(pool.usedCount, lang),
    free: groupDigits(pool.freeCount, lang),
    reserved: groupDigits(pool.reservedCount, lang),
    quarantined: groupDigits(pool.quarantinedCount, lang),
  };
}

export const POOLS_HEADING: Text = { en: 'Address pools', id: 'Pool alamat' };

export const POOL_HEADER: readonly Text[] = [
  { en: 'Pool', id: 'Pool' },
  { en: 'Kind', id: 'Jenis' },
  { en: 'Network', id: 'Jaringan' },
  { en: 'Used', id: 'Terpakai' },
  { en: 'Free', id: 'Bebas' },
  { en: 'Reserved', id: 'Dicadangkan' },
  { en: 'Quarantined', id: 'Karantina' },
  { en: 'Picture', id: 'Gambar' },
];

export function poolPictureFile(pool: Pick<PoolStats, 'name'>): string {
  return `pool-${pool.name}.svg`;
}

export function reportTitle(data: ReportData, lang: Lang): string {
  return lang === 'id' ? `Inventaris colocation server, stack ${data.stack} (${data.zone})` : `Colocation server inventory, stack ${data.stack} (${data.zone})`;
}

/** Why some dates are unknown, or undefined when git told everything it could. */
export function historyNote(data: Pick<ReportData, 'historyKnown' | 'historyShallow'>, lang: Lang): string | undefined {
  if (data.historyKnown && !data.historyShallow) return undefined;
  if (data.historyKnown) {
    return lang === 'id'
      ? 'Repositori ini hasil clone dangkal (shallow): commit lama tidak tersedia, sehingga sebagian tanggal tidak diketahui. Ambil riwayat lengkap (git fetch --unshallow) lalu buat laporan lagi.'
      : 'This repository is a shallow clone: older commits are missing, so some dates are unknown. Fetch the full history (git fetch --unshallow) and make the report again.';
  }
  return lang === 'id'
    ? 'Repositori ini bukan repositori git: tanggal pengajuan dan persetujuan tidak diketahui; tanggal penerapan dan pelepasan diambil dari ledger.'
    : 'This repository is not a git repository: request and approval dates are unknown; apply and release dates come from the ledger.';
}

export function buildInventoryMarkdown(data: ReportData, lang: Lang): string {
  const id = lang === 'id';
  const rows = inventoryRows(data, lang, 'display');
  const lines: string[] = [
    `# ${escapeMarkdown(reportTitle(data, lang))}`,
    '',
    `${id ? 'Dibuat' : 'Generated'}: ${formatTime(data.generatedAt, lang)}. ${data.requests.length} ${id ? 'permohonan' : 'request(s)'}${data.requests.length > 0 ? `: ${stateCounts(data, lang)}` : ''}.`,
    '',
  ];
  const note = historyNote(data, lang);
  if (note) lines.push(`> ${note}`, '');
  lines.push(`## ${id ? 'Permohonan' : 'Requests'}`, '');
  if (rows.length === 0) lines.push(id ? 'Belum ada permohonan.' : 'No requests yet.');
  else {
    lines.push(
      markdownTable(
        [...inventoryHeader(lang), id ? 'Laporan' : 'Report'],
        rows.map((row, index) => {
          const request = data.requests[index]!;
          return [
            ...INVENTORY_COLUMNS.map((c) => {
              const cell = row[c.key];
              const isAddress = c.key === 'publicIpv4' || c.key === 'privateIpv4' || c.key === 'publicIpv6' || c.key === 'fqdn' || c.key === 'request';
              return isAddress && cell !== NONE[lang] ? code(cell) : escapeMarkdown(cell);
            }),
            `[${id ? 'laporan' : 'report'}](${laporanPath(request.id)})`,
          ];
        }),
        [...INVENTORY_COLUMNS.map((c) => (c.numeric ? ('r' as const) : ('l' as const))), 'l'],
      ),
    );
  }
  lines.push('', `## ${id ? 'Total per OPD (perencanaan kapasitas)' : 'Totals per OPD (capacity planning)'}`, '');
  const totals = capacityTotals(data);
  lines.push(
    markdownTable(
      OPD_TOTAL_HEADER.map((h) => h[lang]),
      [
        ...data.opdTotals.map((t) => [code(t.opd), escapeMarkdown(t.opdName), String(t.requests), String(t.rackUnits), String(t.powerWatts)]),
        [`**${TOTAL_WORD[lang]}**`, '', `**${totals.requests}**`, `**${totals.rackUnits}**`, `**${totals.powerWatts}**`],
      ],
      ['l', 'l', 'r', 'r', 'r'],
    ),
  );
  lines.push('', `## ${POOLS_HEADING[lang]}`, '');
  lines.push(
    markdownTable(
      POOL_HEADER.map((h) => h[lang]),
      data.pools.map((pool) => {
        const c = poolCounts(pool, lang);
        return [code(pool.name), POOL_KIND_WORDS[pool.field][lang], code(pool.cidr), c.used, c.free, c.reserved, c.quarantined, `[${poolPictureFile(pool)}](${poolPictureFile(pool)})`];
      }),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  for (const pool of data.pools) lines.push('', `![${pool.name}](${poolPictureFile(pool)})`);
  return `${lines.join('\n')}\n`;
}
