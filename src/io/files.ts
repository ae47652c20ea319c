// Writing files so that a reader sees the old content or the new, never half; and turning the
// operating system's refusals (a file where a directory should be, no permission, a full disk)
// into usage errors that name the path, instead of a stack trace.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../cli/errors.ts';

function cannotWrite(target: string, error: unknown): UsageError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new UsageError(
    { en: `cannot write ${target} (${reason})`, id: `tidak dapat menulis ${target} (${reason})` },
    {
      en: 'check that the path is a writable directory with free space and that no file or directory of that name is in the way',
      id: 'periksa bahwa path adalah folder yang dapat ditulisi dengan ruang kosong dan tidak ada berkas atau folder bernama sama yang menghalangi',
    },
  );
}

/**
 * Creates `dir` and its missing parents one level at a time. (A recursive mkdir can spin forever
 * on pseudo file systems such as /proc; one level at a time fails on the first refusal.)
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; ) {
    try {
      if (!(await stat(current)).isDirectory()) throw cannotWrite(current, { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(current, error);
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const directory of missing) {
    try {
      await mkdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(directory, error);
    }
  }
}

/**
 * Writes `content` to a temp file beside `file`, flushed, without touching `file`; the target must
 * be absent or a regular file. Returns the temp path for `commitStaged`.
 */
export async function stageFile(file: string, content: string): Promise<string> {
  await ensureDirectory(path.dirname(file));
  const existing = await lstat(file).catch(() => undefined);
  if (existing && !existing.isFile()) throw cannotWrite(file, { code: existing.isDirectory() ? 'EISDIR' : 'not a regular file' });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw cannotWrite(file, error);
  }
  return temp;
}

export async function commitStaged(temp: string, file: string): Promise<void> {
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw cannotWrite(file, error);
  }
}

/** Temp file in the same directory, flushed, then renamed over the target: never half a file. */
export async function writeAtomically(file: string, content: string): Promise<void> {
  await commitStaged(await stageFile(file, content), file);
}

/**
 * Several files at once: every one is staged first, and only when all are staged are they renamed
 * into place. A refusal while staging (a directory in the way, a full disk) changes no target.
 */
export async function writeAllAtomically(files: readonly { file: string; content: string }[]): Promise<void> {
  const staged: { temp: string; file: string }[] = [];
  try {
    for (const { file, content } of files) staged.push({ temp: await stageFile(file, content), file });
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  for (const { temp, file } of staged) await commitStaged(temp, file);
}

function linkRefused(what: string, hint: { en: string; id: string }): UsageError {
  return new UsageError(
    { en: `${what} is a symbolic link; kolokasi does not follow links out of the repository or the output directory`, id: `${what} adalah tautan simbolik; kolokasi tidak mengikuti tautan keluar dari repositori atau folder keluaran` },
    hint,
  );
}

/** Refuses `dir` when it is a symbolic link (a missing one is fine). */
export async function refuseSymbolicLink(dir: string, shown: string, hint: { en: string; id: string }): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (info?.isSymbolicLink()) throw linkRefused(shown, hint);
}
