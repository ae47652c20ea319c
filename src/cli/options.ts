// Options shared by several commands, and the clock: `--now`, else the HEAD commit's time in a
// git repository (so a re-run of CI on the same commit computes the same plan), else the real time.
import path from 'node:path';
import type { OptionSpec, CommandContext } from './command.ts';
import { stringOption } from './command.ts';
import { UsageError } from '../errors.ts';
import { runGit } from '../git/run.ts';

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: 'repo', type: 'string', value: 'DIR', description: { en: 'repository with requests/ and stacks/ (default: the nearest such folder at or above the current one)', id: 'repositori berisi requests/ dan stacks/ (bawaan: folder seperti itu yang terdekat, di sini atau di atasnya)' } },
  { name: 'stack', type: 'string', value: 'NAME', description: { en: 'stack name (default: dev)', id: 'nama stack (bawaan: dev)' } },
  { name: 'lang', type: 'string', value: 'en|id', description: { en: 'language of messages (default: from LANG)', id: 'bahasa pesan (bawaan: dari LANG)' } },
  { name: 'help', type: 'boolean', description: { en: 'show this help', id: 'tampilkan bantuan ini' } },
];

export function formatOption(values: readonly string[]): OptionSpec {
  return { name: 'format', type: 'string', value: values.join('|'), description: { en: `output format (default: ${values[0]})`, id: `format keluaran (bawaan: ${values[0]})` } };
}

export const NOW_OPTION: OptionSpec = {
  name: 'now',
  type: 'string',
  value: 'ISO-8601',
  description: { en: 'the time to plan at (default: HEAD commit time, else now)', id: 'waktu acuan rencana (bawaan: waktu commit HEAD, atau sekarang)' },
};

export const OUT_OPTION: OptionSpec = {
  name: 'out',
  type: 'string',
  value: 'DIR',
  description: { en: 'output directory (default: build/<stack>)', id: 'folder keluaran (bawaan: build/<stack>)' },
};

export const FORCE_OPTION: OptionSpec = {
  name: 'force',
  type: 'boolean',
  description: { en: 'pass the safety gate (large releases, moved addresses)', id: 'lewati gerbang keamanan (pelepasan besar, alamat berpindah)' },
};

export const SIGNOFF_OPTION: OptionSpec = {
  name: 'signoff',
  type: 'string',
  value: 'FILE',
  description: {
    en: 'the verified sign-off (kolokasi ci verify-signoff --out): request changes it does not sign off are taken as last applied',
    id: 'tanda tangan terverifikasi (kolokasi ci verify-signoff --out): perubahan permohonan yang tidak ditandatangani diambil seperti yang terakhir diterapkan',
  },
};

/** The one format value allowed for this command, or a usage error naming the choices. */
export function chooseFormat<T extends string>(ctx: CommandContext, values: readonly T[]): T {
  const given = stringOption(ctx, 'format') ?? values[0]!;
  if (!(values as readonly string[]).includes(given)) {
    throw new UsageError(
      { en: `unknown --format '${given}'`, id: `--format '${given}' tidak dikenal` },
      { en: `use one of: ${values.join(', ')}`, id: `gunakan salah satu: ${values.join(', ')}` },
    );
  }
  return given as T;
}

/** `--out`, resolved against the working directory; an empty value is a mistake, not "here". */
export function outDirectory(ctx: CommandContext, fallback: string): string {
  const given = stringOption(ctx, 'out');
  if (given === undefined) return fallback;
  if (given.trim() === '') {
    throw new UsageError({ en: '--out is empty', id: '--out kosong' }, { en: 'give a directory, e.g. --out build/dev', id: 'berikan folder, mis. --out build/dev' });
  }
  return path.resolve(ctx.io.cwd, given);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export async function resolveNow(ctx: CommandContext): Promise<Date> {
  const given = stringOption(ctx, 'now');
  if (given !== undefined) {
    const parsed = new Date(given);
    // Date() rolls 2026-02-30 over to March 2; the calendar date must survive the round trip.
    const [year, month, day] = given.slice(0, 10).split('-').map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(year, month - 1, day));
    const realDay = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
    if (!ISO_8601.test(given) || Number.isNaN(parsed.getTime()) || !realDay) {
      throw new UsageError(
        { en: `--now '${given}' is not an ISO-8601 time`, id: `--now '${given}' bukan waktu ISO-8601` },
        { en: 'e.g. --now 2026-11-27T08:00:00Z', id: 'mis. --now 2026-11-27T08:00:00Z' },
      );
    }
    return parsed;
  }
  return (await headCommitTime(ctx.repo)) ?? new Date();
}

async function headCommitTime(repo: string): Promise<Date | undefined> {
  try {
    const out = await runGit(repo, ['log', '-1', '--format=%cI']);
    const time = new Date(out.trim());
    return Number.isNaN(time.getTime()) ? undefined : time;
  } catch {
    // Not a git repository, or one without commits yet: there is no HEAD time.
    return undefined;
  }
}
