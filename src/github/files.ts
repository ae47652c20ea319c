// Reading the input files of the GitHub-flow commands (reviews, changed paths, configs), with one
// clear message when a file is missing, not a regular file or too large: exit code 2, no stack trace.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';

export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Reads a UTF-8 file given on the command line; `what` names the option in messages. */
export async function readInputFile(cwd: string, given: string, what: string, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  const absolute = path.resolve(cwd, given);
  let info;
  try {
    info = await lstat(absolute);
  } catch {
    throw new UsageError(
      { en: `${what}: cannot read ${given}: no such file`, id: `${what}: tidak dapat membaca ${given}: berkas tidak ada` },
      { en: 'check the path; relative paths are taken from the working directory', id: 'periksa path-nya; path relatif dihitung dari folder kerja' },
    );
  }
  if (!info.isFile()) {
    throw new UsageError({ en: `${what}: ${given} is not a regular file`, id: `${what}: ${given} bukan berkas biasa` });
  }
  if (info.size > maxBytes) {
    throw new UsageError({
      en: `${what}: ${given} is ${info.size} bytes, more than the limit of ${maxBytes}`,
      id: `${what}: ukuran ${given} ${info.size} byte, melebihi batas ${maxBytes}`,
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(absolute));
  } catch {
    throw new UsageError({ en: `${what}: ${given} is not readable UTF-8 text`, id: `${what}: ${given} bukan teks UTF-8 yang dapat dibaca` });
  }
}

/** A required string option, or a usage error naming it. */
export function requireOption(value: string | undefined, name: string, example: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(
      { en: `--${name} is required`, id: `--${name} wajib diisi` },
      { en: `e.g. --${name} ${example}`, id: `mis. --${name} ${example}` },
    );
  }
  return value;
}
