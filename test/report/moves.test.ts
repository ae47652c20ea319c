// Moves read from the ledger's history: a request renamed, or moved to another OPD's folder, whose
// ledger entry was re-keyed with its addresses (nothing put in quarantine). First the detection on
// hand-made ledger versions, then a git repository whose ledgers are written here by hand, through
// `kolokasi report`: the inventory and the laporan say where the request came from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectMoves, ledgerVersion, movesInto, versionsForMoves, type AddressSet, type LedgerVersion } from '../../src/report/moves.ts';
import { serializeLedger } from '../../src/core/ledger.ts';
import type { Ledger } from '../../src/core/model.ts';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { parseCsv, python } from './tools.ts';
import { BOT, git } from './scripted-repo.ts';

const ESPPT: AddressSet = { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4' };
const SIMPEG: AddressSet = { publicIpv4: '203.0.113.5', privateIpv4: '10.20.30.5', publicIpv6: '2001:db8:7a::5' };

function version(at: string, allocations: Record<string, AddressSet>, released: ({ request: string } & AddressSet)[] = []): LedgerVersion {
  return { event: { at, commit: `c-${at}` }, allocations: new Map(Object.entries(allocations)), released };
}

describe('detectMoves', () => {
  it('sees an address set held by one id, then by another, with nothing released', () => {
    const moves = detectMoves([
      version('t1', { 'bapenda/esppt': ESPPT, 'bkpsdm/simpeg': SIMPEG }),
      version('t2', { 'bapenda/esppt-pbb': ESPPT, 'bkpsdm/simpeg': SIMPEG }),
    ]);
    expect(moves).toEqual([{ at: 't2', commit: 'c-t2', from: 'bapenda/esppt', to: 'bapenda/esppt-pbb' }]);
  });

  it('does not take a release and a new request on the same addresses for a move', () => {
    // The old id's addresses went to quarantine: a withdrawal, whatever came next.
    expect(detectMoves([version('t1', { 'bapenda/esppt': ESPPT }), version('t2', { 'bapenda/baru': ESPPT }, [{ request: 'bapenda/esppt', ...ESPPT }])])).toEqual([]);
    // A new request on other addresses while the old one is gone: no move either.
    expect(detectMoves([version('t1', { 'bapenda/esppt': ESPPT }), version('t2', { 'bapenda/baru': { publicIpv4: '203.0.113.9', privateIpv4: '10.20.30.9' } })])).toEqual([]);
    // Part of the set is not the set: an IPv6 address more or less is another allocation.
    expect(detectMoves([version('t1', { 'bkpsdm/simpeg': SIMPEG }), version('t2', { 'bkpsdm/simpeg2': { ...SIMPEG, publicIpv6: '2001:db8:7a::6' } })])).toEqual([]);
    // Both ids in both versions: nothing moved.
    expect(detectMoves([version('t1', { 'a/x': ESPPT }), version('t2', { 'a/x': ESPPT })])).toEqual([]);
  });

  it('keeps a release from an earlier version from hiding a later move', () => {
    const old = { request: 'bapenda/lama', ...ESPPT };
    const moves = detectMoves([version('t1', { 'bapenda/esppt': SIMPEG }, [old]), version('t2', { 'dkisp/esppt': SIMPEG }, [old])]);
    expect(moves.map((m) => [m.from, m.to])).toEqual([['bapenda/esppt', 'dkisp/esppt']]);
  });

  it('follows a chain of moves back, oldest first', () => {
    const moves = detectMoves([
      version('t1', { 'bapenda/esppt': ESPPT }),
      version('t2', { 'bapenda/esppt-pbb': ESPPT }),
      version('t3', { 'bapenda/esppt-pbb': ESPPT, 'bkpsdm/simpeg': SIMPEG }),
      version('t4', { 'dkisp/esppt': ESPPT, 'bkpsdm/simpeg': SIMPEG }),
    ]);
    expect(movesInto('dkisp/esppt', moves).map((m) => [m.at, m.from])).toEqual([
      ['t2', 'bapenda/esppt'],
      ['t4', 'bapenda/esppt-pbb'],
    ]);
    expect(movesInto('bkpsdm/simpeg', moves)).toEqual([]);
  });

  it('asks only for the versions around a commit that gave one id the addresses another had', () => {
    const allocated = (...lines: [string, AddressSet][]) => ({ allocated: lines.map(([request, set]) => ({ request, ...set })) });
    const changes = [
      allocated(['bapenda/esppt', ESPPT], ['bkpsdm/simpeg', SIMPEG]),
      allocated(['dinkes/sik', { publicIpv4: '203.0.113.6', privateIpv4: '10.20.30.6' }]),
      allocated(), // a release only
      allocated(['bapenda/esppt-pbb', ESPPT]),
      allocated(['dinkes/baru', { publicIpv4: '203.0.113.7', privateIpv4: '10.20.30.7' }]),
      // The same id again (an IPv6 address added, then dropped): not another holder.
      allocated(['bkpsdm/simpeg', { ...SIMPEG, publicIpv6: undefined }]),
      allocated(['bkpsdm/simpeg', SIMPEG]),
    ];
    expect(versionsForMoves(changes)).toEqual([2, 3]);
    expect(versionsForMoves([])).toEqual([]);
  });

  it('reads a ledger version from the file as written, or not at all', () => {
    const ledger: Ledger = {
      apiVersion: 'kolokasi/v1',
      kind: 'AllocationLedger',
      stack: 'dev',
      allocations: { 'bapenda/esppt': { ...ESPPT, allocatedAt: '2026-11-01T00:00:00Z' } as Ledger['allocations'][string] },
      released: [{ request: 'bapenda/lama', ...SIMPEG, allocatedAt: '2026-01-01T00:00:00Z', releasedAt: '2026-11-01T00:00:00Z' } as Ledger['released'][number]],
    };
    const read = ledgerVersion({ at: 't' }, serializeLedger(ledger))!;
    expect([...read.allocations]).toEqual([['bapenda/esppt', ESPPT]]);
    expect(read.released).toEqual([{ request: 'bapenda/lama', ...SIMPEG }]);
    // A hand edit in another YAML style still reads; a file that is not YAML gives no version.
    expect([...ledgerVersion({ at: 't' }, 'allocations:\n  bapenda/esppt:\n    publicIpv4: 203.0.113.4\n    privateIpv4: 10.20.30.4\n')!.allocations]).toEqual([['bapenda/esppt', ESPPT]]);
    expect(ledgerVersion({ at: 't' }, 'allocations: [\n')).toBeUndefined();
  });
});

// ---------------------------------------------------------------- through git and the report

const OPD = { name: 'Rina Wulandari', email: 'rina@bapenda.tarakankota.go.id' };

describe('kolokasi report on a history with a move between OPDs', () => {
  let dir: string;
  let out: string;
  const ledgerFile = () => path.join(dir, 'stacks/dev.allocations.yaml');

  beforeAll(async () => {
    dir = await exampleRepo();
    git(dir, ['init', '--quiet', '--initial-branch=main'], OPD, '2026-10-01T08:00:00+08:00');
    git(dir, ['add', '.'], OPD, '2026-10-01T08:00:00+08:00');
    git(dir, ['commit', '--quiet', '-m', 'Colocation requests'], OPD, '2026-10-01T08:00:00+08:00');
    expect((await runCli(['apply', '--repo', dir, '--now', '2026-10-01T00:00:30Z'], { cwd: dir })).code).toBe(0);
    git(dir, ['add', 'stacks/dev.allocations.yaml'], BOT, '2026-10-01T08:00:30+08:00');
    git(dir, ['commit', '--quiet', '-m', 'Allocate addresses for stack dev'], BOT, '2026-10-01T08:00:30+08:00');

    // The server changes hands: its request moves from Bapenda's folder to DKISP's, same subdomain.
    await mkdir(path.join(dir, 'requests/dkisp'), { recursive: true });
    const text = await readFile(path.join(dir, 'requests/bapenda/esppt.yaml'), 'utf8');
    await rename(path.join(dir, 'requests/bapenda/esppt.yaml'), path.join(dir, 'requests/dkisp/esppt.yaml'));
    await writeFile(path.join(dir, 'requests/dkisp/esppt.yaml'), text.replace('opd: bapenda', 'opd: dkisp'));
    git(dir, ['add', '-A', 'requests'], OPD, '2026-11-10T09:00:00+08:00');
    git(dir, ['commit', '--quiet', '-m', 'Pindahkan E-SPPT ke DKISP'], OPD, '2026-11-10T09:00:00+08:00');
    // The ledger re-keyed by hand, as the allocator does for a move: same entry, new id, no release.
    const ledger = await readFile(ledgerFile(), 'utf8');
    expect(ledger).toContain('\n  bapenda/esppt: {');
    await writeFile(ledgerFile(), ledger.replace('\n  bapenda/esppt: {', '\n  dkisp/esppt: {'));
    git(dir, ['add', 'stacks/dev.allocations.yaml'], BOT, '2026-11-10T09:00:40+08:00');
    git(dir, ['commit', '--quiet', '-m', 'Allocate addresses for stack dev'], BOT, '2026-11-10T09:00:40+08:00');

    out = path.join(dir, 'build/report');
    const report = await runCli(['report', '--repo', dir, '--out', out, '--now', '2026-11-27T08:00:00Z'], { cwd: dir });
    expect(report.code, report.stderr).toBe(0);
  });
  afterAll(async () => {
    if (dir) await removeRepo(dir);
  });

  it('shows the move in the laporan timeline and summary', async () => {
    const laporan = await readFile(path.join(out, 'laporan/dkisp-esppt.md'), 'utf8');
    expect(laporan).toContain('| Dipindah dari | `bapenda/esppt` |');
    expect(laporan).toMatch(/\| Dipindah dari bapenda\/esppt \(alamat tetap\) \| 2026-11-10 09:00 WITA \| `[0-9a-f]{10}` \| github-actions\\\[bot\\\] \|/);
  });

  it('shows where the request came from in the inventory, and no release of the old id', async (context) => {
    if (!python().available) return context.skip(python().reason);
    const [header, ...rows] = parseCsv(await readFile(path.join(out, 'inventory.csv'), 'utf8'));
    const byId = new Map(rows.map((r) => [r[2], Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
    expect(byId.get('dkisp/esppt')).toMatchObject({ Status: 'aktif', 'Dipindah dari': 'bapenda/esppt', 'Nama DNS': 'esppt.dev.tarakankota.go.id' });
    expect(byId.has('bapenda/esppt')).toBe(false);
    expect(byId.get('bkpsdm/simpeg')?.['Dipindah dari']).toBe('');
  });
});
