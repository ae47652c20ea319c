// The zone-file fragment: exact bytes, stable order, refusals, BIND's own parser, and the same
// records as the Pulumi program sends to Cloudflare.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DesiredState, DnsRecord, StackConfig } from '../../src/core/model.ts';
import { parseStack } from '../../src/core/stack.ts';
import { renderOutputs } from '../../src/render/outputs.ts';
import { renderZone, zoneFilePath } from '../../src/render/zone.ts';
import { dnsRecordsOf, fakeEngine, settled } from '../pulumi/engine.ts';
import { dnsRecord, sampleRecords, ZONE } from '../pulumi/records.ts';
import { appliedLedger, loadExample } from '../pulumi/example-repo.ts';
import { desiredState } from '../../src/core/desired.ts';
import { expectGolden } from '../helpers/golden.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const GOLDEN = path.join(HERE, 'golden/zone', `${ZONE}.zone`);

const scratch = mkdtempSync(path.join(tmpdir(), 'kolokasi-zone-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function devConfig(): StackConfig {
  const file = 'stacks/Pulumi.dev.yaml';
  const { stack, diagnostics } = parseStack({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }, 'dev');
  if (!stack) throw new Error(`dev stack does not parse: ${JSON.stringify(diagnostics)}`);
  return stack.config;
}

function desired(dnsRecords: DnsRecord[]): DesiredState {
  return { stack: 'dev', zone: ZONE, servers: [], dnsRecords };
}

function fragment(records: DnsRecord[]): string {
  const { files, diagnostics } = renderZone(desired(records), devConfig());
  expect(diagnostics).toEqual([]);
  expect(files.map((file) => file.path)).toEqual([zoneFilePath(ZONE)]);
  return files[0]!.content;
}


/**
 * Loads the fragment the way a name server would: included from a master file that has the SOA and
 * NS, with every check BIND offers turned into a failure. Returns the zone as BIND understood it.
 */
function loadWithBind(text: string): string[][] {
  const dir = mkdtempSync(path.join(scratch, 'bind-'));
  const fragmentFile = path.join(dir, 'fragment.zone');
  const masterFile = path.join(dir, 'master.zone');
  writeFileSync(fragmentFile, text);
  writeFileSync(
    masterFile,
    [
      `$ORIGIN ${ZONE}.`,
      '$TTL 300',
      '@    IN SOA ns-test hostmaster 1 3600 600 604800 300',
      '@    IN NS  ns-test',
      'ns-test IN A 192.0.2.53',
      `$INCLUDE ${fragmentFile}`,
      '',
    ].join('\n'),
  );
  const strict = ['-k', 'fail', '-n', 'fail', '-m', 'fail', '-M', 'fail', '-S', 'fail', '-i', 'full'];
  // Throws, with BIND's message, when the zone does not load.
  const check = execFileSync('named-checkzone', [...strict, ZONE, masterFile], { encoding: 'utf8', stdio: 'pipe' });
  expect(check).toMatch(/\nOK\n?$/);
  const dump = execFileSync('named-checkzone', [...strict, '-q', '-D', '-o', '-', ZONE, masterFile], { encoding: 'utf8' });
  return dump
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/))
    .filter(([owner, , , type]) => owner !== `${ZONE}.` && owner !== `ns-test.${ZONE}.` && (type === 'A' || type === 'AAAA'));
}

/** The records BIND loads from the fragment are the ones the component sends to Cloudflare. */
async function expectSameRecords(records: DnsRecord[]): Promise<void> {
  const engine = fakeEngine();
  const { ColocationDns } = await import('../../src/pulumi/colocation-dns.ts');
  await settled(new ColocationDns('colocation-dns', { zoneId: 'zone', records }).recordIds);
  await engine.finished();
  const atCloudflare = dnsRecordsOf(engine)
    .map(({ inputs }) => `${inputs.name}. ${inputs.type} ${inputs.content}`)
    .sort();
  const inZoneFile = loadWithBind(fragment(records))
    .map(([owner, , , type, content]) => `${owner} ${type} ${content}`)
    .sort();
  expect(inZoneFile).toEqual(atCloudflare);
  expect(inZoneFile).toHaveLength(records.length);
}

describe('zone-file fragment', () => {
  it('matches the golden file', () => {
    expectGolden(GOLDEN, fragment(sampleRecords()));
  });

  it('is byte-stable whatever order the records come in', () => {
    const records = sampleRecords();
    expect(fragment([...records].reverse())).toBe(fragment(records));
    expect(fragment([records[2]!, records[0]!, records[3]!, records[1]!])).toBe(fragment(records));
  });

  it('names the request beside every record', () => {
    const lines = fragment(sampleRecords()).split('\n').filter((line) => / IN (A|AAAA) /.test(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/ ; [a-z0-9-]+\/[a-z0-9-]+$/);
  });

  it('loads in BIND (named-checkzone) and holds exactly the records, with their TTLs', () => {
    const loaded = loadWithBind(fragment(sampleRecords()));
    expect(loaded.map(([owner, ttl, , type, content]) => `${owner} ${ttl} ${type} ${content}`).sort()).toEqual([
      `noc.${ZONE}. 300 A 203.0.113.6`,
      `sik.${ZONE}. 300 A 203.0.113.5`,
      `simpeg.${ZONE}. 300 A 203.0.113.4`,
      `simpeg.${ZONE}. 300 AAAA 2001:db8:7a::4`,
    ]);
  });

  it('uses a BIND check that does fail on a broken fragment', () => {
    expect(() => loadWithBind(`$ORIGIN ${ZONE}.\nsimpeg IN A 203.0.113\n`)).toThrow();
  });

  it('still loads with no records at all', () => {
    expect(loadWithBind(fragment([]))).toEqual([]);
  });

  it('writes the seconds of an automatic TTL (1), which BIND would otherwise take literally', () => {
    const loaded = loadWithBind(fragment([dnsRecord('dinkes/sik', 'A', '203.0.113.5', { ttl: 1, proxied: true })]));
    expect(loaded.map(([, ttl]) => ttl)).toEqual(['300']);
  });

  it('holds the same records as the Pulumi program creates at Cloudflare, for the example stack too', async () => {
    const example = await loadExample();
    const exampleRecords = desiredState('dev', example.config, example.requests, appliedLedger(example)).dnsRecords;
    for (const records of [sampleRecords(), exampleRecords]) await expectSameRecords(records);
  });

  it('is registered as an output of kolokasi apply', () => {
    const { files } = renderOutputs(desired(sampleRecords()), devConfig());
    expect(files.map((file) => file.path)).toContain(`dns/${ZONE}.zone`);
  });

  describe('refuses, naming the record, anything a name server must not be handed', () => {
    const cases: [string, DnsRecord][] = [
      ['a newline in the request id', { ...dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4'), request: 'bkpsdm/simpeg\nevil 1 IN A 192.0.2.1' }],
      ['a name outside the zone', dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4', { zone: 'example.org' })],
      ['a label with a space', dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4', { subdomain: 'sim peg' })],
      ['an IPv6 address in an A record', dnsRecord('bkpsdm/simpeg', 'A', '2001:db8::1')],
      ['a shorthand IPv4 address', dnsRecord('bkpsdm/simpeg', 'A', '203.0.113')],
      ['an IPv4 address in an AAAA record', dnsRecord('bkpsdm/simpeg', 'AAAA', '203.0.113.4')],
      ['a TTL of zero', dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4', { ttl: 0 })],
    ];
    for (const [what, bad] of cases) {
      it(what, () => {
        const { files, diagnostics } = renderZone(desired([...sampleRecords(), bad]), devConfig());
        expect(files).toEqual([]);
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ code: 'KLK620', severity: 'error' });
        expect(diagnostics[0]!.message.en).toContain(bad.key);
        expect(diagnostics[0]!.message.id).toContain(bad.key);
      });
    }
  });
});
