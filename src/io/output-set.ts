// One output set, switched in one step. `kolokasi apply` renders every file into a new directory
// beside the current set, and then points the symbolic link `current` at it by renaming a fresh
// link over the old one. rename(2) replaces a link atomically, so a reader of `current/...` sees
// the old set or the new one, never a mix; renaming a directory cannot do that (a non-empty
// directory cannot be renamed over, and two renames leave a moment with no set at all).
//
// Everything kolokasi makes here carries its process id in a temporary name until it is complete;
// a killed run leaves such entries, and the next run removes those whose process is gone.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, readlink, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { OutputFile } from '../render/outputs.ts';
import { MANIFEST_FILE, sha256Hex } from '../render/manifest.ts';
import { atomicTempOwner, ensureDirectory, refuseSymbolicLink, writeDurably } from './files.ts';

export const CURRENT_LINK = 'current';
const SET_PREFIX = 'set-';
const TEMP_PREFIX = '.kolokasi-tmp-';
/** What an earlier version wrote: the files it wrote one by one, listed. */
const LEGACY_LIST = '.kolokasi-outputs';

export interface OutputSetResult {
  files: number;
  /** Files whose content differs from the previous set's (new files included), sorted. */
  changed: string[];
  /** Files of the previous set that this one no longer has, sorted. */
  dropped: string[];
  /** Leftovers of killed runs removed first. */
  staleRemoved: number;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempName(): string {
  return `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The pid in a temporary name of ours, or undefined for any other name. */
function tempOwner(name: string): number | undefined {
  const ours = new RegExp(`^${TEMP_PREFIX.replace('.', '\\.')}(\\d+)-[0-9a-f]{8}`).exec(name);
  return ours ? Number(ours[1]) : atomicTempOwner(name);
}

/** Removes the temporary entries in `dir` left by kolokasi processes that no longer run. */
export async function removeStaleTemporaries(dir: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const owner = tempOwner(name);
    if (owner === undefined || alive(owner)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A renderer's path inside the set, refused if it could leave it. */
export function insideSet(setDir: string, relative: string): string {
  const target = path.resolve(setDir, ...relative.split('/'));
  const back = path.relative(setDir, target);
  if (relative === '' || path.isAbsolute(relative) || relative.split('/').includes('..') || back === '' || back.startsWith('..') || path.isAbsolute(back)) {
    throw new Error(`output path ${JSON.stringify(relative)} would leave the output set`);
  }
  return target;
}

/** The digest of every file a manifest lists, by path. */
function manifestDigests(manifestText: string): Map<string, string> {
  const manifest = JSON.parse(manifestText) as { files?: { path: string; sha256: string }[] };
  return new Map((manifest.files ?? []).map((f) => [f.path, f.sha256]));
}

async function previousDigests(outDir: string): Promise<Map<string, string>> {
  try {
    return manifestDigests(await readFile(path.join(outDir, CURRENT_LINK, MANIFEST_FILE), 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * Writes `files` and the manifest as a new set in `outDir`, switches `current` to it, and removes
 * the sets it replaced. Files of `outDir` that kolokasi did not make (a report, notes) stay.
 */
export async function writeOutputSet(outDir: string, files: readonly OutputFile[], manifestText: string): Promise<OutputSetResult> {
  const outHint = { en: 'give a real directory with --out, or remove the link', id: 'berikan folder nyata dengan --out, atau hapus tautannya' };
  refuseSymbolicLink(outDir, outDir, outHint);
  await ensureDirectory(outDir);
  const staleRemoved = (await removeStaleTemporaries(outDir)) + (await removeLegacyOutputs(outDir));
  const currentLink = path.join(outDir, CURRENT_LINK);
  const currentInfo = await lstat(currentLink).catch(() => undefined);
  if (currentInfo && !currentInfo.isSymbolicLink()) {
    throw new UsageError(
      { en: `${currentLink} exists and is not the link kolokasi switches`, id: `${currentLink} sudah ada dan bukan tautan yang dipindahkan kolokasi` },
      { en: 'move it away, or choose another --out', id: 'pindahkan, atau pilih --out lain' },
    );
  }
  const before = await previousDigests(outDir);

  const temp = path.join(outDir, tempName());
  try {
    await mkdir(temp);
    for (const file of files) {
      const target = insideSet(temp, file.path);
      await ensureDirectory(path.dirname(target));
      writeDurably(target, file.content);
    }
    writeDurably(path.join(temp, MANIFEST_FILE), manifestText);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      { en: `cannot write the output set in ${outDir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, id: `tidak dapat menulis set keluaran di ${outDir} (${(error as NodeJS.ErrnoException).code ?? String(error)})` },
      { en: 'check that the directory is writable and has free space', id: 'periksa bahwa folder dapat ditulisi dan masih ada ruang kosong' },
    );
  }
  // Named by the manifest's digest: the same set rendered twice is one directory.
  const setName = `${SET_PREFIX}${sha256Hex(manifestText).slice(0, 16)}`;
  const setDir = path.join(outDir, setName);
  if (await lstat(setDir).catch(() => undefined)) await rm(temp, { recursive: true, force: true });
  else await rename(temp, setDir);
  await syncDirectory(outDir);

  if (!currentInfo || (await readlink(currentLink)) !== setName) {
    const link = path.join(outDir, `${tempName()}.link`);
    await symlink(setName, link);
    await rename(link, currentLink);
    await syncDirectory(outDir);
  }
  for (const name of await readdir(outDir)) {
    if (name.startsWith(SET_PREFIX) && name !== setName) await rm(path.join(outDir, name), { recursive: true, force: true });
  }
  // The manifest holds the digest of every file already; hashing tens of megabytes again is waste.
  const now = manifestDigests(manifestText);
  return {
    files: files.length,
    changed: [...now].filter(([file, digest]) => before.get(file) !== digest).map(([file]) => file).sort(),
    dropped: [...before.keys()].filter((file) => !now.has(file)).sort(),
    staleRemoved,
  };
}

/**
 * Earlier versions wrote the files straight into the out dir and listed them in `.kolokasi-outputs`;
 * those files (and their temporaries) go once the first set is written. Nothing unlisted is touched.
 */
async function removeLegacyOutputs(outDir: string): Promise<number> {
  let listed: string[];
  try {
    listed = (await readFile(path.join(outDir, LEGACY_LIST), 'utf8')).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  } catch {
    return 0;
  }
  let removed = 0;
  const directories = new Set<string>();
  for (const relative of listed) {
    let target: string;
    try {
      target = insideSet(outDir, relative);
    } catch {
      continue;
    }
    const parts = path.relative(outDir, target).split(path.sep);
    if (parts[0] === CURRENT_LINK || parts[0]!.startsWith(SET_PREFIX)) continue;
    // Only through real directories: a link on the way would lead the removal elsewhere.
    let linked = false;
    for (let i = 1; i <= parts.length; i++) {
      if ((await lstat(path.join(outDir, ...parts.slice(0, i))).catch(() => undefined))?.isSymbolicLink()) linked = true;
    }
    if (linked) continue;
    if (await rm(target).then(() => true, () => false)) removed++;
    for (let dir = path.dirname(target); dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) directories.add(dir);
  }
  for (const dir of [...directories].sort((a, b) => b.length - a.length)) {
    removed += await removeStaleTemporaries(dir);
    await rmdir(dir).catch(() => undefined);
  }
  await rm(path.join(outDir, LEGACY_LIST), { force: true });
  return removed;
}
