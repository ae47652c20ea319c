// Reading a kolokasi repository from disk: the only place requests, stack and registry files are
// read. Files are checked before they are read (symlinks refused, size capped), so a hostile pull
// request can neither point kolokasi at a file outside the repository nor make it read gigabytes.
// The calls are synchronous: every file is needed whole before anything else can happen, and at
// 10,000 files the promise API's round trips through the thread pool cost four times the reading.
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, SourceFile } from '../core/model.ts';
import { report } from '../core/catalog/index.ts';
import { decodeSource, MAX_FILE_BYTES, oversizeFile } from '../core/yaml.ts';
import { OPD_REGISTRY_PATH, STACK_NAME, stackConfigPath } from '../core/stack.ts';
import { REQUESTS_DIR } from '../core/requests.ts';
import { ledgerPath, MAX_LEDGER_BYTES, STACKS_DIR } from '../core/ledger.ts';
import { UsageError } from '../errors.ts';
import { refuseSymbolicLink } from './files.ts';

export interface RepositoryFiles {
  root: string;
  stackName: string;
  stack: SourceFile;
  registry: SourceFile;
  /** Every file under requests/ except the registry, sorted by path. */
  requests: SourceFile[];
  /** Absent when the stack has never been applied. */
  ledger?: SourceFile;
  /** Problems found before parsing: symlinks, oversize or binary files. */
  diagnostics: Diagnostic[];
}

export function checkStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(
      { en: `invalid stack name '${stack}'`, id: `nama stack '${stack}' tidak sah` },
      { en: 'use lowercase letters, digits and hyphens, e.g. dev or prod', id: 'gunakan huruf kecil, angka dan tanda hubung, mis. dev atau prod' },
    );
  }
}

/** A promise, as the callers (the Pulumi program among them) expect, though the reading is synchronous. */
export async function readRepository(root: string, stackName: string): Promise<RepositoryFiles> {
  checkStackName(stackName);
  const diagnostics: Diagnostic[] = [];
  checkRepositoryDirectory(root);
  const stack = readRequired(root, stackConfigPath(stackName), {
    en: `stack '${stackName}' not found: ${stackConfigPath(stackName)} is missing in ${root}`,
    id: `stack '${stackName}' tidak ditemukan: ${stackConfigPath(stackName)} tidak ada di ${root}`,
  });
  const registry = readRequired(root, OPD_REGISTRY_PATH, {
    en: `the OPD registry ${OPD_REGISTRY_PATH} is missing in ${root}`,
    id: `daftar OPD ${OPD_REGISTRY_PATH} tidak ada di ${root}`,
  });
  const files = listFiles(root, REQUESTS_DIR, diagnostics).filter((f) => f !== OPD_REGISTRY_PATH);
  const requests = files.flatMap((file) => readOne(root, file, diagnostics) ?? []);
  const ledgerFile = ledgerPath(stackName);
  const ledger = exists(path.join(root, ledgerFile)) ? readOne(root, ledgerFile, diagnostics, MAX_LEDGER_BYTES) : undefined;
  return { root, stackName, stack, registry, requests, ...(ledger ? { ledger } : {}), diagnostics };
}

function checkRepositoryDirectory(root: string): void {
  const info = lstatSync(root, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) {
    throw new UsageError(
      { en: `--repo ${root} is not a directory`, id: `--repo ${root} bukan folder` },
      { en: 'give the directory that holds requests/ and stacks/', id: 'berikan folder yang berisi requests/ dan stacks/' },
    );
  }
  // A linked requests/ or stacks/ would make kolokasi read (and apply write) outside the repository.
  for (const dir of [REQUESTS_DIR, STACKS_DIR]) {
    refuseSymbolicLink(path.join(root, dir), `${dir}/`, {
      en: `replace the link with the directory itself: requests/ and stacks/ are part of the repository`,
      id: `ganti tautan dengan foldernya sendiri: requests/ dan stacks/ adalah bagian dari repositori`,
    });
  }
}

/**
 * The repository a command works on when `--repo` is not given, found the way git finds its own:
 * the nearest folder at or above `start` that holds both requests/ and stacks/, or a .git.
 */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if ((isDirectory(path.join(dir, REQUESTS_DIR)) && isDirectory(path.join(dir, STACKS_DIR))) || exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isDirectory(dir: string): boolean {
  return lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function readRequired(root: string, file: string, missing: { en: string; id: string }): SourceFile {
  if (!exists(path.join(root, file))) {
    throw new UsageError(missing, {
      en: 'run kolokasi inside the repository (the folder holding requests/ and stacks/, or any folder below it), or pass --repo DIR and --stack NAME',
      id: 'jalankan kolokasi di dalam repositori (folder berisi requests/ dan stacks/, atau folder mana pun di bawahnya), atau berikan --repo DIR dan --stack NAMA',
    });
  }
  const problems: Diagnostic[] = [];
  const source = readOne(root, file, problems);
  const problem = problems[0];
  if (!source) {
    throw new UsageError(
      problem ? { en: `${file}: ${problem.message.en}`, id: `${file}: ${problem.message.id}` } : { en: `cannot read ${file}`, id: `tidak dapat membaca ${file}` },
      problem?.hint,
    );
  }
  return source;
}

/** Lists regular files under `dir` (relative paths, forward slashes), refusing symlinks. */
function listFiles(root: string, dir: string, diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === dir) return;
      throw new UsageError({ en: `cannot read directory ${relative}`, id: `tidak dapat membaca folder ${relative}` });
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.name.startsWith('.') || entry.name.endsWith('.md')) continue;
      if (entry.isSymbolicLink()) diagnostics.push(symlinkRefused(child));
      else if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
      else diagnostics.push(notRegularFile(child, 'special'));
    }
  };
  walk(dir);
  return out.sort();
}

export function symlinkRefused(file: string): Diagnostic {
  return notRegularFile(file, 'symlink');
}

/** Links could point outside the repository; pipes and devices could block or never end. */
export function notRegularFile(file: string, kind: 'symlink' | 'special'): Diagnostic {
  return report('KLK008', { file }, { kind });
}

/** Reads one repository file after checking it is a regular file of sane size. */
export function readOne(root: string, file: string, diagnostics: Diagnostic[], maxBytes = MAX_FILE_BYTES): SourceFile | undefined {
  const absolute = path.join(root, file);
  let info;
  try {
    info = lstatSync(absolute);
  } catch {
    throw new UsageError({ en: `cannot read ${file}: no such file`, id: `tidak dapat membaca ${file}: berkas tidak ada` });
  }
  if (info.isSymbolicLink()) {
    diagnostics.push(symlinkRefused(file));
    return undefined;
  }
  if (!info.isFile()) {
    if (info.isDirectory()) throw new UsageError({ en: `${file} is a directory, not a file`, id: `${file} adalah folder, bukan berkas` });
    diagnostics.push(notRegularFile(file, 'special'));
    return undefined;
  }
  if (info.size > maxBytes) {
    diagnostics.push(oversizeFile(file, info.size, maxBytes));
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch {
    throw new UsageError({ en: `cannot read ${file}`, id: `tidak dapat membaca ${file}` });
  }
  const decoded = decodeSource(file, bytes, maxBytes);
  if (!decoded.ok) {
    diagnostics.push(decoded.diagnostic);
    return undefined;
  }
  return decoded.source;
}
