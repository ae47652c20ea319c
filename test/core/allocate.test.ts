import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger, serializeLedger } from '../../src/core/ledger.ts';
import type { Ledger } from '../../src/core/model.ts';
import { exampleConfig, exampleRequests, NOW } from './example.ts';
import { smallConfig, syntheticRequest } from './synthetic.ts';

const DAY = 86_400_000;
const later = (days: number, from = NOW) => new Date(from.getTime() + days * DAY);
const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

describe('allocate: the example repository', () => {
  const config = exampleConfig();
  const requests = exampleRequests();
  const result = allocate({ config, requests, ledger: emptyLedger('dev'), now: NOW });

  it('allocates every request without a diagnostic', () => {
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.ledger.allocations)).toEqual(requests.map((r) => r.id));
  });

  it('gives the lowest free addresses in request-id order, skipping network, gateway and reserved', () => {
    const a = result.ledger.allocations;
    // 203.0.113.0 network, .1 gateway, .2/.3 reserved: the first free address is .4.
    expect(a['bapenda/esppt']).toMatchObject({ publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4' });
    expect(a['bkpsdm/simpeg']).toMatchObject({ publicIpv4: '203.0.113.5', privateIpv4: '10.20.30.5', publicIpv6: '2001:db8:7a::2' });
    expect(a['dinkes/sik']).toMatchObject({ publicIpv4: '203.0.113.6', publicIpv6: '2001:db8:7a::3' });
    expect(a['dkisp/satudata']?.publicIpv6).toBe('2001:db8:7a::4');
  });

  it('honours the pinned addresses of an existing server', () => {
    expect(result.ledger.allocations['bkpsdm/absensi']).toEqual({ subdomain: 'absensi', publicIpv4: '203.0.113.20', privateIpv4: '10.20.30.20', allocatedAt: '2026-11-20T08:00:00Z' });
  });

  it('gives IPv6 only to requests asking for it', () => {
    expect(result.ledger.allocations['bapenda/esppt']?.publicIpv6).toBeUndefined();
  });

  it('changes nothing when run again, even much later', () => {
    const again = allocate({ config, requests, ledger: result.ledger, now: later(400) });
    expect(again.diagnostics).toEqual([]);
    expect(serializeLedger(again.ledger)).toBe(serializeLedger(result.ledger));
    expect(again.created).toEqual([]);
  });

  it('does not depend on the order the requests come in', () => {
    const shuffled = allocate({ config, requests: [...requests].reverse(), ledger: emptyLedger('dev'), now: NOW });
    expect(serializeLedger(shuffled.ledger)).toBe(serializeLedger(result.ledger));
  });
});

describe('allocate: pools', () => {
  const config = smallConfig();

  it('never hands out network, broadcast, gateway or reserved addresses, and moves to the next pool in order', () => {
    const requests = ['a/one', 'a/two', 'a/three', 'a/four', 'a/five'].map((id) => syntheticRequest(id, { ipv6: true }));
    const result = allocate({ config, requests, ledger: emptyLedger('t'), now: NOW });
    expect(result.diagnostics).toEqual([]);
    const byId = result.ledger.allocations;
    // Sorted ids: a/five, a/four, a/one, a/three, a/two.
    expect(['a/five', 'a/four', 'a/one', 'a/three', 'a/two'].map((id) => byId[id]!.publicIpv4)).toEqual([
      '192.0.2.3',
      '192.0.2.4',
      '192.0.2.5',
      '192.0.2.6',
      '198.51.100.2',
    ]);
    expect(Object.values(byId).map((a) => a.privateIpv4)).toEqual(['10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8']);
    // IPv6: never ::0 (subnet-router anycast) nor ::1 (gateway).
    expect(byId['a/five']!.publicIpv6).toBe('2001:db8:1::2');
  });

  it('refuses a request once every pool is full, naming the pools and every request left without an address', () => {
    const requests = ['b/r1', 'b/r2', 'b/r3', 'b/r4', 'b/r5', 'b/r6', 'b/r7'].map((id) => syntheticRequest(id));
    const result = allocate({ config, requests, ledger: emptyLedger('t'), now: NOW });
    expect(codes(result)).toEqual(['KLK406', 'KLK406']);
    expect(result.unallocated).toEqual(['b/r6', 'b/r7']);
    expect(result.diagnostics.map((d) => d.file)).toEqual(['requests/b/r6.yaml', 'requests/b/r7.yaml']);
    for (const d of result.diagnostics) {
      expect(d.message.en).toContain('publik-a (192.0.2.0/29), publik-b (198.51.100.0/30)');
      expect(d.message.en).toContain('2 request(s) left without an address: b/r6, b/r7');
      expect(d.message.id).toContain('b/r6, b/r7');
      expect(d.line).toBeGreaterThan(0);
    }
    expect(Object.keys(result.ledger.allocations)).toHaveLength(5);
  });

  it('leaves a request whole or empty: no public address is taken when the private pool is full', () => {
    const tiny = smallConfig({ pools: { ...config.pools, private: { name: 'lan', cidr: '10.0.0.0/30', gateway: '10.0.0.1' } } });
    const result = allocate({ config: tiny, requests: [syntheticRequest('c/one'), syntheticRequest('c/two')], ledger: emptyLedger('t'), now: NOW });
    expect(codes(result)).toEqual(['KLK406']);
    expect(result.diagnostics[0]!.message.en).toContain('private IPv4 pool(s) lan (10.0.0.0/30) exhausted');
    expect(result.ledger.allocations['c/two']).toBeUndefined();
  });

  it('adds IPv6 to an existing allocation without moving its IPv4 addresses', () => {
    const first = allocate({ config, requests: [syntheticRequest('d/app')], ledger: emptyLedger('t'), now: NOW });
    const before = first.ledger.allocations['d/app']!;
    const second = allocate({ config, requests: [syntheticRequest('d/app', { ipv6: true })], ledger: first.ledger, now: later(1) });
    expect(second.diagnostics).toEqual([]);
    expect(second.ipv6Added).toEqual(['d/app']);
    expect(second.ledger.allocations['d/app']).toEqual({ ...before, publicIpv6: '2001:db8:1::2' });
  });

  it('releases only the IPv6 address of a live server that no longer asks for it, into quarantine', () => {
    const first = allocate({ config, requests: [syntheticRequest('d/app', { ipv6: true })], ledger: emptyLedger('t'), now: NOW });
    const held = first.ledger.allocations['d/app']!;
    const second = allocate({ config, requests: [syntheticRequest('d/app')], ledger: first.ledger, now: later(1) });
    expect(second.diagnostics).toEqual([]);
    const { publicIpv6, ...ipv4 } = held;
    expect(second.ledger.allocations['d/app']).toEqual(ipv4);
    expect(second.ledger.released).toEqual([{ request: 'd/app', subdomain: 'app-d', publicIpv6, allocatedAt: held.allocatedAt, releasedAt: '2026-11-21T08:00:00Z' }]);
    expect(second.released).toEqual(second.ledger.released);

    // Quarantined: another server does not get it, the same server asking again does.
    const other = allocate({ config, requests: [syntheticRequest('d/app'), syntheticRequest('e/new', { ipv6: true })], ledger: second.ledger, now: later(2) });
    expect(other.ledger.allocations['e/new']!.publicIpv6).not.toBe(publicIpv6);
    const back = allocate({ config, requests: [syntheticRequest('d/app', { ipv6: true })], ledger: second.ledger, now: later(2) });
    expect(back.diagnostics).toEqual([]);
    expect(back.ledger.allocations['d/app']).toEqual(held);
    expect(back.ledger.released).toEqual([]);
  });
});

describe('allocate: a renamed or moved request keeps its addresses', () => {
  const config = smallConfig();
  const esppt = syntheticRequest('bapenda/esppt', { subdomain: 'esppt', ipv6: true });
  const start = allocate({ config, requests: [syntheticRequest('a/other'), esppt], ledger: emptyLedger('t'), now: NOW });
  const held = start.ledger.allocations['bapenda/esppt']!;

  it('records the subdomain of every allocation', () => {
    expect(held.subdomain).toBe('esppt');
  });

  it('re-keys the allocation when the file is renamed in the same OPD: no release, no quarantine, no warning', () => {
    const renamed = syntheticRequest('bapenda/esppt-pbb', { subdomain: 'esppt', ipv6: true });
    const result = allocate({ config, requests: [syntheticRequest('a/other'), renamed], ledger: start.ledger, now: later(1) });
    expect(result.diagnostics).toEqual([]);
    expect(result.moved).toEqual([{ from: 'bapenda/esppt', to: 'bapenda/esppt-pbb' }]);
    expect(result.ledger.allocations['bapenda/esppt-pbb']).toEqual({ ...held, movedFrom: 'bapenda/esppt' });
    expect(result.ledger.allocations['bapenda/esppt']).toBeUndefined();
    expect(result.ledger.released).toEqual([]);
    expect(result.released).toEqual([]);
    expect(result.created).toEqual([]);
  });

  it('keeps the addresses across OPDs too, with a warning naming both OPDs', () => {
    const moved = syntheticRequest('dinkes/esppt', { subdomain: 'esppt', ipv6: true });
    const result = allocate({ config, requests: [syntheticRequest('a/other'), moved], ledger: start.ledger, now: later(1) });
    expect(result.ledger.allocations['dinkes/esppt']).toMatchObject({ publicIpv4: held.publicIpv4, privateIpv4: held.privateIpv4, publicIpv6: held.publicIpv6 });
    expect(codes(result)).toEqual(['KLK410']);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'requests/dinkes/esppt.yaml', path: '/spec/dns/subdomain' });
    expect(result.diagnostics[0]!.message.en).toContain('from OPD bapenda to OPD dinkes');
  });

  it('is a new request, not a move, when the subdomain differs', () => {
    const other = syntheticRequest('bapenda/esppt-pbb', { subdomain: 'pbb', ipv6: true });
    const result = allocate({ config, requests: [syntheticRequest('a/other'), other], ledger: start.ledger, now: later(1) });
    expect(result.moved).toEqual([]);
    expect(result.released.map((r) => r.request)).toEqual(['bapenda/esppt']);
    expect(result.ledger.allocations['bapenda/esppt-pbb']!.publicIpv4).not.toBe(held.publicIpv4);
  });
});

describe('allocate: pinned addresses', () => {
  const config = smallConfig();
  const run = (requests: ReturnType<typeof syntheticRequest>[], ledger: Ledger = emptyLedger('t'), now = NOW) =>
    allocate({ config, requests, ledger, now });

  it('honours a pin inside a pool, and hands out the addresses around it', () => {
    const result = run([syntheticRequest('a/auto'), syntheticRequest('z/pinned', { publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.4' })]);
    expect(result.diagnostics).toEqual([]);
    expect(result.ledger.allocations['z/pinned']).toMatchObject({ publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.4' });
    // a/auto sorts first but the pin was claimed before anything was handed out.
    expect(result.ledger.allocations['a/auto']).toMatchObject({ publicIpv4: '192.0.2.4', privateIpv4: '10.0.0.5' });
  });

  it('refuses a pin outside every pool', () => {
    const result = run([syntheticRequest('a/x', { publicIpv4: '203.0.113.10' })]);
    expect(codes(result)).toEqual(['KLK401']);
    expect(result.diagnostics[0]!.path).toBe('/spec/network/publicIpv4');
    expect(result.diagnostics[0]!.line).toBeGreaterThan(0);
    expect(result.unallocated).toEqual(['a/x']);
    expect(result.ledger.allocations).toEqual({});
  });

  it.each([
    ['192.0.2.0', 'the network address'],
    ['192.0.2.1', 'the gateway'],
    ['192.0.2.2', 'reserved'],
    ['192.0.2.7', 'the broadcast address'],
  ])('refuses pinning %s (%s)', (address, reason) => {
    const result = run([syntheticRequest('a/x', { publicIpv4: address })]);
    expect(codes(result)).toEqual(['KLK402']);
    expect(result.diagnostics[0]!.message.en).toContain(`is ${reason} of pool publik-a`);
  });

  it('refuses pinning a reserved block of the private pool and the IPv6 anycast address', () => {
    expect(codes(run([syntheticRequest('a/x', { privateIpv4: '10.0.0.3' })]))).toEqual(['KLK402']);
    const anycast = run([syntheticRequest('a/y', { publicIpv6: '2001:db8:1::' })]);
    expect(codes(anycast)).toEqual(['KLK402']);
    expect(anycast.diagnostics[0]!.message.en).toContain('subnet-router anycast');
  });

  it('refuses an address pinned by two requests, naming both, and gives it to neither', () => {
    const result = run([syntheticRequest('a/one', { publicIpv4: '192.0.2.5' }), syntheticRequest('b/two', { publicIpv4: '192.0.2.5' })]);
    expect(codes(result)).toEqual(['KLK404', 'KLK404']);
    for (const d of result.diagnostics) expect(d.message.en).toContain('a/one, b/two');
    expect(result.ledger.allocations).toEqual({});
  });

  it('refuses a pin on an address held by another request', () => {
    const first = run([syntheticRequest('a/one')]);
    const held = first.ledger.allocations['a/one']!.publicIpv4;
    const result = run([syntheticRequest('a/one'), syntheticRequest('b/two', { publicIpv4: held })], first.ledger);
    expect(codes(result)).toEqual(['KLK403']);
    expect(result.diagnostics[0]!.message.en).toContain('already allocated to a/one');
  });

  it('refuses a pin on an address in quarantine, saying until when', () => {
    const first = run([syntheticRequest('a/one')]);
    const held = first.ledger.allocations['a/one']!.publicIpv4;
    const released = run([], first.ledger, later(1));
    const result = run([syntheticRequest('b/two', { publicIpv4: held })], released.ledger, later(2));
    expect(codes(result)).toEqual(['KLK405']);
    expect(result.diagnostics[0]!.message.en).toContain('released by a/one and is in quarantine until 2026-12-21T08:00:00Z');
  });

  it('refuses a pin that would move a live server, and keeps the allocation', () => {
    const first = run([syntheticRequest('a/one')]);
    const result = run([syntheticRequest('a/one', { publicIpv4: '192.0.2.6' })], first.ledger, later(1));
    expect(codes(result)).toEqual(['KLK408']);
    expect(result.ledger.allocations).toEqual(first.ledger.allocations);
  });

  it('accepts a pin equal to what the server already holds', () => {
    const first = run([syntheticRequest('a/one')]);
    const held = first.ledger.allocations['a/one']!;
    const result = run([syntheticRequest('a/one', { publicIpv4: held.publicIpv4, privateIpv4: held.privateIpv4 })], first.ledger, later(1));
    expect(result.diagnostics).toEqual([]);
    expect(result.ledger).toEqual(first.ledger);
  });
});

describe('allocate: deletion and quarantine', () => {
  const config = smallConfig();
  const start = allocate({ config, requests: [syntheticRequest('a/one'), syntheticRequest('a/two')], ledger: emptyLedger('t'), now: NOW });
  const one = start.ledger.allocations['a/one']!;
  const releasedAt = later(5);
  const afterDelete = allocate({ config, requests: [syntheticRequest('a/two')], ledger: start.ledger, now: releasedAt });

  it('moves the addresses of a deleted request into quarantine, stamped with now', () => {
    expect(afterDelete.diagnostics).toEqual([]);
    expect(afterDelete.ledger.allocations['a/one']).toBeUndefined();
    expect(afterDelete.ledger.released).toEqual([{ request: 'a/one', subdomain: 'one-a', publicIpv4: one.publicIpv4, privateIpv4: one.privateIpv4, allocatedAt: one.allocatedAt, releasedAt: '2026-11-25T08:00:00Z' }]);
    expect(afterDelete.released.map((r) => r.request)).toEqual(['a/one']);
  });

  it('keeps a quarantined address from a new request until the exact end of the quarantine', () => {
    const justBefore = new Date(releasedAt.getTime() + 30 * DAY - 1);
    const early = allocate({ config, requests: [syntheticRequest('a/two'), syntheticRequest('b/new')], ledger: afterDelete.ledger, now: justBefore });
    expect(early.ledger.allocations['b/new']!.publicIpv4).not.toBe(one.publicIpv4);
    expect(early.ledger.released).toHaveLength(1);

    const atEnd = new Date(releasedAt.getTime() + 30 * DAY);
    const onTime = allocate({ config, requests: [syntheticRequest('a/two'), syntheticRequest('b/new')], ledger: afterDelete.ledger, now: atEnd });
    expect(onTime.ledger.allocations['b/new']).toMatchObject({ publicIpv4: one.publicIpv4, privateIpv4: one.privateIpv4 });
    expect(onTime.ledger.released).toEqual([]);
    expect(onTime.quarantineEnded.map((r) => r.request)).toEqual(['a/one']);
  });

  it('drops an ended release even when nothing else happens', () => {
    const result = allocate({ config, requests: [syntheticRequest('a/two')], ledger: afterDelete.ledger, now: later(31, releasedAt) });
    expect(result.ledger.released).toEqual([]);
    expect(result.quarantineEnded).toHaveLength(1);
  });

  it('gives a request filed again during its quarantine its own addresses back', () => {
    const result = allocate({ config, requests: [syntheticRequest('a/one'), syntheticRequest('a/two')], ledger: afterDelete.ledger, now: later(1, releasedAt) });
    expect(result.diagnostics).toEqual([]);
    expect(result.restored).toEqual(['a/one']);
    expect(result.ledger.allocations['a/one']).toEqual(one);
    expect(result.ledger.released).toEqual([]);
  });

  it('records no release when the stack has no quarantine', () => {
    const none = smallConfig({ quarantineDays: 0 });
    const result = allocate({ config: none, requests: [syntheticRequest('a/two'), syntheticRequest('b/new')], ledger: start.ledger, now: releasedAt });
    expect(result.released).toHaveLength(1);
    expect(result.ledger.released).toEqual([]);
    expect(result.ledger.allocations['b/new']!.publicIpv4).toBe(one.publicIpv4);
  });
});

describe('allocate: a ledger that contradicts itself', () => {
  const config = smallConfig();
  it('stops with KLK302 naming both holders and allocates nothing', () => {
    const ledger: Ledger = {
      ...emptyLedger('t'),
      allocations: {
        'a/one': { publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.4', allocatedAt: '2026-11-01T00:00:00Z' },
        'a/two': { publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.5', allocatedAt: '2026-11-01T00:00:00Z' },
      },
    };
    const result = allocate({ config, requests: [syntheticRequest('a/one'), syntheticRequest('a/two'), syntheticRequest('b/new')], ledger, now: NOW });
    expect(codes(result)).toEqual(['KLK302']);
    expect(result.diagnostics[0]!.message.en).toBe('address 192.0.2.3 is held 2 times: allocation of a/one; allocation of a/two');
    expect(result.ledger).toBe(ledger);
    expect(result.unallocated).toEqual(['b/new']);
  });

  it('counts an allocation and a release still in quarantine holding one address as a contradiction', () => {
    const ledger: Ledger = {
      ...emptyLedger('t'),
      allocations: { 'a/one': { publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.4', allocatedAt: '2026-11-01T00:00:00Z' } },
      released: [{ request: 'a/old', publicIpv4: '192.0.2.3', privateIpv4: '10.0.0.9', allocatedAt: '2026-10-01T00:00:00Z', releasedAt: '2026-11-10T00:00:00Z' }],
    };
    expect(codes(allocate({ config, requests: [syntheticRequest('a/one')], ledger, now: NOW }))).toEqual(['KLK302']);
    // Once that quarantine has ended the release holds nothing any more.
    const ended = allocate({ config, requests: [syntheticRequest('a/one')], ledger, now: new Date('2026-12-10T00:00:00Z') });
    expect(ended.diagnostics).toEqual([]);
    expect(ended.ledger.released).toEqual([]);
  });
});
