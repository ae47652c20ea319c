// The README's table of codes, made from the message catalog so that the two cannot drift.
// Each row carries an anchor (README.md#klk216) that a message or a reviewer can link to.
import { allCodes, CATALOG, docsAnchor, type Code } from '../core/catalog/index.ts';
import type { CatalogEntry } from '../core/messages.ts';

export const CODES_TABLE_BEGIN = '<!-- codes:begin (made by `npm run docs`; edit src/core/catalog/, not here) -->';
export const CODES_TABLE_END = '<!-- codes:end -->';

/** A table cell: a pipe would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function formatCodesTable(): string {
  const rows = allCodes().map((code: Code) => {
    const { summary } = CATALOG[code] as CatalogEntry<never[]>;
    const anchor = docsAnchor(code).slice(docsAnchor(code).indexOf('#') + 1);
    return `| <a id="${anchor}"></a>${String(code)} | ${cell(summary.en)} | ${cell(summary.id)} |`;
  });
  return [CODES_TABLE_BEGIN, '| code | meaning | arti |', '| --- | --- | --- |', ...rows, CODES_TABLE_END].join('\n');
}

/** The README with its table of codes made anew; undefined when the markers are missing. */
export function withCodesTable(readme: string): string | undefined {
  const begin = readme.indexOf(CODES_TABLE_BEGIN);
  const end = readme.indexOf(CODES_TABLE_END);
  if (begin < 0 || end < begin) return undefined;
  return `${readme.slice(0, begin)}${formatCodesTable()}${readme.slice(end + CODES_TABLE_END.length)}`;
}
