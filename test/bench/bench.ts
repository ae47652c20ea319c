// `npm run bench`: how validate and plan scale, next to a floor measured in the same run.
//
// For 1,000 and 10,000 synthetic requests (a /16 public pool) in a temp directory, each task runs
// in its own child process a few times; the child times the task in-process, through the same
// code the CLI runs (runMain, reading the files included), and reports its peak RSS. The floor
// only reads the same files and parses them with the `yaml` package: no tool can do less.
//
// Targets: plan on 10,000 requests within 2x the floor and under 512 MB; 10k/1k time at most 12x.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const HERE = fileURLToPath(import.meta.url);
const PROJECT = path.resolve(path.dirname(HERE), '../..');
const NOW = '2026-11-20T08:00:00Z';
const SIZES = [1_000, 10_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OPDS = 20;

type Task = 'floor' | 'validate' | 'plan';

interface Sample {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

// ---------------------------------------------------------------- child: one measurement

async function child(task: Task, repo: string): Promise<void> {
  const { runMain } = await import('../../src/cli/main.ts');
  const { parse } = await import('yaml');
  let output = 0;
  const io = {
    cwd: repo,
    env: { LANG: 'en_US.UTF-8' },
    stdout: (text: string) => {
      output += text.length;
    },
    stderr: (text: string) => {
      output += text.length;
    },
  };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (task === 'floor') {
    const files = [...listYaml(path.join(repo, 'requests')), ...listYaml(path.join(repo, 'stacks'))];
    for (const file of files) output += JSON.stringify(parse(readFileSync(file, 'utf8')) ?? null).length > 0 ? 1 : 0;
  } else {
    let errors = '';
    const code = await runMain([task, '--repo', repo, ...(task === 'plan' ? ['--now', NOW] : [])], {
      ...io,
      stderr: (text: string) => {
        errors += text;
      },
    });
    if (code !== 0) throw new Error(`${task} exited ${code}: ${errors.slice(0, 2000)}`);
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, rssMb, output })}\n`);
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(full));
    else if (entry.name.endsWith('.yaml')) out.push(full);
  }
  return out;
}

// ---------------------------------------------------------------- parent: set up, run, report

async function makeRepo(count: number, withLedger: boolean): Promise<string> {
  const { requestText, syntheticIds, largeConfig } = await import('../core/synthetic.ts');
  const { stringify } = await import('yaml');
  const dir = mkdtempSync(path.join(tmpdir(), `kolokasi-bench-${count}-`));
  mkdirSync(path.join(dir, 'stacks'), { recursive: true });
  const config = largeConfig();
  const stackDoc = { config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`kolokasi:${k}`, v])) };
  writeFileSync(path.join(dir, 'stacks/Pulumi.dev.yaml'), stringify(stackDoc));
  const opds = Array.from({ length: OPDS }, (_, i) => `opd${String(i).padStart(2, '0')}`);
  mkdirSync(path.join(dir, 'requests'), { recursive: true });
  writeFileSync(
    path.join(dir, 'requests/opds.yaml'),
    stringify({ apiVersion: 'kolokasi/v1', kind: 'OpdRegistry', opds: opds.map((slug) => ({ slug, name: `Dinas ${slug}`, githubTeam: `pemkot-tarakan/${slug}` })) }),
  );
  for (const opd of opds) mkdirSync(path.join(dir, 'requests', opd));
  const ids = syntheticIds(count, OPDS);
  ids.forEach((id, i) => writeFileSync(path.join(dir, 'requests', `${id}.yaml`), requestText(id, { ipv6: i % 4 === 0 })));
  if (withLedger) {
    // A stack in steady state: everything applied but the last 1% of requests.
    const { runMain } = await import('../../src/cli/main.ts');
    const held = ids.slice(-Math.ceil(count / 100));
    const moved = held.map((id) => [path.join(dir, 'requests', `${id}.yaml`), readFileSync(path.join(dir, 'requests', `${id}.yaml`), 'utf8')] as const);
    for (const [file] of moved) rmSync(file);
    const io = { cwd: dir, env: {}, stdout: () => {}, stderr: (t: string) => process.stderr.write(t) };
    const code = await runMain(['apply', '--repo', dir, '--now', NOW, '--out', path.join(dir, 'build')], io);
    if (code !== 0) throw new Error(`apply for the steady-state ledger exited ${code}`);
    for (const [file, text] of moved) writeFileSync(file, text);
    rmSync(path.join(dir, 'build'), { recursive: true, force: true });
  }
  return dir;
}

function measureOnce(task: Task, repo: string): Sample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', HERE, '--child', task, repo], { cwd: PROJECT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

/** Rounds of every task in turn, so a busy moment on the machine hits them all alike. */
function measureInterleaved(tasks: readonly Task[], repo: string): Map<Task, Sample[]> {
  const samples = new Map<Task, Sample[]>(tasks.map((t) => [t, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const task of tasks) samples.get(task)!.push(measureOnce(task, repo));
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  scenario: string;
  size: number;
  task: Task;
  ms: number;
  cpuMs: number;
  rssMb: number;
  floorMs: number;
  floorCpuMs: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const [scenario, withLedger] of [['new', false], ['steady', true]] as const) {
    for (const size of SIZES) {
      process.stderr.write(`preparing ${size} requests (${scenario})...\n`);
      const repo = await makeRepo(size, withLedger);
      try {
        const tasks: Task[] = scenario === 'new' ? ['floor', 'validate', 'plan'] : ['floor', 'plan'];
        process.stderr.write(`  measuring ${tasks.join(', ')} x ${RUNS}...\n`);
        const samples = measureInterleaved(tasks, repo);
        const floor = samples.get('floor')!;
        const floorMs = median(floor.map((s) => s.ms));
        const floorCpuMs = median(floor.map((s) => s.cpuMs));
        for (const task of tasks) {
          const list = samples.get(task)!;
          rows.push({
            scenario,
            size,
            task,
            ms: median(list.map((s) => s.ms)),
            cpuMs: median(list.map((s) => s.cpuMs)),
            rssMb: Math.max(...list.map((s) => s.rssMb)),
            floorMs,
            floorCpuMs,
          });
        }
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    }
  }

  const header = ['ledger', 'requests', 'task', 'wall ms', 'x floor', 'cpu ms', 'x floor (cpu)', 'peak RSS MB', '10k/1k wall'];
  const lines = [header];
  for (const row of rows) {
    const small = rows.find((r) => r.scenario === row.scenario && r.task === row.task && r.size === SIZES[0]);
    const scale = row.size === SIZES[1] && small ? (row.ms / small.ms).toFixed(1) : '';
    lines.push([
      row.scenario === 'new' ? 'empty' : '99% applied',
      row.size.toLocaleString('en'),
      row.task,
      row.ms.toFixed(0),
      (row.ms / row.floorMs).toFixed(2),
      row.cpuMs.toFixed(0),
      (row.cpuMs / row.floorCpuMs).toFixed(2),
      row.rssMb.toFixed(0),
      scale,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [render(lines[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...lines.slice(1).map(render)];
  process.stdout.write(`\nkolokasi bench: median of ${RUNS} interleaved runs per task, each in its own process (node ${process.version}, ${cpus().length} CPU(s))\n\n${out.join('\n')}\n\n`);

  const verdicts: [string, boolean][] = [];
  for (const scenario of ['new', 'steady']) {
    const plan10k = rows.find((r) => r.scenario === scenario && r.task === 'plan' && r.size === SIZES[1])!;
    const plan1k = rows.find((r) => r.scenario === scenario && r.task === 'plan' && r.size === SIZES[0])!;
    const label = scenario === 'new' ? 'empty ledger' : '99% applied';
    verdicts.push([`plan 10k (${label}) <= 2x floor: ${(plan10k.ms / plan10k.floorMs).toFixed(2)}x`, plan10k.ms <= 2 * plan10k.floorMs]);
    verdicts.push([`plan 10k (${label}) < 512 MB: ${plan10k.rssMb.toFixed(0)} MB`, plan10k.rssMb < 512]);
    verdicts.push([`plan 10k/1k time (${label}) <= 12: ${(plan10k.ms / plan1k.ms).toFixed(1)}`, plan10k.ms / plan1k.ms <= 12]);
  }
  for (const [text, ok] of verdicts) process.stdout.write(`${ok ? 'ok  ' : 'MISS'} ${text}\n`);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await child(process.argv[childIndex + 1] as Task, process.argv[childIndex + 2]!);
else await main();
