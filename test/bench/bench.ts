// `npm run bench`: every performance figure of the project as one JSON object on stdout, each
// timing beside a floor measured in the same run, so that a reader can compare on any machine.
//
// Every timing is a whole process, as a user runs it (`node bin/kolokasi.js ...`), the median of
// interleaved runs (a busy moment on the machine hits every task alike); peak memory is the
// largest resident set of those runs (GNU time's %M). The requests are the repository's seven
// examples copied 1,000 and 10,000 times (pins removed, names and subdomains numbered) over one
// /17 public and one /16 private pool. With root and nft: the load time of the rendered 1k and
// 10k rulesets in fresh namespaces, and the per-packet cost of a lookup in their hash and
// interval sets (test/firewall/nft-load.ts). Progress goes to stderr. BENCH_RUNS sets the
// number of runs (default 3).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { measureNftLookup } from '../firewall/nft-load.ts';
import { CURRENT_LINK } from '../../src/io/output-set.ts';
import { buildIsCurrent } from '../../bin/source-digest.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(PROJECT, 'bin/kolokasi.js');
const NOW = '2026-11-20T08:00:00Z';
/** Two sizes, small and large; BENCH_SIZES=100,1000 for a quick look. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number) as [number, number];
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/** Packets per run for the lookup cost. */
const LOOKUP_PACKETS = 100_000;

interface Sample {
  ms: number;
  rssMb: number;
}

interface Figure {
  ms: number;
  peakRssMb: number;
}

const progress = (text: string) => process.stderr.write(`${text}\n`);

// The CLI runs the sources through tsx when dist/ is older than them: slower to start and larger,
// which would be measured as the CLI's own figures. The bench measures the built CLI, always.
if (!buildIsCurrent(PROJECT)) {
  progress('dist/ is older than the sources: npm run build');
  execFileSync(process.execPath, [path.join(PROJECT, 'bin/build.js')], { cwd: PROJECT, stdio: 'inherit' });
}

// ---------------------------------------------------------------- measuring a process

/** One process run: wall time from here, peak memory from GNU time. Fails loudly on a non-zero exit. */
function runOnce(args: readonly string[], options: { cwd?: string; before?: () => void } = {}): Sample {
  options.before?.();
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { cwd: options.cwd ?? PROJECT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stderr.slice(-3000)}`);
  const lines = result.stderr.trim().split('\n');
  return { ms, rssMb: Number(lines[lines.length - 1]) / 1024 };
}

interface Task {
  name: string;
  args: readonly string[];
  cwd?: string;
  before?: () => void;
}

/** Rounds of every task in turn; the median time and the peak memory of each. */
function measure(tasks: readonly Task[], runs = RUNS): Record<string, Figure> {
  const samples = new Map<string, Sample[]>(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const task of tasks) samples.get(task.name)!.push(runOnce(task.args, task));
  }
  return Object.fromEntries(tasks.map((t) => {
    const list = samples.get(t.name)!;
    return [t.name, { ms: round1(median(list.map((s) => s.ms))), peakRssMb: round1(Math.max(...list.map((s) => s.rssMb))) }];
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

// ---------------------------------------------------------------- the synthetic repository

/** The examples, copied `count` times into a fresh repository with a pool large enough for them. */
export function makeRepo(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `kolokasi-bench-${count}-`));
  mkdirSync(path.join(dir, 'stacks'));
  mkdirSync(path.join(dir, 'schemas'));
  for (const schema of readdirSync(path.join(PROJECT, 'schemas'))) copyFileSync(path.join(PROJECT, 'schemas', schema), path.join(dir, 'schemas', schema));
  const stack = readFileSync(path.join(PROJECT, 'stacks/Pulumi.dev.yaml'), 'utf8')
    .replace(/kolokasi:pools:\n(?: {4}.*\n)+/, [
      'kolokasi:pools:',
      '    publicIpv4:',
      '      - { name: publik-besar, cidr: 100.64.0.0/17, gateway: 100.64.0.1 }',
      '    publicIpv6: { name: publik-v6, cidr: "2001:db8:7a::/64", gateway: "2001:db8:7a::1" }',
      '    private: { name: lan-besar, cidr: 10.20.0.0/16, gateway: 10.20.0.1 }',
      '',
    ].join('\n'));
  if (!stack.includes('publik-besar')) throw new Error('bench: could not replace the pools of stacks/Pulumi.dev.yaml');
  writeFileSync(path.join(dir, 'stacks/Pulumi.dev.yaml'), stack);
  mkdirSync(path.join(dir, 'requests'));
  copyFileSync(path.join(PROJECT, 'requests/opds.yaml'), path.join(dir, 'requests/opds.yaml'));
  const examples = readdirSync(path.join(PROJECT, 'requests'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((opd) => readdirSync(path.join(PROJECT, 'requests', opd.name)).map((file) => ({ opd: opd.name, name: file.replace(/\.yaml$/, '') })))
    .sort((a, b) => `${a.opd}/${a.name}`.localeCompare(`${b.opd}/${b.name}`));
  for (const { opd } of examples) mkdirSync(path.join(dir, 'requests', opd), { recursive: true });
  for (let i = 0; i < count; i++) {
    const example = examples[i % examples.length]!;
    const name = `${example.name}-${String(i).padStart(5, '0')}`;
    const text = readFileSync(path.join(PROJECT, 'requests', example.opd, `${example.name}.yaml`), 'utf8')
      .replace(/^ {2}name: .*$/m, `  name: ${name}`)
      .replace(/^( {4}subdomain:) .*$/m, `$1 ${name}`)
      .replace(/^ {4}(publicIpv4|privateIpv4|publicIpv6):.*\n/gm, '')
      .replace(/^( {2}network):\n(?! {4})/m, '$1: {}\n');
    writeFileSync(path.join(dir, 'requests', example.opd, `${name}.yaml`), text);
  }
  return dir;
}

/** A floor no tool can beat: read the same YAML files and parse them with js-yaml, nothing else. */
const FLOOR_SCRIPT = `
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
let count = 0;
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) { const f = path.join(dir, e.name); if (e.isDirectory()) walk(f); else if (f.endsWith('.yaml')) { load(readFileSync(f, 'utf8')); count++; } } };
walk(path.join(process.argv[1], 'requests'));
walk(path.join(process.argv[1], 'stacks'));
if (count === 0) process.exit(1);
`;

function cli(...args: string[]): string[] {
  return [process.execPath, BIN, ...args];
}

// ---------------------------------------------------------------- nftables

function canUseNamespaces(): string | undefined {
  const probe = `klkb${process.pid}probe`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    execFileSync('nft', ['--version'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `network namespaces or nft unavailable: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

let namespaceSerial = 0;

/** A fresh namespace for each load, so that every run starts from an empty kernel ruleset. */
function freshNamespace(): { name: string; remove: () => void } {
  const name = `klkb${process.pid}n${namespaceSerial++}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
  return { name, remove: () => execFileSync('ip', ['netns', 'del', name], { stdio: 'pipe' }) };
}

function nftLoad(file: string): Figure {
  const samples: Sample[] = [];
  for (let round = 0; round < RUNS; round++) {
    const ns = freshNamespace();
    try {
      samples.push(runOnce(['ip', 'netns', 'exec', ns.name, 'nft', '-f', file]));
    } finally {
      ns.remove();
    }
  }
  return { ms: round1(median(samples.map((s) => s.ms))), peakRssMb: round1(Math.max(...samples.map((s) => s.rssMb))) };
}

/** Rules of the loaded ruleset, counted by the kernel's own listing. */
function ruleCount(file: string): number {
  const ns = freshNamespace();
  try {
    execFileSync('ip', ['netns', 'exec', ns.name, 'nft', '-f', file], { stdio: 'pipe' });
    const listing = JSON.parse(execFileSync('ip', ['netns', 'exec', ns.name, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { nftables: Record<string, unknown>[] };
    return listing.nftables.filter((item) => 'rule' in item).length;
  } finally {
    ns.remove();
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  const out: Record<string, unknown> = {
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    runs: RUNS,
  };

  progress('start-up: node -e 0, kolokasi --help, kolokasi validate (the 7 examples)');
  const startup = measure([
    { name: 'nodeEmpty', args: [process.execPath, '-e', '0'] },
    { name: 'help', args: cli('--help') },
    { name: 'validateExamples', args: cli('validate', '--repo', PROJECT) },
  ], Math.max(RUNS, 5));
  out.startup = {
    floorNodeMs: startup.nodeEmpty!.ms,
    helpMs: startup.help!.ms,
    validateExamplesMs: startup.validateExamples!.ms,
  };

  const bySize: Record<string, unknown> = {};
  const nftFiles: Record<number, string> = {};
  const repos: string[] = [];
  try {
    for (const size of SIZES) {
      progress(`${size} requests: preparing`);
      const repo = makeRepo(size);
      repos.push(repo);
      const ledgerFile = path.join(repo, 'stacks/dev.allocations.yaml');
      const planArgs = cli('plan', '--format', 'json', '--repo', repo, '--now', NOW);
      progress(`${size} requests: floor and plan (empty ledger)`);
      const fresh = measure([
        { name: 'floor', args: [process.execPath, '--input-type=module', '-e', FLOOR_SCRIPT, repo] },
        { name: 'plan', args: planArgs },
      ]);

      // The steady state of a stack: every request applied but the last 1%, which the measured
      // apply allocates; the ledger is put back before each run so that every apply does the same.
      progress(`${size} requests: applying 99% for the ledger`);
      const requestFiles = readdirSync(path.join(repo, 'requests'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && f !== 'opds.yaml').sort();
      const held = requestFiles.slice(-Math.ceil(size / 100)).map((f) => [path.join(repo, 'requests', f), readFileSync(path.join(repo, 'requests', f), 'utf8')] as const);
      for (const [file] of held) rmSync(file);
      runOnce(cli('apply', '--repo', repo, '--now', NOW, '--out', path.join(repo, 'build/seed')));
      for (const [file, text] of held) writeFileSync(file, text);
      const ledger = readFileSync(ledgerFile, 'utf8');
      const restoreLedger = () => writeFileSync(ledgerFile, ledger);
      progress(`${size} requests: plan (99% applied), apply, report`);
      const steady = measure([
        { name: 'planApplied', args: planArgs },
        { name: 'apply', args: cli('apply', '--repo', repo, '--now', NOW, '--out', path.join(repo, 'build/apply')), before: restoreLedger },
        { name: 'report', args: cli('report', '--repo', repo, '--now', NOW, '--out', path.join(repo, 'build/report')), before: restoreLedger },
      ]);
      nftFiles[size] = path.join(repo, 'build/apply', CURRENT_LINK, 'firewall/kolokasi.nft');
      const floor = fresh.floor!;
      const figures = { plan: fresh.plan!, planApplied: steady.planApplied!, apply: steady.apply!, report: steady.report! };
      bySize[String(size)] = {
        floorReadParseMs: floor.ms,
        floorPeakRssMb: floor.peakRssMb,
        ...Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, { ...f, xFloor: round2(f.ms / floor.ms) }])),
      };
    }
    out.requests = bySize;
    const small = bySize[String(SIZES[0])] as Record<string, Figure>;
    const large = bySize[String(SIZES[1])] as Record<string, Figure>;
    out.ratio10kTo1k = Object.fromEntries(['floorReadParseMs', 'plan', 'planApplied', 'apply', 'report'].map((name) => {
      const a = small[name] as Figure | number;
      const b = large[name] as Figure | number;
      return [name, round2((typeof b === 'number' ? b : b.ms) / (typeof a === 'number' ? a : a.ms))];
    }));

    const unavailable = canUseNamespaces();
    if (unavailable) {
      out.nftables = { measured: false, reason: unavailable };
    } else {
      progress('nftables: load times in fresh namespaces');
      const emptyFile = path.join(repos[0]!, 'empty.nft');
      writeFileSync(emptyFile, 'table inet kolokasi_bench_empty {}\n');
      out.nftables = {
        floorEmptyTableLoadMs: nftLoad(emptyFile).ms,
        load1kMs: nftLoad(nftFiles[SIZES[0]]!).ms,
        load10kMs: nftLoad(nftFiles[SIZES[1]]!).ms,
        rules1k: ruleCount(nftFiles[SIZES[0]]!),
        rules10k: ruleCount(nftFiles[SIZES[1]]!),
      };
      progress('nftables: per-packet lookup cost in the hash and interval sets');
      const lookup = measureNftLookup(SIZES[1], LOOKUP_PACKETS, RUNS);
      out.lookup = {
        method: 'UDP packets out of a namespace holding the ruleset, through an output chain doing one lookup per packet, minus the same chain empty (medians)',
        servers: lookup.servers,
        packets: lookup.packets,
        floorNsPerPacket: round1((lookup.floorSeconds / lookup.packets) * 1e9),
        hashSetNsPerPacket: round1(lookup.hashMicroseconds * 1000),
        intervalSetNsPerPacket: round1(lookup.intervalMicroseconds * 1000),
      };
    }
  } finally {
    for (const repo of repos) rmSync(repo, { recursive: true, force: true });
  }

  const startupOut = out.startup as Record<string, number>;
  const large = (out.requests as Record<string, Record<string, { ms: number; peakRssMb: number; xFloor: number }>>)[String(SIZES[1])]!;
  const ratio = out.ratio10kTo1k as Record<string, number>;
  out.targets = {
    'help <= 250 ms': startupOut.helpMs! <= 250,
    'validate examples <= 400 ms': startupOut.validateExamplesMs! <= 400,
    'plan 10k <= 2x floor': large.plan!.xFloor <= 2,
    'plan 10k/1k <= 11': ratio.plan! <= 11,
    'plan 10k <= 256 MiB': large.plan!.peakRssMb <= 256,
    'apply 10k <= 3 s': large.apply!.ms <= 3000,
    'apply 10k <= 300 MiB': large.apply!.peakRssMb <= 300,
    'report 10k <= 5 s': large.report!.ms <= 5000,
  };
  out.benchSeconds = round1((performance.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

// Run only as the bench itself, so that profiling can import makeRepo for the same repository.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
