// Writing files so that a reader sees the old content or the new, never half; and turning the
// operating system's refusals (a file where a directory should be, no permission, a full disk)
// into usage errors that name the path, instead of a stack trace.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../cli/errors.ts';

function cannotWrite(target: string, error: unknown): UsageError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new UsageError(
    { en: `cannot write ${target} (${reason})`, id: `tidak dapat menulis ${target} (${reason})` },
    {
      en: 'choose a writable directory with --out, or fix the permissions or free space there',
      id: 'pilih folder yang dapat ditulisi dengan --out, atau perbaiki izin atau ruang kosong di sana',
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

/** Temp file in the same directory, flushed, then renamed over the target. */
export async function writeAtomically(file: string, content: string): Promise<void> {
  await ensureDirectory(path.dirname(file));
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error instanceof UsageError ? error : cannotWrite(file, error);
  }
}
