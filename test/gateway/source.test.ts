// The agent's git edge against remotes that fail: one that refuses at once, and one that accepts the
// connection and then says nothing, which must not hold the agent (and its lock) for long.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetchSources } from '../../src/git/gateway-source.ts';
import { GitCommandError } from '../../src/git/run.ts';

describe('fetching from a remote that does not answer', () => {
  let work: string;
  let silent: net.Server;
  const connections = new Set<net.Socket>();
  let closed = 0;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kolokasi-source-'));
    silent = net.createServer((socket) => {
      connections.add(socket);
      // Reads the request and never answers; the end of the stream is seen only while reading.
      socket.resume();
      socket.on('close', () => closed++);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of connections) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('fails with git\'s own reason when the remote refuses', async () => {
    // A loopback port that was just free and is closed again: the connection is refused at once.
    const vacated = net.createServer();
    await new Promise<void>((resolve) => vacated.listen(0, '127.0.0.1', resolve));
    const { port } = vacated.address() as net.AddressInfo;
    await new Promise((resolve) => vacated.close(resolve));
    const error = await fetchSources(path.join(work, 'refused.git'), `http://127.0.0.1:${port}/kolokasi.git`, 'main', 'gateway-config', 60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ timedOut: false });
    expect((error as GitCommandError).detail).toMatch(/127\.0\.0\.1/);
  });

  it('gives up after the timeout, and ends the helpers that hold the connection', async () => {
    const { port } = silent.address() as net.AddressInfo;
    const error = await fetchSources(path.join(work, 'silent.git'), `http://127.0.0.1:${port}/kolokasi.git`, 'main', 'gateway-config', 1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ timedOut: true, detail: 'git fetch had no answer within 1 s (gitTimeoutSeconds)' });
    expect(connections.size).toBe(1);
    // git-remote-http, killed with git, closes its connection: nothing keeps talking to the remote.
    for (let wait = 0; closed < connections.size && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(connections.size);
  });
});
