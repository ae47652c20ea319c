// A throwaway copy of the example repository, and the CLI run in-process against it.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMain } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from './paths.ts';

export { PROJECT_ROOT };

/** Copies requests/, stacks/ (without ledgers unless asked) and schemas/ into a new temp dir. */
export async function exampleRepo(options: { withLedger?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kolokasi-test-'));
  for (const part of ['requests', 'stacks', 'schemas']) {
    await cp(path.join(PROJECT_ROOT, part), path.join(dir, part), {
      recursive: true,
      filter: (src) => options.withLedger === true || !src.endsWith('.allocations.yaml'),
    });
  }
  return dir;
}

export async function removeRepo(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runMain(args, {
    cwd: options.cwd,
    env: options.env ?? { LANG: 'en_US.UTF-8' },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}
