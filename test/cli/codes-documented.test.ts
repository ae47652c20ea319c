// Every diagnostic code kolokasi can print is explained in the README's table, which is made from
// the message catalog (npm run docs); test/core/catalog.test.ts holds the catalog to the codes the
// source reports.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../../src/core/catalog/index.ts';
import { CODES_TABLE_BEGIN, CODES_TABLE_END, formatCodesTable, withCodesTable } from '../../src/format/codes-table.ts';
import { PROJECT_ROOT } from '../helpers/repo.ts';

const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

describe('the README table of codes', () => {
  it('is the one the catalog makes (run npm run docs after changing src/core/catalog/)', () => {
    const table = readme.slice(readme.indexOf(CODES_TABLE_BEGIN), readme.indexOf(CODES_TABLE_END) + CODES_TABLE_END.length);
    expect(table).toBe(formatCodesTable());
  });

  it('has one row with an anchor per code of the catalog', () => {
    const rows = [...readme.matchAll(/^\| <a id="(klk\d{3})"><\/a>(KLK\d{3}) \|/gm)];
    expect(rows.map((m) => m[2])).toEqual(allCodes());
    expect(rows.every((m) => m[1] === m[2]!.toLowerCase())).toBe(true);
    expect(allCodes().length).toBeGreaterThan(90);
  });

  it('is written anew between its markers and nowhere else', () => {
    const stale = `intro\n${CODES_TABLE_BEGIN}\n| KLK000 | gone |\n${CODES_TABLE_END}\nafter\n`;
    expect(withCodesTable(stale)).toBe(`intro\n${formatCodesTable()}\nafter\n`);
    expect(withCodesTable('no markers')).toBeUndefined();
  });
});
