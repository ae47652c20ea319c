// The gateway agent end to end, on the kernel: a repository with a bare remote, the apply and
// publish steps of the workflow, and `kolokasi gateway run` started inside the gateway namespace of
// the firewall tests' topology (test/firewall/netns.ts), with real nft / iptables and real packets.
// Faults: an unreachable remote, a tampered publication, a change that cuts the management path,
// and the agent killed between load and confirmation. Each rollback prints how long it took.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { copyExample } from '../helpers/example.ts';
import { bareRemote } from '../helpers/remote.ts';
import { PROJECT_ROOT, removeRepo, runCli } from '../helpers/repo.ts';
import { requestText } from '../core/synthetic.ts';
import { exampleDesired } from '../firewall/fixtures.ts';
import { namespacePolicy, OUTSIDE, Topology, type ProbeSpec } from '../firewall/netns.ts';
import { hardenGateway } from '../firewall/gateway-suite.ts';
import { publishToBranch } from '../../src/git/config-branch.ts';
import { GITHUB_ACTIONS_BOT } from '../../src/git/push-retry.ts';
import { sha256Hex } from '../../src/render/manifest.ts';
import { IPTABLES_HOOKS } from '../../src/render/firewall/iptables.ts';
import type { GatewayStatus } from '../../src/gateway/decide.ts';

type Target = 'nftables' | 'iptables';

const BIN = path.join(PROJECT_ROOT, 'bin/kolokasi.js');
/**
 * The gateway's own management service (SSH, which the hardening admits from the management host
 * only), on the pool address the dev stack reserves for the gateway's own services: the only kind of
 * pool address kolokasi does not guard.
 */
const MANAGEMENT = { address: '203.0.113.2', port: 22 };
/** The control plane, outside: it must stay reachable from the gateway. */
const CONTROL = { address: OUTSIDE.ipv4, port: 9000 };
/** An on-link address nobody answers: a probe to it hangs until its timeout. */
const BLACKHOLE = '192.0.2.222:22';
const CONFIRM_SECONDS = 2;
/** A remote that refuses at once: nothing listens on the discard port of the gateway's loopback. */
const UNREACHABLE_REMOTE = 'http://127.0.0.1:9/kolokasi.git';

const TOOLS: Record<Target, string[]> = {
  nftables: ['nft'],
  iptables: ['iptables', 'ip6tables', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save'],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineAgentSuite(target: Target): void {
  const policy = namespacePolicy(`gateway agent (${target})`, ['git', ...TOOLS[target]]);
  if (policy.failure) {
    describe(`gateway agent (${target})`, () => {
      it('needs network namespaces', () => expect.fail(policy.failure));
    });
    return;
  }

  describe.skipIf(!policy.run)(`kolokasi gateway with ${target}, on the kernel`, () => {
    let work: string;
    let repo: string;
    let remote: string;
    let stateDir: string;
    let topology: Topology;
    let clock = Date.parse('2026-11-20T08:00:00Z');
    let rujukanCommit = '';
    /** What of the NOC's hardening must be in the dump whatever kolokasi loads or rolls back. */
    let hardening: RegExp[] = [];

    const git = (...args: string[]) => simpleGit(repo).raw(args);

    /** The tables kolokasi loads, as the kernel holds them (counters left out). */
    const dump = (): string => (target === 'nftables'
      ? topology.gateway.exec('nft', ['list', 'ruleset'])
      : topology.gateway.exec('iptables-save', []) + topology.gateway.exec('ip6tables-save', []))
      .split('\n').filter((line) => !line.startsWith('#')).map((line) => line.replace(/\[\d+:\d+\]/, '')).join('\n');

    const configFile = async (name: string, fields: Record<string, unknown>): Promise<string> => {
      const file = path.join(work, `${name}.yaml`);
      const base = {
        remote, stack: 'dev', target, stateDir, confirmSeconds: CONFIRM_SECONDS, probeTimeoutSeconds: 1, gitTimeoutSeconds: 10,
        probes: [`${MANAGEMENT.address}:${MANAGEMENT.port}`, `${CONTROL.address}:${CONTROL.port}`],
      };
      await writeFile(file, `${Object.entries({ ...base, ...fields }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
      return file;
    };

    /** Agents not finished yet: one that outlives its test is killed, so it holds no lock into the next. */
    const agentsAlive = new Set<ChildProcess>();
    const startAgent = (config: string, action = 'run', extra: string[] = []): { child: ChildProcess; done: Promise<Run> } => {
      const child = spawn('ip', ['netns', 'exec', topology.gateway.name, process.execPath, BIN, 'gateway', action, '--config', config, ...extra], {
        env: { ...process.env, LANG: 'en_US.UTF-8', KOLOKASI_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      agentsAlive.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk) => (stdout += chunk));
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const done = new Promise<Run>((resolve) => child.once('exit', (code) => {
        agentsAlive.delete(child);
        resolve({ code, stdout, stderr });
      }));
      return { child, done };
    };
    const agent = (config: string, action = 'run') => startAgent(config, action).done;

    const status = async () => JSON.parse(await readFile(path.join(stateDir, 'status.json'), 'utf8')) as GatewayStatus;

    /** What the apply workflow does on main: apply, commit the ledger, publish the set. */
    const applyAndPublish = async (message: string): Promise<void> => {
      clock += 3_600_000;
      const applied = await runCli(['apply', '--now', new Date(clock).toISOString()], { cwd: repo });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      await git('add', '-A');
      await git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', message);
      await git('push', '-q', 'origin', 'HEAD:refs/heads/main');
      await publish(path.join(repo, 'build/dev/current'));
    };
    const publish = async (setDir: string) => {
      const head = (await git('rev-parse', 'HEAD')).trim();
      await publishToBranch({ repoDir: repo, sourceDir: setDir, folder: 'dev', branch: 'gateway-config', identity: GITHUB_ACTIONS_BOT, sourceCommit: head, message: `gateway(dev): ${head}\n` });
    };

    const addRequest = async (id: string) => {
      await writeFile(path.join(repo, `requests/${id}.yaml`), requestText(id));
    };
    const allocationOf = async (id: string): Promise<{ publicIpv4: string; privateIpv4: string }> => {
      const ledger = await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8');
      const line = ledger.split('\n').find((l) => l.trim().startsWith(`${id}:`))!;
      return { publicIpv4: /publicIpv4: "([^"]+)"/.exec(line)![1]!, privateIpv4: /privateIpv4: "([^"]+)"/.exec(line)![1]! };
    };
    /** A new server in the topology: its public address on the gateway, its private one on the LAN, listening. */
    const rack = async (server: { publicIpv4: string; privateIpv4: string }) => {
      topology.gateway.ip('addr', 'add', `${server.publicIpv4}/32`, 'dev', 'eth0');
      topology.lan.ip('addr', 'add', `${server.privateIpv4}/24`, 'dev', 'lan0');
      await topology.lan.listen([{ address: server.privateIpv4, port: 443, proto: 'tcp' }]);
    };
    const fromOutside = async (host: string, port: number, bind: string = OUTSIDE.ipv4) => (await topology.outside.probe([{ proto: 'tcp', host, port, bind } satisfies ProbeSpec]))[0]!;
    /** The NOC reaching the gateway's management service, from the one host the hardening admits. */
    const managementAnswers = async () => (await fromOutside(MANAGEMENT.address, MANAGEMENT.port, OUTSIDE.management)).ok;

    const servers = exampleDesired().servers;
    const esppt = servers.find((s) => s.request === 'bapenda/esppt')!;

    beforeAll(async () => {
      ({ work, remote, clone: repo } = await bareRemote({
        cloneName: 'repo',
        files: async (dir) => {
          copyExample(dir);
          await writeFile(path.join(dir, '.gitignore'), 'build/\n');
        },
      }));
      stateDir = path.join(work, 'state');
      await applyAndPublish('ledger: the examples');

      topology = new Topology(servers);
      hardening = hardenGateway(target, topology.gateway);
      topology.gateway.ip('addr', 'add', `${MANAGEMENT.address}/32`, 'dev', 'eth0');
      await Promise.all([
        topology.lan.listen(servers.map((server) => ({ address: server.privateIpv4, port: 443, proto: 'tcp' as const }))),
        topology.outside.listen([{ address: CONTROL.address, port: CONTROL.port, proto: 'tcp' }]),
        topology.gateway.listen([{ address: MANAGEMENT.address, port: MANAGEMENT.port, proto: 'tcp' }]),
      ]);
    });

    afterEach(() => {
      for (const child of agentsAlive) child.kill('SIGKILL');
    });

    afterAll(async () => {
      topology?.remove();
      if (repo) await removeRepo(repo);
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('loads and confirms the set main produces, and serves it', async () => {
      const config = await configFile('agent', {});
      const run = await agent(config);
      expect(run.stderr).not.toContain('internal error');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('confirmed (KLK900)');
      const now = await status();
      expect(now.running?.commit).toBe((await git('rev-parse', 'HEAD')).trim());
      expect(now.lastRun.probes?.every((p) => p.ok)).toBe(true);
      expect((await fromOutside(esppt.publicIpv4, 443)).ok).toBe(true);
      // The NOC's hardening holds: its policy and rules, SSH from the management host only.
      for (const pattern of hardening) expect(dump()).toMatch(pattern);
      expect(await managementAnswers()).toBe(true);
      expect((await fromOutside(MANAGEMENT.address, MANAGEMENT.port)).ok).toBe(false);
      // Nothing new on main: the next run changes nothing.
      const again = await agent(config);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('up to date (KLK901)');
      const shown = await agent(config, 'status');
      expect(shown.stdout).toContain(`main commit: ${now.running!.commit}`);
    });

    it('changes nothing when the git remote is unreachable, and the status says why', async () => {
      const before = dump();
      const running = (await status()).running;
      const run = await agent(await configFile('unreachable', { remote: UNREACHABLE_REMOTE }));
      expect(run.code).toBe(2);
      expect(dump()).toBe(before);
      const now = await status();
      expect(now.lastRun).toMatchObject({ outcome: 'unreachable', code: 'KLK910' });
      expect(now.running).toEqual(running);
      const shown = await agent(await configFile('agent', {}), 'status');
      expect(shown.stdout).toContain('source unreachable (KLK910)');
      expect(shown.stdout).toContain(`cannot fetch main from ${UNREACHABLE_REMOTE}`);
      const indonesian = await startAgent(await configFile('agent', {}), 'status', ['--lang', 'id']).done;
      expect(indonesian.stdout).toContain('sumber tidak terjangkau (KLK910)');
      expect(indonesian.stdout).toContain('tidak dapat mengambil main');
    });

    it('refuses a published set that main\'s requests and ledger do not produce', async () => {
      await addRequest('dinkes/rujukan');
      await applyAndPublish('ledger: dinkes/rujukan');
      // Someone with write access to gateway-config opens a port, and fixes the digests to match.
      const tampered = path.join(work, 'tampered');
      await rm(tampered, { recursive: true, force: true });
      await cp(path.join(repo, 'build/dev/current'), tampered, { recursive: true, dereference: true });
      const manifest = JSON.parse(await readFile(path.join(tampered, 'manifest.json'), 'utf8'));
      for (const file of manifest.files as { path: string; sha256: string; bytes: number }[]) {
        if (!file.path.startsWith('firewall/')) continue;
        const text = `${await readFile(path.join(tampered, file.path), 'utf8')}# an extra line\n`;
        await writeFile(path.join(tampered, file.path), text);
        Object.assign(file, { sha256: sha256Hex(text), bytes: Buffer.byteLength(text) });
      }
      await writeFile(path.join(tampered, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await publish(tampered);
      const before = dump();
      const run = await agent(await configFile('agent', {}));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('refused (KLK914)');
      expect(run.stdout).toContain(target === 'nftables' ? 'firewall/kolokasi.nft: sha256 published' : 'firewall/kolokasi.rules: sha256 published');
      expect(dump()).toBe(before);
    });

    it('confirms a good change and serves the new server', async () => {
      await publish(path.join(repo, 'build/dev/current'));
      const rujukan = await allocationOf('dinkes/rujukan');
      await rack(rujukan);
      expect((await fromOutside(rujukan.publicIpv4, 443)).ok).toBe(false);
      const run = await agent(await configFile('agent', {}));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('confirmed (KLK900)');
      expect(await fromOutside(rujukan.publicIpv4, 443)).toMatchObject({ ok: true, reply: `local=${rujukan.privateIpv4} port=443 peer=${OUTSIDE.ipv4}` });
      expect((await fromOutside(esppt.publicIpv4, 443)).ok).toBe(true);
      // A load after a load: each jump into kolokasi's chains is there once, first in its chain.
      if (target === 'iptables') {
        for (const family of [4, 6] as const) {
          for (const hook of IPTABLES_HOOKS[family]) {
            const rules = topology.gateway.exec(family === 4 ? 'iptables' : 'ip6tables', ['-t', hook.table, '-S', hook.chain]).split('\n').filter((line) => line.startsWith('-A '));
            expect(rules.filter((line) => line.endsWith(`-j ${hook.target}`)), `${hook.table} ${hook.chain}`).toEqual([`-A ${hook.chain} -j ${hook.target}`]);
            expect(rules[0]).toBe(`-A ${hook.chain} -j ${hook.target}`);
          }
        }
      }
      rujukanCommit = (await status()).running!.commit;
    });

    it('loads a change that leaves the ledger as it was (a new port), though it makes no ledger commit', async () => {
      const rujukan = await allocationOf('dinkes/rujukan');
      await topology.lan.listen([{ address: rujukan.privateIpv4, port: 8443, proto: 'tcp' }]);
      expect((await fromOutside(rujukan.publicIpv4, 8443)).ok).toBe(false);
      const ledger = await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8');
      const file = path.join(repo, 'requests/dinkes/rujukan.yaml');
      await writeFile(file, `${await readFile(file, 'utf8')}    - name: api\n      port: 8443\n      protocol: tcp\n      access: public\n`);
      await applyAndPublish('dinkes/rujukan: port 8443');
      expect(await readFile(path.join(repo, 'stacks/dev.allocations.yaml'), 'utf8')).toBe(ledger);
      const run = await agent(await configFile('agent', {}));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('confirmed (KLK900)');
      expect((await fromOutside(rujukan.publicIpv4, 8443)).ok).toBe(true);
    });

    it('rolls back a change that cuts the management path, and the old services still answer', async () => {
      const before = dump();
      // The stack stops reserving the address of the gateway's management service: the pool guard
      // now drops what reaches it.
      const stackFile = path.join(repo, 'stacks/Pulumi.dev.yaml');
      const stack = await readFile(stackFile, 'utf8');
      expect(stack).toContain(`reserved: [${MANAGEMENT.address}, 203.0.113.3]`);
      await writeFile(stackFile, stack.replace(`reserved: [${MANAGEMENT.address}, 203.0.113.3]`, 'reserved: [203.0.113.3]'));
      await applyAndPublish(`stack: ${MANAGEMENT.address} no longer reserved`);
      const started = Date.now();
      const run = await agent(await configFile('agent', {}));
      const took = Date.now() - started;
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain('rolled back (KLK902)');
      expect(run.stdout).toMatch(/FAILED {2}tcp 203\.0\.113\.2:22: /);
      const now = await status();
      console.log(`[${target}] a failed probe: rolled back in ${now.lastRun.rollbackMs} ms (whole run ${took} ms, window ${CONFIRM_SECONDS} s)`);
      expect(now.lastRun.rollbackMs).toBeLessThan(CONFIRM_SECONDS * 1000);
      expect(dump()).toBe(before);
      expect(await managementAnswers()).toBe(true);
      expect((await fromOutside(esppt.publicIpv4, 443)).ok).toBe(true);
      expect((await fromOutside((await allocationOf('dinkes/rujukan')).publicIpv4, 443)).ok).toBe(true);
    });

    it('rolls back by the watchdog when the agent is killed between load and confirmation', async () => {
      const before = dump();
      // A probe that hangs keeps the agent between load and confirmation.
      const config = await configFile('hanging', { probeTimeoutSeconds: 30, probes: [BLACKHOLE] });
      const { child, done } = startAgent(config);
      let loadedAt = 0;
      for (const deadline = Date.now() + 45_000; Date.now() < deadline; await sleep(50)) {
        const pending = await status().catch(() => undefined);
        if (pending?.lastRun.outcome === 'pending' && dump() !== before) {
          loadedAt = Date.now();
          break;
        }
      }
      expect(loadedAt, 'the agent never loaded the change').toBeGreaterThan(0);
      child.kill('SIGKILL');
      const killedAt = Date.now();
      await done;
      let restoredAt = 0;
      for (const deadline = killedAt + 4 * CONFIRM_SECONDS * 1000 + 5_000; Date.now() < deadline; await sleep(25)) {
        if (dump() === before) {
          restoredAt = Date.now();
          break;
        }
      }
      expect(restoredAt, 'the watchdog did not roll back').toBeGreaterThan(0);
      // The watchdog writes the status once the tables are back.
      let now = await status();
      for (const deadline = Date.now() + 5_000; now.lastRun.outcome === 'pending' && Date.now() < deadline; await sleep(25)) now = await status();
      expect(now.lastRun).toMatchObject({ outcome: 'rolled-back', code: 'KLK903' });
      console.log(`[${target}] agent killed: old tables back ${restoredAt - killedAt} ms after the kill, ${restoredAt - loadedAt} ms after the load (watchdog: ${now.lastRun.rollbackMs} ms after its deadline; window ${CONFIRM_SECONDS} s)`);
      expect(restoredAt - loadedAt).toBeLessThan(2 * CONFIRM_SECONDS * 1000 + 2_000);
      expect(await managementAnswers()).toBe(true);
      expect((await fromOutside(esppt.publicIpv4, 443)).ok).toBe(true);
    });

    it('loads the last confirmed set at boot, never a load that was waiting for its confirmation', async () => {
      const confirmed = dump();
      // A reboot: the kernel forgets every table, and a load was waiting when the machine went down.
      // The NOC's own rules come back first (netfilter-persistent, nftables.service), then kolokasi's.
      if (target === 'nftables') topology.gateway.exec('nft', ['flush', 'ruleset']);
      else for (const tool of ['iptables', 'ip6tables']) for (const table of tool === 'iptables' ? ['nat', 'filter'] : ['filter']) for (const flag of ['-F', '-X']) topology.gateway.exec(tool, ['-t', table, flag]);
      hardenGateway(target, topology.gateway);
      await writeFile(path.join(stateDir, 'armed.json'), JSON.stringify({ deadline: Date.now() + 600_000, commit: 'f'.repeat(40), manifestSha256: '0'.repeat(64), target }));
      const run = await agent(await configFile('agent', {}), 'boot');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('(KLK906)');
      await expect(readFile(path.join(stateDir, 'armed.json'))).rejects.toThrow();
      expect(dump()).toBe(confirmed);
      expect(await managementAnswers()).toBe(true);
      expect((await fromOutside((await allocationOf('dinkes/rujukan')).publicIpv4, 443)).ok).toBe(true);
      expect((await fromOutside(esppt.publicIpv4, 443)).ok).toBe(true);
    });

    it('rolls back by hand to the set confirmed before the running one', async () => {
      const rujukan = await allocationOf('dinkes/rujukan');
      const run = await agent(await configFile('agent', {}), 'rollback');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('rolled back (KLK907)');
      expect((await status()).running?.commit).toBe(rujukanCommit);
      expect((await fromOutside(rujukan.publicIpv4, 8443)).ok).toBe(false);
      expect((await fromOutside(rujukan.publicIpv4, 443)).ok).toBe(true);
      // Nothing confirmed before that one: a second rollback is refused.
      const again = await agent(await configFile('agent', {}), 'rollback');
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('(KLK908)');
    });
  });
}
