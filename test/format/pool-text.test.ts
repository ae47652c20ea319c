import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import { poolStats } from '../../src/core/pool.ts';
import { formatPoolJson, formatPoolText } from '../../src/format/pool-text.ts';
import { exampleConfig, exampleRequests, NOW } from '../core/example.ts';

const config = exampleConfig();
const requests = exampleRequests();
const applied = allocate({ config, requests, ledger: emptyLedger('dev'), now: NOW }).ledger;
const later = new Date('2026-12-01T00:00:00Z');
const ledger = allocate({ config, requests: requests.filter((r) => r.id !== 'dkisp/monitoring'), ledger: applied, now: later }).ledger;
const stats = poolStats(config, ledger, later);

describe('pool formatters', () => {
  it('lists each pool with counts, free ranges, quarantine and reserved addresses', () => {
    const text = formatPoolText(stats, { lang: 'en', stack: 'dev', now: '2026-12-01T00:00:00Z' });
    expect(text.split('\n').slice(0, 10)).toEqual([
      'kolokasi pool: stack dev, at 2026-12-01T00:00:00Z',
      '',
      'Pool publik-a (public IPv4) 203.0.113.0/26, gateway 203.0.113.1',
      '  size 64, reserved 5, used 6, quarantined 1, free 52',
      '  free: 203.0.113.10 - 203.0.113.19 (10), 203.0.113.21 - 203.0.113.62 (42)',
      '  quarantined:',
      '    203.0.113.8  dkisp/monitoring  (free from 2026-12-31T00:00:00Z)',
      '  never handed out: 203.0.113.0 network, 203.0.113.1 gateway, 203.0.113.2 reserved, 203.0.113.3 reserved, 203.0.113.63 broadcast',
      '  used:',
      '    203.0.113.4  bapenda/esppt',
    ]);
  });

  it('speaks Indonesian and can leave out the used addresses', () => {
    const text = formatPoolText(stats, { lang: 'id', stack: 'dev', now: 'x', listUsed: false });
    expect(text).toContain('ukuran 64, dicadangkan 5, terpakai 6, dikarantina 1, bebas 52');
    expect(text).not.toContain('terpakai:');
  });

  it('writes JSON with numbers where they fit and strings for IPv6 sizes', () => {
    const json = JSON.parse(formatPoolJson(stats, { stack: 'dev', now: 'x' }));
    expect(json.pools[0]).toMatchObject({ name: 'publik-a', size: 64, freeCount: 52, usedCount: 6, quarantinedCount: 1 });
    expect(json.pools[2]).toMatchObject({ name: 'publik-v6', size: '18446744073709551616', reservedCount: 2 });
  });
});
