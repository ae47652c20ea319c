// A pool drawn as a map: one cell per address, coloured by what it is (used, free, reserved,
// quarantined), labelled with its last octet (or last IPv6 group), with the holder in a tooltip.
// The SOP's "list of available public IPs" as a picture the applications division can read.
//
// Up to 4,096 addresses (a /20) every address gets a cell: 16 per row (a /28) up to a /24, 32 per
// row (a /27) above. A larger pool, an IPv6 /64 above all, cannot be drawn cell by cell: only the
// rows holding something other than free addresses are drawn, the stretches between them become one
// line each that counts what was left out, and the picture says so.
import type { Lang, Text } from '../core/model.ts';
import { addressToBigint, bigintToAddress, type Family } from '../core/ip.ts';
import type { AddressField, BlockReason, PoolStats } from '../core/pool.ts';
import { BLOCK_REASON_WORDS, fieldWords } from '../core/catalog/words.ts';
import { escapeXml, formatTime } from './format.ts';
import { compareBigint } from '../core/order.ts';

export type CellState = 'used' | 'free' | 'reserved' | 'quarantined';

export interface PoolCell {
  value: bigint;
  address: string;
  state: CellState;
  /** The holder, for used and quarantined addresses. */
  request?: string;
  reason?: BlockReason;
  /** The `reserved:` entry, when a reserved range covers the address. */
  entry?: string;
  /** For quarantined addresses: when they become free. */
  freeFrom?: string;
}

export interface PoolRow {
  kind: 'row';
  first: bigint;
  cells: PoolCell[];
}

/** A stretch of rows not drawn, with what it holds. */
export interface PoolGap {
  kind: 'gap';
  first: bigint;
  last: bigint;
  free: bigint;
  reserved: bigint;
}

export interface PoolLayout {
  family: Family;
  columns: number;
  /** Prefix length of one row, e.g. 28 for 16 IPv4 addresses. */
  rowPrefix: number;
  /** True when every address has its cell. */
  complete: boolean;
  lines: (PoolRow | PoolGap)[];
  /** Rows with something to show that were left out past the cap. */
  rowsNotDrawn: number;
}

/** Pools up to this many addresses are drawn whole. */
export const COMPLETE_LIMIT = 4096n;
/** At most this many rows are drawn of a pool too large to draw whole. */
export const SPARSE_ROW_LIMIT = 64;

export const CELL_COLOURS: Record<CellState, { fill: string; stroke: string; text: string }> = {
  used: { fill: '#1d4ed8', stroke: '#1e3a8a', text: '#ffffff' },
  free: { fill: '#dcfce7', stroke: '#86efac', text: '#166534' },
  reserved: { fill: '#9ca3af', stroke: '#6b7280', text: '#111827' },
  quarantined: { fill: '#f59e0b', stroke: '#b45309', text: '#111827' },
};

const PRIVATE_IPV4_WORDS = fieldWords('privateIpv4');

/** What a pool is for, by the address field it serves: the private pool is the colocation LAN. */
export const POOL_KIND_WORDS: Record<AddressField, Text> = {
  publicIpv4: fieldWords('publicIpv4'),
  publicIpv6: fieldWords('publicIpv6'),
  privateIpv4: { en: `${PRIVATE_IPV4_WORDS.en}, colocation LAN`, id: `${PRIVATE_IPV4_WORDS.id}, LAN colocation` },
};

// IPv6 has no broadcast address; what it never hands out is the subnet-router anycast address
// (RFC 4291 2.6.1), so each family's legend names its own kind.
const STATE_LABELS: Record<Family, Record<CellState, Text>> = {
  4: {
    used: { en: 'used', id: 'terpakai' },
    free: { en: 'free', id: 'bebas' },
    reserved: { en: 'reserved (network, broadcast, gateway, reserved)', id: 'dicadangkan (jaringan, broadcast, gateway, cadangan)' },
    quarantined: { en: 'quarantined', id: 'karantina' },
  },
  6: {
    used: { en: 'used', id: 'terpakai' },
    free: { en: 'free', id: 'bebas' },
    reserved: { en: 'reserved (subnet-router anycast, gateway, reserved)', id: 'dicadangkan (anycast subnet-router, gateway, cadangan)' },
    quarantined: { en: 'quarantined', id: 'karantina' },
  },
};

interface Range {
  first: bigint;
  last: bigint;
  reason: BlockReason;
  entry?: string;
}

interface PoolIndex {
  family: Family;
  first: bigint;
  last: bigint;
  used: Map<bigint, string>;
  quarantined: Map<bigint, { request: string; freeFrom: string }>;
  reserved: Range[];
}

function indexPool(pool: PoolStats): PoolIndex {
  const [network = '', prefixText = '0'] = pool.cidr.split('/');
  const first = addressToBigint(network);
  const bits = pool.family === 4 ? 32 : 128;
  const last = first + (1n << BigInt(bits - Number(prefixText))) - 1n;
  return {
    family: pool.family,
    first,
    last,
    used: new Map(pool.used.map((u) => [addressToBigint(u.address), u.request])),
    quarantined: new Map(pool.quarantined.map((q) => [addressToBigint(q.address), { request: q.request, freeFrom: q.freeFrom }])),
    reserved: pool.reserved.map((r) => ({ first: addressToBigint(r.first), last: addressToBigint(r.last), reason: r.reason, ...(r.entry !== undefined ? { entry: r.entry } : {}) })),
  };
}

function cellOf(index: PoolIndex, value: bigint): PoolCell {
  const address = bigintToAddress(index.family, value);
  const request = index.used.get(value);
  if (request !== undefined) return { value, address, state: 'used', request };
  const quarantine = index.quarantined.get(value);
  if (quarantine) return { value, address, state: 'quarantined', request: quarantine.request, freeFrom: quarantine.freeFrom };
  // The specific reason wins: "gateway" says more than "inside reserved 203.0.113.0/29".
  let found: Range | undefined;
  for (const range of index.reserved) {
    if (value >= range.first && value <= range.last && (!found || range.reason !== 'reserved')) found = range;
  }
  if (found) return { value, address, state: 'reserved', reason: found.reason, ...(found.entry !== undefined ? { entry: found.entry } : {}) };
  return { value, address, state: 'free' };
}

function row(index: PoolIndex, first: bigint, columns: number): PoolRow {
  const cells: PoolCell[] = [];
  for (let i = 0n; i < BigInt(columns); i++) {
    const value = first + i;
    if (value > index.last) break;
    cells.push(cellOf(index, value));
  }
  return { kind: 'row', first, cells };
}

/** Reserved addresses between first and last, counted over the merged reserved ranges. */
function reservedWithin(index: PoolIndex, first: bigint, last: bigint): bigint {
  const ranges = [...index.reserved].sort((a, b) => compareBigint(a.first, b.first));
  let count = 0n;
  let cursor = first;
  for (const range of ranges) {
    const from = range.first > cursor ? range.first : cursor;
    const to = range.last < last ? range.last : last;
    if (from <= to) {
      count += to - from + 1n;
      cursor = to + 1n;
    }
  }
  return count;
}

function log2(n: number): number {
  return Math.round(Math.log2(n));
}

export function layoutPool(pool: PoolStats): PoolLayout {
  const index = indexPool(pool);
  const size = index.last - index.first + 1n;
  const bits = pool.family === 4 ? 32 : 128;
  const wide = pool.family === 4 && size > 256n;
  const columns = Number(size < BigInt(wide ? 32 : 16) ? size : BigInt(wide ? 32 : 16));
  const rowPrefix = bits - log2(columns);
  const width = BigInt(columns);
  if (size <= COMPLETE_LIMIT) {
    const lines: PoolRow[] = [];
    for (let first = index.first; first <= index.last; first += width) lines.push(row(index, first, columns));
    return { family: pool.family, columns, rowPrefix, complete: true, lines, rowsNotDrawn: 0 };
  }
  // Rows worth drawing: those holding a used or quarantined address, and the ends of reserved
  // ranges (the network, the gateway, a reserved block's edges).
  const rowOf = (value: bigint) => index.first + ((value - index.first) / width) * width;
  const wanted = new Set<bigint>();
  for (const value of [...index.used.keys(), ...index.quarantined.keys()]) wanted.add(rowOf(value));
  for (const range of index.reserved) {
    wanted.add(rowOf(range.first));
    wanted.add(rowOf(range.last));
  }
  const sorted = [...wanted].sort(compareBigint);
  const drawn = sorted.slice(0, SPARSE_ROW_LIMIT);
  const lines: (PoolRow | PoolGap)[] = [];
  const gap = (first: bigint, last: bigint) => {
    if (first > last) return;
    const reserved = reservedWithin(index, first, last);
    lines.push({ kind: 'gap', first, last, free: last - first + 1n - reserved, reserved });
  };
  let cursor = index.first;
  for (const first of drawn) {
    gap(cursor, first - 1n);
    lines.push(row(index, first, columns));
    cursor = first + width;
  }
  gap(cursor, index.last);
  return { family: pool.family, columns, rowPrefix, complete: false, lines, rowsNotDrawn: sorted.length - drawn.length };
}

// ---------------------------------------------------------------- drawing

/** Digits grouped the way each language writes them: 18.446.744.073.709.551.616 / 18,446,... */
export function groupDigits(value: bigint | number, lang: Lang): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'id' ? '.' : ',');
}

function cellLabel(cell: PoolCell, family: Family): string {
  if (family === 4) return cell.address.slice(cell.address.lastIndexOf('.') + 1);
  return (cell.value & 0xffffn).toString(16);
}

function cellTooltip(cell: PoolCell, lang: Lang): string {
  const id = lang === 'id';
  switch (cell.state) {
    case 'used':
      return `${cell.address}: ${id ? 'terpakai oleh' : 'used by'} ${cell.request}`;
    case 'quarantined':
      return `${cell.address}: ${id ? 'karantina, dilepas oleh' : 'quarantined, released by'} ${cell.request}; ${id ? 'bebas mulai' : 'free from'} ${formatTime(cell.freeFrom, lang)}`;
    case 'reserved': {
      const reason = BLOCK_REASON_WORDS[cell.reason ?? 'reserved'][lang];
      return `${cell.address}: ${reason}${cell.entry !== undefined && cell.entry.includes('/') ? ` (${cell.entry})` : ''}`;
    }
    default:
      return `${cell.address}: ${id ? 'bebas' : 'free'}`;
  }
}

export interface PoolSvgOptions {
  lang: Lang;
  /** ISO-8601: the moment the picture describes. */
  generatedAt?: string;
}

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const MONO = "'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace";
const MARGIN = 20;
const GAP = 2;

/** The pool as a standalone SVG document (also inlined, without its XML declaration, in index.html). */
export function buildPoolSvg(pool: PoolStats, options: PoolSvgOptions): string {
  const { lang } = options;
  const id = lang === 'id';
  const layout = layoutPool(pool);
  const cell = layout.columns > 16 ? 22 : 34;
  const cellFont = layout.columns > 16 ? 8.5 : 11;
  const rowLabel = (first: bigint) => `${bigintToAddress(pool.family, first)}/${layout.rowPrefix}`;
  const longestLabel = Math.max(...layout.lines.filter((l): l is PoolRow => l.kind === 'row').map((l) => rowLabel(l.first).length), 8);
  const labelWidth = Math.ceil(longestLabel * 7.2) + 12;
  const gridLeft = MARGIN + labelWidth;
  const gridWidth = layout.columns * (cell + GAP);
  const width = Math.max(gridLeft + gridWidth + MARGIN, 480);
  const prefix = `pool-${pool.name}`;
  const parts: string[] = [];
  let y = MARGIN;

  const text = (x: number, baseline: number, content: string, attributes = '') =>
    `<text x="${x}" y="${baseline}"${attributes}>${escapeXml(content)}</text>`;

  y += 18;
  parts.push(text(MARGIN, y, `Pool ${pool.name}: ${pool.cidr}`, ' font-size="18" font-weight="bold" fill="#111827"'));
  y += 20;
  const size = groupDigits(pool.size, lang);
  const caption = [
    POOL_KIND_WORDS[pool.field][lang],
    `gateway ${pool.gateway}`,
    `${size} ${id ? 'alamat' : 'addresses'}`,
    ...(options.generatedAt !== undefined ? [`${id ? 'keadaan per' : 'as of'} ${formatTime(options.generatedAt, lang)}`] : []),
  ].join(' · ');
  parts.push(text(MARGIN, y, caption, ' font-size="12" fill="#374151"'));

  // Legend: one swatch per state with its count (the pool's counts, as `kolokasi pool` gives them).
  y += 10;
  const counts: Record<CellState, bigint> = {
    used: BigInt(pool.usedCount),
    free: pool.freeCount,
    reserved: pool.reservedCount,
    quarantined: BigInt(pool.quarantinedCount),
  };
  const legendOrder: CellState[] = ['used', 'free', 'reserved', 'quarantined'];
  for (const state of legendOrder) {
    const colours = CELL_COLOURS[state];
    parts.push(
      `<g data-legend="${state}"><rect x="${MARGIN}" y="${y}" width="14" height="14" rx="2" fill="${colours.fill}" stroke="${colours.stroke}"/>` +
        text(MARGIN + 20, y + 11.5, `${STATE_LABELS[pool.family][state][lang]}: ${groupDigits(counts[state], lang)}`, ' font-size="12" fill="#111827"') +
        '</g>',
    );
    y += 19;
  }
  y += 4;

  const notes: string[] = [];
  if (!layout.complete) {
    notes.push(
      id
        ? `Pool ini terlalu besar untuk digambar per alamat (${size} alamat): hanya baris berisi alamat terpakai, karantina atau dicadangkan yang digambar; bagian lain diringkas.`
        : `This pool is too large to draw address by address (${size} addresses): only rows holding used, quarantined or reserved addresses are drawn; the rest is summarised.`,
    );
  }
  if (layout.rowsNotDrawn > 0) {
    notes.push(
      id
        ? `${groupDigits(layout.rowsNotDrawn, lang)} baris lain berisi alamat tidak digambar (batas ${SPARSE_ROW_LIMIT} baris); lihat kolokasi pool.`
        : `${groupDigits(layout.rowsNotDrawn, lang)} more rows with addresses are not drawn (limit ${SPARSE_ROW_LIMIT} rows); see kolokasi pool.`,
    );
  }
  for (const note of notes) {
    for (const line of wrap(note, charsPerLine(width - MARGIN * 2, 11))) {
      parts.push(text(MARGIN, y + 12, line, ' font-size="11" fill="#92400e"'));
      y += 15;
    }
    y += 4;
  }
  y += 6;

  // Column headers: the offset within the row, so a cell's address can be read off the picture too.
  for (let c = 0; c < layout.columns; c++) {
    const x = gridLeft + c * (cell + GAP) + cell / 2;
    parts.push(text(x, y + 9, `+${pool.family === 4 ? c : c.toString(16)}`, ` font-size="${cellFont - 1}" fill="#6b7280" text-anchor="middle"`));
  }
  y += 14;

  parts.push(`<g data-grid="${escapeXml(pool.name)}">`);
  for (const line of layout.lines) {
    if (line.kind === 'gap') {
      const count = line.last - line.first + 1n;
      const what = [
        ...(line.free > 0n ? [`${groupDigits(line.free, lang)} ${id ? 'bebas' : 'free'}`] : []),
        ...(line.reserved > 0n ? [`${groupDigits(line.reserved, lang)} ${id ? 'dicadangkan' : 'reserved'}`] : []),
      ].join(', ');
      const words = `⋯ ${bigintToAddress(pool.family, line.first)} – ${bigintToAddress(pool.family, line.last)}: ${groupDigits(count, lang)} ${id ? 'alamat tidak digambar' : 'addresses not drawn'} (${what})`;
      y += 3;
      for (const part of wrap(words, charsPerLine(width - MARGIN * 2, 11))) {
        parts.push(text(MARGIN, y + 12, part, ' font-size="11" font-style="italic" fill="#4b5563" data-gap="true"'));
        y += 15;
      }
      y += 5;
      continue;
    }
    // A little air before each /24 of a larger IPv4 pool, so the eye finds the third octet's blocks.
    if (pool.family === 4 && layout.columns > 16 && line.first !== layout.lines[0]?.first && (line.first & 0xffn) === 0n) y += 6;
    parts.push(text(gridLeft - 8, y + cell / 2 + 4, rowLabel(line.first), ` font-size="11" font-family="${MONO}" fill="#374151" text-anchor="end"`));
    line.cells.forEach((c, i) => {
      const x = gridLeft + i * (cell + GAP);
      const colours = CELL_COLOURS[c.state];
      parts.push(
        `<g><title>${escapeXml(cellTooltip(c, lang))}</title>` +
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" rx="3" fill="${colours.fill}" stroke="${colours.stroke}" data-address="${escapeXml(c.address)}" data-state="${c.state}"${c.request !== undefined ? ` data-request="${escapeXml(c.request)}"` : ''}/>` +
          text(x + cell / 2, y + cell / 2 + cellFont / 2 - 1, cellLabel(c, pool.family), ` font-size="${cellFont}" fill="${colours.text}" text-anchor="middle"`) +
          '</g>',
      );
    });
    y += cell + GAP;
  }
  parts.push('</g>');
  const height = y + MARGIN;

  const summary = legendOrder.map((s) => `${STATE_LABELS[pool.family][s][lang]} ${groupDigits(counts[s], lang)}`).join(', ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${FONT}">`,
    `<title id="${prefix}-title">${escapeXml(`Pool ${pool.name} ${pool.cidr}`)}</title>`,
    `<desc id="${prefix}-desc">${escapeXml(summary)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** How many characters of a sans-serif font of this size fit a width, on the safe side. */
function charsPerLine(width: number, fontSize: number): number {
  return Math.max(20, Math.floor(width / (fontSize * 0.6)));
}

/** Words to lines of at most `max` characters (a longer word stands alone on its line). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** The SVG without its XML declaration, for inlining in HTML. */
export function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*\?>\s*/, '');
}
