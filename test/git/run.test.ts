// The one git runner: its failures are environment errors (exit 2, no stack), git speaks English
// whatever the locale (push-retry.ts reads its refusals), it never waits at a credential prompt,
// and input reaches git's stdin.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf, EXIT_USAGE } from '../../src/errors.ts';
import { GitCommandError, runGit } from '../../src/git/run.ts';

describe('runGit', () => {
  let work: string;
  let server: Server;
  const saved = { LANGUAGE: process.env.LANGUAGE, LC_ALL: process.env.LC_ALL };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kolokasi-run-'));
    // A remote that asks for credentials on every request.
    server = createServer((_request, response) => {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="kolokasi"' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('fails outside a repository with an environment error naming git\'s reason, in English', async () => {
    // Asked for Indonesian, git would answer "bukan repositori git".
    process.env.LANGUAGE = 'id';
    process.env.LC_ALL = 'C.UTF-8';
    const error = await runGit(work, ['rev-parse', 'HEAD']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(exitCodeOf(error)).toBe(EXIT_USAGE);
    expect(error).toMatchObject({ command: 'rev-parse', repo: work, timedOut: false });
    expect((error as GitCommandError).detail).toMatch(/not a git repository/);
    expect((error as GitCommandError).text.id).toMatch(/^git rev-parse gagal di /);
  });

  it('says that git cannot be started in a folder that does not exist', async () => {
    const error = await runGit(path.join(work, 'missing'), ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).detail).toMatch(/git is not installed, or the folder does not exist/);
  });

  it('does not wait at a prompt for the credentials a remote asks for', async () => {
    const { port } = server.address() as AddressInfo;
    const error = await runGit(work, ['ls-remote', `http://127.0.0.1:${port}/kolokasi.git`]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).detail).toMatch(/terminal prompts disabled/);
  });

  it('feeds its input to git', async () => {
    const repo = path.join(work, 'repo');
    await runGit(work, ['init', '--quiet', repo]);
    const id = await runGit(repo, ['hash-object', '--stdin'], { input: 'kolokasi\n' });
    expect(id.trim()).toBe(createHash('sha1').update('blob 9\0kolokasi\n').digest('hex'));
  });
});
