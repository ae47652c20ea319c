// Small text helpers shared by the report builders: escaping for each output language, times in
// Tarakan's time zone, durations, and the words for states and access.
import type { Lang, Text } from '../core/model.ts';
import type { RequestState, ReportService } from './model.ts';

/** Tarakan (North Kalimantan) keeps WITA, UTC+8, with no daylight saving: a fixed offset is exact. */
const WITA_OFFSET_MS = 8 * 3_600_000;

/** `2026-11-20 16:00 WITA`, the way a letter from the department would write a time. */
export function formatTime(iso: string | undefined, lang: Lang): string {
  if (iso === undefined) return UNKNOWN[lang];
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return UNKNOWN[lang];
  const local = new Date(ms + WITA_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} WITA`;
}

export const UNKNOWN: Text = { en: 'unknown', id: 'tidak diketahui' };
export const NONE: Text = { en: '—', id: '—' };

/** Minutes between two ISO times, or undefined when either is unknown or the order is wrong. */
export function minutesBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return undefined;
  return (b - a) / 60_000;
}

/** `2 hari 3 jam 5 menit` / `2 d 3 h 5 min`; under a minute as seconds. */
export function formatDuration(minutes: number | undefined, lang: Lang): string {
  if (minutes === undefined) return UNKNOWN[lang];
  if (minutes < 1) {
    const seconds = Math.round(minutes * 60);
    return lang === 'id' ? `${seconds} detik` : `${seconds} s`;
  }
  let rest = Math.round(minutes);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  const units = lang === 'id' ? ['hari', 'jam', 'menit'] : ['d', 'h', 'min'];
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${units[0]}`);
  if (hours > 0) parts.push(`${hours} ${units[1]}`);
  if (mins > 0 || parts.length === 0) parts.push(`${mins} ${units[2]}`);
  return parts.join(' ');
}

export const STATE_WORDS: Record<RequestState, Text> = {
  active: { en: 'active', id: 'aktif' },
  pending: { en: 'awaiting apply', id: 'menunggu penerapan' },
  releasing: { en: 'to be released', id: 'akan dilepas' },
  released: { en: 'released', id: 'dilepas' },
};

export function portText(service: Pick<ReportService, 'portFrom' | 'portTo' | 'protocol'>): string {
  const ports = service.portFrom === service.portTo ? `${service.portFrom}` : `${service.portFrom}-${service.portTo}`;
  return `${ports}/${service.protocol}`;
}

/** Who may reach a service, in words. */
export function accessText(service: ReportService, lang: Lang): string {
  if (service.access === 'public') return lang === 'id' ? 'publik (seluruh internet)' : 'public (the whole internet)';
  const list = service.sources.join(', ');
  if (service.access === 'intranet') return lang === 'id' ? `intranet kota (${list})` : `city intranet (${list})`;
  return list;
}

/** One line per service for tables: `https 443/tcp: publik; ssh 22/tcp: 10.10.0.0/16`. */
export function servicesText(services: readonly ReportService[], lang: Lang): string {
  return services.map((s) => `${s.name} ${portText(s)}: ${s.access === 'public' ? (lang === 'id' ? 'publik' : 'public') : s.access === 'intranet' ? 'intranet' : s.sources.join(' ')}`).join('; ');
}

// ---------------------------------------------------------------- escaping

/** Text for XML or HTML element content and attribute values. */
/** Any character escapeXml changes; most texts have none and are returned as they are. */
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    // Control characters are not allowed in XML 1.0 at all; validated input has none, but a
    // report must stay well-formed whatever reached it.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

/**
 * Text for a Markdown table cell or paragraph: Markdown and HTML syntax is escaped, so a title
 * cannot become a link, an image or markup, and a pipe cannot split a cell.
 */
/** Any character escapeMarkdown changes. */
const MARKDOWN_SPECIAL = /[\r\n\\`*_[\]|<>~]/;

export function escapeMarkdown(text: string): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]|<>~])/g, '\\$1');
}

/** Inline code in Markdown: for addresses, names and paths, which never hold a backtick. */
export function code(text: string): string {
  return text.includes('`') ? escapeMarkdown(text) : `\`${text}\``;
}

/** A Markdown table from a header and rows of already escaped cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** File name of a request's installation report (Markdown, or the printable HTML page), relative to the report directory. */
export function laporanPath(id: string, format: 'md' | 'html' = 'md'): string {
  return `laporan/${id.replace('/', '-')}.${format}`;
}
