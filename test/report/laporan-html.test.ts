// The printable installation report (laporan/<opd>-<name>.html): the same facts as the Markdown
// laporan, table for table, with the sign-off names and dates; a print stylesheet; a real headless
// Chromium render that is not blank and prints to PDF; and request text that cannot become markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ledger, LoadedRequest } from '../../src/core/model.ts';
import { desiredState } from '../../src/core/desired.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { buildLaporanHtml } from '../../src/report/laporan.ts';
import { removeRepo, runCli } from '../helpers/repo.ts';
import { SIMPEG_PR, TIMES, scriptedRepo, type ScriptedRepo } from './scripted-repo.ts';
import { chromiumTool, decodePng, parseHtml, pictureStatistics, python, runChromium } from './tools.ts';
import { reportConfig } from './report-config.ts';

let repo: ScriptedRepo;
let out: string;
const scratch: string[] = [];

beforeAll(async () => {
  repo = await scriptedRepo();
  out = path.join(repo.dir, 'build/dev/report');
  const result = await runCli(['report', '--repo', repo.dir, '--now', TIMES.report], { cwd: repo.dir });
  expect(result.code, result.stderr).toBe(0);
});
afterAll(async () => {
  if (repo) await removeRepo(repo.dir);
  for (const dir of scratch) await removeRepo(dir);
});

const read = (file: string) => readFile(path.join(out, file), 'utf8');

/** The tables of a Markdown document as rows of plain cell text (escapes, code and bold undone). */
function markdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| ')) {
      current = undefined;
      continue;
    }
    if (!current) tables.push((current = []));
    const cells = line.slice(2, -2).split(/(?<!\\) \| /);
    if (cells.every((c) => /^-+:?$/.test(c.trim()))) continue;
    current.push(cells.map((c) => c.replace(/\*\*/g, '').replace(/`/g, '').replace(/\\(.)/g, '$1').trim()));
  }
  return tables;
}

describe('the printable installation report', () => {
  it('is written beside each Markdown laporan and linked from index.html', async () => {
    const index = parseHtml(await read('index.html'));
    const links = index.tags.filter((t) => t.tag === 'a').map((t) => t.attributes.href);
    for (const request of ['bkpsdm-simpeg', 'dinkes-sik', 'bapenda-esppt']) {
      expect((await stat(path.join(out, `laporan/${request}.html`))).isFile()).toBe(true);
      expect(links).toContain(`laporan/${request}.html`);
    }
  });

  it('carries the same facts as the Markdown, table for table', async (context) => {
    if (!python().available) return context.skip(python().reason);
    for (const request of ['bkpsdm-simpeg', 'dinkes-sik']) {
      const markdown = await read(`laporan/${request}.md`);
      const html = parseHtml(await read(`laporan/${request}.html`));
      expect(html.tables).toEqual(markdownTables(markdown));
      expect(html.tables.length).toBeGreaterThan(4);
    }
  });

  it('names the request, its addresses, the approvers and the dates', async (context) => {
    if (!python().available) return context.skip(python().reason);
    const ledger = await readFile(path.join(repo.dir, 'stacks/dev.allocations.yaml'), 'utf8');
    const held = Object.fromEntries([...ledger.split('\n').find((l) => l.startsWith('  bkpsdm/simpeg: '))!.matchAll(/(\w+): "([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const page = parseHtml(await read('laporan/bkpsdm-simpeg.html'));
    expect(page.tags.find((t) => t.tag === 'title')).toBeDefined();
    for (const fact of [
      'Laporan pemasangan server colocation: bkpsdm/simpeg',
      'requests/bkpsdm/simpeg.yaml',
      '800/123/BKPSDM/2026',
      'simpeg.dev.tarakankota.go.id',
      `${held.privateIpv4}/24`,
      held.publicIpv4!,
      `${held.publicIpv6}/64`,
      `#${SIMPEG_PR}`,
      '2026-11-02 09:00 WITA',
      '2026-11-05 10:00 WITA',
    ]) {
      expect(page.text).toContain(fact);
    }
    // The sign-off: each approver with the date of the merge and the pull request.
    const signOff = page.tables.find((t) => t[0]?.[0] === 'Disetujui oleh (peninjau pull request)')!;
    expect(signOff.slice(1)).toEqual([
      ['alice (kabid-aplikasi)', '2026-11-05 10:00 WITA', `#${SIMPEG_PR}`],
      ['bob (kepala-dkisp)', '2026-11-05 10:00 WITA', `#${SIMPEG_PR}`],
    ]);
    // Room to sign for the physical installation, which git does not record.
    const signatures = page.tables.find((t) => t[0]?.[3] === 'Tanda tangan')!;
    expect(signatures.map((r) => r[0])).toContain('Petugas NOC (memasang server)');
  });

  it('has a print stylesheet and needs nothing from outside', async () => {
    const html = await read('laporan/bkpsdm-simpeg.html');
    expect(html).toMatch(/@media print \{[^]*@page \{ size: A4;/);
    expect(html).toMatch(/@media print \{[^]*nav \{ display: none; \}/);
    expect(html).not.toMatch(/<script|<link|@import|url\(|@font-face|\b(https?|ftp):\/\//i);
    for (const href of [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!)) {
      expect((await stat(path.join(out, 'laporan', href))).isFile()).toBe(true);
    }
  });

  it('renders in headless Chromium as a page with content, and prints', async (context) => {
    const chromium = chromiumTool();
    if (!chromium.available) return context.skip(chromium.reason);
    const profile = await mkdtemp(path.join(tmpdir(), 'kolokasi-chromium-'));
    scratch.push(profile);
    const page = path.join(out, 'laporan/bkpsdm-simpeg.html');
    const png = path.join(profile, 'laporan.png');
    const shot = runChromium(profile, [`--screenshot=${png}`, '--window-size=1000,1400'], page);
    expect(shot.status, `chromium failed:\n${shot.stderr}`).toBe(0);
    const statistics = pictureStatistics(decodePng(await readFile(png)));
    // A blank page is one colour with no variance; text and ruled tables give many of both.
    expect(statistics.colours).toBeGreaterThan(50);
    expect(statistics.luminanceVariance).toBeGreaterThan(300);
    const pdf = path.join(profile, 'laporan.pdf');
    const print = runChromium(profile, [`--print-to-pdf=${pdf}`, '--no-pdf-header-footer'], page);
    expect(print.status, `chromium failed:\n${print.stderr}`).toBe(0);
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 pages (595 x 842 points), as the print stylesheet asks; the report takes more than one.
    const pages = [...bytes.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*\]/g)];
    expect(pages.length).toBeGreaterThan(1);
    for (const [, width, height] of pages) expect([Math.round(Number(width)), Math.round(Number(height))]).toEqual([595, 842]);
  });
});

describe('request text in the printable report', () => {
  const config = reportConfig();
  const HOSTILE = `</title></style><script>alert(1)</script><img src=x onerror="alert(2)">&amp;'"`;
  const hostile: LoadedRequest = {
    id: 'bkpsdm/jahat',
    file: 'requests/bkpsdm/jahat.yaml',
    text: '',
    request: {
      apiVersion: 'kolokasi/v1',
      kind: 'ColocationRequest',
      metadata: { name: 'jahat', opd: 'bkpsdm', title: HOSTILE },
      spec: {
        letter: { number: HOSTILE, date: '2026-11-02' },
        contact: { name: HOSTILE, email: 'a@example.go.id', phone: HOSTILE },
        team: [{ name: HOSTILE, role: HOSTILE }],
        server: { hostname: 'jahat-01', rackUnits: 1, powerWatts: 100, os: HOSTILE, purpose: 'x' },
        dns: { subdomain: 'jahat' },
        services: [{ name: 'ssh', port: 22, protocol: 'tcp', access: ['10.10.0.0/16'], justification: HOSTILE }],
      },
    },
  };
  const ledger: Ledger = {
    apiVersion: 'kolokasi/v1',
    kind: 'AllocationLedger',
    stack: 'dev',
    allocations: { 'bkpsdm/jahat': { publicIpv4: '203.0.113.2', privateIpv4: '10.20.30.4', allocatedAt: '2026-11-05T02:00:45Z' } },
    released: [],
  };

  it('escapes every string that came from the request', (context) => {
    if (!python().available) return context.skip(python().reason);
    const data = assembleReport({ stack: 'dev', config, requests: [hostile], ledger, desired: desiredState('dev', config, [hostile], ledger), now: new Date('2026-11-27T00:00:00Z') });
    const html = buildLaporanHtml(data.requests[0]!, data, 'en');
    const page = parseHtml(html);
    expect(page.tags.map((t) => t.tag)).not.toContain('script');
    expect(page.tags.map((t) => t.tag)).not.toContain('img');
    expect(page.tags.filter((t) => t.tag === 'title')).toHaveLength(1);
    expect(page.tags.filter((t) => t.tag === 'style')).toHaveLength(1);
    // The text arrives as written, as text: the subtitle, the letter, contact name and phone, the
    // operating system, the justification, the team member's name and role.
    expect(page.text.split(HOSTILE).length - 1).toBe(8);
  });
});
