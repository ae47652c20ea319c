// `npm run bench`: every performance figure of the project as one JSON object on stdout, each
// timing beside a floor measured in the same run, so that a reader can compare on any machine.
//
// Every timing is a whole process, as a user runs it (`node bin/kolokasi.js ...`), the median of
// interleaved runs (a busy moment on the machine hits every task alike); peak memory is the
// largest resident set of those runs (GNU time's %M). The requests are the repository's seven
// examples copied 1,000 and 10,000 times (pins removed, names and subdomains numbered) over one /17 public and
// one /16 private pool. Progress goes to stderr. BENCH_RUNS sets the number of runs (default 3).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(PROJECT, 'bin/kolokasi.js');
const NOW = '2026-11-20T08:00:00Z';
/** Two sizes, small and large; BENCH_SIZES=100,1000 for a quick look. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number) as [number, number];
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/** Packets per burst for the lookup cost. */
const PACKETS = 20_000;

interface Sample {
  ms: number;
  rssMb: number;
}

interface Figure {
  ms: number;
  peakRssMb: number;
}

const progress = (text: string) => process.stderr.write(`${text}\n`);

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
function makeRepo(count: number): string {
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
      nftFiles[size] = path.join(repo, 'build/apply/firewall/kolokasi.nft');
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
      out.lookup = lookupCost(nftFiles[SIZES[1]]!);
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

// ---------------------------------------------------------------- per-packet lookup

/**
 * What the ruleset costs per packet: a burst of UDP packets from an outside namespace through a
 * gateway namespace to public addresses of the ruleset, each to another (address, port) so that
 * every packet is a new flow and meets the DNAT and filter lookups (not the connection tracker's
 * shortcut for known flows), timed with and without the ruleset loaded. The sender is one process
 * and veth delivers in its context, so the difference over the number of packets is the kernel's
 * added work per packet: the lookups plus creating a conntrack entry, which any stateful NAT pays.
 */
function lookupCost(nftFile: string): Record<string, unknown> {
  const text = readFileSync(nftFile, 'utf8');
  const publicAddresses = [...text.matchAll(/^\s*(100\.64\.\d+\.\d+) \. (?:tcp|udp) \. \d+/gm)].map((m) => m[1]!);
  const targets = [...new Set(publicAddresses)].slice(0, 256);
  if (targets.length === 0) return { measured: false, reason: 'no public address with a single port found in the 10k ruleset' };
  const outside = `klkb${process.pid}out`;
  const gateway = `klkb${process.pid}gw`;
  const sh = (command: string) => execFileSync('sh', ['-c', command], { stdio: 'pipe', encoding: 'utf8' });
  try {
    sh(`ip netns add ${outside} && ip netns add ${gateway}`);
    sh(`ip link add klkbo${process.pid} netns ${outside} type veth peer name eth0 netns ${gateway}`);
    sh(`ip link add eth1 netns ${gateway} type veth peer name klkbl${process.pid} netns ${outside}`);
    sh(`ip -n ${outside} addr add 198.18.0.2/24 dev klkbo${process.pid} && ip -n ${outside} link set klkbo${process.pid} up && ip -n ${outside} route add default via 198.18.0.1`);
    sh(`ip -n ${outside} link set klkbl${process.pid} up`);
    sh(`ip -n ${gateway} addr add 198.18.0.1/24 dev eth0 && ip -n ${gateway} link set eth0 up && ip -n ${gateway} link set eth1 up`);
    sh(`ip -n ${gateway} addr add 198.19.0.1/30 dev eth1 && ip netns exec ${gateway} sysctl -qw net.ipv4.ip_forward=1`);
    // Public and private addresses both lead to the LAN side, through a next hop whose MAC no
    // interface has: without the ruleset a packet is forwarded unchanged, with it translated
    // first, and the far end drops both alike, with no ARP on the way.
    sh(`ip -n ${gateway} neigh add 198.19.0.2 lladdr 02:00:00:00:00:01 dev eth1 nud permanent`);
    sh(`ip -n ${gateway} route add 100.64.0.0/17 via 198.19.0.2 && ip -n ${gateway} route add 10.20.0.0/16 via 198.19.0.2`);
    const sender = [
      "const dgram = require('node:dgram');",
      `const targets = ${JSON.stringify(targets)};`,
      'const socket = dgram.createSocket("udp4");',
      `const total = ${PACKETS}; const first = Number(process.argv[1]); let sent = 0; const payload = Buffer.alloc(16);`,
      'const start = process.hrtime.bigint();',
      'const next = () => { if (sent === total) { const ns = Number(process.hrtime.bigint() - start); const u = process.cpuUsage(); console.log(JSON.stringify({ ns, cpuUs: u.user + u.system })); socket.close(); return; }',
      '  const flow = first + sent; socket.send(payload, 1 + (Math.floor(flow / targets.length) % 65535), targets[flow % targets.length], () => { sent++; next(); }); };',
      'socket.bind(0, () => next());',
    ].join('\n');
    let flows = 0;
    const burst = () => {
      const runs: { ns: number; cpuUs: number }[] = [];
      for (let i = 0; i < RUNS; i++, flows += PACKETS) runs.push(JSON.parse(sh(`ip netns exec ${outside} ${process.execPath} -e '${sender.replace(/'/g, `'\\''`)}' ${flows}`)));
      return { nsPerPacket: median(runs.map((r) => r.ns / PACKETS)), cpuNsPerPacket: median(runs.map((r) => (r.cpuUs * 1000) / PACKETS)) };
    };
    const without = burst();
    sh(`ip netns exec ${gateway} nft -f ${nftFile}`);
    const withRules = burst();
    return {
      measured: true,
      packets: PACKETS,
      method: 'UDP burst, one new flow per packet to public addresses of the 10k ruleset, outside -> gateway namespace over veth; per packet, with minus without the ruleset: wall time and sender CPU time',
      withoutRulesetNsPerPacket: round1(without.nsPerPacket),
      withRulesetNsPerPacket: round1(withRules.nsPerPacket),
      addedNsPerPacket: round1(withRules.nsPerPacket - without.nsPerPacket),
      addedCpuNsPerPacket: round1(withRules.cpuNsPerPacket - without.cpuNsPerPacket),
    };
  } catch (error) {
    return { measured: false, reason: `namespace set-up failed: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(0, 500)}` };
  } finally {
    for (const ns of [outside, gateway]) spawnSync('ip', ['netns', 'del', ns]);
  }
}

await main();
