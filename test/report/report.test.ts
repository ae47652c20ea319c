// `kolokasi report` end to end on a repository with a scripted git history: the reports show the
// right dates, approvers and states, the CSV reads back with an independent parser, the pool
// picture marks the released address as quarantined. And without git, the reports still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { SIK_LAST_TITLE, SIK_PR, SIMPEG_PR, TIMES, scriptedRepo, type ScriptedRepo } from './scripted-repo.ts';
import { parseCsv, python, svgCells } from './tools.ts';

let repo: ScriptedRepo;
let out: string;
let ledger: string;

beforeAll(async () => {
  repo = await scriptedRepo();
  out = path.join(repo.dir, 'build/dev/report');
  ledger = await readFile(path.join(repo.dir, 'stacks/dev.allocations.yaml'), 'utf8');
  const result = await runCli(['report', '--repo', repo.dir, '--now', TIMES.report], { cwd: repo.dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});
afterAll(async () => {
  if (repo) await removeRepo(repo.dir);
});

const read = (file: string) => readFile(path.join(out, file), 'utf8');
const short = (hash: string) => hash.slice(0, 10);

/** The table row of a Markdown document whose first cell starts with `label`. */
function row(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!line) throw new Error(`no row '${label}' in:\n${markdown}`);
  return line.slice(2, -2).split(' | ').map((c) => c.trim());
}

function allocationOf(request: string): Record<string, string> {
  const line = ledger.split('\n').find((l) => l.startsWith(`  ${request}: `));
  if (!line) throw new Error(`${request} is not in the ledger`);
  return Object.fromEntries([...line.matchAll(/(\w+): "([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('kolokasi report on a git repository', () => {
  it('writes the index, inventory, one picture per pool and one report per request', async () => {
    expect((await readdir(out)).sort()).toEqual(['.kolokasi-report', 'index.html', 'inventory.csv', 'inventory.md', 'laporan', 'pool-lan-colo.svg', 'pool-publik-a.svg', 'pool-publik-b.svg', 'pool-publik-v6.svg']);
    const requests = ['bapenda-esppt', 'bkpsdm-absensi', 'bkpsdm-simpeg', 'dinkes-sik', 'disdukcapil-sipadu', 'dkisp-monitoring', 'dkisp-satudata'];
    expect((await readdir(path.join(out, 'laporan'))).sort()).toEqual(requests.flatMap((r) => [`${r}.html`, `${r}.md`]));
  });

  it('reports a merged request with its dates, pull request, approvers and elapsed time (Indonesian by default)', async () => {
    const laporan = await read('laporan/bkpsdm-simpeg.md');
    expect(laporan).toMatch(/^# Laporan pemasangan server colocation: bkpsdm\/simpeg\n/);
    expect(row(laporan, 'Status')[1]).toBe('**aktif**');
    expect(row(laporan, 'Pull request')[1]).toBe(`#${SIMPEG_PR}`);
    expect(row(laporan, 'Disetujui oleh')[1]).toBe('alice (kabid-aplikasi), bob (kepala-dkisp)');
    expect(row(laporan, 'Diajukan')).toEqual(['Diajukan (berkas permohonan ditambahkan)', '2026-11-02 09:00 WITA', `\`${short(repo.commits.simpegWritten)}\``, 'Rina Wulandari']);
    expect(row(laporan, 'Disetujui dan di-merge')).toEqual([`Disetujui dan di-merge (PR #${SIMPEG_PR})`, '2026-11-05 10:00 WITA', `\`${short(repo.commits.simpegMerge)}\``, 'alice (kabid-aplikasi), bob (kepala-dkisp)']);
    expect(row(laporan, 'Diterapkan')).toEqual(['Diterapkan (alamat dicatat di ledger)', '2026-11-05 10:00 WITA', `\`${short(repo.commits.simpegLedger)}\``, 'github-actions\\[bot\\]']);
    // Elapsed against the SOP: 3 days 1 hour from the OPD's commit to the merge, 45 s to the ledger.
    expect(row(laporan, 'Permohonan sampai keputusan').slice(1, 4)).toEqual(['1-5', '42 menit', '3 hari 1 jam']);
    expect(row(laporan, 'Konfigurasi IP').slice(1, 4)).toEqual(['6-7', '40 menit', '45 detik']);
    expect(row(laporan, '**Jumlah**').slice(2, 4)).toEqual(['**176 menit**', '**3 hari 1 jam 1 menit**']);
  });

  it('gives the NOC the addresses with prefix lengths and gateways, the name and who may reach which port', async () => {
    const laporan = await read('laporan/bkpsdm-simpeg.md');
    const held = allocationOf('bkpsdm/simpeg');
    expect(row(laporan, 'Alamat IPv4 server')[1]).toBe(`\`${held.privateIpv4}/24\``);
    expect(row(laporan, 'Gateway IPv4')[1]).toBe('`10.20.30.1`');
    expect(row(laporan, 'Alamat IPv4 publik')[1]).toBe(`\`${held.publicIpv4}\` (pool \`publik-a\`, \`203.0.113.0/26\`)`);
    expect(row(laporan, 'Alamat IPv6 server')[1]).toBe(`\`${held.publicIpv6}/64\``);
    expect(row(laporan, 'Gateway IPv6')[1]).toBe('`2001:db8:7a::1`');
    expect(row(laporan, 'Nama DNS')[1]).toBe(`\`simpeg.dev.tarakankota.go.id\` (A ${held.publicIpv4}, AAAA ${held.publicIpv6})`);
    expect(row(laporan, 'ssh')).toEqual(['ssh', '`22/tcp`', '10.10.0.0/16', 'Administrasi server dari jaringan WAN kantor BKPSDM saja.']);
    expect(row(laporan, 'https')[2]).toBe('publik (seluruh internet)');
  });

  it('reports a deleted request as released, with its deletion, release and quarantine', async () => {
    const laporan = await read('laporan/dinkes-sik.md');
    expect(row(laporan, 'Status')[1]).toBe('**dilepas**');
    expect(row(laporan, 'Berkas permohonan')[1]).toBe('`requests/dinkes/sik.yaml` (sudah dihapus)');
    expect(row(laporan, 'Berkas permohonan dihapus').slice(1, 3)).toEqual(['2026-11-20 09:00 WITA', `\`${short(repo.commits.sikMerge)}\``]);
    expect(row(laporan, 'Dilepas')).toEqual(['Dilepas (karantina sampai 2026-12-20 09:00 WITA)', '2026-11-20 09:00 WITA', `\`${short(repo.commits.sikLedger)}\``, 'github-actions\\[bot\\]']);
    // Its allocation came with the first ledger commit (pull request #1).
    expect(row(laporan, 'Pull request')[1]).toBe('#1');
    expect(laporan).not.toContain(`#${SIK_PR}`);
  });

  it('keeps the title and DNS name of a released request, from its file as it was last', async () => {
    const laporan = await read('laporan/dinkes-sik.md');
    expect(laporan.split('\n')[2]).toBe(`**${SIK_LAST_TITLE}**`);
    expect(row(laporan, 'Nama DNS')[1]).toMatch(/^`sik\.dev\.tarakankota\.go\.id` \(A 203\.0\.113\.\d+/);
    const inventory = await read('inventory.md');
    const sik = inventory.split('\n').find((l) => l.includes('| `dinkes/sik` |'))!;
    expect(sik).toContain(`| ${SIK_LAST_TITLE} | dilepas | \`sik.dev.tarakankota.go.id\` |`);
  });

  it('writes an inventory CSV that an independent parser reads back, with the dates as ISO-8601 UTC', async (context) => {
    if (!python().available) return context.skip(python().reason);
    expect([...(await readFile(path.join(out, 'inventory.csv'))).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(await read('inventory.csv'));
    const [header, ...rows] = records;
    expect(header).toEqual(['OPD', 'Nama OPD', 'Permohonan', 'Judul', 'Status', 'Nama DNS', 'IPv4 publik', 'IPv4 privat', 'IPv6 publik', 'Layanan', 'Unit rak (U)', 'Daya (W)', 'Nomor surat', 'Diajukan', 'Disetujui', 'Diterapkan', 'Dilepas', 'Dipindah dari']);
    const byId = new Map(rows.map((r) => [r[2], Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
    expect(byId.get('bkpsdm/simpeg')).toMatchObject({
      Status: 'aktif',
      'IPv4 publik': allocationOf('bkpsdm/simpeg').publicIpv4,
      'Unit rak (U)': '2',
      'Daya (W)': '450',
      'Nomor surat': '800/123/BKPSDM/2026',
      Diajukan: '2026-11-02T01:00:00Z',
      Disetujui: '2026-11-05T02:00:00Z',
      Diterapkan: '2026-11-05T02:00:45Z',
      Dilepas: '',
    });
    expect(byId.get('dinkes/sik')).toMatchObject({
      Status: 'dilepas',
      Judul: SIK_LAST_TITLE,
      'Nama DNS': 'sik.dev.tarakankota.go.id',
      'Unit rak (U)': '',
      Dilepas: '2026-11-20T01:00:30Z',
      Diterapkan: '2026-10-01T00:00:30Z',
    });
    // A comma inside a field (the OPD's name) survives the round trip.
    expect(byId.get('dkisp/satudata')?.['Nama OPD']).toBe('Dinas Komunikasi, Informatika, Statistik dan Persandian');
  });

  it('sums rack units and power per OPD over active requests only', async () => {
    const inventory = await read('inventory.md');
    expect(row(inventory, '`bkpsdm`')).toEqual(['`bkpsdm`', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', '2', '3', '700']);
    // dinkes had only sik, now released: no capacity held.
    expect(inventory).not.toContain('| `dinkes` |');
  });

  it('draws the released address as quarantined and the new one as used by its request', async (context) => {
    if (!python().available) return context.skip(python().reason);
    const cells = svgCells(await read('pool-publik-a.svg'));
    expect(cells).toHaveLength(64);
    const released = ledger.split('\n').find((l) => l.includes('request: "dinkes/sik"'))!;
    const releasedAddress = /publicIpv4: "([^"]+)"/.exec(released)![1];
    const quarantined = cells.find((c) => c.address === releasedAddress)!;
    expect(quarantined.state).toBe('quarantined');
    expect(quarantined.title).toBe(`${releasedAddress}: karantina, dilepas oleh dinkes/sik; bebas mulai 2026-12-20 09:00 WITA`);
    const used = cells.find((c) => c.address === allocationOf('bkpsdm/simpeg').publicIpv4)!;
    expect([used.state, used.request]).toEqual(['used', 'bkpsdm/simpeg']);
  });

  it('draws the private (LAN) pool too, with the private addresses of the ledger', async (context) => {
    if (!python().available) return context.skip(python().reason);
    const svg = await read('pool-lan-colo.svg');
    expect(svg).toContain('IPv4 privat, LAN colocation');
    const cells = svgCells(svg);
    expect(cells).toHaveLength(256);
    const used = cells.find((c) => c.address === allocationOf('bkpsdm/simpeg').privateIpv4)!;
    expect([used.state, used.request]).toEqual(['used', 'bkpsdm/simpeg']);
    const released = ledger.split('\n').find((l) => l.includes('request: "dinkes/sik"'))!;
    expect(cells.find((c) => c.address === /privateIpv4: "([^"]+)"/.exec(released)![1])?.state).toBe('quarantined');
    // 10.20.30.2/31 is the switch management pair: reserved, like the network, gateway and broadcast.
    expect(cells.filter((c) => c.state === 'reserved').map((c) => c.address)).toEqual(['10.20.30.0', '10.20.30.1', '10.20.30.2', '10.20.30.3', '10.20.30.255']);
    expect(row(await read('inventory.md'), '`lan-colo`').slice(0, 3)).toEqual(['`lan-colo`', 'IPv4 privat, LAN colocation', '`10.20.30.0/24`']);
  });

  it('writes English documents with --lang en', async () => {
    const english = path.join(repo.dir, 'build/en');
    const result = await runCli(['report', '--repo', repo.dir, '--now', TIMES.report, '--lang', 'en', '--out', english], { cwd: repo.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wrote 21 files to build/en: index.html, inventory.md, inventory.csv, 4 pool picture(s), 7 installation report(s) in Markdown and as printable HTML\n');
    const laporan = await readFile(path.join(english, 'laporan/bkpsdm-simpeg.md'), 'utf8');
    expect(laporan).toMatch(/^# Colocation server installation report: bkpsdm\/simpeg\n/);
    expect(row(laporan, 'Approved and merged')[1]).toBe('2026-11-05 10:00 WITA');
    expect(row(laporan, 'Request to decision')[3]).toBe('3 d 1 h');
  });

  it('makes the same files for the same commit and clock', async () => {
    const again = path.join(repo.dir, 'build/again');
    await runCli(['report', '--repo', repo.dir, '--now', TIMES.report, '--out', again], { cwd: repo.dir });
    for (const file of ['index.html', 'inventory.csv', 'inventory.md', 'pool-publik-a.svg', 'laporan/dinkes-sik.md', 'laporan/bkpsdm-simpeg.html']) {
      expect(await readFile(path.join(again, file), 'utf8')).toBe(await read(file));
    }
  });
});

describe('kolokasi report without git', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await exampleRepo();
  });
  afterAll(async () => {
    if (dir) await removeRepo(dir);
  });

  it('still writes every report, with the dates git would give shown as unknown', async () => {
    const result = await runCli(['report', '--repo', dir, '--now', TIMES.report], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('kolokasi: note: not a git repository; request and approval dates are shown as unknown\n');
    const laporan = await readFile(path.join(dir, 'build/dev/report/laporan/bkpsdm-simpeg.md'), 'utf8');
    // No ledger yet either: the request waits for `kolokasi apply`.
    expect(row(laporan, 'Status')[1]).toBe('**menunggu penerapan**');
    expect(row(laporan, 'Diajukan')[1]).toBe('tidak diketahui');
    expect(row(laporan, 'Alamat IPv4 publik')[1]).toBe('belum dialokasikan');
    expect(laporan).toContain('Repositori ini bukan repositori git');
  });

  it('refuses an invalid request with exit code 1 and its diagnostics', async () => {
    await writeFile(path.join(dir, 'requests/dinkes/broken.yaml'), 'apiVersion: kolokasi/v1\nkind: ColocationRequest\n');
    const result = await runCli(['report', '--repo', dir, '--now', TIMES.report], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('requests/dinkes/broken.yaml');
  });
});
