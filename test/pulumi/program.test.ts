// The Pulumi program: its pure computation on plain data, then the whole program (index.ts) under
// Pulumi's mocks, run in copies of the example repository.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/core/model.ts';
import { desiredState } from '../../src/core/desired.ts';
import { renderOutputs } from '../../src/render/outputs.ts';
import { cloudflareRecordArgs } from '../../src/pulumi/colocation-dns.ts';
import { DnsProgramRefusal, dnsProgramInput, refuseCredentialsInConfig } from '../../src/pulumi/program.ts';
import { dnsRecordsOf, fakeEngine, GET_ZONE_TOKEN, settled, type FakeEngine } from './engine.ts';
import {
  addRequest,
  appliedCopy,
  appliedLedger,
  copyRepository,
  deleteRequest,
  loadExample,
  removeCopies,
  setStackConfig,
  STACK,
  writeLedger,
} from './example-repo.ts';

const ZONE = 'dev.tarakankota.go.id';
const LOOKED_UP_ZONE_ID = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

afterAll(removeCopies);

function withoutAllocation(ledger: Ledger, id: string): Ledger {
  const { [id]: _dropped, ...kept } = ledger.allocations;
  return { ...ledger, allocations: kept };
}

function refusalOf(action: () => unknown): DnsProgramRefusal {
  try {
    action();
  } catch (error) {
    if (error instanceof DnsProgramRefusal) return error;
    throw error;
  }
  throw new Error('expected the program to refuse');
}

describe('dnsProgramInput: the computation, on plain data', () => {
  it('gives exactly the desired state of the core: records, allocation table and rendered-file digests', async () => {
    const example = await loadExample();
    const ledger = appliedLedger(example);
    const input = dnsProgramInput(STACK, example.config, example.requests, ledger);
    const desired = desiredState(STACK, example.config, example.requests, ledger);
    expect(input.records).toEqual(desired.dnsRecords);
    expect(input.zone).toBe(ZONE);
    expect(input.zoneId).toBeUndefined();
    expect(input.allocations.map((row) => row.request)).toEqual(example.requests.map((loaded) => loaded.id));
    for (const row of input.allocations) {
      expect(row).toMatchObject({ publicIpv4: ledger.allocations[row.request]!.publicIpv4, privateIpv4: ledger.allocations[row.request]!.privateIpv4 });
    }
    const rendered = renderOutputs(desired, example.config).files;
    expect(Object.keys(input.outputDigests)).toEqual(rendered.map((file) => file.path));
    expect(Object.keys(input.outputDigests)).toContain(`dns/${ZONE}.zone`);
    for (const file of rendered) {
      expect(input.outputDigests[file.path]).toBe(`sha256:${createHash('sha256').update(file.content).digest('hex')}`);
    }
  });

  it('names the request and its OPD in every record comment', async () => {
    const example = await loadExample();
    const input = dnsProgramInput(STACK, example.config, example.requests, appliedLedger(example));
    for (const record of input.records) {
      expect(record.comment).toContain(record.request);
      expect(record.comment).toContain(record.opd);
    }
  });

  it('refuses, naming the request, when the ledger holds no allocation for it', async () => {
    const example = await loadExample();
    const stale = withoutAllocation(withoutAllocation(appliedLedger(example), 'dinkes/sik'), 'bapenda/esppt');
    const refusal = refusalOf(() => dnsProgramInput(STACK, example.config, example.requests, stale));
    expect(refusal.requests).toEqual(['bapenda/esppt', 'dinkes/sik']);
    expect(refusal.text.en).toContain('run kolokasi apply first');
    expect(refusal.text.id).toContain('Jalankan kolokasi apply terlebih dahulu');
    for (const text of [refusal.text.en, refusal.text.id, refusal.message]) {
      expect(text).toContain('bapenda/esppt, dinkes/sik');
      expect(text).toContain(`stacks/${STACK}.allocations.yaml`);
    }
  });

  it('refuses when a request asks for IPv6 that the ledger does not hold yet', async () => {
    const example = await loadExample();
    const ledger = appliedLedger(example);
    const { publicIpv6: _dropped, ...withoutIpv6 } = ledger.allocations['bkpsdm/simpeg']!;
    const stale = { ...ledger, allocations: { ...ledger.allocations, 'bkpsdm/simpeg': withoutIpv6 } };
    expect(refusalOf(() => dnsProgramInput(STACK, example.config, example.requests, stale)).requests).toEqual(['bkpsdm/simpeg']);
  });

  it('does not refuse a ledger still holding a deleted request: its records simply go', async () => {
    const example = await loadExample();
    const ledger = appliedLedger(example);
    const remaining = example.requests.filter((loaded) => loaded.id !== 'bkpsdm/simpeg');
    const input = dnsProgramInput(STACK, example.config, remaining, ledger);
    expect(input.records.some((record) => record.request === 'bkpsdm/simpeg')).toBe(false);
  });

  it('refuses, in both languages and without a stack trace, a stack that has no config file', async () => {
    const { loadDnsProgramInput } = await import('../../src/pulumi/program.ts');
    const refusal = await loadDnsProgramInput(copyRepository(), 'prod').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DnsProgramRefusal);
    expect((refusal as DnsProgramRefusal).text.en).toContain('stacks/Pulumi.prod.yaml');
    expect((refusal as DnsProgramRefusal).text.id).toContain('stacks/Pulumi.prod.yaml');
  });

  it('refuses a Cloudflare credential in the stack config', () => {
    expect(() => refuseCredentialsInConfig(['kolokasi:zone', 'cloudflare:apiToken'])).toThrow(DnsProgramRefusal);
    expect(() => refuseCredentialsInConfig(['kolokasi:zone', 'cloudflare:apiToken'])).toThrow(/CLOUDFLARE_API_TOKEN[\s\S]*CLOUDFLARE_API_TOKEN/);
    expect(() => refuseCredentialsInConfig(['kolokasi:zone', 'kolokasi:ttl'])).not.toThrow();
  });
});

interface ProgramRun {
  engine: FakeEngine;
  outputs: Record<string, unknown>;
}

/** Runs the program of a repository copy under mocks; the program is imported only once they are set. */
async function runProgram(root: string): Promise<ProgramRun> {
  const engine = fakeEngine({ project: 'kolokasi', stack: STACK, zones: { [ZONE]: LOOKED_UP_ZONE_ID } });
  try {
    const program = await import(pathToFileURL(path.join(root, 'src/pulumi/index.ts')).href);
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(program)) {
      outputs[name] = value && typeof value === 'object' && 'apply' in value ? await settled(value as never) : value;
    }
    return { engine, outputs };
  } finally {
    await engine.finished();
  }
}

/** The plan's records for a repository copy, as Cloudflare should receive them. */
async function expectedRecords(root: string) {
  const example = await loadExample(root);
  const ledger = appliedLedger(example);
  return desiredState(STACK, example.config, example.requests, ledger)
    .dnsRecords.map((record) => ({ key: record.key, ...cloudflareRecordArgs(record) }));
}

function sentRecords(engine: FakeEngine) {
  return dnsRecordsOf(engine)
    .map(({ name, inputs }) => ({ key: name, ...inputs }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

function keys(engine: FakeEngine): string[] {
  return dnsRecordsOf(engine).map((resource) => resource.name).sort();
}

describe('the program under Pulumi mocks', () => {
  it('creates, for the example stack, exactly the plan\'s records and nothing else', async () => {
    const root = await appliedCopy();
    const { engine, outputs } = await runProgram(root);
    const expected = (await expectedRecords(root)).map((record) => ({ ...record, zoneId: LOOKED_UP_ZONE_ID }));
    expect(expected.length).toBeGreaterThan(0);
    expect(sentRecords(engine)).toEqual(expected);
    expect(engine.resources.filter((resource) => resource.type !== 'cloudflare:index/dnsRecord:DnsRecord').map((r) => r.type)).toEqual([
      'kolokasi:dns:ColocationDns',
    ]);
    // A proxied request gets the automatic TTL, the others the stack's TTL.
    const esppt = sentRecords(engine).find((record) => record.key === 'bapenda/esppt/A');
    expect(esppt).toMatchObject({ proxied: true, ttl: 1 });
    expect(sentRecords(engine).filter((record) => !record.proxied).every((record) => record.ttl === 300)).toBe(true);
    expect(outputs.zone).toBe(ZONE);
    expect(outputs.zoneId).toBe(LOOKED_UP_ZONE_ID);
    expect(Object.keys(outputs.dnsRecordIds as object).sort()).toEqual(keys(engine));
  });

  it('exports the allocation table and the digest of every rendered file', async () => {
    const root = await appliedCopy();
    const { outputs } = await runProgram(root);
    const example = await loadExample(root);
    const allocations = outputs.allocations as { request: string; fqdn: string; publicIpv4: string; publicIpv6?: string }[];
    expect(allocations.map((row) => row.request)).toEqual(example.requests.map((loaded) => loaded.id));
    expect(allocations.find((row) => row.request === 'bkpsdm/simpeg')).toMatchObject({ fqdn: `simpeg.${ZONE}`, publicIpv6: expect.any(String) });
    const digests = outputs.renderedOutputs as Record<string, string>;
    expect(digests[`dns/${ZONE}.zone`]).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('looks the zone up by name when kolokasi:zoneId is not set', async () => {
    const root = await appliedCopy();
    const { engine } = await runProgram(root);
    expect(engine.calls.map((call) => [call.token, call.inputs])).toEqual([[GET_ZONE_TOKEN, { filter: { name: ZONE } }]]);
    expect(new Set(dnsRecordsOf(engine).map((resource) => resource.inputs.zoneId))).toEqual(new Set([LOOKED_UP_ZONE_ID]));
  });

  it('uses kolokasi:zoneId without any lookup when it is set', async () => {
    const root = await appliedCopy();
    setStackConfig(root, 'zoneId', '0123456789abcdef0123456789abcdef');
    const { engine, outputs } = await runProgram(root);
    expect(engine.calls).toEqual([]);
    expect(new Set(dnsRecordsOf(engine).map((resource) => resource.inputs.zoneId))).toEqual(new Set(['0123456789abcdef0123456789abcdef']));
    expect(outputs.zoneId).toBe('0123456789abcdef0123456789abcdef');
  });

  it('fails with the clear message, creating nothing, when a request is missing from the ledger', async () => {
    const root = await appliedCopy();
    addRequest(root, 'bapenda/sipd');
    const engine = fakeEngine({ project: 'kolokasi', stack: STACK, zones: { [ZONE]: LOOKED_UP_ZONE_ID } });
    const importing = import(pathToFileURL(path.join(root, 'src/pulumi/index.ts')).href);
    // The copy's own program module threw it, so the class is the copy's: match by shape.
    await expect(importing).rejects.toMatchObject({ name: 'DnsProgramRefusal', requests: ['bapenda/sipd'], __pulumiRunError: true });
    await expect(importing).rejects.toThrow(/bapenda\/sipd[\s\S]*run kolokasi apply first[\s\S]*Jalankan kolokasi apply terlebih dahulu/);
    await engine.finished();
    expect(engine.resources).toEqual([]);
  });

  it('fails the same way when the stack was never applied (no ledger at all)', async () => {
    const root = copyRepository();
    rmSync(path.join(root, `stacks/${STACK}.allocations.yaml`), { force: true });
    const engine = fakeEngine({ project: 'kolokasi', stack: STACK });
    await expect(import(pathToFileURL(path.join(root, 'src/pulumi/index.ts')).href)).rejects.toThrow(/run kolokasi apply first/);
    await engine.finished();
  });

  it('deleting a request removes exactly its records', async () => {
    const before = keys((await runProgram(await appliedCopy())).engine);
    const root = await appliedCopy();
    deleteRequest(root, 'bkpsdm/simpeg');
    const after = await runProgram(root);
    expect(before.filter((key) => !keys(after.engine).includes(key))).toEqual(['bkpsdm/simpeg/A', 'bkpsdm/simpeg/AAAA']);
    expect(keys(after.engine).every((key) => before.includes(key))).toBe(true);
  });

  it('adding a request (after kolokasi apply) adds exactly its records and changes no other', async () => {
    const beforeRun = await runProgram(await appliedCopy());
    const root = await appliedCopy();
    const previousLedger = appliedLedger(await loadExample(root));
    addRequest(root, 'bapenda/sipd');
    writeLedger(root, appliedLedger(await loadExample(root), previousLedger));
    const afterRun = await runProgram(root);
    const before = sentRecords(beforeRun.engine);
    const after = sentRecords(afterRun.engine);
    expect(after.filter((record) => !before.some((b) => b.key === record.key)).map((record) => record.key)).toEqual([
      'bapenda/sipd/A',
      'bapenda/sipd/AAAA',
    ]);
    // Every record that existed is sent exactly as before: same name, same address, same everything.
    expect(after.filter((record) => before.some((b) => b.key === record.key))).toEqual(before);
  });
});
