// The agent's edges: the firewall tools, TCP probes, the watchdog process and the state directory.
// Every decision about what to run is made in tables.ts and decide.ts; this file only runs it.
import { execFile, spawn } from 'node:child_process';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomically } from '../io/files.ts';
import { hookArgs, IP6TABLES_FILE, IPTABLES_FILE, IPTABLES_HOOKS, type IptablesHook } from '../render/firewall/iptables.ts';
import type { GatewayTarget } from './config.ts';
import {
  iptablesRestoreScript, iptablesRuleCount, nftCountsOf, nftRestoreScript, nftTablesOf, parseIptablesSave, saveKolokasiPart,
} from './tables.ts';

export class ToolError extends Error {
  constructor(readonly command: string, readonly detail: string) {
    super(`${command}: ${detail}`);
    this.name = 'ToolError';
  }
}

function runTool(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new ToolError(`${command} ${args.join(' ')}`, (stderr || error.message).trim()));
      else resolve(stdout);
    });
    // A tool that reads no input may exit before it is written: that is not a failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

// ---------------------------------------------------------------- the tables of each target

/** The files an adapter keeps in `saved/`, by name, and how it loads, restores and counts. */
export interface TableAdapter {
  /** Saves kolokasi's running tables (those the new files will replace) into `savedDir`. */
  save(savedDir: string, newFiles: ReadonlyMap<string, string>): Promise<void>;
  /** Loads the files (output-set path -> absolute file), each in one transaction. */
  load(files: ReadonlyMap<string, string>): Promise<void>;
  /** Puts back what `save` saved, touching nothing kolokasi does not own. */
  restore(savedDir: string): Promise<void>;
  /** What the kernel holds now for each loaded file. */
  counts(newFiles: ReadonlyMap<string, string>): Promise<Map<string, { rules: number; elements?: number }>>;
}

const NFT_SAVED = 'kolokasi.nft';

const nftables: TableAdapter = {
  async save(savedDir, newFiles) {
    const tables = nftTablesOf([...newFiles.values()].join('\n'));
    const existing = await runTool('nft', ['list', 'tables']);
    const listings: string[] = [];
    for (const { family, name } of tables) {
      if (existing.split('\n').some((line) => line.trim() === `table ${family} ${name}`)) listings.push(await runTool('nft', ['list', 'table', family, name]));
    }
    await writeAtomically(path.join(savedDir, NFT_SAVED), nftRestoreScript(tables, listings));
  },
  async load(files) {
    for (const file of files.values()) await runTool('nft', ['-f', file]);
  },
  async restore(savedDir) {
    await runTool('nft', ['-f', path.join(savedDir, NFT_SAVED)]);
  },
  async counts(newFiles) {
    const counts = new Map<string, { rules: number; elements?: number }>();
    for (const [file, text] of newFiles) {
      const listings = await Promise.all(nftTablesOf(text).map(({ family, name }) => runTool('nft', ['-j', 'list', 'table', family, name])));
      counts.set(file, nftCountsOf(listings));
    }
    return counts;
  },
};

/** Each iptables file, the family's tools and the name of its saved part. */
const IPTABLES_FAMILIES = [
  { family: 4, file: IPTABLES_FILE, binary: 'iptables', save: 'iptables-save', restore: 'iptables-restore', saved: 'kolokasi.rules' },
  { family: 6, file: IP6TABLES_FILE, binary: 'ip6tables', save: 'ip6tables-save', restore: 'ip6tables-restore', saved: 'kolokasi6.rules' },
] as const;

/**
 * The jump into kolokasi's chain, added first in its built-in chain unless it is there (the check-then-
 * insert the file header prints): a load after a load adds nothing.
 */
async function ensureHook(binary: string, hook: IptablesHook): Promise<void> {
  try {
    await runTool(binary, hookArgs(hook, 'check'));
  } catch {
    await runTool(binary, hookArgs(hook, 'insert'));
  }
}

const iptables: TableAdapter = {
  async save(savedDir) {
    for (const family of IPTABLES_FAMILIES) {
      await writeAtomically(path.join(savedDir, family.saved), saveKolokasiPart(parseIptablesSave(await runTool(family.save, []))));
    }
  },
  async load(files) {
    // --noflush: only the chains the file declares are replaced; policies and other chains stay.
    // The file holds no jump into them (iptables-restore cannot add one only when missing): the
    // hooks follow, each added only when it is not there yet.
    for (const family of IPTABLES_FAMILIES) {
      const file = files.get(family.file);
      if (!file) continue;
      await runTool(family.restore, ['--noflush', file]);
      for (const hook of IPTABLES_HOOKS[family.family]) await ensureHook(family.binary, hook);
    }
  },
  async restore(savedDir) {
    // Against the live tables: the hooks a load added are deleted, the saved ones put back.
    for (const family of IPTABLES_FAMILIES) {
      const saved = await readFile(path.join(savedDir, family.saved), 'utf8').catch(() => '');
      const live = parseIptablesSave(await runTool(family.save, []));
      await runTool(family.restore, ['--noflush'], iptablesRestoreScript(saved, live));
    }
  },
  async counts(newFiles) {
    const counts = new Map<string, { rules: number }>();
    for (const family of IPTABLES_FAMILIES) {
      if (newFiles.has(family.file)) counts.set(family.file, { rules: iptablesRuleCount(parseIptablesSave(await runTool(family.save, []))) });
    }
    return counts;
  },
};

export const TABLE_ADAPTERS: Readonly<Record<GatewayTarget, TableAdapter>> = { nftables, iptables };

// ---------------------------------------------------------------- probes

/**
 * Whether `host:port` accepts a TCP connection within the timeout. The connection is then closed
 * the polite way (FIN, reading what the service says until it closes too), so the service sees a
 * client that left, not a reset.
 */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let settled = false;
    const settle = (ok: boolean, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok, detail, ms: Math.max(1, Date.now() - started) });
    };
    const timer = setTimeout(() => {
      settle(false, `no answer within ${timeoutMs} ms`);
      socket.destroy();
    }, timeoutMs);
    socket.once('connect', () => {
      settle(true, 'connected');
      socket.resume();
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => settle(false, error.code ?? error.message));
  });
}

// ---------------------------------------------------------------- the state directory

export interface StatePaths {
  dir: string;
  clone: string;
  saved: string;
  confirmed: string;
  status: string;
  /** Exists while a load waits for its confirmation: the watchdog's and the agent's shared token. */
  armed: string;
  lock: string;
}

export function statePaths(dir: string): StatePaths {
  return {
    dir,
    clone: path.join(dir, 'repo.git'),
    saved: path.join(dir, 'saved'),
    confirmed: path.join(dir, 'confirmed'),
    status: path.join(dir, 'status.json'),
    armed: path.join(dir, 'armed.json'),
    lock: path.join(dir, 'lock'),
  };
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}

export interface ArmedToken {
  deadline: number;
  commit: string;
  manifestSha256: string;
  target: GatewayTarget;
}

/**
 * Takes the armed token, or learns that the other side took it first. The agent (to confirm or to
 * roll back itself) and the watchdog (at the deadline) both rename it; rename(2) lets exactly one win.
 */
export async function takeToken(paths: StatePaths, who: string): Promise<boolean> {
  try {
    await rename(paths.armed, `${paths.armed}.${who}-${process.pid}`);
    await rm(`${paths.armed}.${who}-${process.pid}`, { force: true });
    return true;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One agent at a time: a lock file holding the pid; a lock of a process that is gone is taken over. */
export async function acquireLock(paths: StatePaths): Promise<(() => Promise<void>) | undefined> {
  await mkdir(paths.dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(paths.lock, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(paths.lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(paths.lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return undefined;
      await rm(paths.lock, { force: true });
    }
  }
  return undefined;
}

// The compiled CLI (dist/, bin/build.js) has the watchdog as an entry of its own beside this
// module; from the sources it runs through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const WATCHDOG_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), COMPILED ? 'watchdog-main.js' : 'watchdog-main.ts');

/**
 * Starts the watchdog in a session of its own (setsid), so that neither the agent's death nor its
 * terminal going away stops it; resolves once it is waiting. Under systemd, the service's
 * KillMode=process leaves it running when the agent's unit stops.
 */
export function startWatchdog(stateDir: string, target: GatewayTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(COMPILED ? [] : ['--import', import.meta.resolve('tsx')]), WATCHDOG_ENTRY, stateDir, target], {
      detached: true, stdio: ['ignore', 'pipe', 'ignore'], cwd: '/',
    });
    const timer = setTimeout(() => reject(new Error('the watchdog did not start within 30 s')), 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('armed')) return;
      clearTimeout(timer);
      child.stdout!.destroy();
      child.unref();
      resolve(child.pid!);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the watchdog exited at once (${code})`));
    });
  });
}
