// The report data from hand-made parts: each state a request can be in, the capacity totals, and
// text from a request that must not break the Markdown it lands in.
import { describe, expect, it } from 'vitest';
import type { Ledger, LoadedRequest } from '../../src/core/model.ts';
import { desiredState } from '../../src/core/desired.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { buildLaporan } from '../../src/report/laporan.ts';
import { buildInventoryMarkdown } from '../../src/report/inventory.ts';
import { escapeMarkdown, formatDuration, formatTime } from '../../src/report/format.ts';
import { SOP_STEPS, SOP_TOTAL_MINUTES, automatedMinutes } from '../../src/report/sop.ts';
import { serializeLedger } from '../../src/core/ledger.ts';
import type { GitCommit } from '../../src/git/history.ts';
import { reportConfig } from './report-config.ts';

const NOW = new Date('2026-11-27T00:00:00Z');

const config = reportConfig();

function request(id: string, title: string, rackUnits: number, powerWatts: number): LoadedRequest {
  const [opd = '', name = ''] = id.split('/');
  return {
    id,
    file: `requests/${id}.yaml`,
    text: '',
    request: {
      apiVersion: 'kolokasi/v1',
      kind: 'ColocationRequest',
      metadata: { name, opd, title },
      spec: {
        letter: { number: `800/1/${opd.toUpperCase()}/2026`, date: '2026-11-02' },
        contact: { name: 'Rina', email: 'rina@example.go.id', phone: '+62 811' },
        team: [{ name: 'Andi', role: 'Admin' }],
        server: { hostname: `${name}-01`, rackUnits, powerWatts, os: 'Debian 12', purpose: 'x' },
        dns: { subdomain: name },
        services: [
          { name: 'https', port: 443, protocol: 'tcp', access: 'public' },
          { name: 'ssh', port: 22, protocol: 'tcp', access: 'intranet', justification: 'admin only' },
        ],
      },
    },
  };
}

const requests = [request('bkpsdm/simpeg', 'Kepegawaian | <b>SIMPEG</b> [x](http://e.invalid)', 2, 450), request('bkpsdm/absensi', 'Absensi', 1, 250)];
const ledger: Ledger = {
  apiVersion: 'kolokasi/v1',
  kind: 'AllocationLedger',
  stack: 'dev',
  allocations: {
    'bkpsdm/simpeg': { publicIpv4: '203.0.113.2', privateIpv4: '10.20.30.4', allocatedAt: '2026-11-05T02:00:45Z' },
    // Its request file is gone; the next apply releases it.
    'dinkes/sik': { publicIpv4: '203.0.113.3', privateIpv4: '10.20.30.5', allocatedAt: '2026-10-01T00:00:00Z' },
  },
  released: [{ request: 'dinkes/lama', publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.6', allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-11-20T01:00:30Z' }],
};

const data = assembleReport({ stack: 'dev', config, requests, ledger, desired: desiredState('dev', config, requests, ledger), now: NOW });
const byId = new Map(data.requests.map((r) => [r.id, r]));

describe('assembleReport', () => {
  it('tells each state apart', () => {
    expect(data.requests.map((r) => [r.id, r.state])).toEqual([
      ['bkpsdm/absensi', 'pending'],
      ['bkpsdm/simpeg', 'active'],
      ['dinkes/lama', 'released'],
      ['dinkes/sik', 'releasing'],
    ]);
    expect(byId.get('dinkes/lama')).toMatchObject({ releasedAt: '2026-11-20T01:00:30Z', quarantineUntil: '2026-12-20T01:00:30Z', timeline: { released: { at: '2026-11-20T01:00:30Z' } } });
    expect(byId.get('bkpsdm/absensi')?.fqdn).toBe('absensi.dev.tarakankota.go.id');
  });

  it('places each address in its pool with prefix and gateway, and expands intranet', () => {
    expect(byId.get('bkpsdm/simpeg')?.privateIpv4).toEqual({ address: '10.20.30.4', pool: 'lan-colo', cidr: '10.20.30.0/24', prefix: 24, gateway: '10.20.30.1' });
    expect(byId.get('bkpsdm/simpeg')?.services[1]).toEqual({ name: 'ssh', protocol: 'tcp', portFrom: 22, portTo: 22, access: 'intranet', sources: ['10.10.0.0/16'], justification: 'admin only' });
  });

  it('counts capacity for active and pending requests only', () => {
    expect(data.opdTotals).toEqual([{ opd: 'bkpsdm', opdName: 'bkpsdm', requests: 2, rackUnits: 3, powerWatts: 700 }]);
  });

  it('keeps text from a request inert in Markdown tables', () => {
    const laporan = buildLaporan(byId.get('bkpsdm/simpeg')!, data, 'id');
    expect(laporan).toContain('**Kepegawaian \\| \\<b\\>SIMPEG\\</b\\> \\[x\\](http://e.invalid)**');
    const inventory = buildInventoryMarkdown(data, 'en');
    const simpegRow = inventory.split('\n').find((l) => l.includes('`bkpsdm/simpeg`'))!;
    // Every row of the table has the same number of cells: the pipe in the title did not split one.
    const header = inventory.split('\n').find((l) => l.startsWith('| OPD | OPD name'))!;
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(cells(simpegRow)).toBe(cells(header));
  });

  it('finds a move only between versions that follow each other', () => {
    const commit = (hash: string, at: string): GitCommit => ({ hash, parents: [], authorName: 'bot', authoredAt: at, committedAt: at, subject: '', message: '' });
    const simpeg = ledger.allocations['bkpsdm/simpeg']!;
    const before = serializeLedger({ ...ledger, allocations: { 'bkpsdm/kepegawaian': simpeg } });
    const after = serializeLedger(ledger);
    const movedWith = (indices: [number, number]) =>
      assembleReport({
        stack: 'dev',
        config,
        requests,
        ledger,
        desired: desiredState('dev', config, requests, ledger),
        ledgerVersions: [
          { index: indices[0], commit: commit('a'.repeat(40), '2026-11-01T00:00:00Z'), text: before },
          { index: indices[1], commit: commit('b'.repeat(40), '2026-11-05T00:00:00Z'), text: after },
        ],
        now: NOW,
      }).requests.find((r) => r.id === 'bkpsdm/simpeg')!.timeline.moved;
    expect(movedWith([3, 4])).toEqual([{ from: 'bkpsdm/kepegawaian', at: '2026-11-05T00:00:00Z', commit: 'b'.repeat(40), by: 'bot' }]);
    // Versions 3 and 7: what happened in between is not known (a release, a quarantine ended), so no move.
    expect(movedWith([3, 7])).toBeUndefined();
  });

  it('says which steps wait for the file to be applied', () => {
    const laporan = buildLaporan(byId.get('bkpsdm/absensi')!, data, 'en');
    expect(laporan).toContain('| Public IPv4 address (1:1 NAT at the gateway) | not allocated yet |');
    expect(laporan).toContain('No addresses yet: `kolokasi apply` has not run since this request arrived.');
  });
});

describe('report wording', () => {
  it('writes times in WITA and durations in words', () => {
    expect(formatTime('2026-11-05T02:00:45Z', 'id')).toBe('2026-11-05 10:00 WITA');
    expect(formatTime('2026-11-04T23:30:00-01:00', 'en')).toBe('2026-11-05 08:30 WITA');
    expect(formatTime(undefined, 'id')).toBe('tidak diketahui');
    expect(formatDuration(0.75, 'id')).toBe('45 detik');
    expect(formatDuration(3 * 1440 + 61, 'id')).toBe('3 hari 1 jam 1 menit');
    expect(formatDuration(90, 'en')).toBe('1 h 30 min');
  });

  it('escapes what Markdown would read as syntax', () => {
    expect(escapeMarkdown('a|b <i>c</i> *d* _e_ `f` [g](h)\nnext')).toBe('a\\|b \\<i\\>c\\</i\\> \\*d\\* \\_e\\_ \\`f\\` \\[g\\](h) next');
  });

  it('keeps the SOP numbers of the source document', () => {
    expect(SOP_STEPS.map((s) => s.minutes)).toEqual([2, 3, 2, 5, 30, 15, 25, 90, 2, 2]);
    expect(SOP_TOTAL_MINUTES).toBe(176);
    expect(automatedMinutes()).toEqual({ minutes: 49, steps: [2, 3, 6, 7, 9, 10] });
  });
});
