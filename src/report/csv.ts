// The inventory as CSV (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a
// comma, a double quote, CR or LF, a double quote inside written twice.
//
// Formula injection: spreadsheet programs run a cell that starts with = + - @ (and, in some, a tab
// or CR) as a formula, so a request title like `=HYPERLINK(...)` could act when the inventory is
// opened. Such a cell gets a leading apostrophe, which spreadsheets show as plain text
// (OWASP "CSV Injection"). No field kolokasi writes starts that way on its own: addresses, names and
// ISO dates never do, so the apostrophe only ever marks text that came from a request.
import type { Lang } from '../core/model.ts';
import type { ReportData } from './model.ts';
import { INVENTORY_COLUMNS, inventoryHeader, inventoryRows } from './inventory.ts';

/**
 * The byte order mark that tells Excel the file is UTF-8: without it Excel reads a CSV in the
 * system's ANSI code page and shows "é" as "Ã©" and "—" as "â€”". RFC 4180 readers that know
 * UTF-8 skip it (Python's utf-8-sig, LibreOffice, Google Sheets).
 */
export const UTF8_BOM = '\ufeff';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, guarded against formula injection and quoted when RFC 4180 needs it. */
export function csvField(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** The whole table; every record, the last included, ends with CRLF. */
export function buildCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => `${csvRecord(r)}\r\n`).join('');
}

/**
 * inventory.csv: a UTF-8 byte order mark, the header in the report's language, times as ISO-8601
 * UTC, unknown as empty.
 */
export function buildInventoryCsv(data: ReportData, lang: Lang): string {
  const rows = inventoryRows(data, lang, 'data').map((row) => INVENTORY_COLUMNS.map((c) => row[c.key]));
  return `${UTF8_BOM}${buildCsv(inventoryHeader(lang), rows)}`;
}
