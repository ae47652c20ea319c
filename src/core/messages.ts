// What a code says: one entry per KLK code, its summary for the README's table, its message and
// its hint in both languages. The catalog (core/catalog/) holds every entry; a call site names a
// code and passes the facts, so the wording of a code lives in one place whoever reports it.
import type { Text } from './model.ts';

export interface CatalogEntry<Args extends unknown[] = []> {
  /** What the code means, in one line: the README's table of codes is made from it. */
  summary: Text;
  text(...args: Args): Text;
  hint(...args: Args): Text;
}

/** An entry, typed by the facts its text and hint take. */
export function entry<Args extends unknown[] = []>(value: CatalogEntry<Args>): CatalogEntry<Args> {
  return value;
}
