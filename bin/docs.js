#!/usr/bin/env node
// `npm run docs`: writes the README's table of diagnostic codes from the message catalog
// (src/core/catalog/). test/core/catalog-readme.test.ts fails while the README differs from it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register();
const { withCodesTable } = await import('../src/format/codes-table.ts');
const file = path.join(root, 'README.md');
const before = readFileSync(file, 'utf8');
const after = withCodesTable(before);
if (after === undefined) {
  process.stderr.write('README.md has no codes:begin / codes:end markers around the table of codes\n');
  process.exit(2);
}
if (after !== before) writeFileSync(file, after);
process.stdout.write(after === before ? 'README.md: table of codes unchanged\n' : 'README.md: table of codes written\n');
