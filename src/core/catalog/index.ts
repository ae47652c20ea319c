// The message catalog: every KLK code kolokasi can print, with its summary, text and hint in
// English and Indonesian. One file per range of codes; this index joins them and is the only
// way to them, so a code missing here does not compile.
import type { Diagnostic, Severity, Text } from '../model.ts';
import type { CatalogEntry } from '../messages.ts';
import { YAML_MESSAGES } from './yaml.ts';
import { SCHEMA_MESSAGES } from './schema.ts';
import { POLICY_MESSAGES } from './policy.ts';
import { LEDGER_MESSAGES } from './ledger.ts';
import { ALLOCATION_MESSAGES } from './allocation.ts';
import { SAFETY_MESSAGES } from './safety.ts';
import { RENDER_MESSAGES } from './render.ts';
import { STACK_MESSAGES } from './stack.ts';
import { FLOW_MESSAGES } from './flow.ts';
import { GATEWAY_MESSAGES } from './gateway.ts';

export const CATALOG = {
  ...YAML_MESSAGES,
  ...SCHEMA_MESSAGES,
  ...POLICY_MESSAGES,
  ...LEDGER_MESSAGES,
  ...ALLOCATION_MESSAGES,
  ...SAFETY_MESSAGES,
  ...RENDER_MESSAGES,
  ...STACK_MESSAGES,
  ...FLOW_MESSAGES,
  ...GATEWAY_MESSAGES,
};

type Catalog = typeof CATALOG;
export type Code = keyof Catalog;
/** The facts code C's text and hint are written from. */
export type FactsOf<C extends Code> = Catalog[C] extends CatalogEntry<infer Args> ? Args : never;

/** Code C's text and hint for these facts. */
export function said<C extends Code>(code: C, ...facts: FactsOf<C>): { code: C; message: Text; hint: Text } {
  const entry = CATALOG[code] as unknown as CatalogEntry<FactsOf<C>>;
  return { code, message: entry.text(...facts), hint: entry.hint(...facts) };
}

/** Where in a file a diagnostic points: line and column (1-based, absent for the whole file) and the JSON pointer. */
export interface Place {
  file: string;
  at?: { line: number; col: number } | undefined;
  path?: string;
}

/** A diagnostic of code C at `place`, its wording from the catalog. */
export function report<C extends Code>(code: C, place: Place, ...facts: FactsOf<C>): Diagnostic {
  return reportAs('error', code, place, ...facts);
}

/** As `report`, at another severity. */
export function reportAs<C extends Code>(severity: Severity, code: C, place: Place, ...facts: FactsOf<C>): Diagnostic {
  const { message, hint } = said(code, ...facts);
  return { code, severity, file: place.file, line: place.at?.line ?? 0, col: place.at?.col ?? 0, path: place.path ?? '', message, hint };
}

/** The README's anchor for code C: each row of its table of codes carries it. */
export function docsAnchor(code: Code): string {
  return `README.md#${String(code).toLowerCase()}`;
}

/** Every code, in numeric order. */
export function allCodes(): Code[] {
  return (Object.keys(CATALOG) as Code[]).sort();
}
