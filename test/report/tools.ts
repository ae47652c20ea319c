// Independent readers for what the report writes: Python's expat (strict XML 1.0) for the SVG, its
// csv module (strict RFC 4180 quoting) for the CSV, and a PNG decoder on node:zlib for screenshots.
// Using parsers kolokasi does not share means a bug in our writer cannot be hidden by the same bug
// in the reader. Python 3 is on every machine of this project's kind; when a tool is missing the
// test is skipped with the reason printed, except under CI, where it must run.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

export interface ToolCheck {
  available: boolean;
  reason: string;
}

/** Whether a tool can run; under CI a missing tool is an error, not a skip. */
export function checkTool(command: string, args: string[], what: string): ToolCheck {
  const result = command.startsWith('/') && !existsSync(command) ? undefined : spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  const available = result !== undefined && result.status === 0;
  const reason = available ? '' : `${what} (${command}) is not available: skipping`;
  if (!available && process.env.CI) throw new Error(`${what} (${command}) is required under CI`);
  if (!available) console.warn(reason);
  return { available, reason };
}

export const python = (() => {
  let checked: ToolCheck | undefined;
  return () => (checked ??= checkTool('python3', ['-c', 'import csv, json, xml.etree.ElementTree'], 'Python 3 (XML and CSV reference parsers)'));
})();

const CHROMIUM = '/usr/bin/chromium';

export const chromiumTool = (() => {
  let checked: ToolCheck | undefined;
  return () => (checked ??= checkTool(CHROMIUM, ['--version'], 'Chromium (headless screenshot)'));
})();

/**
 * Headless Chromium on a local file, offline and without a sandbox (tests run as root), with its
 * profile in `profile`; `args` says what to make (--screenshot=..., --print-to-pdf=...).
 */
export function runChromium(profile: string, args: readonly string[], file: string): SpawnSyncReturns<string> {
  return spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...args,
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
}

export interface XmlElement {
  tag: string;
  attributes: Record<string, string>;
  text: string;
}

const XML_SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
out = []
for element in root.iter():
    tag = element.tag.split('}')[-1]
    out.append({'tag': tag, 'attributes': {k.split('}')[-1]: v for k, v in element.attrib.items()}, 'text': ''.join(element.itertext())})
json.dump(out, sys.stdout)
`;

/** Every element of the document, in document order; throws when the text is not well-formed XML. */
export function parseXml(text: string): XmlElement[] {
  return JSON.parse(execFileSync('python3', ['-c', XML_SCRIPT], { input: text, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as XmlElement[];
}

const CELLS_SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.buffer.read())
cells = []
for group in root.iter(NS + 'g'):
    rect = group.find(NS + 'rect')
    if rect is None or rect.get('data-address') is None:
        continue
    title = group.find(NS + 'title')
    label = group.find(NS + 'text')
    cells.append({
        'address': rect.get('data-address'),
        'state': rect.get('data-state'),
        'fill': rect.get('fill'),
        'request': rect.get('data-request'),
        'title': title.text if title is not None else None,
        'label': label.text if label is not None else None,
    })
json.dump(cells, sys.stdout)
`;

export interface SvgCell {
  address: string;
  state: string;
  fill: string;
  request: string | null;
  title: string | null;
  label: string | null;
}

/** The address cells of a pool picture (a group holding a title, a rect with data-address, a label). */
export function svgCells(svg: string): SvgCell[] {
  return JSON.parse(execFileSync('python3', ['-c', CELLS_SCRIPT], { input: svg, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as SvgCell[];
}

const CSV_SCRIPT = `
import csv, io, json, sys
text = sys.stdin.buffer.read().decode('utf-8-sig')
json.dump([row for row in csv.reader(io.StringIO(text, newline=''), strict=True)], sys.stdout)
`;

/** The records of an RFC 4180 text (a leading UTF-8 byte order mark skipped); throws on malformed quoting. */
export function parseCsv(text: string): string[][] {
  return JSON.parse(execFileSync('python3', ['-c', CSV_SCRIPT], { input: text, encoding: 'utf8' })) as string[][];
}

const HTML_SCRIPT = `
import json, sys
from html.parser import HTMLParser
class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.tables, self.cell, self.text = [], [], None, []
    def handle_starttag(self, tag, attrs):
        self.tags.append({'tag': tag, 'attributes': dict(attrs)})
        if tag == 'table': self.tables.append([])
        elif tag == 'tr' and self.tables: self.tables[-1].append([])
        elif tag in ('td', 'th'): self.cell = ''
    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self.cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None
    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None: self.cell += data
reader = Reader()
reader.feed(sys.stdin.buffer.read().decode('utf-8'))
reader.close()
json.dump({'tags': reader.tags, 'tables': reader.tables, 'text': ''.join(reader.text)}, sys.stdout)
`;

export interface HtmlDocument {
  /** Every start tag, in document order. */
  tags: { tag: string; attributes: Record<string, string | null> }[];
  /** Each table as rows of cell texts (header row included). */
  tables: string[][][];
  /** All text, entities decoded. */
  text: string;
}

/** An HTML page as Python's html.parser reads it: what a browser would see as elements and text. */
export function parseHtml(html: string): HtmlDocument {
  return JSON.parse(execFileSync('python3', ['-c', HTML_SCRIPT], { input: html, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as HtmlDocument;
}

// ---------------------------------------------------------------- PNG

export interface Picture {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  pixels: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes). */
export function decodePng(bytes: Buffer): Picture {
  const signature = bytes.subarray(0, 8).toString('hex');
  if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colourType = body[9]!;
      const interlace = body[12];
      if (depth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[y * stride + x - channels]! : 0;
      const up = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? rows[(y - 1) * stride + x - channels]! : 0;
      let value = line[x]!;
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rows[y * stride + x] = value & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels[i * 4] = rows[i * channels]!;
    pixels[i * 4 + 1] = rows[i * channels + 1]!;
    pixels[i * 4 + 2] = rows[i * channels + 2]!;
    pixels[i * 4 + 3] = channels === 4 ? rows[i * channels + 3]! : 255;
  }
  return { width, height, pixels };
}

/** How many distinct colours, and the variance of the luminance: a blank page has 1 and 0. */
export function pictureStatistics(picture: Picture): { colours: number; luminanceVariance: number; colourAt(x: number, y: number): string } {
  const colours = new Set<number>();
  let sum = 0;
  let sumSquares = 0;
  const count = picture.width * picture.height;
  for (let i = 0; i < count; i++) {
    const r = picture.pixels[i * 4]!;
    const g = picture.pixels[i * 4 + 1]!;
    const b = picture.pixels[i * 4 + 2]!;
    colours.add((r << 16) | (g << 8) | b);
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += luminance;
    sumSquares += luminance * luminance;
  }
  const mean = sum / count;
  return {
    colours: colours.size,
    luminanceVariance: sumSquares / count - mean * mean,
    colourAt(x, y) {
      const i = (y * picture.width + x) * 4;
      return `#${[0, 1, 2].map((c) => picture.pixels[i + c]!.toString(16).padStart(2, '0')).join('')}`;
    },
  };
}
