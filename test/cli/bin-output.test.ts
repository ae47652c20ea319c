// The real bin/kolokasi.js with an output it cannot write: a reader that went away (EPIPE, as with
// `| head`) is quiet and keeps the command's exit code; a full disk (ENOSPC, /dev/full) is exit 2
// with a short message. Never Node's "Unhandled 'error' event".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, exampleRepo, removeRepo } from '../helpers/repo.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/kolokasi.js');
const ENV = { ...process.env, LANG: 'en_US.UTF-8', KOLOKASI_LANG: 'en' };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the bin with its stdout a pipe whose reading end is closed before anything is written. */
function runClosedStdout(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Runs the bin with stdout (and optionally stderr) going to /dev/full. */
async function runFull(args: string[], cwd: string, options: { stderrFull?: boolean } = {}): Promise<Run> {
  const full = await open('/dev/full', 'w');
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', full.fd, options.stderrFull ? full.fd : 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  } finally {
    await full.close();
  }
}

function expectNoCrash(run: Run): void {
  expect(run.stderr).not.toContain("Unhandled 'error' event");
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.signal).toBeNull();
}

let repo: string;

beforeAll(async () => {
  repo = await exampleRepo();
});

afterAll(async () => {
  await removeRepo(repo);
});

describe('bin/kolokasi.js with a closed pipe (EPIPE)', () => {
  it('exits quietly with the exit code of a successful command', async () => {
    const run = await runClosedStdout(['validate', '--repo', repo, '--format', 'json'], repo);
    expectNoCrash(run);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('keeps the exit code of a command that refused (1), also after a long output', async () => {
    const review = '{"user":{"login":"a"},"state":"COMMENTED"}';
    await writeFile(path.join(repo, 'reviews.json'), `[${Array.from({ length: 50_000 }, () => review).join(',')}]`, 'utf8');
    await cp(path.join(PROJECT_ROOT, '.github/approvers.yaml'), path.join(repo, 'approvers.yaml'));
    const run = await runClosedStdout(['signoff', '--reviews', 'reviews.json', '--approvers', 'approvers.yaml', '--author', 'x', '--repo', repo], repo);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sign-off missing');
  });

  it('keeps a usage error (2)', async () => {
    const run = await runClosedStdout(['validate', '--repo', repo, '--format', 'yaml'], repo);
    expectNoCrash(run);
    expect(run.code).toBe(2);
  });
});

describe.skipIf(!existsSync('/dev/full'))('bin/kolokasi.js writing to a full disk (ENOSPC)', () => {
  it('exits 2 with a short message on stderr', async () => {
    const run = await runFull(['validate', '--repo', repo], repo);
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kolokasi: error: cannot write to standard output (ENOSPC); the output is incomplete\n  hint: free some disk space or send the output elsewhere\n');
  });

  it('says it in Indonesian with --lang id', async () => {
    const run = await runFull(['validate', '--repo', repo, '--lang', 'id'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tidak dapat menulis ke keluaran standar (ENOSPC)');
  });

  it('exits 2 when stderr cannot be written either', async () => {
    const run = await runFull(['validate', '--repo', repo], repo, { stderrFull: true });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
  });
});
