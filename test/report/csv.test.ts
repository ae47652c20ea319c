// The CSV writer against RFC 4180 as Python's csv module reads it (strict quoting), with the
// spreadsheet formula guard, and the inventory round-tripping through it.
import { describe, expect, it } from 'vitest';
import { UTF8_BOM, buildCsv, buildInventoryCsv, csvField } from '../../src/report/csv.ts';
import { INVENTORY_COLUMNS, inventoryHeader, inventoryRows } from '../../src/report/inventory.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { desiredState } from '../../src/core/desired.ts';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import { validateRepository } from '../../src/core/pipeline.ts';
import { readRepository } from '../../src/io/repository.ts';
import { PROJECT_ROOT } from '../helpers/repo.ts';
import { parseCsv, python } from './tools.ts';

const HOSTILE = [
  'plain',
  'with, comma',
  'with "quotes"',
  'two\nlines',
  'carriage\r\nreturn',
  '=HYPERLINK("http://example.invalid","click")',
  '+62 811 5400 123',
  '-1+1',
  '@SUM(A1:A2)',
  '\tTAB',
  '',
  'unicode: Pemerintah Kota Tarakan — ñ 漢字',
];

/** What a spreadsheet must show: the text, with an apostrophe before a formula start. */
function guarded(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

describe('csv', () => {
  it('quotes only what needs quoting and guards formula starts', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('with, comma')).toBe('"with, comma"');
    expect(csvField('with "quotes"')).toBe('"with ""quotes"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvField('-')).toBe("'-");
    expect(csvField('2001:db8::1')).toBe('2001:db8::1');
    expect(buildCsv(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });

  it('is read back field for field by an independent RFC 4180 parser', (context) => {
    if (!python().available) return context.skip(python().reason);
    const rows = [HOSTILE, [...HOSTILE].reverse()];
    expect(parseCsv(buildCsv(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10', 'h11', 'h12'], rows))).toEqual([
      ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10', 'h11', 'h12'],
      ...rows.map((r) => r.map(guarded)),
    ]);
  });

  async function exampleData() {
    const sources = await readRepository(PROJECT_ROOT, 'dev');
    const validated = validateRepository(sources);
    const config = validated.stack!.config;
    const now = new Date('2026-11-27T00:00:00Z');
    const ledger = allocate({ config, requests: validated.requests, ledger: emptyLedger('dev'), now: new Date('2026-11-20T00:00:00Z') }).ledger;
    const data = assembleReport({ stack: 'dev', config, registry: validated.registry!, requests: validated.requests, ledger, desired: desiredState('dev', config, validated.requests, ledger), now });
    return { data, validated };
  }

  it('starts the inventory with one UTF-8 byte order mark, so Excel reads "é" and "—" as written', async () => {
    const { data } = await exampleData();
    const request = data.requests[0]!;
    const accented = { ...data, requests: [{ ...request, opdName: 'Dinas Pariwisata — Café Kota' }] };
    const bytes = Buffer.from(buildInventoryCsv(accented, 'id'), 'utf8');
    // EF BB BF: the mark Excel looks for before it reads a CSV as UTF-8 instead of the ANSI code page.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 6).toString('utf8')).toBe('OPD');
    expect(bytes.indexOf(Buffer.from(UTF8_BOM, 'utf8'), 3)).toBe(-1);
    expect(bytes.includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xe2, 0x80, 0x94]))).toBe(true);
  });

  it('round-trips the inventory of the example repository', async (context) => {
    if (!python().available) return context.skip(python().reason);
    const { data, validated } = await exampleData();
    for (const lang of ['id', 'en'] as const) {
      const expected = [inventoryHeader(lang), ...inventoryRows(data, lang, 'data').map((row) => INVENTORY_COLUMNS.map((c) => guarded(row[c.key])))];
      const parsed = parseCsv(buildInventoryCsv(data, lang));
      expect(parsed).toEqual(expected);
      expect(parsed).toHaveLength(validated.requests.length + 1);
    }
  });
});
