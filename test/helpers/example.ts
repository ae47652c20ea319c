// The example repository at the project's root (requests/, stacks/, schemas/), copied into a
// directory for a test to change at will. The one way every suite copies it.
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export interface ExampleCopyOptions {
  /** Keep a ledger (`stacks/*.allocations.yaml`) found in the project; by default none is copied. */
  withLedger?: boolean;
  /**
   * Also what the project's code needs to run from the copy as from a checkout: the sources,
   * package.json, Pulumi.yaml and tsconfig.json, with node_modules linked.
   */
  runnable?: boolean;
}

const EXAMPLE = ['requests', 'stacks', 'schemas'];
const RUNNABLE = ['src', 'package.json', 'Pulumi.yaml', 'tsconfig.json'];

/** Copies the example into `dir` (made if missing) and returns `dir`. */
export function copyExample(dir: string, options: ExampleCopyOptions = {}): string {
  for (const part of [...EXAMPLE, ...(options.runnable ? RUNNABLE : [])]) {
    cpSync(path.join(PROJECT_ROOT, part), path.join(dir, part), {
      recursive: true,
      filter: (src) => options.withLedger === true || !src.endsWith('.allocations.yaml'),
    });
  }
  if (options.runnable) symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** A copy of the example in a new temporary directory; the caller removes it. */
export function exampleCopy(options: ExampleCopyOptions = {}): string {
  return copyExample(mkdtempSync(path.join(tmpdir(), 'kolokasi-example-')), options);
}

/**
 * A copy of a directory made once per test file (a repository with its history, say) in a new
 * temporary directory: copying costs far less than making it again for every test.
 */
export async function copyTemplate(template: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kolokasi-copy-'));
  await cp(template, dir, { recursive: true });
  return dir;
}
