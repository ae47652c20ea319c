// index.html as a person sees it: self-contained (nothing fetched from outside), every link pointing
// at a file the report wrote, and a real headless Chromium screenshot that is not blank and shows the
// pool maps' colours. KOLOKASI_SCREENSHOT=<file> keeps a copy of the screenshot for looking at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeRepo, runCli } from '../helpers/repo.ts';
import { CELL_COLOURS } from '../../src/report/pool-svg.ts';
import { TIMES, scriptedRepo, type ScriptedRepo } from './scripted-repo.ts';
import { chromiumTool, decodePng, pictureStatistics, runChromium } from './tools.ts';

let repo: ScriptedRepo;
let out: string;
let html: string;
const scratch: string[] = [];

beforeAll(async () => {
  repo = await scriptedRepo();
  out = path.join(repo.dir, 'build/dev/report');
  const result = await runCli(['report', '--repo', repo.dir, '--now', TIMES.report], { cwd: repo.dir });
  expect(result.code).toBe(0);
  html = await readFile(path.join(out, 'index.html'), 'utf8');
});
afterAll(async () => {
  if (repo) await removeRepo(repo.dir);
  for (const dir of scratch) await removeRepo(dir);
});

describe('index.html', () => {
  it('needs nothing from outside: no scripts, stylesheets, fonts or remote addresses', () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(|@font-face/i);
    // The SVG namespace is a name, never fetched; any other scheme would be a request going out.
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/\b(https?|ftp):\/\//);
  });

  it('links only files the report wrote', async () => {
    const targets = [...html.matchAll(/\b(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]!);
    expect(targets).toContain('inventory.csv');
    expect(targets).toContain('laporan/bkpsdm-simpeg.md');
    expect(targets).toContain('laporan/bkpsdm-simpeg.html');
    expect(targets).toContain('pool-publik-a.svg');
    for (const target of new Set(targets)) expect((await stat(path.join(out, target))).isFile()).toBe(true);
  });

  it('shows the pool pictures inline, the inventory and the capacity table', () => {
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('<figure id="pool-lan-colo">');
    expect(html).not.toContain('<?xml');
    expect(html.match(/<tr data-request="/g)).toHaveLength(7);
    expect(html).toContain('<tr data-request="dinkes/sik">');
    expect(html).toContain('<span class="state state-released">dilepas</span>');
    expect(html).toMatch(/<tr class="total"><td>Jumlah<\/td><td><\/td><td class="num">6<\/td><td class="num">11<\/td><td class="num">2600<\/td><\/tr>/);
  });

  it('renders in headless Chromium as a page with content and the pool colours', async (context) => {
    const chromium = chromiumTool();
    if (!chromium.available) return context.skip(chromium.reason);
    const profile = await mkdtemp(path.join(tmpdir(), 'kolokasi-chromium-'));
    scratch.push(profile);
    const png = path.join(profile, 'index.png');
    const run = runChromium(profile, [`--screenshot=${png}`, '--window-size=1280,2000'], path.join(out, 'index.html'));
    expect(run.status, `chromium failed:\n${run.stderr}`).toBe(0);
    if (process.env.KOLOKASI_SCREENSHOT) await copyFile(png, process.env.KOLOKASI_SCREENSHOT);
    const picture = decodePng(await readFile(png));
    expect([picture.width, picture.height]).toEqual([1280, 2000]);
    const statistics = pictureStatistics(picture);
    // A blank page has one colour and no variance; text, tables and maps give many of both.
    expect(statistics.colours).toBeGreaterThan(200);
    expect(statistics.luminanceVariance).toBeGreaterThan(500);
    // The maps were drawn: pixels of the used and the quarantined cell colour are on the page.
    const count = (hex: string) => {
      let n = 0;
      for (let i = 0; i < picture.width * picture.height; i++) {
        const rgb = `#${[0, 1, 2].map((c) => picture.pixels[i * 4 + c]!.toString(16).padStart(2, '0')).join('')}`;
        if (rgb === hex) n++;
      }
      return n;
    };
    expect(count(CELL_COLOURS.used.fill)).toBeGreaterThan(1000);
    expect(count(CELL_COLOURS.quarantined.fill)).toBeGreaterThan(100);
  });
});
