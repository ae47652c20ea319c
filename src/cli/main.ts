// The only place that turns outcomes into exit codes. Arguments and IO are injected so tests run
// the CLI in-process exactly as a user would.
import path from 'node:path';
import type { Lang } from '../core/model.ts';
import type { Command, CommandContext, CommandEntry, Io, OptionSpec, OptionValue } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { GLOBAL_OPTIONS } from './options.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, RejectedError, UsageError } from '../errors.ts';
import { nearestName } from '../core/nearest.ts';

export function langFromEnv(env: Io['env']): Lang {
  const value = env.KOLOKASI_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return value.toLowerCase().startsWith('id') ? 'id' : 'en';
}

const TAGLINE = {
  en: 'kolokasi: colocation requests as pull requests (DKISP Kota Tarakan)',
  id: 'kolokasi: permohonan colocation server melalui pull request (DKISP Kota Tarakan)',
};

function optionLine(option: OptionSpec, lang: Lang): string {
  const left = `  --${option.name}${option.value ? ` ${option.value}` : ''}`;
  return `${left.padEnd(30)} ${option.description[lang]}`;
}

export function renderUsage(lang: Lang, entry?: CommandEntry, command?: Command): string {
  if (entry && command) {
    const lines = [
      `${lang === 'id' ? 'Pemakaian' : 'Usage'}: kolokasi ${entry.name}${command.args ? ` ${command.args}` : ''} [options]`,
      '',
      entry.summary[lang],
      '',
      lang === 'id' ? 'Opsi:' : 'Options:',
      ...[...command.options, ...GLOBAL_OPTIONS].map((o) => optionLine(o, lang)),
    ];
    return `${lines.join('\n')}\n`;
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = [
    TAGLINE[lang],
    '',
    `${lang === 'id' ? 'Pemakaian' : 'Usage'}: kolokasi <command> [options]`,
    '',
    lang === 'id' ? 'Perintah:' : 'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary[lang]}`),
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

interface ParsedArgs {
  options: Record<string, OptionValue>;
  positionals: string[];
}

function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], commandName: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options: Record<string, OptionValue> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw unknownOption(arg, specs, commandName);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw unknownOption(arg, specs, commandName);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError({ en: `--${name} takes no value`, id: `--${name} tidak menerima nilai` });
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(
        { en: `--${name} needs a value`, id: `--${name} memerlukan nilai` },
        { en: `e.g. --${name} ${spec.value ?? 'VALUE'}`, id: `mis. --${name} ${spec.value ?? 'NILAI'}` },
      );
    }
    if (spec.multiple) options[name] = [...((options[name] as string[] | undefined) ?? []), value];
    else options[name] = value;
  }
  return { options, positionals };
}

function unknownOption(arg: string, specs: readonly OptionSpec[], commandName: string): UsageError {
  const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
  const nearest = nearestName(name, specs.map((s) => s.name));
  return new UsageError(
    { en: `unknown option '${arg}' for '${commandName}'`, id: `opsi '${arg}' tidak dikenal untuk '${commandName}'` },
    nearest
      ? { en: `did you mean --${nearest}?`, id: `mungkin maksudnya --${nearest}?` }
      : { en: `see kolokasi ${commandName} --help`, id: `lihat kolokasi ${commandName} --help` },
  );
}

/** `kolokasi --repo X validate` means `kolokasi validate --repo X`: common options may come first. */
function commandFirst(argv: readonly string[]): string[] {
  const valued = new Set(GLOBAL_OPTIONS.filter((o) => o.type === 'string').map((o) => `--${o.name}`));
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('--') && argv[i] !== '--help' && argv[i] !== '--version') {
    i += valued.has(argv[i]!) ? 2 : 1;
  }
  if (i === 0 || i >= argv.length) return [...argv];
  return [argv[i]!, ...argv.slice(0, i), ...argv.slice(i + 1)];
}

function resolveLang(value: OptionValue, env: Io['env']): Lang {
  if (value === undefined) return langFromEnv(env);
  if (value === 'en' || value === 'id') return value;
  throw new UsageError({ en: `unknown --lang '${String(value)}'`, id: `--lang '${String(value)}' tidak dikenal` }, { en: 'use en or id', id: 'gunakan en atau id' });
}

export async function runMain(argv: readonly string[], io: Io): Promise<number> {
  // The language is needed before the arguments are fully understood, to report their errors.
  const langIndex = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const early = langIndex < 0 ? undefined : argv[langIndex]!.includes('=') ? argv[langIndex]!.split('=')[1] : argv[langIndex + 1];
  let lang: Lang = early === 'en' || early === 'id' ? early : langFromEnv(io.env);
  try {
    const [name, ...rest] = commandFirst(argv);
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      (name === undefined ? io.stderr : io.stdout)(renderUsage(lang));
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (name === '--version') {
      io.stdout('kolokasi 0.1.0\n');
      return EXIT_OK;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) {
      const nearest = nearestName(name, COMMANDS.map((c) => c.name));
      throw new UsageError(
        { en: `unknown command '${name}'`, id: `perintah '${name}' tidak dikenal` },
        nearest
          ? { en: `did you mean 'kolokasi ${nearest}'?`, id: `mungkin maksudnya 'kolokasi ${nearest}'?` }
          : { en: 'see kolokasi --help', id: 'lihat kolokasi --help' },
      );
    }
    const command = await entry.load();
    const parsed = parseArgs(rest, [...command.options, ...GLOBAL_OPTIONS], entry.name);
    lang = resolveLang(parsed.options.lang, io.env);
    if (parsed.options.help === true) {
      io.stdout(renderUsage(lang, entry, command));
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
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RejectedError) {
      const word = lang === 'id' ? 'galat' : 'error';
      io.stderr(`kolokasi: ${word}: ${error.text[lang]}\n`);
      if (error.hint) io.stderr(`  ${lang === 'id' ? 'saran' : 'hint'}: ${error.hint[lang]}\n`);
      return error instanceof UsageError ? EXIT_USAGE : EXIT_REJECTED;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(
      lang === 'id'
        ? `kolokasi: galat internal (bug di kolokasi, mohon laporkan beserta keluaran ini):\n${stack}\n`
        : `kolokasi: internal error (a bug in kolokasi; please report it with this output):\n${stack}\n`,
    );
    return EXIT_INTERNAL;
  }
}
