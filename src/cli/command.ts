// The shape every command module has. Commands get their IO injected and return an exit code;
// they never call process.exit and never read process.* themselves.
import type { Lang, Text } from '../core/model.ts';
import type { GitHubTransport } from '../github/rest.ts';
import type { RunContext } from '../io/context.ts';

export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** How the GitHub API is reached (default: the global fetch, GitHub's own waits). */
  github?: GitHubTransport;
  /** The clock of the workflow steps (default: the real time). */
  now?: () => Date;
}

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  /** May be given more than once; collected into a string[]. */
  multiple?: boolean;
  /** Shown in --help, e.g. `text|json|github`. */
  value?: string;
  description: Text;
}

export type OptionValue = string | boolean | string[] | undefined;

/** A run context (src/io/context.ts) with the whole IO and the parsed arguments. */
export interface CommandContext extends RunContext {
  io: Io;
  /** Absolute path of the repository (`--repo`, default: the nearest folder at or above the working directory holding requests/ and stacks/, or .git). */
  repo: string;
  options: Record<string, OptionValue>;
  positionals: string[];
}

/** A command module: what the command takes and does. */
export interface Command {
  /** e.g. `[PATH...]` or `<opd>/<name>`. */
  args?: string;
  options: OptionSpec[];
  run(ctx: CommandContext): Promise<number>;
}

/** A command made of subcommands (`kolokasi ci <step>`), each a row of its own table. */
export interface CommandGroup {
  subcommands: CommandEntry[];
}

/** A row of the command table: enough for `kolokasi --help` without importing the command. */
export interface CommandEntry {
  name: string;
  summary: Text;
  load(): Promise<Command | CommandGroup>;
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(ctx: CommandContext, name: string): boolean {
  return ctx.options[name] === true;
}

export function t(ctx: { lang: Lang }, text: Text): string {
  return text[ctx.lang];
}
