// The program started the way `pulumi preview`/`pulumi up` start it: Pulumi.yaml's runtime options,
// @pulumi/pulumi's own runner, gRPC to an engine. Mocks cannot show that the program loads at all.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { desiredState } from '../../src/core/desired.ts';
import { cloudflareRecordArgs } from '../../src/pulumi/colocation-dns.ts';
import { addRequest, appliedCopy, appliedLedger, deleteRequest, loadExample, removeCopies, REPOSITORY, STACK, writeLedger } from './example-repo.ts';
import { projectRuntime, runLikeLanguageHost, type ProgramRun } from './language-host.ts';
import { GET_ZONE_TOKEN } from './engine.ts';

const ZONE = 'dev.tarakankota.go.id';
const ZONE_ID = '00112233445566778899aabbccddeeff';
const STACK_URN = `urn:pulumi:${STACK}::kolokasi::pulumi:pulumi:Stack::kolokasi-${STACK}`;

afterAll(removeCopies);

function stackConfig(root: string): Record<string, unknown> {
  return (parse(readFileSync(path.join(root, `stacks/Pulumi.${STACK}.yaml`), 'utf8')) as { config: Record<string, unknown> }).config;
}

function start(root: string, runtime?: ReturnType<typeof projectRuntime>): Promise<ProgramRun> {
  return runLikeLanguageHost({
    projectDir: root,
    project: 'kolokasi',
    stack: STACK,
    config: stackConfig(root),
    invoke: (token, args) => {
      const name = (args.filter as { name?: string } | undefined)?.name;
      if (token !== GET_ZONE_TOKEN || name !== ZONE) throw new Error(`unexpected invoke ${token}`);
      return { id: '', zoneId: ZONE_ID, name: ZONE };
    },
    ...(runtime ? { runtime } : {}),
    timeoutMs: 60_000,
  });
}

const failure = (run: ProgramRun) => [run.stderr, ...run.logs.filter((line) => line.startsWith('error'))].join('\n');

describe('the program started like pulumi-language-nodejs does', () => {
  it('reads Pulumi.yaml as intended: tsx preloaded, ts-node off, main in src/pulumi', () => {
    expect(projectRuntime(path.resolve(import.meta.dirname, '../..'))).toEqual({
      main: 'src/pulumi/index.ts',
      nodeargs: ['--import', 'tsx'],
      typescript: false,
    });
  });

  it('loads, registers the stack, the component and the example records, and exports the outputs', async () => {
    const root = await appliedCopy();
    const run = await start(root);
    expect(run.exitCode, failure(run)).toBe(0);

    const example = await loadExample(root);
    const records = desiredState(STACK, example.config, example.requests, appliedLedger(example)).dnsRecords;
    const component = run.resources.find((resource) => resource.type === 'kolokasi:dns:ColocationDns');
    expect(run.resources.map((resource) => resource.type).sort()).toEqual(
      ['pulumi:pulumi:Stack', 'kolokasi:dns:ColocationDns', ...records.map(() => 'cloudflare:index/dnsRecord:DnsRecord')].sort(),
    );
    const sent = run.resources.filter((resource) => resource.custom);
    for (const resource of sent) expect(resource.parent).toBe(component?.urn);
    expect(
      sent.map((resource) => ({ key: resource.name, ...resource.inputs })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    ).toEqual(records.map((record) => ({ key: record.key, zoneId: ZONE_ID, ...cloudflareRecordArgs(record) })));

    expect(run.invokes.map((invoke) => invoke.token)).toEqual([GET_ZONE_TOKEN]);
    expect(run.invokes[0]?.args).toMatchObject({ filter: { name: ZONE } });

    const outputs = run.outputs.get(STACK_URN) ?? {};
    expect(Object.keys(outputs).sort()).toEqual(['allocations', 'dnsRecordIds', 'renderedOutputs', 'zone', 'zoneId']);
    expect(outputs.zoneId).toBe(ZONE_ID);
    expect((outputs.allocations as unknown[]).length).toBe(example.requests.length);
    expect(outputs.renderedOutputs).toHaveProperty([`dns/${ZONE}.zone`]);
  });

  it('renames the records of a renamed request through aliases, so Cloudflare keeps them', async () => {
    const root = await appliedCopy();
    const before = appliedLedger(await loadExample(root));
    deleteRequest(root, 'bapenda/esppt');
    const text = readFileSync(path.join(REPOSITORY, 'requests/bapenda/esppt.yaml'), 'utf8').replace('name: esppt', 'name: esppt-pbb');
    writeFileSync(path.join(root, 'requests/bapenda/esppt-pbb.yaml'), text);
    writeLedger(root, appliedLedger(await loadExample(root), before));
    const run = await start(root);
    expect(run.exitCode, failure(run)).toBe(0);
    const record = run.resources.find((resource) => resource.name === 'bapenda/esppt-pbb/A');
    expect(record?.inputs).toMatchObject({ name: 'esppt.dev.tarakankota.go.id', comment: 'kolokasi bapenda/esppt-pbb' });
    // Besides the provider's own alias for its renamed type (same name), one under the former name.
    const renames = (resource: (typeof run.resources)[number]) => resource.aliases.filter((alias) => !alias.endsWith(`::${resource.name}`));
    expect(renames(record!)).toEqual([expect.stringMatching(/\$cloudflare:index\/dnsRecord:DnsRecord::bapenda\/esppt\/A$/)]);
    expect(run.resources.filter((resource) => resource !== record).flatMap(renames)).toEqual([]);
  });

  it('stops with the bilingual message and no stack trace when the ledger is older than the requests', async () => {
    const root = await appliedCopy();
    addRequest(root, 'bapenda/sipd');
    const run = await start(root);
    // 32: the program already reported an actionable error; Pulumi prints nothing more.
    expect(run.exitCode).toBe(32);
    const errors = run.logs.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bapenda\/sipd[\s\S]*run kolokasi apply first[\s\S]*Jalankan kolokasi apply terlebih dahulu/);
    expect(errors[0]).not.toMatch(/\bat .*\.ts:\d+/);
    expect(run.resources.map((resource) => resource.type)).toEqual(['pulumi:pulumi:Stack']);
  });

  it('loads under plain node with tsx too, and then says to use the pulumi CLI', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/pulumi/index.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('started without the Pulumi engine: run it with pulumi preview or pulumi up');
    expect(run.stderr).toContain('dijalankan tanpa mesin Pulumi');
    expect(run.stderr).not.toMatch(/SyntaxError|ERR_MODULE_NOT_FOUND|ERR_UNKNOWN_FILE_EXTENSION/);
  });

  it('would not load with Pulumi\'s default TypeScript handling (the reason for the runtime options)', async () => {
    const root = await appliedCopy();
    const run = await start(root, { main: 'src/pulumi/index.ts', nodeargs: [], typescript: true });
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(/Unknown file extension "\.ts"/);
  });
});
