// The fast path for YAML: plain files (the requests and the ledger kolokasi itself writes) are read
// with js-yaml, several times faster than the position-keeping `yaml` parser; every other file,
// and every file js-yaml refuses, goes through parseYaml, which also makes every diagnostic. So a
// file parses to the same value, or the same diagnostics, on either path.
//
// The scalar rule of both paths is the YAML 1.2 core schema as the `yaml` parser applies it:
// `yes`, `on`, `0b11`, `+0x1F` and dates stay strings; `0x1F`, `0o17`, `017` (decimal 17) and
// `.inf` are numbers; `~` and `null` are null. js-yaml's core schema agrees except at the edges,
// which the tags below bring into line: a number too large for a double is ±Infinity (js-yaml keeps
// the text), and a null key is the empty string (js-yaml writes "null").
import { CORE_SCHEMA, defineMappingTag, defineScalarTag, load, mapTag, NOT_RESOLVED } from 'js-yaml';
import type { SourceFile } from './model.ts';
import { parseYaml, type Parsed } from './yaml.ts';

/**
 * What js-yaml is not asked to read: tabs, directives, document markers, anything that could be
 * an anchor, an alias or a tag (`&`, `*`, `!` where a token starts), and block scalars with an
 * explicit indentation (`|2`, `>1-`: the two parsers indent a top-level one differently). One
 * scan of the text; a false alarm (an `&` inside a quoted title) only costs the slower parser.
 */
const NOT_PLAIN = /\t|^%|^(?:---|\.\.\.)(?:[ \r\n]|$)|(?:^|[ [{,])[&*!]|(?:^|[ :-])[|>][-+]?[0-9]/m;

export function isPlainYaml(text: string): boolean {
  return !NOT_PLAIN.test(text);
}

const DIGITS = [...'0123456789'];

// The `yaml` parser's core schema, test by test, with its own conversions (parseInt, parseFloat).
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

const intTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...DIGITS],
  resolve: (source) => {
    if (OCTAL.test(source)) return parseInt(source.slice(2), 8);
    if (DECIMAL.test(source)) return parseInt(source, 10);
    if (HEX.test(source)) return parseInt(source.slice(2), 16);
    return NOT_RESOLVED;
  },
  identify: () => false,
});

const floatTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...DIGITS],
  resolve: (source) => {
    if (SPECIAL_FLOAT.test(source)) {
      if (source.slice(-3).toLowerCase() === 'nan') return NaN;
      return source.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return FLOAT.test(source) ? parseFloat(source) : NOT_RESOLVED;
  },
  identify: () => false,
});

/** Object mappings as js-yaml makes them, but a null key becomes '' as in the `yaml` parser. */
const keyOf = (key: unknown) => (key === null ? '' : key);
const plainMapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: mapTag.create,
  addPair: (carrier, key, value) => mapTag.addPair(carrier, keyOf(key), value),
  has: (carrier, key) => mapTag.has(carrier, keyOf(key)),
  keys: mapTag.keys,
  get: mapTag.get,
  identify: () => false,
});

const SCHEMA = CORE_SCHEMA.withTags(intTag, floatTag, plainMapTag);

/**
 * One YAML document of plain data, as parseYaml gives it. js-yaml refuses duplicate keys,
 * aliases (maxAliases 0), several documents and deep nesting by throwing: those files, and empty
 * ones, are left to parseYaml for the diagnostic with its position.
 */
export function parseYamlFast(source: SourceFile): Parsed {
  if (!isPlainYaml(source.text)) return parseYaml(source);
  let value: unknown;
  try {
    value = load(source.text, { schema: SCHEMA, maxAliases: 0, filename: source.file });
  } catch {
    return parseYaml(source);
  }
  if (value === null || value === undefined) return parseYaml(source);
  return { ok: true, value };
}
