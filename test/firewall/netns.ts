// Network namespaces for the firewall tests: whether this machine can make them, a throwaway one
// for the syntax checks, and the three-namespace gateway topology for the end-to-end tests.
// Every namespace made here is named with this process id and removed again, even when a test fails.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'e2e', 'agent.mjs');

export type Support = { ok: true } | { ok: false; reason: string };

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Whether namespaces (and the given tools) are usable here; the reason when they are not. */
export function namespaceSupport(tools: string[] = []): Support {
  for (const tool of ['ip', ...tools]) {
    if (!hasCommand(tool)) return { ok: false, reason: `${tool} is not installed` };
  }
  const probe = `klk${process.pid}probe`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
  } catch (error) {
    return { ok: false, reason: `cannot create a network namespace: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}` };
  }
  try {
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
  } catch {
    // Removed below by name if it lingers; nothing else to do.
  }
  return { ok: true };
}

/**
 * How a suite that needs namespaces decides: in CI it must run (and fails with the reason when it
 * cannot); elsewhere it is skipped with the reason printed.
 */
export function namespacePolicy(suite: string, tools: string[] = []): { run: boolean; failure?: string } {
  const support = namespaceSupport(tools);
  if (support.ok) return { run: true };
  if (process.env.CI) return { run: false, failure: `${suite}: required in CI, but ${support.reason}` };
  console.warn(`[${suite}] skipped: ${support.reason} (set CI=1 to make this a failure)`);
  return { run: false };
}

export function run(command: string, args: string[], input?: string): string {
  try {
    // A listed ruleset of 10,000 servers runs to tens of megabytes.
    return execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', input, maxBuffer: 512 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${(e.stderr || e.stdout || e.message).slice(0, 4000)}`);
  }
}

let counter = 0;

/** A namespace that exists until `remove()`; commands run inside it. */
export class Namespace {
  readonly name: string;
  private readonly children = new Set<ChildProcess>();

  constructor(role: string) {
    this.name = `klk${process.pid}-${role}${counter++}`;
    run('ip', ['netns', 'add', this.name]);
    run('ip', ['-n', this.name, 'link', 'set', 'lo', 'up']);
  }

  exec(command: string, args: string[], input?: string): string {
    return run('ip', ['netns', 'exec', this.name, command, ...args], input);
  }

  /**
   * Sets a network sysctl of this namespace through /proc/sys (per namespace for net/*), so the
   * tests need no procps on a bare CI machine.
   */
  sysctl(key: string, value: string): void {
    if (!/^[a-z0-9_/.-]+$/.test(key) || !/^[0-9]+$/.test(value)) throw new Error(`odd sysctl ${key}=${value}`);
    this.exec('sh', ['-c', `echo ${value} > /proc/sys/${key}`]);
  }

  ip(...args: string[]): string {
    return run('ip', ['-n', this.name, ...args]);
  }

  /** Runs a program in the namespace with a file holding `content`, e.g. `nft -c -f FILE`. */
  withFile(content: string, action: (file: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'kolokasi-fw-'));
    const file = path.join(dir, 'rules');
    writeFileSync(file, content);
    try {
      return action(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Starts the listener agent; resolves once every socket is bound. */
  listen(entries: { address: string; port: number; proto: 'tcp' | 'udp' }[]): Promise<void> {
    const child = spawn('ip', ['netns', 'exec', this.name, process.execPath, AGENT, 'listen', JSON.stringify(entries)], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    return new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`listener in ${this.name} not ready after 10 s: ${err}`)), 10_000);
      child.stderr!.on('data', (chunk) => (err += chunk));
      child.stdout!.on('data', (chunk) => {
        if (String(chunk).includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`listener in ${this.name} exited with ${code}: ${err}`));
      });
    });
  }

  /** Runs every probe at once from inside the namespace; each has its own 1 s timeout. */
  probe(entries: ProbeSpec[]): Promise<ProbeResult[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.name, process.execPath, AGENT, 'probe', JSON.stringify(entries)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`probe in ${this.name} exited with ${code}: ${err}`));
        else resolve(JSON.parse(out) as ProbeResult[]);
      });
    });
  }

  /** Sends `count` UDP datagrams to host:port from inside the namespace; the seconds it took. */
  flood(host: string, port: number, count: number): number {
    return Number(this.exec(process.execPath, [AGENT, 'flood', JSON.stringify({ host, port, count })]).trim());
  }

  /**
   * One echo request per entry, all at once, each waiting at most 1 s for its reply: true where
   * an echo reply came back.
   */
  ping(entries: { host: string; bind: string }[]): boolean[] {
    if (entries.length === 0) return [];
    const script = entries
      .map(({ host, bind }, i) => `(ping -n -q -c 1 -W 1 -I ${bind} ${host} >/dev/null 2>&1 && echo ${i}) &`)
      .join('\n');
    for (const value of entries.flatMap((e) => [e.host, e.bind])) {
      if (!/^[0-9a-f.:]+$/.test(value)) throw new Error(`not an address: ${value}`);
    }
    const answered = new Set(this.exec('sh', ['-c', `${script}\nwait`]).split('\n').filter(Boolean).map(Number));
    return entries.map((_, i) => answered.has(i));
  }

  remove(): void {
    for (const child of this.children) {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
    }
    this.children.clear();
    try {
      run('ip', ['netns', 'del', this.name]);
    } catch {
      // Already gone.
    }
  }
}

export interface ProbeSpec {
  proto: 'tcp' | 'udp';
  host: string;
  port: number;
  bind?: string;
}

export type ProbeResult = { ok: true; reply: string } | { ok: false; error: string };

// ---------------------------------------------------------------- the gateway topology

/** The outside world: a client on the upstream link, with intranet addresses routed over the WAN. */
export const OUTSIDE = {
  ipv4: '192.0.2.100',
  ipv6: '2001:db8:ffff::100',
  /** In 10.10.0.0/16 and 10.11.0.0/16: the city WAN, reaching the colocation over the same link. */
  intranetA: '10.10.5.5',
  intranetB: '10.11.5.5',
  /** The one address the hardened gateway accepts SSH from. */
  management: '192.0.2.200',
} as const;

export const GATEWAY = { wanIpv4: '192.0.2.1', wanIpv6: '2001:db8:ffff::1', lanIpv4: '10.20.30.1', lanIpv6: '2001:db8:7a::1' } as const;

/**
 * The dev stack's first public pool, held by the gateway as local addresses, all of them: the worst
 * case, where a daemon listening on all addresses would answer through every one. The second pool
 * (198.51.100.0/28) is only routed to the gateway, which sends on what it does not translate.
 */
export const LOCAL_POOL = '203.0.113.0/26';

export interface LanHost {
  publicIpv4: string;
  privateIpv4: string;
  publicIpv6?: string;
}

/**
 * outside (wan0) ── veth ── (eth0) gateway (eth1) ── veth ── (lan0) colocation LAN
 *
 * The gateway's interfaces carry the names of the dev stack (eth0 WAN, eth1 LAN), so the rendered
 * files load unchanged. It holds the servers' public addresses on its WAN interface, as a real
 * 1:1 NAT gateway answering ARP for them does; the LAN namespace holds every server's private
 * and IPv6 address.
 */
export class Topology {
  readonly outside: Namespace;
  readonly gateway: Namespace;
  readonly lan: Namespace;

  constructor(hosts: LanHost[]) {
    this.outside = new Namespace('out');
    try {
      this.gateway = new Namespace('gw');
      this.lan = new Namespace('lan');
    } catch (error) {
      this.outside.remove();
      throw error;
    }
    try {
      this.wire(hosts);
    } catch (error) {
      this.remove();
      throw error;
    }
  }

  private wire(hosts: LanHost[]): void {
    const { outside, gateway, lan } = this;
    // Duplicate address detection would keep the link-local addresses tentative for a second or
    // two, and neighbour discovery with them; new links in these namespaces skip it.
    for (const ns of [outside, gateway, lan]) {
      ns.sysctl('net/ipv6/conf/default/accept_dad', '0');
      ns.sysctl('net/ipv6/conf/all/accept_dad', '0');
    }
    gateway.ip('link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'wan0', 'netns', outside.name);
    gateway.ip('link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', lan.name);
    for (const [ns, device] of [[outside, 'wan0'], [gateway, 'eth0'], [gateway, 'eth1'], [lan, 'lan0']] as const) {
      ns.ip('link', 'set', device, 'up');
    }
    // nodad: the addresses are usable at once instead of after duplicate address detection.
    outside.ip('addr', 'add', `${OUTSIDE.ipv4}/24`, 'dev', 'wan0');
    outside.ip('addr', 'add', `${OUTSIDE.intranetA}/32`, 'dev', 'wan0');
    outside.ip('addr', 'add', `${OUTSIDE.intranetB}/32`, 'dev', 'wan0');
    outside.ip('addr', 'add', `${OUTSIDE.management}/32`, 'dev', 'wan0');
    outside.ip('-6', 'addr', 'add', `${OUTSIDE.ipv6}/64`, 'dev', 'wan0', 'nodad');
    outside.ip('route', 'add', '203.0.113.0/24', 'via', GATEWAY.wanIpv4);
    outside.ip('route', 'add', '198.51.100.0/24', 'via', GATEWAY.wanIpv4);
    outside.ip('-6', 'route', 'add', '2001:db8:7a::/64', 'via', GATEWAY.wanIpv6);

    gateway.ip('addr', 'add', `${GATEWAY.wanIpv4}/24`, 'dev', 'eth0');
    gateway.ip('-6', 'addr', 'add', `${GATEWAY.wanIpv6}/64`, 'dev', 'eth0', 'nodad');
    gateway.ip('addr', 'add', `${GATEWAY.lanIpv4}/24`, 'dev', 'eth1');
    gateway.ip('-6', 'addr', 'add', `${GATEWAY.lanIpv6}/64`, 'dev', 'eth1', 'nodad');
    for (const host of hosts) gateway.ip('addr', 'add', `${host.publicIpv4}/32`, 'dev', 'eth0');
    gateway.ip('route', 'add', 'local', LOCAL_POOL, 'dev', 'eth0');
    gateway.ip('route', 'add', 'default', 'via', OUTSIDE.ipv4);
    gateway.ip('route', 'add', '10.10.0.0/16', 'via', OUTSIDE.ipv4);
    gateway.ip('route', 'add', '10.11.0.0/16', 'via', OUTSIDE.ipv4);
    gateway.sysctl('net/ipv4/ip_forward', '1');
    gateway.sysctl('net/ipv6/conf/all/forwarding', '1');

    for (const host of hosts) {
      lan.ip('addr', 'add', `${host.privateIpv4}/24`, 'dev', 'lan0');
      if (host.publicIpv6) lan.ip('-6', 'addr', 'add', `${host.publicIpv6}/64`, 'dev', 'lan0', 'nodad');
    }
    lan.ip('route', 'add', 'default', 'via', GATEWAY.lanIpv4);
    lan.ip('-6', 'route', 'add', 'default', 'via', GATEWAY.lanIpv6);
    this.waitUntilAddressesSettle();
  }

  /** No address may still be tentative when the first probe goes out. */
  private waitUntilAddressesSettle(): void {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const tentative = [this.outside, this.gateway, this.lan].filter((ns) => ns.ip('-6', 'addr', 'show', 'tentative').trim() !== '');
      if (tentative.length === 0) return;
      if (Date.now() > deadline) throw new Error(`IPv6 addresses still tentative in ${tentative.map((ns) => ns.name).join(', ')}`);
      execFileSync('sleep', ['0.05']);
    }
  }

  remove(): void {
    for (const ns of [this.outside, this.gateway, this.lan]) ns?.remove();
  }
}
