import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { desiredState } from '../../src/core/desired.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import type { LoadedRequest } from '../../src/core/model.ts';
import { buildPlan } from '../../src/core/plan.ts';
import { poolStats } from '../../src/core/pool.ts';
import { exampleConfig, exampleRequests, NOW } from './example.ts';

const config = exampleConfig();
const requests = exampleRequests();
const first = allocate({ config, requests, ledger: emptyLedger('dev'), now: NOW });
const ledger = first.ledger;

function edited(id: string, edit: (r: LoadedRequest['request']) => void): LoadedRequest[] {
  return requests.map((r) => {
    if (r.id !== id) return r;
    const copy = structuredClone(r);
    edit(copy.request);
    return copy;
  });
}

describe('desiredState', () => {
  const desired = desiredState('dev', config, requests, ledger);

  it('has one server per allocated request with its FQDN and addresses', () => {
    expect(desired.servers.map((s) => s.request)).toEqual(requests.map((r) => r.id));
    expect(desired.servers.find((s) => s.request === 'bkpsdm/simpeg')).toMatchObject({
      opd: 'bkpsdm',
      name: 'simpeg',
      fqdn: 'simpeg.dev.tarakankota.go.id',
      publicIpv4: '203.0.113.5',
      privateIpv4: '10.20.30.5',
      publicIpv6: '2001:db8:7a::2',
      proxied: false,
    });
  });

  it('has A records, AAAA where there is IPv6, keyed by request and type, proxied only as asked', () => {
    expect(desired.dnsRecords.map((r) => r.key)).toEqual([
      'bapenda/esppt/A',
      'bkpsdm/absensi/A',
      'bkpsdm/simpeg/A',
      'bkpsdm/simpeg/AAAA',
      'dinkes/sik/A',
      'dinkes/sik/AAAA',
      'disdukcapil/sipadu/A',
      'dkisp/monitoring/A',
      'dkisp/satudata/A',
      'dkisp/satudata/AAAA',
    ]);
    expect(desired.dnsRecords[0]).toEqual({
      key: 'bapenda/esppt/A',
      request: 'bapenda/esppt',
      opd: 'bapenda',
      fqdn: 'esppt.dev.tarakankota.go.id',
      subdomain: 'esppt',
      type: 'A',
      content: '203.0.113.4',
      ttl: 300,
      proxied: true,
      comment: 'kolokasi bapenda/esppt',
    });
    expect(desired.dnsRecords.filter((r) => r.proxied).map((r) => r.key)).toEqual(['bapenda/esppt/A']);
  });

  it('turns services into intents: ports and ranges, public as any, intranet as the city WAN', () => {
    const sipadu = desired.servers.find((s) => s.request === 'disdukcapil/sipadu')!;
    expect(sipadu.services).toEqual([
      { name: 'https', protocol: 'tcp', portFrom: 443, portTo: 443, sources: { kind: 'any' } },
      { name: 'loket', protocol: 'tcp', portFrom: 8080, portTo: 8089, sources: { kind: 'cidrs', cidrs: ['10.10.0.0/16', '10.11.0.0/16'] } },
    ]);
    const simpeg = desired.servers.find((s) => s.request === 'bkpsdm/simpeg')!;
    expect(simpeg.services[2]).toEqual({ name: 'ssh', protocol: 'tcp', portFrom: 22, portTo: 22, sources: { kind: 'cidrs', cidrs: ['10.10.0.0/16'] } });
  });

  it('leaves out requests without an allocation', () => {
    const { ['dinkes/sik']: _sik, ...rest } = ledger.allocations;
    const partial = desiredState('dev', config, requests, { ...ledger, allocations: rest });
    expect(partial.servers.map((s) => s.request)).not.toContain('dinkes/sik');
    expect(partial.dnsRecords.map((r) => r.key)).not.toContain('dinkes/sik/A');
  });
});

describe('buildPlan', () => {
  it('plans every allocation, record and firewall entry as new on an empty ledger', () => {
    const plan = buildPlan({ stack: 'dev', config, now: NOW, before: emptyLedger('dev'), after: ledger, requests });
    expect(plan.summary.allocations).toEqual({ kept: 0, new: 7, released: 0, moved: 0, total: 7 });
    expect(plan.summary.byKind).toEqual({
      allocation: { create: 7, update: 0, delete: 0, total: 7 },
      dns: { create: 10, update: 0, delete: 0, total: 10 },
      firewall: { create: 7, update: 0, delete: 0, total: 7 },
    });
    expect(plan.changes.map((c) => c.kind)).toEqual([...Array(7).fill('allocation'), ...Array(10).fill('dns'), ...Array(7).fill('firewall')]);
    expect(plan.summary.empty).toBe(false);
  });

  it('is empty when the ledger already matches', () => {
    const again = allocate({ config, requests, ledger, now: NOW });
    const plan = buildPlan({ stack: 'dev', config, now: NOW, before: ledger, after: again.ledger, requests });
    expect(plan.changes).toEqual([]);
    expect(plan.summary.empty).toBe(true);
    expect(plan.allocations.every((a) => a.state === 'kept')).toBe(true);
  });

  it('shows a deleted request as released, with its records and rules deleted', () => {
    const remaining = requests.filter((r) => r.id !== 'dkisp/monitoring');
    const now = new Date('2026-12-01T00:00:00Z');
    const after = allocate({ config, requests: remaining, ledger, now }).ledger;
    const plan = buildPlan({ stack: 'dev', config, now, before: ledger, after, requests: remaining });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.key}`)).toEqual([
      'delete allocation dkisp/monitoring',
      'delete dns dkisp/monitoring/A',
      'delete firewall dkisp/monitoring',
    ]);
    expect(plan.allocations.find((a) => a.request === 'dkisp/monitoring')).toEqual({
      request: 'dkisp/monitoring',
      fqdn: null,
      publicIpv4: '203.0.113.8',
      privateIpv4: '10.20.30.8',
      state: 'released',
      allocatedAt: '2026-11-20T08:00:00Z',
      releasedAt: '2026-12-01T00:00:00Z',
      freeFrom: '2026-12-31T00:00:00Z',
    });
  });

  it('shows subdomain, proxy and service edits when the previous requests are given', () => {
    const changed = edited('dkisp/satudata', (r) => {
      r.spec.dns.subdomain = 'data';
      r.spec.services.push({ name: 'http', port: 80, protocol: 'tcp', access: 'public' });
    });
    const plan = buildPlan({ stack: 'dev', config, now: NOW, before: ledger, after: ledger, requests: changed, previousRequests: requests });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.key}`)).toEqual([
      'update dns dkisp/satudata/A',
      'update dns dkisp/satudata/AAAA',
      'update firewall dkisp/satudata',
    ]);
    const dns = plan.changes[0]!;
    expect(dns.kind === 'dns' && [dns.before?.fqdn, dns.after?.fqdn]).toEqual(['satudata.dev.tarakankota.go.id', 'data.dev.tarakankota.go.id']);
    const firewall = plan.changes[2]!;
    expect(firewall.kind === 'firewall' && firewall.after?.services).toEqual(['https tcp/443 <- any', 'http tcp/80 <- any']);
  });

  it('reports the releases whose quarantine ended', () => {
    const remaining = requests.filter((r) => r.id !== 'dkisp/monitoring');
    const releasedAt = new Date('2026-12-01T00:00:00Z');
    const released = allocate({ config, requests: remaining, ledger, now: releasedAt }).ledger;
    const now = new Date('2027-01-15T00:00:00Z');
    const after = allocate({ config, requests: remaining, ledger: released, now }).ledger;
    const plan = buildPlan({ stack: 'dev', config, now, before: released, after, requests: remaining });
    expect(plan.changes).toEqual([]);
    expect(plan.quarantineEnded.map((r) => r.request)).toEqual(['dkisp/monitoring']);
    expect(plan.summary.empty).toBe(false);
  });
});

describe('poolStats', () => {
  it('counts each pool: used, quarantined, reserved and free, with free ranges', () => {
    const remaining = requests.filter((r) => r.id !== 'dkisp/monitoring');
    const now = new Date('2026-12-01T00:00:00Z');
    const after = allocate({ config, requests: remaining, ledger, now }).ledger;
    const stats = poolStats(config, after, now);
    expect(stats.map((s) => s.name)).toEqual(['publik-a', 'publik-b', 'publik-v6', 'lan-colo']);
    const a = stats[0]!;
    expect([a.size, a.reservedCount, a.usedCount, a.quarantinedCount, a.freeCount]).toEqual([64n, 5n, 6, 1, 52n]);
    expect(a.free).toEqual([
      { first: '203.0.113.10', last: '203.0.113.19', count: 10n },
      { first: '203.0.113.21', last: '203.0.113.62', count: 42n },
    ]);
    expect(a.quarantined).toEqual([{ address: '203.0.113.8', request: 'dkisp/monitoring', releasedAt: '2026-12-01T00:00:00Z', freeFrom: '2026-12-31T00:00:00Z' }]);
    const lan = stats[3]!;
    expect(lan.reserved.map((r) => [r.first, r.last, r.reason])).toEqual([
      ['10.20.30.0', '10.20.30.0', 'network'],
      ['10.20.30.1', '10.20.30.1', 'gateway'],
      ['10.20.30.2', '10.20.30.3', 'reserved'],
      ['10.20.30.255', '10.20.30.255', 'broadcast'],
    ]);
    const v6 = stats[2]!;
    expect(v6.freeCount).toBe(2n ** 64n - 5n);
    // After the quarantine the address is free again.
    expect(poolStats(config, after, new Date('2026-12-31T00:00:00Z'))[0]!.freeCount).toBe(53n);
  });
});
