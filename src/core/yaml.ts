// YAML in, plain values out, never trusting the input.
// The `yaml` package is used instead of js-yaml because it keeps a source range on every node
// (so each diagnostic can say file:line:col), rejects duplicate keys, and bounds alias expansion.
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, SourceFile } from './model.ts';
import { report } from './catalog/index.ts';
import { explainSyntaxErrors } from './yaml-syntax.ts';

export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_ALIAS_COUNT = 50;

const PARSE_OPTIONS = {
  schema: 'core',
  uniqueKeys: true,
  merge: false,
  strict: true,
  prettyErrors: true,
  resolveKnownTags: false,
  keepSourceTokens: false,
} as const;

export interface Position {
  line: number;
  col: number;
}

export type Decoded = { ok: true; source: SourceFile } | { ok: false; diagnostic: Diagnostic };

/** Bytes to text: refuses oversize files, invalid UTF-8 and binary control bytes. */
export function decodeSource(file: string, bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): Decoded {
  if (bytes.length > maxBytes) return { ok: false, diagnostic: oversizeFile(file, bytes.length, maxBytes) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, diagnostic: report('KLK005', { file }) };
  }
  // Tab, newline and carriage return are text; other control bytes mean a binary or corrupted file.
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) return { ok: false, diagnostic: report('KLK005', { file, at: positionAt(text, control.index) }) };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, source: { file, text } };
}

/** Refused before reading: the size is known from the file system. */
export function oversizeFile(file: string, size: number, maxBytes = MAX_FILE_BYTES): Diagnostic {
  return report('KLK004', { file }, { file, size, limit: maxBytes });
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

export type Parsed = { ok: true; value: unknown } | { ok: false; diagnostics: Diagnostic[] };

/** One YAML document of plain data. Every refusal is a diagnostic with a position. */
export function parseYaml(source: SourceFile): Parsed {
  const { file, text } = source;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  if (!Array.isArray(docs)) return { ok: false, diagnostics: [emptyFile(file)] };
  const errors = docs.flatMap((doc) => doc.errors);
  // One syntax mistake cascades into many parser errors: only the first mistake is reported.
  const syntax = errors.filter((error) => error.code !== 'DUPLICATE_KEY');
  if (syntax.length > 0) {
    const mistake = explainSyntaxErrors(text, syntax);
    return { ok: false, diagnostics: [report('KLK001', { file, at: mistake.at }, mistake.mistake)] };
  }
  if (errors.length > 0) return { ok: false, diagnostics: errors.map((error) => report('KLK002', { file, at: error.linePos?.[0] })) };
  if (docs.length > 1) {
    const second = docs[1]!;
    const at = second.range ? lineCounter.linePos(second.range[0]) : undefined;
    return { ok: false, diagnostics: [report('KLK007', { file, at }, { documents: docs.length })] };
  }
  const doc = docs[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { ok: false, diagnostics: [emptyFile(file)] };
  }
  const tagged = findCustomTag(doc.contents);
  if (tagged) {
    const at = tagged.range ? lineCounter.linePos(tagged.range[0]) : undefined;
    return { ok: false, diagnostics: [report('KLK010', { file, at }, { tag: tagged.tag })] };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof ReferenceError) {
      return { ok: false, diagnostics: [report('KLK003', { file }, { maxAliases: MAX_ALIAS_COUNT })] };
    }
    throw error;
  }
}

function emptyFile(file: string): Diagnostic {
  return report('KLK006', { file }, { file });
}

/** The `core` schema's own tags are fine; anything else (e.g. `!!js/function`, `!foo`) is refused. */
const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', '!']);

function findCustomTag(node: unknown): (Node & { tag: string }) | undefined {
  if (isAlias(node)) return undefined;
  if (isMap(node) || isSeq(node)) {
    if (node.tag && !CORE_TAGS.has(node.tag)) return node as Node & { tag: string };
    for (const item of node.items) {
      if (isPair(item)) {
        const found = findCustomTag(item.key) ?? findCustomTag(item.value);
        if (found) return found;
      } else {
        const found = findCustomTag(item);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (isScalar(node) && node.tag && !CORE_TAGS.has(node.tag)) return node as Node & { tag: string };
  return undefined;
}

/** One JSON-pointer segment from a key (RFC 6901: `~` as `~0`, `/` as `~1`). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The key a JSON-pointer segment stands for: the inverse of escapePointer. */
export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The position of a JSON pointer in a YAML text. `key: true` points at the mapping key
 * (used for unknown fields); otherwise at the value. Falls back to the nearest ancestor found.
 * Re-parses the text: only called for files that have something to report.
 */
export function locate(text: string, pointer: string, key = false): Position {
  const { doc, lineCounter } = positionTree(text);
  if (!doc?.contents) return { line: 1, col: 1 };
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  let node: unknown = doc.contents;
  let best: Position = rangeStart(node, lineCounter) ?? { line: 1, col: 1 };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return best;
      if (last && key) return rangeStart(pair.key, lineCounter) ?? best;
      node = pair.value ?? pair.key;
      best = rangeStart(node, lineCounter) ?? rangeStart(pair.key, lineCounter) ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return best;
      node = item;
      best = rangeStart(node, lineCounter) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

// Diagnostics of one file are made one after another: keeping the last tree parses each file once.
let lastTree: { text: string; doc: Document | undefined; lineCounter: LineCounter } | undefined;

function positionTree(text: string): { doc: Document | undefined; lineCounter: LineCounter } {
  if (lastTree?.text !== text) {
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter, uniqueKeys: false });
    lastTree = { text, doc: Array.isArray(docs) ? docs[0] : undefined, lineCounter };
  }
  return lastTree;
}

function rangeStart(node: unknown, lineCounter: LineCounter): Position | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lineCounter.linePos(range[0]) : undefined;
}
