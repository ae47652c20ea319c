// JSON Schema validation with ajv, turned into diagnostics that point at file:line:col.
// ajv-i18n supplies the Indonesian wording of ajv's own messages; the words of each code are the catalog's.
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import localizeIdModule from 'ajv-i18n/localize/id/index.js';
import type { Diagnostic, SourceFile, Text } from './model.ts';
import { report } from './catalog/index.ts';
import { escapePointer, locate, unescapePointer } from './yaml.ts';
import { explainLabel } from './labels.ts';
import { PLACEHOLDER } from './skeleton.ts';
import { nearestName } from './nearest.ts';
import { PRECOMPILED } from './precompiled-validators.ts';

// ajv-i18n is CommonJS; under ESM its function arrives as the default export.
const localizeId = localizeIdModule as unknown as (errors: ErrorObject[]) => void;

// ajv and ajv-formats (CommonJS) are loaded only when a schema is compiled: the compiled CLI
// carries its validators ready-made (precompiled-validators.ts), and then never loads them.
const loadCommonJs = createRequire(import.meta.url);

function newAjv(code?: Options['code']): Ajv2020 {
  const { Ajv2020: AjvClass } = loadCommonJs('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = loadCommonJs('ajv-formats') as typeof addFormatsModule.default;
  const made = new AjvClass({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, verbose: true, ...(code ? { code } : {}) });
  addFormats(made, ['date', 'date-time', 'email', 'ipv4', 'ipv6']);
  return made;
}

let ajv: Ajv2020 | undefined;

/**
 * Build time: one ES module with the validator of each schema (ajv standalone code), exporting
 * PRECOMPILED as precompiled-validators.ts does. bin/build.js puts it in place of that module.
 */
export function standaloneValidators(schemas: readonly { $id: string }[]): string {
  const standaloneCode = (loadCommonJs('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  const builder = newAjv({ source: true, esm: true });
  for (const schema of schemas) builder.addSchema(schema);
  const code = standaloneCode(builder, Object.fromEntries(schemas.map((schema, i) => [`validate${i}`, schema.$id])));
  return [
    // The generated code loads ajv's small runtime helpers with require().
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code.replace(/^"use strict";/, ''),
    `export const PRECOMPILED = { ${schemas.map((schema, i) => `${JSON.stringify(schema.$id)}: validate${i}`).join(', ')} };`,
    '',
  ].join('\n');
}

/** Enough to fix a file by; a file with thousands of errors is not worth listing in full. */
export const MAX_SCHEMA_DIAGNOSTICS = 50;

export type SchemaCheck = (value: unknown, source: SourceFile) => Diagnostic[];

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * A checker for one schema, compiled on its first use and once per schema object: modules make
 * their checkers when imported, and a command pays only for the schemas it checks against.
 */
export function makeValidator(schema: object): SchemaCheck {
  return (value, source) => {
    let check = compiled.get(schema);
    if (!check) {
      check = PRECOMPILED[(schema as { $id?: string }).$id ?? ''] ?? (ajv ??= newAjv()).compile(schema);
      compiled.set(schema, check);
    }
    if (check(value)) return [];
    return toDiagnostics(check.errors ?? [], value, source);
  };
}

function toDiagnostics(errors: ErrorObject[], value: unknown, source: SourceFile): Diagnostic[] {
  // A bad key is reported once, as an unknown field, not also by the pattern it failed.
  const all = collapseAlternatives(errors).filter((e) => e.keyword === 'propertyNames' || e.propertyName === undefined);
  // Duplicates are dropped below, so take some more than will be shown.
  const relevant = all.slice(0, MAX_SCHEMA_DIAGNOSTICS * 2);
  const indonesian = relevant.map((e) => ({ ...e, params: { ...e.params } }));
  localizeId(indonesian);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  let hidden = all.length - relevant.length;
  relevant.forEach((error, index) => {
    if (out.length >= MAX_SCHEMA_DIAGNOSTICS) {
      hidden++;
      return;
    }
    const made = fromError(error, indonesian[index]?.message ?? error.message ?? '', value, source);
    const key = `${made.code} ${made.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(made);
  });
  if (hidden > 0) {
    out.push(report('KLK108', { file: source.file }, { hidden }));
  }
  return out;
}

/**
 * A failed `oneOf`/`anyOf` reports every branch's complaint; a reader needs one line saying which
 * forms are allowed. Keep the alternative itself and drop what its branches said.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  return errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return true;
    return !alternatives.some(
      (alt) => e.schemaPath.startsWith(`${alt.schemaPath}/`) && e.instancePath.startsWith(alt.instancePath),
    );
  });
}

/** The name a reader knows the field by: `port`, or `targets[1]` for a list item. */
function fieldName(pointer: string): string {
  const segments = pointer.split('/').slice(1).map(unescapePointer);
  const last = segments.pop();
  if (last === undefined || last === '') return '(document)';
  if (!/^\d+$/.test(last)) return last;
  const parent = segments.pop();
  return parent === undefined ? `[${last}]` : /^\d+$/.test(parent) ? `${fieldName(`/${segments.join('/')}/${parent}`)}[${last}]` : `${parent}[${last}]`;
}

function fromError(error: ErrorObject, messageId: string, root: unknown, source: SourceFile): Diagnostic {
  const { file, text } = source;
  const path = error.instancePath;
  const field = fieldName(path);
  const place = (pointer: string, key = false) => ({ file, at: locate(text, pointer, key), path: pointer });
  const ajv: Text = { en: error.message ?? 'invalid', id: messageId };
  if (typeof error.data === 'string' && PLACEHOLDER.test(error.data) && error.keyword !== 'additionalProperties') {
    return report('KLK106', place(path), { field, value: error.data });
  }
  switch (error.keyword) {
    case 'additionalProperties':
    case 'propertyNames':
      return unknownKey(error, source);
    case 'false schema':
      return report('KLK107', place(path, true), { key: field });
    case 'required': {
      const missing = String(error.params.missingProperty);
      return report('KLK102', { ...place(path), path: `${path}/${missing}` }, { file, missing, parent: path ? field : undefined });
    }
    case 'type':
      return wrongType(error, field, source);
    case 'const':
    case 'enum': {
      const allowed = error.keyword === 'const' ? [error.params.allowedValue] : (error.params.allowedValues as unknown[]);
      return report('KLK103', place(path), { kind: 'enum', field, value: error.data, allowed });
    }
    case 'oneOf':
    case 'anyOf': {
      const portChoice = Array.isArray(error.schema) && JSON.stringify(error.schema).includes('portRange');
      if (portChoice) return report('KLK219', place(path));
      const description = (error.parentSchema as { description?: string })?.description;
      return report('KLK103', place(path), { kind: 'form', field, path, description });
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems': {
      const label = labelProblem(error, field, source);
      if (label) return label;
      const portField = /\/(port|from|to)$/.test(path);
      return portField
        ? report('KLK220', place(path), { kind: 'limit', field, ajv })
        : report('KLK104', place(path), { kind: 'limit', field, ajv });
    }
    case 'pattern':
    case 'format': {
      const label = labelProblem(error, field, source);
      if (label) return label;
      return patternProblem(error, field, ajv, source, root);
    }
    default:
      return report('KLK109', place(path), { field, ajv });
  }
}

/** A value of the wrong type; the catalog knows the fix for the usual slips. */
function wrongType(error: ErrorObject, field: string, source: SourceFile): Diagnostic {
  const path = error.instancePath;
  const at = locate(source.text, path);
  return report('KLK100', { file: source.file, at, path }, {
    file: source.file, path, field, expected: String(error.params.type), data: error.data, written: writtenValue(source.text, at),
  });
}

/** The plain value as the file spells it at a position (up to a comment, comma or bracket). */
function writtenValue(text: string, at: { line: number; col: number }): string | undefined {
  const line = text.split('\n')[at.line - 1];
  const value = line?.slice(at.col - 1).replace(/\s+#.*$/, '').split(/[,\]}]/)[0]?.trim();
  return value || undefined;
}

/**
 * A field the schema does not know (`additionalProperties`) or a key outside the allowed names
 * (`propertyNames`): one diagnostic on the key itself, with the nearest known name when there is one.
 */
function unknownKey(error: ErrorObject, source: SourceFile): Diagnostic {
  const isField = error.keyword === 'additionalProperties';
  const extra = String(isField ? error.params.additionalProperty : error.params.propertyName);
  const parent = error.parentSchema as { properties?: object; propertyNames?: { description?: string } } | undefined;
  const known = Object.keys(parent?.properties ?? {});
  const nearest = nearestName(extra, known);
  const pointer = `${error.instancePath}/${escapePointer(extra)}`;
  return report('KLK101', { file: source.file, at: locate(source.text, pointer, true), path: pointer }, {
    key: extra, isField, nearest, known, description: parent?.propertyNames?.description,
  });
}

/** DNS-label fields (subdomain, names, hostname) get a precise reason instead of "must match pattern". */
function labelProblem(error: ErrorObject, field: string, source: SourceFile): Diagnostic | undefined {
  if (!error.schemaPath.includes('/dnsLabel/') || typeof error.data !== 'string') return undefined;
  const problem = explainLabel(error.data);
  if (!problem) return undefined;
  const place = { file: source.file, at: locate(source.text, error.instancePath), path: error.instancePath };
  return report(problem.code, place, { subject: `'${field}'`, value: error.data, char: problem.char });
}

/** Characters a reader cannot see but a terminal, spreadsheet or config parser acts on (Trojan Source, CVE-2021-42574). */
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const CONTROL_OR_INVISIBLE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

function patternProblem(error: ErrorObject, field: string, ajv: Text, source: SourceFile, _root: unknown): Diagnostic {
  const path = error.instancePath;
  const place = { file: source.file, at: locate(source.text, path), path };
  const value = typeof error.data === 'string' ? error.data : JSON.stringify(error.data);
  const multiline = error.schemaPath.includes('/paragraph/');
  const control = (multiline ? CONTROL_OR_INVISIBLE_BUT_NEWLINE : CONTROL_OR_INVISIBLE).exec(value);
  if (control) return report('KLK240', place, { field, char: control[0] });
  const facts = {
    field,
    value,
    format: error.keyword === 'format' ? String(error.params.format) : undefined,
    ajv,
    description: (error.parentSchema as { description?: string })?.description,
  };
  return /\/(access)\/\d+$/.test(path) ? report('KLK221', place, { kind: 'pattern', ...facts }) : report('KLK105', place, facts);
}
