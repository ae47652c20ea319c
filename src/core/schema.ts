// JSON Schema validation with ajv, turned into diagnostics that point at file:line:col.
// ajv-i18n supplies the Indonesian wording of ajv's own messages; the field-specific hints are ours.
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import localizeIdModule from 'ajv-i18n/localize/id/index.js';
import type { Diagnostic, SourceFile, Text } from './model.ts';
import { diagnostic, describeChar } from './diagnostics.ts';
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
    out.push(diagnostic('KLK108', source.file, undefined, '', {
      en: `${hidden} more schema problem(s) in this file are not shown`,
      id: `${hidden} masalah skema lain di berkas ini tidak ditampilkan`,
    }, {
      en: 'fix the problems above and validate again',
      id: 'perbaiki masalah di atas lalu validasi lagi',
    }));
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
  const at = (pointer: string, key = false) => locate(text, pointer, key);
  const en = error.message ?? 'invalid';
  if (typeof error.data === 'string' && PLACEHOLDER.test(error.data) && error.keyword !== 'additionalProperties') {
    return diagnostic('KLK106', file, at(path), path, {
      en: `'${field}' still holds the placeholder ${error.data}`,
      id: `'${field}' masih berisi tempat isian ${error.data}`,
    }, {
      en: `replace ${error.data} with the real value`,
      id: `ganti ${error.data} dengan nilai sebenarnya`,
    });
  }
  switch (error.keyword) {
    case 'additionalProperties':
    case 'propertyNames':
      return unknownKey(error, source);
    case 'false schema': {
      const key = fieldName(path);
      return diagnostic('KLK107', file, at(path, true), path, {
        en: `'${key}' must not be in this file`,
        id: `'${key}' tidak boleh ada di berkas ini`,
      }, key.startsWith('cloudflare:')
        ? {
            en: 'Cloudflare credentials come only from CLOUDFLARE_API_TOKEN in the environment (a CI secret); delete this key and revoke the token',
            id: 'kredensial Cloudflare hanya dari CLOUDFLARE_API_TOKEN di environment (secret CI); hapus kunci ini dan cabut tokennya',
          }
        : { en: `delete '${key}'`, id: `hapus '${key}'` });
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const skeleton = file.startsWith('requests/') && file !== 'requests/opds.yaml';
      return diagnostic('KLK102', file, at(path), `${path}/${missing}`, {
        en: `missing required field '${missing}'${path ? ` in '${field}'` : ''}`,
        id: `isian wajib '${missing}' belum diisi${path ? ` pada '${field}'` : ''}`,
      }, skeleton
        ? {
            en: `add '${missing}:'; \`kolokasi new\` writes a skeleton with every field`,
            id: `tambahkan '${missing}:'; \`kolokasi new\` menulis kerangka dengan semua isian`,
          }
        : { en: `add '${missing}:'`, id: `tambahkan '${missing}:'` });
    }
    case 'type':
      return wrongType(error, field, source);
    case 'const':
    case 'enum': {
      const allowed = error.keyword === 'const' ? [error.params.allowedValue] : (error.params.allowedValues as unknown[]);
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      return diagnostic('KLK103', file, at(path), path, {
        en: `'${field}' is ${JSON.stringify(error.data)}; allowed: ${list}`,
        id: `'${field}' bernilai ${JSON.stringify(error.data)}; yang diizinkan: ${list}`,
      }, { en: `use one of: ${list}`, id: `gunakan salah satu: ${list}` });
    }
    case 'oneOf':
    case 'anyOf': {
      const described = (error.parentSchema as { description?: string })?.description;
      const portChoice = Array.isArray(error.schema) && JSON.stringify(error.schema).includes('portRange');
      if (portChoice) {
        return diagnostic('KLK219', file, at(path), path, {
          en: 'a service needs exactly one of `port` or `portRange`',
          id: 'layanan harus punya tepat satu dari `port` atau `portRange`',
        }, {
          en: 'write `port: 443` for one port or `portRange: { from: 8080, to: 8089 }` for a range',
          id: 'tulis `port: 443` untuk satu port atau `portRange: { from: 8080, to: 8089 }` untuk rentang',
        });
      }
      const accessField = /\/access$/.test(path);
      return diagnostic('KLK103', file, at(path), path, {
        en: `'${field}' has none of the allowed forms`,
        id: `'${field}' tidak sesuai bentuk yang diizinkan`,
      }, accessField
        ? {
            en: 'write public (the internet), intranet (the city WAN), or a list of networks such as [10.10.0.0/16]',
            id: 'tulis public (internet), intranet (WAN kota), atau daftar jaringan seperti [10.10.0.0/16]',
          }
        : { en: described ?? 'check the schema for the allowed forms', id: described ?? 'periksa skema untuk bentuk yang diizinkan' });
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
      return diagnostic(portField ? 'KLK220' : 'KLK104', file, at(path), path, {
        en: `'${field}' ${en}`,
        id: `'${field}' ${messageId}`,
      }, portField
        ? { en: 'a port is a whole number from 1 to 65535', id: 'port adalah bilangan bulat dari 1 sampai 65535' }
        : { en: `bring '${field}' within the limit`, id: `sesuaikan '${field}' dengan batasnya` });
    }
    case 'pattern':
    case 'format': {
      const label = labelProblem(error, field, source);
      if (label) return label;
      return patternProblem(error, field, messageId, source, root);
    }
    default:
      return diagnostic('KLK109', file, at(path), path, {
        en: `'${field}' ${en}`,
        id: `'${field}' ${messageId}`,
      }, { en: 'see the schema in schemas/', id: 'lihat skema di folder schemas/' });
  }
}

/** YAML 1.1 spelled booleans this way; under YAML 1.2 (and here) they are text. */
const YAML11_BOOLEANS = /^(y|yes|n|no|on|off|true|false)$/i;

/** A value of the wrong type, with the fix for the usual slips: quotes around a number, yes/no, a bare number where text is meant. */
function wrongType(error: ErrorObject, field: string, source: SourceFile): Diagnostic {
  const path = error.instancePath;
  const expected = String(error.params.type);
  const actual = describeType(error.data);
  const at = locate(source.text, path);
  const report = (message: Text, hint: Text) => diagnostic('KLK100', source.file, at, path, message, hint);
  const mustBe: Text = {
    en: `'${field}' must be ${article(expected)}, not ${actual}`,
    id: `'${field}' harus berupa ${typeWordId(expected)}, bukan ${typeWordId(actual)}`,
  };
  if (path === '' && expected === 'object') {
    const request = source.file.startsWith('requests/') && source.file !== 'requests/opds.yaml';
    return report({
      en: `the file holds ${article(actual)}, not ${request ? 'a request' : 'a mapping'} of 'name: value' lines`,
      id: `berkas berisi ${typeWordId(actual)}, bukan ${request ? 'permohonan' : 'pemetaan'} berupa baris 'nama: nilai'`,
    }, request
      ? { en: 'this file must hold a request: start from `kolokasi new <opd>/<name>`, which writes every field', id: 'berkas ini harus berisi permohonan: mulailah dari `kolokasi new <opd>/<nama>`, yang menulis semua isian' }
      : { en: 'write the file as key: value lines; restore it from git if it was overwritten', id: 'tulis berkas sebagai baris kunci: nilai; pulihkan dari git bila tertimpa' });
  }
  if (expected === 'boolean') {
    const yaml11 = typeof error.data === 'string' && YAML11_BOOLEANS.test(error.data);
    return report(mustBe, yaml11
      ? { en: `write true or false: '${error.data}' is text here (yes, no, on and off are not true/false in YAML 1.2)`, id: `tulis true atau false: '${error.data}' di sini adalah teks (yes, no, on dan off bukan true/false di YAML 1.2)` }
      : { en: 'write true or false', id: 'tulis true atau false' });
  }
  if (typeof error.data === 'string' && /^-?\d+$/.test(error.data) && (expected === 'integer' || expected === 'number')) {
    return report(mustBe, { en: `write the number without quotes: ${error.data}`, id: `tulis angkanya tanpa tanda kutip: ${error.data}` });
  }
  if (expected === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean')) {
    // YAML reads 08123456789 as the number 8123456789 and +62811 as 62811: quotes keep it as written.
    const written = writtenValue(source.text, at) ?? String(error.data);
    return report(mustBe, {
      en: `put it in quotes, exactly as written: ${field}: "${written}"`,
      id: `apit dengan tanda kutip, persis seperti ditulis: ${field}: "${written}"`,
    });
  }
  return report(mustBe, { en: `give '${field}' a value of type ${expected}`, id: `isi '${field}' dengan nilai bertipe ${typeWordId(expected)}` });
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
  const listed: Text = isField
    ? { en: `allowed here: ${known.join(', ')}`, id: `yang diizinkan di sini: ${known.join(', ')}` }
    : known.length > 0
      ? { en: `known keys: ${known.join(', ')}`, id: `kunci yang dikenal: ${known.join(', ')}` }
      : { en: parent?.propertyNames?.description ?? 'check the spelling of the key', id: 'periksa ejaan kuncinya' };
  return diagnostic('KLK101', source.file, locate(source.text, pointer, true), pointer, isField
    ? { en: `unknown field '${extra}'`, id: `isian '${extra}' tidak dikenal` }
    : { en: `unknown key '${extra}'`, id: `kunci '${extra}' tidak dikenal` },
  nearest ? { en: `did you mean '${nearest}'?`, id: `mungkin maksudnya '${nearest}'?` } : listed);
}

/** DNS-label fields (subdomain, names, hostname) get a precise reason instead of "must match pattern". */
function labelProblem(error: ErrorObject, field: string, source: SourceFile): Diagnostic | undefined {
  if (!error.schemaPath.includes('/dnsLabel/') || typeof error.data !== 'string') return undefined;
  const problem = explainLabel(error.data);
  if (!problem) return undefined;
  return diagnostic(problem.code, source.file, locate(source.text, error.instancePath), error.instancePath, {
    en: `'${field}' ${problem.message.en}`,
    id: `'${field}' ${problem.message.id}`,
  }, problem.hint);
}

/** Characters a reader cannot see but a terminal, spreadsheet or config parser acts on (Trojan Source, CVE-2021-42574). */
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const CONTROL_OR_INVISIBLE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

function patternProblem(error: ErrorObject, field: string, messageId: string, source: SourceFile, _root: unknown): Diagnostic {
  const path = error.instancePath;
  const value = typeof error.data === 'string' ? error.data : JSON.stringify(error.data);
  const multiline = error.schemaPath.includes('/paragraph/');
  const control = (multiline ? CONTROL_OR_INVISIBLE_BUT_NEWLINE : CONTROL_OR_INVISIBLE).exec(value);
  if (control) {
    return diagnostic('KLK240', source.file, locate(source.text, path), path, {
      en: `'${field}' contains the control or invisible character ${describeChar(control[0])}`,
      id: `'${field}' mengandung karakter kendali atau tak terlihat ${describeChar(control[0])}`,
    }, {
      en: 'retype the value as plain text: no tabs, line breaks (except in purpose and justification), or characters copied from a word processor that change the text direction',
      id: 'ketik ulang nilainya sebagai teks biasa: tanpa tab, baris baru (kecuali pada purpose dan justification), atau karakter salinan dari pengolah kata yang mengubah arah teks',
    });
  }
  const special: Record<string, Text> = {
    email: { en: 'write an address like nama@opd.tarakankota.go.id', id: 'tulis alamat seperti nama@opd.tarakankota.go.id' },
    date: { en: 'write the date as YYYY-MM-DD, in quotes: "2026-11-02"', id: 'tulis tanggal sebagai TTTT-BB-HH, dalam tanda kutip: "2026-11-02"' },
    ipv4: { en: 'write four numbers 0-255 separated by dots, e.g. 203.0.113.10', id: 'tulis empat angka 0-255 dipisah titik, mis. 203.0.113.10' },
    ipv6: { en: 'write an IPv6 address, e.g. 2001:db8::10', id: 'tulis alamat IPv6, mis. 2001:db8::10' },
    phone: { en: 'write digits with an optional leading +, e.g. +62 811 5400 123', id: 'tulis angka dengan awalan + bila perlu, mis. +62 811 5400 123' },
    number: { en: 'write the letter number as printed, e.g. 800/123/BKPSDM/2026', id: 'tulis nomor surat seperti tercetak, mis. 800/123/BKPSDM/2026' },
  };
  const format = error.keyword === 'format' ? String(error.params.format) : undefined;
  const isCidr = /\/(access)\/\d+$/.test(path);
  const hint: Text = isCidr
    ? { en: 'write a network as address/prefix, e.g. 10.10.0.0/16', id: 'tulis jaringan sebagai alamat/prefiks, mis. 10.10.0.0/16' }
    : (format ? special[format] : undefined) ?? special[field] ?? {
        en: (error.parentSchema as { description?: string })?.description ?? 'use only the allowed characters',
        id: 'gunakan hanya karakter yang diizinkan',
      };
  return diagnostic(isCidr ? 'KLK221' : 'KLK105', source.file, locate(source.text, path), path, {
    en: `'${field}' has an invalid value ${JSON.stringify(value)}${format ? ` (expected ${format})` : ''}`,
    id: `'${field}' bernilai tidak sah ${JSON.stringify(value)}${format ? ` (${messageId})` : ''}`,
  }, hint);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeWordId(type: string): string {
  const words: Record<string, string> = {
    integer: 'bilangan bulat',
    number: 'angka',
    string: 'teks',
    boolean: 'true/false',
    object: 'objek (pasangan kunci: nilai)',
    array: 'daftar',
    null: 'kosong (null)',
  };
  return words[type] ?? type;
}
