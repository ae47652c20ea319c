// A throwaway copy of the example repository, and the CLI run in-process against it.
import { rm } from 'node:fs/promises';
import { runMain } from '../../src/cli/main.ts';
import { exampleCopy } from './example.ts';
import { PROJECT_ROOT } from './paths.ts';

export { PROJECT_ROOT };

/** The example (requests/, stacks/ without ledgers unless asked, schemas/) in a new temp dir. */
export async function exampleRepo(options: { withLedger?: boolean } = {}): Promise<string> {
  return exampleCopy(options);
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
