// One YAML syntax mistake, one message: on the line of the mistake, in the reader's language, with a
// fix a newcomer can follow. The `yaml` package reports where its parser got stuck, which is often a
// line or two after the mistake (an over-indented key makes its *siblings* look wrong) and one mistake
// cascades into many errors. So this module looks at the lines themselves to find the first mistake,
// and falls back to the parser's first error when the lines alone do not show it. The words for each
// kind of mistake are KLK001's, in the message catalog.
import type { Position } from './yaml.ts';
import type { YamlMistake } from './catalog/yaml.ts';

type Opening = Extract<YamlMistake, { kind: 'unclosed' }>['opening'];

/** What the `yaml` package reports (a subset of its YAMLError). */
export interface YamlSyntaxError {
  code: string;
  message: string;
  pos: readonly [number, number];
}

export interface SyntaxMistake {
  at: Position;
  mistake: YamlMistake;
}

/** The first mistake of a text the `yaml` package refused; `errors` in the parser's order. */
export function explainSyntaxErrors(text: string, errors: readonly YamlSyntaxError[]): SyntaxMistake {
  const lines = splitLines(text);
  const first = errors[0]!;
  const firstAt = positionOf(lines, first.pos[0]);
  const fromLines = firstLayoutMistake(lines);
  // A line indented deeper than its siblings reads, to the parser, as the continuation of the value
  // above: it reports the line above.
  const reportedAbove = fromLines?.at.line === firstAt.line + 1 && (first.code === 'BLOCK_AS_IMPLICIT_KEY' || first.code === 'MULTILINE_IMPLICIT_KEY');
  if (fromLines && (fromLines.at.line <= firstAt.line || reportedAbove)) return fromLines;
  return explainParserError(lines, first, firstAt);
}

// ---------------------------------------------------------------- lines

interface SourceLine {
  /** 1-based. */
  number: number;
  offset: number;
  text: string;
}

function splitLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, index) => {
    out.push({ number: index + 1, offset, text: raw.replace(/\r$/, '') });
    offset += raw.length + 1;
  });
  return out;
}

function positionOf(lines: readonly SourceLine[], offset: number): Position {
  let found = lines[0]!;
  for (const line of lines) {
    if (line.offset > offset) break;
    found = line;
  }
  return { line: found.number, col: Math.min(offset - found.offset, found.text.length) + 1 };
}

const KEY = String.raw`(?:[A-Za-z_][\w.-]*|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')`;
/** `key:` followed by a space or the end of the line; group 1 the key, group 2 the rest. */
const KEY_LINE = new RegExp(`^(${KEY})[ \\t]*:(?:[ \\t]+(.*))?$`);
const DASH = /^-(?:[ ]+|$)/;
const BLOCK_SCALAR = /^[|>][-+0-9]*[ \t]*(?:#.*)?$/;

function unquoteKey(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

/** One structural line: a mapping key and/or list dashes at known columns (0-based indents). */
interface Entry {
  line: SourceLine;
  /** Each node of the line: a dash opens a list item, a key a mapping entry. */
  nodes: { indent: number; kind: 'seq' | 'map'; key?: string }[];
  /** The line's last node takes its value from the lines below (`key:` or a bare `-`). */
  opens: boolean;
}

type LayoutScan = { entries: Entry[]; tab?: SyntaxMistake };

/**
 * The structural lines of the text, skipping comments and what lies inside block scalars,
 * multi-line quoted strings and flow collections. Stops at the first tab in an indentation.
 */
function scanLayout(lines: readonly SourceLine[]): LayoutScan {
  const entries: Entry[] = [];
  let skipDeeperThan: number | undefined;
  let openQuote: '"' | "'" | undefined;
  let flowDepth = 0;
  for (const line of lines) {
    const text = line.text;
    const lead = /^[ \t]*/.exec(text)![0];
    const body = text.slice(lead.length);
    if (openQuote) {
      if (closesQuote(text, 0, openQuote) >= 0) openQuote = undefined;
      continue;
    }
    if (flowDepth > 0) {
      flowDepth += bracketBalance(text);
      continue;
    }
    if (body === '' || body.startsWith('#')) continue;
    if (skipDeeperThan !== undefined) {
      if (!lead.includes('\t') && lead.length > skipDeeperThan) continue;
      skipDeeperThan = undefined;
    }
    const tab = lead.indexOf('\t');
    if (tab >= 0) return { entries, tab: { at: { line: line.number, col: tab + 1 }, mistake: { kind: 'tab' } } };
    if (/^(---|\.\.\.)(\s|$)|^%/.test(body)) continue;

    const nodes: Entry['nodes'] = [];
    let column = lead.length;
    let rest = body;
    let opens = false;
    for (let dash = DASH.exec(rest); dash; dash = DASH.exec(rest)) {
      nodes.push({ indent: column, kind: 'seq' });
      column += dash[0].length;
      rest = rest.slice(dash[0].length);
    }
    const keyLine = KEY_LINE.exec(rest);
    let value = rest;
    if (keyLine) {
      nodes.push({ indent: column, kind: 'map', key: unquoteKey(keyLine[1]!) });
      value = keyLine[2] ?? '';
    }
    if (nodes.length === 0) continue; // a continuation of a plain value, or a line the parser explains
    if (value === '' || value.startsWith('#')) opens = true;
    else if (BLOCK_SCALAR.test(value)) skipDeeperThan = nodes[nodes.length - 1]!.indent;
    else if (value.startsWith('"') || value.startsWith("'")) {
      if (closesQuote(value, 1, value[0] as '"' | "'") < 0) openQuote = value[0] as '"' | "'";
    } else if (value.startsWith('[') || value.startsWith('{')) {
      flowDepth = Math.max(0, bracketBalance(value));
    }
    entries.push({ line, nodes, opens });
  }
  return { entries };
}

/** Index of the closing quote at or after `from`, or -1. */
function closesQuote(text: string, from: number, quote: '"' | "'"): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Opening minus closing brackets outside quotes and comments. */
function bracketBalance(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const end = closesQuote(text, i + 1, ch);
      if (end < 0) return depth;
      i = end;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return depth;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
  }
  return depth;
}

// ---------------------------------------------------------------- indentation

interface Level {
  indent: number;
  kind: 'seq' | 'map';
  /** Index into the entries of the line that opened this level. */
  first: number;
}

/**
 * The first line whose indentation fits no open level. Which of two disagreeing lines is wrong is
 * decided by the block they share: the indentation most of its lines use is the intended one.
 */
function firstLayoutMistake(lines: readonly SourceLine[]): SyntaxMistake | undefined {
  const { entries, tab } = scanLayout(lines);
  const levels: Level[] = [];
  /** How far each first child is indented from its key: the file's own indentation step. */
  const steps: number[] = [];
  let opener: { indent: number } | undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    const [head, ...inner] = entry.nodes;
    const { indent, kind } = head!;
    const firstChild = levels.length === 0 || (opener !== undefined && (indent > opener.indent || (kind === 'seq' && indent === opener.indent)));
    if (firstChild && opener && indent > opener.indent) steps.push(indent - opener.indent);
    opener = undefined;
    if (firstChild) levels.push({ indent, kind, first: index });
    else {
      let cut: Level | undefined;
      while (levels.length > 0 && levels[levels.length - 1]!.indent > indent) cut = levels.pop();
      let top = levels[levels.length - 1];
      // A list written at its key's own indentation ends where the next key of that mapping starts.
      if (top && top.indent === indent && top.kind === 'seq' && kind === 'map') {
        levels.pop();
        top = levels[levels.length - 1];
      }
      if (!top || top.indent !== indent) {
        // Deeper than a list item that holds a plain value: the item above is what is malformed
        // (say, a missing colon), and the parser names it better.
        if (!cut && top && top.kind !== kind) return undefined;
        // The line sits between two open levels (or deeper than the last one): it belongs to the
        // nearer of them, a dash to a list and a key to a mapping.
        const step = mostCommon(steps);
        if (top && (!cut || (top.kind === kind && (cut.kind !== kind || indent - top.indent < cut.indent - indent)))) {
          return misindented(entries, index, top, levels[levels.length - 2]?.indent ?? -1, step);
        }
        return misindented(entries, index, cut!, top?.indent ?? -1, step);
      }
      // A dash where keys were (or the reverse): the parser names that one well.
      if (top.kind !== kind) return undefined;
    }
    for (const node of inner) levels.push({ indent: node.indent, kind: node.kind, first: index });
    if (entry.opens) opener = { indent: entry.nodes[entry.nodes.length - 1]!.indent };
  }
  return tab;
}

function mostCommon(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

function misindented(entries: readonly Entry[], index: number, level: Level, parentIndent: number, step: number | undefined): SyntaxMistake {
  const here = entries[index]!.nodes[0]!.indent;
  const expected = level.indent;
  const has = (entry: Entry, indent: number) => entry.nodes.some((n) => n.indent === indent);
  // The fields of a list item follow its dash: when the other items' dashes sit where this line
  // fits, the dash of this item is the one out of place.
  const opening = entries[level.first]!;
  const dash = opening.nodes[0]!;
  if (dash.kind === 'seq' && dash.indent < expected) {
    const shift = expected - here;
    for (let i = index + 1; i < entries.length && entries[i]!.nodes[0]!.indent >= dash.indent - shift; i++) {
      const other = entries[i]!.nodes[0]!;
      if (other.kind === 'seq' && other.indent !== dash.indent) {
        if (other.indent === dash.indent - shift) return indentMistake(opening, dash.indent, entries[i]!, other.indent);
        break;
      }
    }
  }
  // Count, in the block both lines belong to, the lines at either indentation.
  let atExpected = 0;
  let atHere = 0;
  for (let i = level.first; i < entries.length; i++) {
    if (i > level.first && entries[i]!.nodes[0]!.indent <= parentIndent) break;
    if (has(entries[i]!, expected)) atExpected++;
    else if (has(entries[i]!, here)) atHere++;
  }
  // Most lines of the block tell which indentation was meant; on a tie, the file's usual step does.
  const hereMeant = atHere > atExpected || (atHere === atExpected && parentIndent >= 0 && here - parentIndent === step && expected - parentIndent !== step);
  if (hereMeant) return indentMistake(entries[level.first]!, expected, entries[index]!, here);
  let like = level.first;
  for (let i = index - 1; i > level.first; i--) {
    if (has(entries[i]!, expected)) {
      like = i;
      break;
    }
  }
  return indentMistake(entries[index]!, here, entries[like]!, expected);
}

function describeNode(entry: Entry, indent: number): string {
  const node = entry.nodes.find((n) => n.indent === indent) ?? entry.nodes[0]!;
  return node.key !== undefined ? `'${node.key}:'` : "'-'";
}

function indentMistake(wrong: Entry, has: number, right: Entry, wants: number): SyntaxMistake {
  return {
    at: { line: wrong.line.number, col: has + 1 },
    mistake: { kind: 'indent', what: describeNode(wrong, has), has, wants, likeLine: right.line.number, like: describeNode(right, wants) },
  };
}

// ---------------------------------------------------------------- the parser's own errors

function explainParserError(lines: readonly SourceLine[], error: YamlSyntaxError, at: Position): SyntaxMistake {
  const quote = error.code === 'MISSING_CHAR' ? /closing (["'])/.exec(error.message)?.[1] as '"' | "'" | undefined : undefined;
  if (quote) return unclosed(lines, at.line, quote) ?? { at, mistake: { kind: 'parser', code: error.code } };
  const flow = error.code === 'BAD_INDENT' ? /end with an? ([\]}])/.exec(error.message)?.[1] : undefined;
  if (flow) return unclosed(lines, at.line, flow === ']' ? '[' : '{') ?? { at, mistake: { kind: 'parser', code: error.code } };
  // A bracket or quote left open on the reported line explains whatever the parser tripped on next.
  const openHere = (['[', '{', '"', "'"] as const).map((opening) => unclosed(lines, at.line, opening, at.line)).find((m) => m !== undefined);
  if (openHere) return openHere;
  const line = lines[at.line - 1];
  const fromLine = line && ['BAD_INDENT', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'MISSING_CHAR', 'UNEXPECTED_TOKEN'].includes(error.code)
    ? mistakeInLine(line, error.code === 'BLOCK_AS_IMPLICIT_KEY' ? at.col : undefined)
    : undefined;
  if (fromLine) return fromLine;
  const char = line?.text[at.col - 1];
  if (error.code === 'UNEXPECTED_TOKEN' && char !== undefined && char.trim() !== '') return { at, mistake: { kind: 'unexpected-char', char } };
  if (error.code === 'MISSING_CHAR' && /without - indicator/.test(error.message)) return { at, mistake: { kind: 'item-without-dash' } };
  return { at, mistake: { kind: 'parser', code: error.code } };
}

/** What a single line shows by itself: `-name`, `name:value`, `name value`, `a: b: c`. */
function mistakeInLine(line: SourceLine, valueCol: number | undefined): SyntaxMistake | undefined {
  const text = line.text;
  const dashNoSpace = /^(\s*)-(?=[^\s-])/.exec(text);
  if (dashNoSpace) {
    const fixed = `${text.slice(0, dashNoSpace[1]!.length)}- ${text.slice(dashNoSpace[1]!.length + 1).trim()}`;
    return { at: { line: line.number, col: dashNoSpace[1]!.length + 1 }, mistake: { kind: 'dash-without-space', fixed: fixed.trim() } };
  }
  const noSpace = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?=[^\s:/])/.exec(text);
  if (noSpace && !/:\s/.test(text)) {
    const col = noSpace[0].length + 1;
    return { at: { line: line.number, col }, mistake: { kind: 'colon-without-space', key: noSpace[2]!, rest: text.slice(col - 1).trim() } };
  }
  const noColon = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)\s+(\S.*)$/.exec(text);
  if (noColon && !text.includes(':')) {
    return {
      at: { line: line.number, col: noColon[1]!.length + noColon[2]!.length + 1 },
      mistake: { kind: 'no-colon', key: noColon[2]!, value: noColon[3]! },
    };
  }
  const pair = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):\s+(.*:\s.*)$/.exec(text);
  if (valueCol !== undefined && pair) {
    return {
      at: { line: line.number, col: pair[1]!.length + pair[2]!.length + 3 },
      mistake: { kind: 'colon-in-value', key: pair[2]!, value: pair[3]!.replace(/\s+#.*$/, '') },
    };
  }
  return undefined;
}

/** The nearest quote or bracket, at or above `uptoLine` (down to `downTo`), opened in a value and not closed on its line. */
function unclosed(lines: readonly SourceLine[], uptoLine: number, opening: Opening, downTo = 1): SyntaxMistake | undefined {
  for (let n = Math.min(uptoLine, lines.length); n >= downTo; n--) {
    const line = lines[n - 1]!;
    const start = valueStart(line.text);
    if (start === undefined || line.text[start] !== opening) continue;
    const open = opening === '"' || opening === "'"
      ? closesQuote(line.text, start + 1, opening) < 0
      : bracketBalance(line.text.slice(start)) > 0;
    if (!open) continue;
    return { at: { line: n, col: start + 1 }, mistake: { kind: 'unclosed', opening } };
  }
  return undefined;
}

/** Column (0-based) where a line's value starts: after `key: `, after `- `, or undefined. */
function valueStart(text: string): number | undefined {
  const match = new RegExp(`^(\\s*(?:-\\s+)*)(?:${KEY}[ \\t]*:[ \\t]+)?`).exec(text);
  if (!match || match[0].length >= text.length) return undefined;
  return match[0].length;
}
