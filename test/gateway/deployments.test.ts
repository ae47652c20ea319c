// The gateway's GitHub deployment statuses, against a local HTTP server answering as the REST API does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayDeployments } from '../../src/github/deployments.ts';

interface Call {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let calls: Call[];
let api: string;
let failStatuses = false;
const COMMIT = 'a'.repeat(40);

beforeEach(async () => {
  calls = [];
  failStatuses = false;
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      calls.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body: text ? JSON.parse(text) : {} });
      response.setHeader('content-type', 'application/json');
      if (request.url === '/repos/dkisp/kolokasi/deployments') {
        response.statusCode = 201;
        response.end(JSON.stringify({ id: 1234, sha: COMMIT, ref: COMMIT, environment: 'gateway-dev', creator: { login: 'kolokasi-bot' } }));
      } else if (request.url === '/repos/dkisp/kolokasi/deployments/1234/statuses' && !failStatuses) {
        response.statusCode = 201;
        response.end(JSON.stringify({ id: 1, state: JSON.parse(text).state, deployment_url: `${api}/repos/dkisp/kolokasi/deployments/1234` }));
      } else {
        response.statusCode = 422;
        response.end(JSON.stringify({ message: 'Validation Failed' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const env = () => ({ GITHUB_TOKEN: 'ghs_t0ken', GITHUB_REPOSITORY: 'dkisp/kolokasi', GITHUB_API_URL: api });

describe('GitHub deployment statuses of the gateway', () => {
  it('creates a deployment of the ledger commit, then its statuses', async () => {
    const warnings: string[] = [];
    const reporter = gatewayDeployments(env(), 'gateway-dev', (w) => warnings.push(w), { secondMs: 1 })!;
    await reporter.start(COMMIT, 'kolokasi dev -> gateway (nftables)');
    await reporter.status('success', 'aktif di gateway sejak 2026-12-01T06:00:00.000Z');
    expect(warnings).toEqual([]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /repos/dkisp/kolokasi/deployments', 'POST /repos/dkisp/kolokasi/deployments/1234/statuses']);
    expect(calls[0]!.authorization).toBe('Bearer ghs_t0ken');
    expect(calls[0]!.body).toMatchObject({ ref: COMMIT, environment: 'gateway-dev', auto_merge: false, required_contexts: [] });
    expect(calls[1]!.body).toEqual({ state: 'success', description: 'aktif di gateway sejak 2026-12-01T06:00:00.000Z', environment: 'gateway-dev', auto_inactive: true });
  });

  it('warns, and never throws, when GitHub refuses: the gateway does not depend on it', async () => {
    failStatuses = true;
    const warnings: string[] = [];
    const reporter = gatewayDeployments(env(), 'gateway-dev', (w) => warnings.push(w), { secondMs: 1 })!;
    await reporter.start(COMMIT, 'x');
    await expect(reporter.status('failure', 'probe failed; previous tables restored')).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('answered 422')]);
  });

  it('reports nothing without a token', () => {
    expect(gatewayDeployments({ GITHUB_REPOSITORY: 'dkisp/kolokasi' }, 'gateway-dev', () => undefined)).toBeUndefined();
  });
});
