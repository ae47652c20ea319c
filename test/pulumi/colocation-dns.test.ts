// The component alone, fed hand-made records: what it asks Cloudflare for, and that a record's
// identity is its key, so other requests coming and going never touch it.
import { describe, expect, it } from 'vitest';
import type { DnsRecord } from '../../src/core/model.ts';
import { dnsRecordsOf, fakeEngine, settled, type FakeEngine } from './engine.ts';
import { dnsRecord, sampleRecords } from './records.ts';

const ZONE_ID = '0123456789abcdef0123456789abcdef';

/** Runs the component against a fresh fake engine; the module is imported only after the mocks are set. */
async function deploy(records: DnsRecord[]): Promise<{ engine: FakeEngine; recordIds: Record<string, string> }> {
  const engine = fakeEngine();
  const { ColocationDns } = await import('../../src/pulumi/colocation-dns.ts');
  const dns = new ColocationDns('colocation-dns', { zoneId: ZONE_ID, records });
  const recordIds = await settled(dns.recordIds);
  await engine.finished();
  return { engine, recordIds };
}

function names(engine: FakeEngine): string[] {
  return dnsRecordsOf(engine).map((resource) => resource.name).sort();
}

describe('ColocationDns', () => {
  it('creates one Cloudflare record per desired record, named by its key, and nothing else', async () => {
    const { engine, recordIds } = await deploy(sampleRecords());
    expect(engine.resources.map((resource) => resource.type).sort()).toEqual([
      'cloudflare:index/dnsRecord:DnsRecord',
      'cloudflare:index/dnsRecord:DnsRecord',
      'cloudflare:index/dnsRecord:DnsRecord',
      'cloudflare:index/dnsRecord:DnsRecord',
      'kolokasi:dns:ColocationDns',
    ]);
    expect(names(engine)).toEqual(['bkpsdm/simpeg/A', 'bkpsdm/simpeg/AAAA', 'dinkes/sik/A', 'dkisp/monitoring/A']);
    expect(Object.keys(recordIds).sort()).toEqual(names(engine));
    expect(engine.calls).toEqual([]);
  });

  it('sends full names, contents, TTLs, proxy flags and comments, all in the one zone', async () => {
    const { engine } = await deploy(sampleRecords());
    const byName = Object.fromEntries(dnsRecordsOf(engine).map((resource) => [resource.name, resource.inputs]));
    expect(byName['bkpsdm/simpeg/A']).toEqual({
      zoneId: ZONE_ID,
      name: 'simpeg.dev.tarakankota.go.id',
      type: 'A',
      content: '203.0.113.4',
      ttl: 300,
      proxied: false,
      comment: 'kolokasi: bkpsdm/simpeg (OPD bkpsdm)',
    });
    expect(byName['bkpsdm/simpeg/AAAA']).toMatchObject({ type: 'AAAA', content: '2001:db8:7a::4', ttl: 300 });
    // The request's subdomain names the record; the key stays the request id.
    expect(byName['dkisp/monitoring/A']).toMatchObject({ name: 'noc.dev.tarakankota.go.id' });
  });

  it('gives a proxied record the automatic TTL, as Cloudflare stores it', async () => {
    const { engine } = await deploy(sampleRecords());
    const proxied = dnsRecordsOf(engine).find((resource) => resource.name === 'dinkes/sik/A');
    expect(proxied?.inputs).toMatchObject({ proxied: true, ttl: 1 });
  });

  it('makes every record a child of the component', async () => {
    const { engine } = await deploy(sampleRecords());
    const children = engine.urns().filter((urn) => urn.includes('dnsRecord:DnsRecord'));
    expect(children).toHaveLength(4);
    for (const urn of children) {
      expect(urn).toContain('::kolokasi:dns:ColocationDns$cloudflare:index/dnsRecord:DnsRecord::');
    }
  });

  it('sends IPv6 in the compressed form Cloudflare answers with, and cuts long comments to its limit', async () => {
    const long = { ...dnsRecord('bkpsdm/simpeg', 'AAAA', '2001:0DB8:007A:0000:0000:0000:0000:0004'), comment: 'x'.repeat(150) };
    const { engine } = await deploy([long]);
    const [sent] = dnsRecordsOf(engine);
    expect(sent?.inputs).toMatchObject({ content: '2001:db8:7a::4' });
    expect((sent?.inputs as { comment: string }).comment).toHaveLength(100);
  });

  it('removing a request removes exactly its records; the others keep their names', async () => {
    const before = names((await deploy(sampleRecords())).engine);
    const after = names((await deploy(sampleRecords().filter((record) => record.request !== 'bkpsdm/simpeg'))).engine);
    expect(before.filter((name) => !after.includes(name))).toEqual(['bkpsdm/simpeg/A', 'bkpsdm/simpeg/AAAA']);
    expect(after.every((name) => before.includes(name))).toBe(true);
  });

  it('adding a request adds exactly its records, wherever it sorts', async () => {
    const before = names((await deploy(sampleRecords())).engine);
    const added = [dnsRecord('bapenda/esppt', 'A', '203.0.113.7'), ...sampleRecords()];
    const after = names((await deploy(added)).engine);
    expect(after.filter((name) => !before.includes(name))).toEqual(['bapenda/esppt/A']);
    expect(before.every((name) => after.includes(name))).toBe(true);
  });

  it('refuses two records with the same key', async () => {
    const engine = fakeEngine();
    const { ColocationDns } = await import('../../src/pulumi/colocation-dns.ts');
    const twice = [dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.4'), dnsRecord('bkpsdm/simpeg', 'A', '203.0.113.9')];
    expect(() => new ColocationDns('colocation-dns', { zoneId: ZONE_ID, records: twice })).toThrow(/bkpsdm\/simpeg\/A/);
    await engine.finished();
  });
});
