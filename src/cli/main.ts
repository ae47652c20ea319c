// The only place that turns outcomes into exit codes. Arguments and IO are injected so tests run
// the CLI in-process exactly as a user would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Lang } from '../core/model.ts';
import type { Command, CommandContext, CommandEntry, CommandGroup, Io, OptionSpec, OptionValue } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { GLOBAL_OPTIONS } from './options.ts';
import { EXIT_OK, EXIT_USAGE, exitCodeOf, RejectedError, UsageError } from '../errors.ts';
import { nearestName } from '../core/nearest.ts';

/**
 * The language of messages: `--lang en|id` when given, else the locale (KOLOKASI_LANG, LC_ALL,
 * LC_MESSAGES, LANG). Read before the arguments are understood, to report their errors; the
 * process entry uses it too, for the errors it reports itself.
 */
export function detectLang(argv: readonly string[], env: Io['env']): Lang {
  const index = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1];
  if (given === 'en' || given === 'id') return given;
  const value = env.KOLOKASI_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return value.toLowerCase().startsWith('id') ? 'id' : 'en';
}

/** The version of the package; read only for --version. dist/cli/ and src/cli/ are both two levels down. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const TAGLINE = {
  en: 'kolokasi: colocation requests as pull requests (DKISP Kota Tarakan)',
  id: 'kolokasi: permohonan colocation server melalui pull request (DKISP Kota Tarakan)',
};

function optionLine(option: OptionSpec, lang: Lang): string {
  const left = `  --${option.name}${option.value ? ` ${option.value}` : ''}`;
  return `${left.padEnd(30)} ${option.description[lang]}`;
}

function entryLines(entries: readonly CommandEntry[], lang: Lang): string[] {
  const width = Math.max(...entries.map((c) => c.name.length)) + 2;
  return entries.map((c) => `  ${c.name.padEnd(width)} ${c.summary[lang]}`);
}

const USAGE_WORD = { en: 'Usage', id: 'Pemakaian' };
const OPTIONS_WORD = { en: '[options]', id: '[opsi]' };

/** Help for a command, for a group of subcommands (`kolokasi ci`), or for kolokasi itself. */
export function renderUsage(lang: Lang, names: readonly string[] = [], entry?: CommandEntry, loaded?: Command | CommandGroup): string {
  const invocation = ['kolokasi', ...names].join(' ');
  if (entry && loaded && 'subcommands' in loaded) {
    const lines = [
      `${USAGE_WORD[lang]}: ${invocation} <${lang === 'id' ? 'langkah' : 'step'}> ${OPTIONS_WORD[lang]}`,
      '',
      entry.summary[lang],
      '',
      lang === 'id' ? 'Langkah:' : 'Steps:',
      ...entryLines(loaded.subcommands, lang),
      '',
      lang === 'id' ? `Bantuan per langkah: ${invocation} <langkah> --help` : `Help on a step: ${invocation} <step> --help`,
    ];
    return `${lines.join('\n')}\n`;
  }
  if (entry && loaded && !('subcommands' in loaded)) {
    const lines = [
      `${USAGE_WORD[lang]}: ${invocation}${loaded.args ? ` ${loaded.args}` : ''} ${OPTIONS_WORD[lang]}`,
      '',
      entry.summary[lang],
      '',
      lang === 'id' ? 'Opsi:' : 'Options:',
      ...optionsOf(loaded).map((o) => optionLine(o, lang)),
    ];
    return `${lines.join('\n')}\n`;
  }
  const lines = [
    TAGLINE[lang],
    '',
    `${USAGE_WORD[lang]}: kolokasi <${lang === 'id' ? 'perintah' : 'command'}> ${OPTIONS_WORD[lang]}`,
    '',
    lang === 'id' ? 'Perintah:' : 'Commands:',
    ...entryLines(COMMANDS, lang),
    '',
    lang === 'id' ? 'Opsi umum:' : 'Common options:',
    ...GLOBAL_OPTIONS.map((o) => optionLine(o, lang)),
    '',
    lang === 'id'
      ? 'Kode keluar: 0 berhasil, 1 ditolak, 2 salah pemakaian/lingkungan, 3 galat internal.'
      : 'Exit codes: 0 success, 1 rejected, 2 usage or environment error, 3 internal error.',
    lang === 'id' ? "Bantuan per perintah: kolokasi <perintah> --help" : 'Help on a command: kolokasi <command> --help',
  ];
  return `${lines.join('\n')}\n`;
}

/** A command's options, then the common ones it does not redefine (a step that requires --stack says so). */
function optionsOf(command: Command): OptionSpec[] {
  const own = new Set(command.options.map((o) => o.name));
  return [...command.options, ...GLOBAL_OPTIONS.filter((o) => !own.has(o.name))];
}

interface ParsedArgs {
  options: Record<string, OptionValue>;
  positionals: string[];
}

/**
 * node:util's parseArgs splits the arguments (`--name value`, `--name=value`, `--`, `-h`); it runs
 * lenient so that each mistake is reported here, in both languages, with the nearest option.
 */
function parseOptions(argv: readonly string[], specs: readonly OptionSpec[], names: readonly string[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(specs.map((s) => [s.name, { type: s.type, ...(s.name === 'help' ? { short: 'h' } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Record<string, OptionValue> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = byName.get(token.name);
    if (!spec) throw unknownOption(token.rawName, specs, names);
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError({ en: `--${spec.name} takes no value`, id: `--${spec.name} tidak menerima nilai` });
      options[spec.name] = true;
      continue;
    }
    // A flag where the value should be (`--out --force`) means the value was forgotten.
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      throw new UsageError(
        { en: `--${spec.name} needs a value`, id: `--${spec.name} memerlukan nilai` },
        { en: `e.g. --${spec.name} ${spec.value ?? 'VALUE'}`, id: `mis. --${spec.name} ${spec.value ?? 'NILAI'}` },
      );
    }
    if (spec.multiple) options[spec.name] = [...((options[spec.name] as string[] | undefined) ?? []), value];
    else options[spec.name] = value;
  }
  return { options, positionals };
}

function unknownOption(arg: string, specs: readonly OptionSpec[], names: readonly string[]): UsageError {
  const name = arg.replace(/^-+/, '');
  const nearest = nearestName(name, specs.map((s) => s.name));
  const command = names.join(' ') || 'kolokasi';
  const help = ['kolokasi', ...names, '--help'].join(' ');
  return new UsageError(
    { en: `unknown option '${arg}' for '${command}'`, id: `opsi '${arg}' tidak dikenal untuk '${command}'` },
    nearest
      ? { en: `did you mean --${nearest}?`, id: `mungkin maksudnya --${nearest}?` }
      : { en: `see ${help}`, id: `lihat ${help}` },
  );
}

/**
 * Splits off the (sub)command name: `kolokasi --repo X validate` means `kolokasi validate --repo X`,
 * common options may come first. No name: every argument is an option.
 */
function splitName(argv: readonly string[]): { name?: string; rest: string[] } {
  const valued = new Set(GLOBAL_OPTIONS.filter((o) => o.type === 'string').map((o) => `--${o.name}`));
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--version') i += valued.has(argv[i]!) ? 2 : 1;
  if (i >= argv.length) return { rest: [...argv] };
  return { name: argv[i]!, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
}

function resolveLang(value: OptionValue, env: Io['env']): Lang {
  if (value === undefined) return detectLang([], env);
  if (value === 'en' || value === 'id') return value;
  throw new UsageError({ en: `unknown --lang '${String(value)}'`, id: `--lang '${String(value)}' tidak dikenal` }, { en: 'use en or id', id: 'gunakan en atau id' });
}

function unknownName(name: string, names: readonly string[], within: readonly string[]): UsageError {
  const nearest = nearestName(name, names);
  const invocation = ['kolokasi', ...within].join(' ');
  const what = within.length === 0 ? { en: 'command', id: 'perintah' } : { en: 'step', id: 'langkah' };
  return new UsageError(
    { en: `unknown ${what.en} '${name}'${within.length ? ` of '${invocation}'` : ''}`, id: `${what.id} '${name}' tidak dikenal${within.length ? ` pada '${invocation}'` : ''}` },
    nearest
      ? { en: `did you mean '${invocation} ${nearest}'?`, id: `mungkin maksudnya '${invocation} ${nearest}'?` }
      : { en: `see ${invocation} --help`, id: `lihat ${invocation} --help` },
  );
}

export async function runMain(argv: readonly string[], io: Io): Promise<number> {
  let lang = detectLang(argv, io.env);
  try {
    let entries = COMMANDS;
    let args = [...argv];
    const names: string[] = [];
    let group: { entry: CommandEntry; loaded: CommandGroup } | undefined;
    for (;;) {
      const { name, rest } = splitName(args);
      if (name === '--version' && names.length === 0) {
        io.stdout(`kolokasi ${packageVersion()}\n`);
        return EXIT_OK;
      }
      if (name === undefined || (name === 'help' && names.length === 0)) {
        // Only options, or none: the help of kolokasi, or of the group named so far.
        const { options } = parseOptions(rest, GLOBAL_OPTIONS, names);
        lang = resolveLang(options.lang, io.env);
        const asked = name === 'help' || options.help === true;
        (asked ? io.stdout : io.stderr)(renderUsage(lang, names, group?.entry, group?.loaded));
        return asked ? EXIT_OK : EXIT_USAGE;
      }
      const entry = entries.find((c) => c.name === name);
      if (!entry) throw unknownName(name, entries.map((c) => c.name), names);
      names.push(name);
      const loaded = await entry.load();
      if ('subcommands' in loaded) {
        group = { entry, loaded };
        entries = loaded.subcommands;
        args = rest;
        continue;
      }
      const parsed = parseOptions(rest, optionsOf(loaded), names);
      lang = resolveLang(parsed.options.lang, io.env);
      if (parsed.options.help === true) {
        io.stdout(renderUsage(lang, names, entry, loaded));
        return EXIT_OK;
      }
      const repoOption = parsed.options.repo;
      // Imported here, not at the top: the file reader brings in the core, which --help never needs.
      const { findRepositoryRoot } = await import('../io/repository.ts');
      const ctx: CommandContext = {
        io,
        lang,
        repo: typeof repoOption === 'string' ? path.resolve(io.cwd, repoOption) : (findRepositoryRoot(io.cwd) ?? io.cwd),
        stack: typeof parsed.options.stack === 'string' ? parsed.options.stack : 'dev',
        options: parsed.options,
        positionals: parsed.positionals,
      };
      return await loaded.run(ctx);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof RejectedError) {
      const word = lang === 'id' ? 'galat' : 'error';
      io.stderr(`kolokasi: ${word}: ${error.text[lang]}\n`);
      if (error.hint) io.stderr(`  ${lang === 'id' ? 'saran' : 'hint'}: ${error.hint[lang]}\n`);
      return exitCodeOf(error);
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(
      lang === 'id'
        ? `kolokasi: galat internal (bug di kolokasi, mohon laporkan beserta keluaran ini):\n${stack}\n`
        : `kolokasi: internal error (a bug in kolokasi; please report it with this output):\n${stack}\n`,
    );
    return exitCodeOf(error);
  }
}
