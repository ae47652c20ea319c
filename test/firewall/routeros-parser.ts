// A strict tokenizer and parser for the part of the RouterOS script language kolokasi emits, so
// the .rsc files are checked by a parser even where no router is at hand.
//
//   line     := '' | '#' text | menu | menu ' ' command | command
//   menu     := '/' word (' ' word)*                       e.g. /ip firewall nat
//   command  := 'add' (' ' key '=' value)+ | 'remove' ' ' find
//   find     := '[find' (' where')? ' ' key '~' string ']'
//   value    := bare | string
//   bare     := [A-Za-z0-9.:/,_-]+
//   string   := '"' (any but " \ $ and control characters | '\' one of " \ $)* '"'
//
// Anything else is an error, notably `;`, braces, a second command on one line, and a `$` that
// RouterOS would expand as a variable inside a string.

export interface FindExpression {
  key: string;
  operator: '~';
  pattern: string;
}

export interface Command {
  line: number;
  menu: string;
  verb: 'add' | 'remove';
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
  if (!cursor.literal(' ')) cursor.fail('expected a space');
  const key = cursor.take(KEY) ?? cursor.fail('expected a property');
  if (!cursor.literal('~')) cursor.fail('expected ~');
  const pattern = parseString(cursor);
  if (!cursor.literal(']')) cursor.fail('expected ]');
  return { key, operator: '~', pattern };
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
  if (cursor.literal('remove ')) {
    const find = parseFind(cursor);
    if (!cursor.done()) cursor.fail('text after the find expression');
    return { line, menu, verb: 'remove', args: {}, find };
  }
  return cursor.fail('expected add or remove');
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
      const cursor = new Cursor(raw);
      try {
        if (cursor.literal('/')) {
          const words = [cursor.take(WORD) ?? cursor.fail('expected a menu word')];
          while (cursor.rest.startsWith(' ') && !/^ (add|remove)( |$)/.test(cursor.rest)) {
            cursor.literal(' ');
            words.push(cursor.take(WORD) ?? cursor.fail('expected a menu word'));
          }
          menu = `/${words.join(' ')}`;
          if (cursor.done()) return;
          if (!cursor.literal(' ')) cursor.fail('expected a space after the menu');
        }
        commands.push(parseCommand(cursor, line, menu));
      } catch (error) {
        errors.push(`line ${line}: ${(error as Error).message}`);
      }
    });
  return { commands, errors };
}
