// The pool picture: well-formed XML (read by expat), exactly one cell per address of the pool with
// the colour of its state, worked out here independently of the builder; and a /64 that is capped.
import { describe, expect, it } from 'vitest';
import type { Ledger, StackConfig } from '../../src/core/model.ts';
import { poolStats, type PoolStats } from '../../src/core/pool.ts';
import { CELL_COLOURS, COMPLETE_LIMIT, SPARSE_ROW_LIMIT, buildPoolSvg, layoutPool, type CellState } from '../../src/report/pool-svg.ts';
import { parseXml, python, svgCells } from './tools.ts';

const NOW = new Date('2026-11-27T00:00:00Z');

function config(publicIpv4: StackConfig['pools']['publicIpv4'], publicIpv6?: StackConfig['pools']['publicIpv6']): StackConfig {
  return {
    zone: 'dev.tarakankota.go.id',
    ttl: 300,
    pools: { publicIpv4, ...(publicIpv6 ? { publicIpv6 } : {}), private: { name: 'lan-colo', cidr: '10.20.0.0/16', gateway: '10.20.0.1' } },
    reservedSubdomains: [],
    restrictedPorts: [],
    intranet: [],
    quarantineDays: 30,
    firewall: { targets: ['nftables'], interfaces: { wan: 'eth0', lan: 'eth1' } },
    safety: { maxReleaseCount: 3, maxReleasePercent: 25 },
  };
}

function ledger(allocations: Ledger['allocations'], released: Ledger['released'] = []): Ledger {
  return { apiVersion: 'kolokasi/v1', kind: 'AllocationLedger', stack: 'dev', allocations, released };
}

const allocation = (publicIpv4: string, privateIpv4: string, publicIpv6?: string) => ({
  publicIpv4,
  privateIpv4,
  ...(publicIpv6 ? { publicIpv6 } : {}),
  allocatedAt: '2026-11-01T00:00:00Z',
});

/** A /24 with every kind of address: used, quarantined, a quarantine that has ended, gateway, reserved. */
function slash24(): PoolStats {
  const stack = config([{ name: 'publik-a', cidr: '203.0.113.0/24', gateway: '203.0.113.1', reserved: ['203.0.113.2', '203.0.113.240/29'] }]);
  const book = ledger(
    {
      'bkpsdm/simpeg': allocation('203.0.113.10', '10.20.0.10'),
      'dinkes/sik': allocation('203.0.113.11', '10.20.0.11'),
      'dkisp/satudata': allocation('203.0.113.100', '10.20.0.100'),
    },
    [
      { request: 'bapenda/lama', publicIpv4: '203.0.113.50', privateIpv4: '10.20.0.50', allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-11-20T00:00:00Z' },
      { request: 'bapenda/kuno', publicIpv4: '203.0.113.60', privateIpv4: '10.20.0.60', allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-09-01T00:00:00Z' },
    ],
  );
  return poolStats(stack, book, NOW)[0]!;
}

/** The state every address of the /24 must have, from the set-up above rather than from the builder. */
function expectedState(lastOctet: number): CellState {
  if ([10, 11, 100].includes(lastOctet)) return 'used';
  if (lastOctet === 50) return 'quarantined';
  if ([0, 1, 2, 255].includes(lastOctet) || (lastOctet >= 240 && lastOctet <= 247)) return 'reserved';
  return 'free';
}

describe('pool picture', () => {
  it('is well-formed XML with one cell per address of a /24, each coloured by its state', (context) => {
    if (!python().available) return context.skip(python().reason);
    const svg = buildPoolSvg(slash24(), { lang: 'id', generatedAt: NOW.toISOString() });
    expect(parseXml(svg)[0]!.tag).toBe('svg');
    const cells = svgCells(svg);
    expect(cells).toHaveLength(256);
    expect(cells.map((c) => c.address)).toEqual(Array.from({ length: 256 }, (_, i) => `203.0.113.${i}`));
    for (const [i, cell] of cells.entries()) {
      const state = expectedState(i);
      expect({ address: cell.address, state: cell.state, fill: cell.fill }).toEqual({ address: cell.address, state, fill: CELL_COLOURS[state].fill });
      expect(cell.label).toBe(String(i));
    }
    // The four colours differ, or the picture would say nothing.
    expect(new Set(Object.values(CELL_COLOURS).map((c) => c.fill)).size).toBe(4);
  });

  it('names the holder and the reason in each tooltip', (context) => {
    if (!python().available) return context.skip(python().reason);
    const cells = new Map(svgCells(buildPoolSvg(slash24(), { lang: 'en' })).map((c) => [c.address, c]));
    expect(cells.get('203.0.113.10')).toMatchObject({ request: 'bkpsdm/simpeg', title: '203.0.113.10: used by bkpsdm/simpeg' });
    expect(cells.get('203.0.113.50')?.title).toBe('203.0.113.50: quarantined, released by bapenda/lama; free from 2026-12-20 08:00 WITA');
    expect(cells.get('203.0.113.0')?.title).toBe('203.0.113.0: network address');
    expect(cells.get('203.0.113.1')?.title).toBe('203.0.113.1: gateway');
    expect(cells.get('203.0.113.255')?.title).toBe('203.0.113.255: broadcast address');
    expect(cells.get('203.0.113.2')?.title).toBe('203.0.113.2: reserved');
    expect(cells.get('203.0.113.243')?.title).toBe('203.0.113.243: reserved (203.0.113.240/29)');
    expect(cells.get('203.0.113.60')?.title).toBe('203.0.113.60: free');
  });

  it('has a legend with the pool counts and 16 cells per row (a /28) for a /24', () => {
    const pool = slash24();
    const svg = buildPoolSvg(pool, { lang: 'id' });
    expect(svg).toContain('>terpakai: 3</text>');
    expect(svg).toContain('>karantina: 1</text>');
    expect(svg).toContain(`>bebas: ${pool.freeCount}</text>`);
    expect(svg).toContain(`>dicadangkan (jaringan, broadcast, gateway, cadangan): ${pool.reservedCount}</text>`);
    const layout = layoutPool(pool);
    expect([layout.columns, layout.rowPrefix, layout.lines.length, layout.complete]).toEqual([16, 28, 16, true]);
    expect(svg).toContain('>203.0.113.240/28</text>');
  });

  it('draws every address of a /20, 32 to a row', (context) => {
    if (!python().available) return context.skip(python().reason);
    const stack = config([{ name: 'besar', cidr: '198.18.0.0/20', gateway: '198.18.0.1' }]);
    const allocations = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`opd/s${i}`, allocation(`198.18.${(i + 2) >> 8}.${(i + 2) & 255}`, `10.20.${(i + 2) >> 8}.${(i + 2) & 255}`)]));
    const pool = poolStats(stack, ledger(allocations), NOW)[0]!;
    const layout = layoutPool(pool);
    expect([layout.columns, layout.rowPrefix, layout.complete]).toEqual([32, 27, true]);
    const cells = svgCells(buildPoolSvg(pool, { lang: 'en' }));
    expect(BigInt(cells.length)).toBe(COMPLETE_LIMIT);
    expect(new Set(cells.map((c) => c.address)).size).toBe(4096);
    expect(cells.filter((c) => c.state === 'used')).toHaveLength(300);
    expect(cells.filter((c) => c.state === 'reserved').map((c) => c.address)).toEqual(['198.18.0.0', '198.18.0.1', '198.18.15.255']);
  });

  it('caps an IPv6 /64 to the rows that hold something and says so', (context) => {
    if (!python().available) return context.skip(python().reason);
    const stack = config(
      [{ name: 'publik-a', cidr: '203.0.113.0/26', gateway: '203.0.113.1' }],
      { name: 'publik-v6', cidr: '2001:db8:7a::/64', gateway: '2001:db8:7a::1', reserved: ['2001:db8:7a::ff00/120'] },
    );
    const pool = poolStats(
      stack,
      ledger({
        'bkpsdm/simpeg': allocation('203.0.113.2', '10.20.0.2', '2001:db8:7a::2'),
        'dinkes/sik': allocation('203.0.113.3', '10.20.0.3', '2001:db8:7a::1:5'),
      }),
      NOW,
    ).find((p) => p.family === 6)!;
    const layout = layoutPool(pool);
    expect(layout.complete).toBe(false);
    const svg = buildPoolSvg(pool, { lang: 'en' });
    const cells = svgCells(svg);
    // Rows: ::0-f (anycast, gateway, ::2), ::ff00 and ::fff0 (the reserved block's ends), ::1:0-f (::1:5).
    expect(cells).toHaveLength(4 * 16);
    expect(cells.filter((c) => c.state === 'used').map((c) => [c.address, c.request, c.label])).toEqual([
      ['2001:db8:7a::2', 'bkpsdm/simpeg', '2'],
      ['2001:db8:7a::1:5', 'dinkes/sik', '5'],
    ]);
    const texts = parseXml(svg).map((e) => e.text).join('\n');
    // IPv6 has no broadcast address: the legend names the subnet-router anycast address instead.
    expect(texts).not.toMatch(/broadcast/i);
    expect(texts).toContain(`reserved (subnet-router anycast, gateway, reserved): ${pool.reservedCount}`);
    expect(buildPoolSvg(pool, { lang: 'id' })).not.toMatch(/broadcast/i);
    expect(texts).toContain('too large to draw address by address');
    expect(texts).toContain('18,446,744,073,709,551,616 addresses');
    // The stretch between ::10 and ::feff is summarised in one line, counted.
    expect(texts).toContain('⋯ 2001:db8:7a::10 – 2001:db8:7a::feff: 65,264 addresses not drawn (65,264 free)');
    expect(texts).toContain('⋯ 2001:db8:7a::1:10 – 2001:db8:7a:0:ffff:ffff:ffff:ffff');
  });

  it('draws at most the row limit of a huge pool and counts the rest', () => {
    const stack = config([{ name: 'publik-a', cidr: '203.0.113.0/26', gateway: '203.0.113.1' }], { name: 'publik-v6', cidr: '2001:db8:7a::/64', gateway: '2001:db8:7a::1' });
    const allocations = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`opd/s${i}`, allocation(`203.0.113.${i % 60 + 2}`, `10.20.1.${i}`, `2001:db8:7a::${(i + 1).toString(16)}:1`)]),
    );
    const pool = poolStats(stack, ledger(allocations), NOW).find((p) => p.family === 6)!;
    const layout = layoutPool(pool);
    expect(layout.lines.filter((l) => l.kind === 'row')).toHaveLength(SPARSE_ROW_LIMIT);
    expect(layout.rowsNotDrawn).toBe(101 - SPARSE_ROW_LIMIT);
    expect(buildPoolSvg(pool, { lang: 'id' })).toContain(`${101 - SPARSE_ROW_LIMIT} baris lain berisi alamat tidak digambar (batas ${SPARSE_ROW_LIMIT} baris)`);
  });

  it('stays well-formed whatever text reaches it', (context) => {
    if (!python().available) return context.skip(python().reason);
    const pool = slash24();
    const hostile: PoolStats = { ...pool, used: [{ address: '203.0.113.10', request: 'x/<script>&"\'\u0007' }] };
    const cells = svgCells(buildPoolSvg(hostile, { lang: 'en' }));
    expect(cells.find((c) => c.address === '203.0.113.10')).toMatchObject({ request: 'x/<script>&"\'\ufffd', title: '203.0.113.10: used by x/<script>&"\'\ufffd' });
  });
});
