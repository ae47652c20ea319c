// Writing files so that a reader sees the old content or the new, never half; and turning the
// operating system's refusals (a file where a directory should be, no permission, a full disk)
// into usage errors that name the path, instead of a stack trace. Synchronous calls: each file is
// written whole by one process, and the promise API's thread-pool round trips only add time (but
// for removing a whole directory tree, see replaceDirectory).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { textSlices } from '../render/manifest.ts';

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
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; ) {
    try {
      if (!statSync(current).isDirectory()) throw cannotWrite(current, { code: 'ENOTDIR' });
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
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(directory, error);
    }
  }
}

/** The temporary files writeAtomically stages: `.<name>.<pid>.<hex>.tmp`. */
const ATOMIC_TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The process that staged `name` when it is one of writeAtomically's temporary files. */
export function atomicTempOwner(name: string): number | undefined {
  const match = ATOMIC_TEMP.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * A new file (never an existing one: `wx`), written in pieces and flushed to disk before it is
 * closed. Pieces: a text converted to bytes whole leaves a block as large as the file in the
 * process (see textSlices).
 */
export function writeDurably(file: string, content: string): void {
  const fd = openSync(file, 'wx', 0o644);
  try {
    for (const piece of textSlices(content)) writeFileSync(fd, piece);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `content` to a temp file beside `file`, flushed, without touching `file`; the target must
 * be absent or a regular file. Returns the temp path for `commitStaged`.
 */
function stageFile(file: string, content: string): string {
  ensureDirectory(path.dirname(file));
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw cannotWrite(file, { code: existing.isDirectory() ? 'EISDIR' : 'not a regular file' });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`); // see atomicTempOwner
  try {
    writeDurably(temp, content);
  } catch (error) {
    rmSync(temp, { force: true });
    throw cannotWrite(file, error);
  }
  return temp;
}

function commitStaged(temp: string, file: string): void {
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw cannotWrite(file, error);
  }
}

/** Temp file in the same directory, flushed, then renamed over the target: never half a file. */
export function writeAtomically(file: string, content: string): void {
  commitStaged(stageFile(file, content), file);
}

/**
 * A directory of files that can be made again at any time (a report), written as a whole: into a
 * temp directory beside it, without flushing file by file, then put in its place by renaming.
 * A reader sees the old directory or the new one, and files an earlier run wrote but this one does
 * not are gone. So that nobody's own files are swept away, `dir` is replaced only when it is
 * absent, empty, or holds `marker`, the file every run leaves in it. `files` may be made one by one
 * as they are written (a generator); returns how many there were, the marker not counted.
 */
export async function replaceDirectory(dir: string, files: Iterable<{ path: string; content: string }>, marker: { name: string; content: string }): Promise<number> {
  const target = path.resolve(dir);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing) {
    const entries = existing.isDirectory() ? readdirSync(target) : undefined;
    if (!entries || (entries.length > 0 && !entries.includes(marker.name))) {
      throw new UsageError(
        { en: `${target} holds files kolokasi did not write there; it is not replaced`, id: `${target} berisi berkas yang tidak ditulis kolokasi; folder itu tidak diganti` },
        { en: 'choose a new or empty directory with --out, or remove that one', id: 'pilih folder baru atau kosong dengan --out, atau hapus folder itu' },
      );
    }
  }
  ensureDirectory(path.dirname(target));
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const temp = `${target}.${suffix}.tmp`;
  const made = new Set<string>([temp]);
  const writeOne = (file: { path: string; content: string }) => {
    try {
      const full = path.join(temp, ...file.path.split('/'));
      const parent = path.dirname(full);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      writeFileSync(full, file.content);
    } catch (error) {
      throw cannotWrite(target, error);
    }
  };
  let written = 0;
  try {
    try {
      mkdirSync(temp);
    } catch (error) {
      throw cannotWrite(target, error);
    }
    // Each file is written as soon as it is made, so that only one is held at a time; an error
    // while making one is passed on as it is (it is not the disk's fault).
    for (const file of files) {
      writeOne(file);
      written++;
    }
    writeOne({ path: marker.name, content: marker.content });
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  const old = `${target}.${suffix}.old`;
  try {
    if (existing) renameSync(target, old);
    renameSync(temp, target);
  } catch (error) {
    if (existing && !lstatSync(target, { throwIfNoEntry: false })) renameSync(old, target);
    rmSync(temp, { recursive: true, force: true });
    throw cannotWrite(target, error);
  }
  // Through the thread pool: the unlinks of an earlier report (20,000 files at 10,000 requests, long
  // since flushed to disk) overlap there, about twice as fast as one after another.
  await rm(old, { recursive: true, force: true });
  return written;
}

function linkRefused(what: string, hint: { en: string; id: string }): UsageError {
  return new UsageError(
    { en: `${what} is a symbolic link; kolokasi does not follow links out of the repository or the output directory`, id: `${what} adalah tautan simbolik; kolokasi tidak mengikuti tautan keluar dari repositori atau folder keluaran` },
    hint,
  );
}

/** Refuses `dir` when it is a symbolic link (a missing one is fine). */
export function refuseSymbolicLink(dir: string, shown: string, hint: { en: string; id: string }): void {
  if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) throw linkRefused(shown, hint);
}
