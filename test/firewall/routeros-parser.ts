// A strict tokenizer and parser for the part of the RouterOS script language kolokasi emits, so
// the .rsc files are checked by a parser even where no router is at hand.
//
//   line      := '' | '#' text | menu | menu ' ' command | command
//   menu      := '/' word (' ' word)*                       e.g. /ip firewall nat
//   command   := 'add' (' ' key '=' value)+ | verb ' ' find
//   verb      := 'remove' | 'disable' | 'enable'
//   find      := '[find' (' where')? (' ' condition)+ ']'
//   condition := key '~' string | key '=' value
//   value     := bare | string
//   bare      := [A-Za-z0-9.:/,_-]+
//   string    := '"' (any but " \ $ and control characters | '\' one of " \ $)* '"'
//
// Anything else is an error, notably `;`, braces, a second command on one line, and a `$` that
// RouterOS would expand as a variable inside a string. A script held in a string (a scheduler's
// on-event) is parsed with parseInlineScript: commands that each name their menu, joined by `; `.

export interface Condition {
  key: string;
  operator: '~' | '=';
  value: string;
}

export interface FindExpression {
  conditions: Condition[];
}

export type Verb = 'add' | 'remove' | 'disable' | 'enable';

export interface Command {
  line: number;
  menu: string;
  verb: Verb;
  args: Record<string, string>;
  find?: FindExpression;
}

export interface ParseResult {
  commands: Command[];
  errors: string[];
}

const WORD = /^[a-z0-9][a-z0-9-]*/;
const KEY = /^[a-z][a-z0-9-]*/;
const BARE = /^[A-Za-z0-9.:/,_-]+/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get rest(): string {
    return this.text.slice(this.pos);
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.rest);
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }
  literal(text: string): boolean {
    if (!this.rest.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }
  fail(message: string): never {
    throw new Error(`${message} at column ${this.pos + 1}: ${JSON.stringify(this.rest.slice(0, 30))}`);
  }
}

function parseString(cursor: Cursor): string {
  if (!cursor.literal('"')) cursor.fail('expected "');
  let value = '';
  for (;;) {
    if (cursor.done()) cursor.fail('unterminated string');
    const ch = cursor.text[cursor.pos]!;
    cursor.pos++;
    if (ch === '"') return value;
    if (ch === '\\') {
      const escaped = cursor.text[cursor.pos];
      if (escaped === undefined || !'"\\$'.includes(escaped)) cursor.fail('unknown escape');
      value += escaped;
      cursor.pos++;
    } else if (ch === '$') {
      cursor.fail('unescaped $ would be expanded as a variable');
    } else if (ch < ' ' || ch === '\u007f') {
      cursor.fail('control character in string');
    } else value += ch;
  }
}

function parseValue(cursor: Cursor): string {
  if (cursor.rest.startsWith('"')) return parseString(cursor);
  const bare = cursor.take(BARE);
  if (bare === undefined) cursor.fail('expected a value');
  return bare;
}

function parseFind(cursor: Cursor): FindExpression {
  if (!cursor.literal('[find')) cursor.fail('expected [find');
  cursor.literal(' where');
  const conditions: Condition[] = [];
  while (!cursor.literal(']')) {
    if (!cursor.literal(' ')) cursor.fail('expected a space or ]');
    const key = cursor.take(KEY) ?? cursor.fail('expected a property');
    if (cursor.literal('~')) conditions.push({ key, operator: '~', value: parseString(cursor) });
    else if (cursor.literal('=')) conditions.push({ key, operator: '=', value: parseValue(cursor) });
    else cursor.fail('expected ~ or =');
  }
  if (conditions.length === 0) cursor.fail('find without a condition would select every entry');
  return { conditions };
}

function parseCommand(cursor: Cursor, line: number, menu: string | undefined): Command {
  if (menu === undefined) cursor.fail('a command before any menu');
  if (cursor.literal('add')) {
    const args: Record<string, string> = {};
    while (!cursor.done()) {
      if (!cursor.literal(' ')) cursor.fail('expected a space');
      const key = cursor.take(KEY) ?? cursor.fail('expected a property name');
      if (!cursor.literal('=')) cursor.fail('expected =');
      if (key in args) cursor.fail(`${key} given twice`);
      args[key] = parseValue(cursor);
    }
    if (Object.keys(args).length === 0) cursor.fail('add without properties');
    return { line, menu, verb: 'add', args };
  }
  for (const verb of ['remove', 'disable', 'enable'] as const) {
    if (!cursor.literal(`${verb} `)) continue;
    const find = parseFind(cursor);
    if (!cursor.done()) cursor.fail('text after the find expression');
    return { line, menu, verb, args: {}, find };
  }
  return cursor.fail('expected add, remove, disable or enable');
}

/** A menu and, unless the line only switches menus, one command; the menu stays for later lines. */
function parseLine(raw: string, line: number, menu: string | undefined): { menu: string | undefined; command?: Command } {
  const cursor = new Cursor(raw);
  if (cursor.literal('/')) {
    const words = [cursor.take(WORD) ?? cursor.fail('expected a menu word')];
    while (cursor.rest.startsWith(' ') && !/^ (add|remove|disable|enable)( |$)/.test(cursor.rest)) {
      cursor.literal(' ');
      words.push(cursor.take(WORD) ?? cursor.fail('expected a menu word'));
    }
    menu = `/${words.join(' ')}`;
    if (cursor.done()) return { menu };
    if (!cursor.literal(' ')) cursor.fail('expected a space after the menu');
  }
  return { menu, command: parseCommand(cursor, line, menu) };
}

/** Splits at `; ` outside strings. */
function statements(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString && ch === '\\') i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part, i) => (i === 0 ? part : part.replace(/^ /, '')));
}

/** A script held in a string: every statement names its own menu, as a scheduled script must. */
export function parseInlineScript(text: string): ParseResult {
  const commands: Command[] = [];
  const errors: string[] = [];
  statements(text).forEach((statement, i) => {
    try {
      if (!statement.startsWith('/')) throw new Error('a statement must start with its menu');
      const { command } = parseLine(statement, i + 1, undefined);
      if (!command) throw new Error('a menu without a command');
      commands.push(command);
    } catch (error) {
      errors.push(`statement ${i + 1}: ${(error as Error).message}`);
    }
  });
  return { commands, errors };
}

export function parseRouterosScript(text: string): ParseResult {
  const commands: Command[] = [];
  const errors: string[] = [];
  let menu: string | undefined;
  if (!text.endsWith('\n')) errors.push('the script does not end with a newline');
  text
    .replace(/\n$/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      if (raw === '' || raw.startsWith('#')) return;
      try {
        const parsed = parseLine(raw, line, menu);
        menu = parsed.menu;
        if (parsed.command) commands.push(parsed.command);
      } catch (error) {
        errors.push(`line ${line}: ${(error as Error).message}`);
      }
    });
  return { commands, errors };
}
