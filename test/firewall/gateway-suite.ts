// The end-to-end matrix, shared by the nftables and the iptables suites: the gateway namespace
// starts hardened the way a NOC leaves it (input policy drop, SSH from one management address, a
// masquerade like MikroTik's defconf), the rendered rules are loaded next to that on the real
// kernel, and packets from an outside client, the management host, the intranet and the colocation
// LAN show what passes and what does not, and that the hardening still holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredState, ServerState } from '../../src/core/model.ts';
import type { OutputFile } from '../../src/render/outputs.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { hookCommand, IPTABLES_HOOKS } from '../../src/render/firewall/iptables.ts';
import { devConfig, exampleDesired, without } from './fixtures.ts';
import { GATEWAY, namespacePolicy, OUTSIDE, Topology, type Namespace, type ProbeSpec } from './netns.ts';

type Target = 'nftables' | 'iptables';

interface Loader {
  tools: string[];
  /** The gateway as the NOC hardened it before kolokasi came. */
  harden(gateway: Namespace): void;
  load(gateway: Namespace, files: OutputFile[]): void;
  /** The ruleset as the kernel holds it, for comparing two loads. */
  dump(gateway: Namespace): string;
  /** What must still be in the dump after kolokasi's files were loaded. */
  hardening: RegExp[];
}

function fileOf(files: OutputFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered; got ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

/** MikroTik's defconf firewall, expressed for nftables. */
const HARDENED_NFT = `table inet noc {
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		ct state invalid drop
		iifname "lo" accept
		meta l4proto { icmp, ipv6-icmp } accept
		iifname != "eth0" accept
		ip saddr ${OUTSIDE.management} tcp dport 22 accept
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		ct state established,related accept
		ct state invalid drop
		iifname "eth0" meta nfproto ipv4 ct state new ct status & dnat == 0 drop
	}
}
table ip noc_nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "eth0" masquerade
	}
}
`;

/** The INPUT policy of the same hardening for iptables and ip6tables: only `icmp` and what `management` adds differ. */
function hardenedInput(icmp: string, management: string[]): string[] {
  return [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -m conntrack --ctstate INVALID -j DROP',
    '-A INPUT -i lo -j ACCEPT',
    `-A INPUT -p ${icmp} -j ACCEPT`,
    '-A INPUT ! -i eth0 -j ACCEPT',
    ...management,
  ];
}

/** The same for iptables and ip6tables. */
const HARDENED_IPTABLES = `${[
  ...hardenedInput('icmp', [`-A INPUT -s ${OUTSIDE.management}/32 -p tcp -m tcp --dport 22 -j ACCEPT`]),
  '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A FORWARD -m conntrack --ctstate INVALID -j DROP',
  '-A FORWARD -i eth0 -m conntrack --ctstate NEW -m conntrack ! --ctstate DNAT -j DROP',
  'COMMIT',
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '-A POSTROUTING -o eth0 -j MASQUERADE',
  'COMMIT',
].join('\n')}\n`;

const HARDENED_IP6TABLES = `${[...hardenedInput('ipv6-icmp', []), 'COMMIT'].join('\n')}\n`;

const LOADERS: Record<Target, Loader> = {
  nftables: {
    tools: ['nft', 'ping'],
    harden: (gateway) => void gateway.withFile(HARDENED_NFT, (file) => gateway.exec('nft', ['-f', file])),
    load: (gateway, files) => void gateway.withFile(fileOf(files, 'firewall/kolokasi.nft'), (file) => gateway.exec('nft', ['-f', file])),
    dump: (gateway) => gateway.exec('nft', ['list', 'ruleset']),
    hardening: [/chain input \{\n\t\ttype filter hook input priority filter; policy drop;/, /ip saddr 192\.0\.2\.200 tcp dport 22 accept/, /oifname "eth0" masquerade/],
  },
  iptables: {
    tools: ['iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save', 'ping'],
    harden: (gateway) => {
      gateway.withFile(HARDENED_IPTABLES, (file) => gateway.exec('iptables-restore', [file]));
      gateway.withFile(HARDENED_IP6TABLES, (file) => gateway.exec('ip6tables-restore', [file]));
    },
    // As the file headers say: the chains with --noflush, then the check-then-insert hooks.
    load: (gateway, files) => {
      gateway.withFile(fileOf(files, 'firewall/kolokasi.rules'), (file) => gateway.exec('iptables-restore', ['--noflush', file]));
      gateway.withFile(fileOf(files, 'firewall/kolokasi6.rules'), (file) => gateway.exec('ip6tables-restore', ['--noflush', file]));
      for (const family of [4, 6] as const) {
        for (const hook of IPTABLES_HOOKS[family]) gateway.exec('sh', ['-c', hookCommand(family, hook)]);
      }
    },
    dump: (gateway) =>
      (gateway.exec('iptables-save', []) + gateway.exec('ip6tables-save', []))
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n'),
    hardening: [/^:INPUT DROP/m, /^-A INPUT -s 192\.0\.2\.200\/32 -p tcp -m tcp --dport 22 -j ACCEPT$/m, /^-A POSTROUTING -o eth0 -j MASQUERADE$/m],
  },
};

/** Hardens the gateway the way the NOC leaves it; returns what of it must survive kolokasi's loads. */
export function hardenGateway(target: Target, gateway: Namespace): RegExp[] {
  LOADERS[target].harden(gateway);
  return LOADERS[target].hardening;
}

function render(state: DesiredState, target: Target): OutputFile[] {
  const config = { ...devConfig() };
  config.firewall = { ...config.firewall, targets: [target] };
  const { files, diagnostics } = renderFirewall(state, config);
  expect(diagnostics).toEqual([]);
  return files;
}

/**
 * What a probe should see: the listener's answer; `blocked`, no answer from the listener; or
 * `silent`, no answer from anyone, not even an ICMP error or a reset.
 */
type Outcome = { local: string; port: number; peer: string } | 'blocked' | 'silent';

interface Case {
  label: string;
  from: 'outside' | 'lan';
  probe: ProbeSpec;
  expect: Outcome;
}

const SERVER_TCP_PORTS = [22, 80, 443, 5432, 8080, 8085, 8089, 8090, 8443];
const SERVER_UDP_PORTS = [162, 4370, 9999];
const SERVER_V6_TCP_PORTS = [22, 80, 443, 8443];
const OUTSIDE_PORT = 9000;
/** The gateway's own daemons, listening on all its addresses. */
const GATEWAY_TCP_PORTS = [22, 80, 8443];
const GATEWAY_UDP_PORT = 53;
/** Pool addresses nobody holds: one the gateway holds locally, one only routed to it. */
const FREE_LOCAL = '203.0.113.40';
const FREE_ROUTED = '198.51.100.9';
/** Reserved in the dev stack for the gateway's own services: never guarded. */
const GATEWAY_RESERVED = '203.0.113.2';

function byRequest(servers: ServerState[], request: string): ServerState {
  const found = servers.find((s) => s.request === request);
  if (!found) throw new Error(`no server ${request} in the fixture`);
  return found;
}

function reached(server: ServerState, port: number, peer: string, family: 4 | 6 = 4): Outcome {
  return { local: family === 4 ? server.privateIpv4 : server.publicIpv6!, port, peer };
}

/** Every declared public service, over IPv4 from the internet and over IPv6 where the server has it. */
function publicServiceCases(servers: ServerState[]): Case[] {
  const cases: Case[] = [];
  for (const server of servers) {
    for (const service of server.services) {
      if (service.sources.kind !== 'any') continue;
      for (const port of new Set([service.portFrom, service.portTo])) {
        cases.push({
          label: `internet -> ${server.request} ${service.name} ${service.protocol}/${port}`,
          from: 'outside',
          probe: { proto: service.protocol, host: server.publicIpv4, port, bind: OUTSIDE.ipv4 },
          expect: reached(server, port, OUTSIDE.ipv4),
        });
        if (server.publicIpv6) {
          cases.push({
            label: `internet6 -> ${server.request} ${service.name} ${service.protocol}/${port}`,
            from: 'outside',
            probe: { proto: service.protocol, host: server.publicIpv6, port, bind: OUTSIDE.ipv6 },
            expect: reached(server, port, OUTSIDE.ipv6, 6),
          });
        }
      }
    }
  }
  return cases;
}

function exampleCases(servers: ServerState[]): Case[] {
  const esppt = byRequest(servers, 'bapenda/esppt');
  const absensi = byRequest(servers, 'bkpsdm/absensi');
  const simpeg = byRequest(servers, 'bkpsdm/simpeg');
  const sik = byRequest(servers, 'dinkes/sik');
  const sipadu = byRequest(servers, 'disdukcapil/sipadu');
  const monitoring = byRequest(servers, 'dkisp/monitoring');
  const satudata = byRequest(servers, 'dkisp/satudata');
  const out = (label: string, probe: ProbeSpec, outcome: Outcome): Case => ({ label, from: 'outside', probe, expect: outcome });
  const lan = (label: string, probe: ProbeSpec, outcome: Outcome): Case => ({ label, from: 'lan', probe, expect: outcome });
  const { ipv4: internet, ipv6: internet6, intranetA, intranetB } = OUTSIDE;
  return [
    ...publicServiceCases(servers),
    // Undeclared ports stay closed, from anywhere; the listeners are there, the firewall is not letting it through.
    ...servers.flatMap((server) => [
      out(`internet -> ${server.request} undeclared tcp/8443`, { proto: 'tcp', host: server.publicIpv4, port: 8443, bind: internet }, 'blocked'),
      out(`intranet -> ${server.request} undeclared tcp/8443`, { proto: 'tcp', host: server.publicIpv4, port: 8443, bind: intranetA }, 'blocked'),
      out(`internet -> ${server.request} undeclared udp/9999`, { proto: 'udp', host: server.publicIpv4, port: 9999, bind: internet }, 'blocked'),
    ]),
    out('internet -> bapenda/esppt undeclared tcp/22', { proto: 'tcp', host: esppt.publicIpv4, port: 22, bind: internet }, 'blocked'),
    out('internet6 -> bkpsdm/simpeg undeclared tcp/8443', { proto: 'tcp', host: simpeg.publicIpv6!, port: 8443, bind: internet6 }, 'blocked'),
    ...hardeningCases(),
    // disdukcapil/sipadu declares none of the gateway's ports: they must not lead to the gateway.
    ...guardCases([sipadu.publicIpv4, FREE_LOCAL, FREE_ROUTED]),
    // CIDR-restricted services: refused outside their networks, accepted inside.
    out('internet -> bkpsdm/simpeg ssh (10.10.0.0/16 only)', { proto: 'tcp', host: simpeg.publicIpv4, port: 22, bind: internet }, 'blocked'),
    out('10.10.x -> bkpsdm/simpeg ssh', { proto: 'tcp', host: simpeg.publicIpv4, port: 22, bind: intranetA }, reached(simpeg, 22, intranetA)),
    out('10.11.x -> bkpsdm/simpeg ssh', { proto: 'tcp', host: simpeg.publicIpv4, port: 22, bind: intranetB }, 'blocked'),
    out('internet6 -> bkpsdm/simpeg ssh (no IPv6 source)', { proto: 'tcp', host: simpeg.publicIpv6!, port: 22, bind: internet6 }, 'blocked'),
    out('internet -> dinkes/sik postgres (intranet)', { proto: 'tcp', host: sik.publicIpv4, port: 5432, bind: internet }, 'blocked'),
    out('10.11.x -> dinkes/sik postgres', { proto: 'tcp', host: sik.publicIpv4, port: 5432, bind: intranetB }, reached(sik, 5432, intranetB)),
    out('internet -> disdukcapil/sipadu loket tcp/8085', { proto: 'tcp', host: sipadu.publicIpv4, port: 8085, bind: internet }, 'blocked'),
    out('10.10.x -> disdukcapil/sipadu loket tcp/8080', { proto: 'tcp', host: sipadu.publicIpv4, port: 8080, bind: intranetA }, reached(sipadu, 8080, intranetA)),
    out('10.11.x -> disdukcapil/sipadu loket tcp/8089', { proto: 'tcp', host: sipadu.publicIpv4, port: 8089, bind: intranetB }, reached(sipadu, 8089, intranetB)),
    out('10.10.x -> disdukcapil/sipadu tcp/8090 (past the range)', { proto: 'tcp', host: sipadu.publicIpv4, port: 8090, bind: intranetA }, 'blocked'),
    out('internet -> dkisp/monitoring web (intranet)', { proto: 'tcp', host: monitoring.publicIpv4, port: 443, bind: internet }, 'blocked'),
    out('10.11.x -> dkisp/monitoring web', { proto: 'tcp', host: monitoring.publicIpv4, port: 443, bind: intranetB }, reached(monitoring, 443, intranetB)),
    out('internet -> dkisp/monitoring snmp-trap udp/162', { proto: 'udp', host: monitoring.publicIpv4, port: 162, bind: internet }, 'blocked'),
    out('10.10.x -> dkisp/monitoring snmp-trap udp/162', { proto: 'udp', host: monitoring.publicIpv4, port: 162, bind: intranetA }, reached(monitoring, 162, intranetA)),
    out('internet -> bkpsdm/absensi fingerprint-sync udp/4370', { proto: 'udp', host: absensi.publicIpv4, port: 4370, bind: internet }, 'blocked'),
    out('10.11.x -> bkpsdm/absensi fingerprint-sync udp/4370', { proto: 'udp', host: absensi.publicIpv4, port: 4370, bind: intranetB }, reached(absensi, 4370, intranetB)),
    // Outbound: every server arrives with its own public address, over TCP and UDP.
    ...servers.flatMap((server) =>
      (['tcp', 'udp'] as const).map((proto) =>
        lan(`${server.request} -> internet ${proto} (source seen outside)`, { proto, host: internet, port: OUTSIDE_PORT, bind: server.privateIpv4 },
          { local: internet, port: OUTSIDE_PORT, peer: server.publicIpv4 }),
      ),
    ),
    // Hairpin: a LAN server reaches another by its public address, and is seen with its own.
    lan('bapenda/esppt -> bkpsdm/simpeg https by public address', { proto: 'tcp', host: simpeg.publicIpv4, port: 443, bind: esppt.privateIpv4 },
      reached(simpeg, 443, esppt.publicIpv4)),
    lan('dkisp/satudata -> disdukcapil/sipadu https by public address', { proto: 'tcp', host: sipadu.publicIpv4, port: 443, bind: satudata.privateIpv4 },
      reached(sipadu, 443, satudata.publicIpv4)),
    lan('bapenda/esppt -> bkpsdm/simpeg ssh by public address (not in 10.10.0.0/16)', { proto: 'tcp', host: simpeg.publicIpv4, port: 22, bind: esppt.privateIpv4 }, 'blocked'),
  ];
}

/** The NOC's own protection, unchanged by kolokasi: SSH from the management address only. */
function hardeningCases(): Case[] {
  const { ipv4: internet, management } = OUTSIDE;
  return [
    { label: 'management -> gateway ssh', from: 'outside', probe: { proto: 'tcp', host: GATEWAY.wanIpv4, port: 22, bind: management }, expect: { local: GATEWAY.wanIpv4, port: 22, peer: management } },
    { label: 'management -> gateway ssh on its reserved pool address', from: 'outside', probe: { proto: 'tcp', host: GATEWAY_RESERVED, port: 22, bind: management }, expect: { local: GATEWAY_RESERVED, port: 22, peer: management } },
    { label: 'internet -> gateway ssh (not the management address)', from: 'outside', probe: { proto: 'tcp', host: GATEWAY.wanIpv4, port: 22, bind: internet }, expect: 'silent' },
    { label: 'internet -> gateway tcp/8443', from: 'outside', probe: { proto: 'tcp', host: GATEWAY.wanIpv4, port: 8443, bind: internet }, expect: 'silent' },
    { label: 'LAN -> gateway http on its LAN address', from: 'lan', probe: { proto: 'tcp', host: GATEWAY.lanIpv4, port: 80, bind: '10.20.30.4' }, expect: { local: GATEWAY.lanIpv4, port: 80, peer: '10.20.30.4' } },
  ];
}

/**
 * Pool addresses that are not the gateway's own must not lead to its daemons: not from the
 * management host (which may use SSH on the gateway), not from the LAN (which may use all of them).
 */
function guardCases(addresses: string[]): Case[] {
  const lanHost = '10.20.30.4';
  return addresses.flatMap((address): Case[] => [
    { label: `management -> ${address} tcp/22 (gateway ssh)`, from: 'outside', probe: { proto: 'tcp', host: address, port: 22, bind: OUTSIDE.management }, expect: 'silent' },
    ...GATEWAY_TCP_PORTS.map((port): Case => ({ label: `LAN -> ${address} tcp/${port} (gateway)`, from: 'lan', probe: { proto: 'tcp', host: address, port, bind: lanHost }, expect: 'silent' })),
    { label: `LAN -> ${address} udp/${GATEWAY_UDP_PORT} (gateway dns)`, from: 'lan', probe: { proto: 'udp', host: address, port: GATEWAY_UDP_PORT, bind: lanHost }, expect: 'silent' },
  ]);
}

interface PingCase {
  label: string;
  from: 'outside' | 'lan';
  host: string;
  bind: string;
  answers: boolean;
}

function pingCases(addresses: string[]): PingCase[] {
  const lanHost = '10.20.30.4';
  return [
    { label: 'management pings the gateway', from: 'outside', host: GATEWAY.wanIpv4, bind: OUTSIDE.management, answers: true },
    { label: 'LAN pings the gateway', from: 'lan', host: GATEWAY.lanIpv4, bind: lanHost, answers: true },
    ...addresses.flatMap((address): PingCase[] => [
      { label: `internet pings ${address}`, from: 'outside', host: address, bind: OUTSIDE.ipv4, answers: false },
      { label: `management pings ${address}`, from: 'outside', host: address, bind: OUTSIDE.management, answers: false },
      { label: `LAN pings ${address}`, from: 'lan', host: address, bind: lanHost, answers: false },
    ]),
  ];
}

function expectPings(topology: Topology, cases: PingCase[]): void {
  const outside = cases.filter((c) => c.from === 'outside');
  const lan = cases.filter((c) => c.from === 'lan');
  const outsideResults = topology.outside.ping(outside);
  const lanResults = topology.lan.ping(lan);
  const seen = new Map<PingCase, boolean>();
  outside.forEach((c, i) => seen.set(c, outsideResults[i]!));
  lan.forEach((c, i) => seen.set(c, lanResults[i]!));
  const say = (answers: boolean | undefined) => (answers ? 'echo reply' : 'nothing');
  expect(cases.map((c) => `${c.label}: ${say(seen.get(c))}`)).toEqual(cases.map((c) => `${c.label}: ${say(c.answers)}`));
}

function releasedCases(servers: ServerState[], released: ServerState): Case[] {
  const esppt = byRequest(servers, 'bapenda/esppt');
  const satudata = byRequest(servers, 'dkisp/satudata');
  const { ipv4: internet, ipv6: internet6, intranetA } = OUTSIDE;
  return [
    ...released.services.flatMap((service): Case[] => [
      { label: `internet -> released ${released.request} ${service.name}`, from: 'outside', probe: { proto: service.protocol, host: released.publicIpv4, port: service.portFrom, bind: internet }, expect: 'blocked' },
      { label: `intranet -> released ${released.request} ${service.name}`, from: 'outside', probe: { proto: service.protocol, host: released.publicIpv4, port: service.portFrom, bind: intranetA }, expect: 'blocked' },
      { label: `internet6 -> released ${released.request} ${service.name}`, from: 'outside', probe: { proto: service.protocol, host: released.publicIpv6!, port: service.portFrom, bind: internet6 }, expect: 'blocked' },
      { label: `bapenda/esppt -> released ${released.request} ${service.name} by public address`, from: 'lan', probe: { proto: service.protocol, host: released.publicIpv4, port: service.portFrom, bind: esppt.privateIpv4 }, expect: 'blocked' },
    ]),
    // Its address is closed the moment it is released: nothing of the gateway answers through it.
    ...guardCases([released.publicIpv4]),
    // Everyone else is untouched by the reload.
    { label: 'internet -> bapenda/esppt https', from: 'outside', probe: { proto: 'tcp', host: esppt.publicIpv4, port: 443, bind: internet }, expect: reached(esppt, 443, internet) },
    { label: 'internet6 -> dkisp/satudata https', from: 'outside', probe: { proto: 'tcp', host: satudata.publicIpv6!, port: 443, bind: internet6 }, expect: reached(satudata, 443, internet6, 6) },
    { label: 'bapenda/esppt -> dkisp/satudata https by public address', from: 'lan', probe: { proto: 'tcp', host: satudata.publicIpv4, port: 443, bind: esppt.privateIpv4 }, expect: reached(satudata, 443, esppt.publicIpv4) },
  ];
}

function describeOutcome(outcome: Outcome): string {
  return typeof outcome === 'string' ? outcome : `local=${outcome.local} port=${outcome.port} peer=${outcome.peer}`;
}

async function expectOutcomes(topology: Topology, cases: Case[]): Promise<void> {
  const outside = cases.filter((c) => c.from === 'outside');
  const lan = cases.filter((c) => c.from === 'lan');
  const [outsideResults, lanResults] = await Promise.all([topology.outside.probe(outside.map((c) => c.probe)), topology.lan.probe(lan.map((c) => c.probe))]);
  const results = new Map<Case, string>();
  outside.forEach((c, i) => results.set(c, show(c, outsideResults[i]!)));
  lan.forEach((c, i) => results.set(c, show(c, lanResults[i]!)));
  // One comparison for the whole matrix, so a failure lists every wrong line at once.
  expect(cases.map((c) => `${c.label}: ${results.get(c)}`)).toEqual(cases.map((c) => `${c.label}: ${describeOutcome(c.expect)}`));
}

function show(c: Case, result: { ok: boolean; reply?: string; error?: string }): string {
  if (result.ok) return result.reply!;
  if (c.expect === 'blocked') return 'blocked';
  if (c.expect === 'silent') return result.error === 'timeout' ? 'silent' : `answered (${result.error})`;
  return `blocked (${result.error})`;
}

export function defineGatewaySuite(target: Target): void {
  const loader = LOADERS[target];
  const policy = namespacePolicy(`${target} end to end`, loader.tools);
  if (policy.failure) {
    describe(`${target} gateway, end to end`, () => {
      it('needs network namespaces', () => expect.fail(policy.failure));
    });
    return;
  }

  describe.skipIf(!policy.run)(`${target} gateway, end to end on the kernel`, () => {
    const state = exampleDesired();
    const servers = state.servers;
    let topology: Topology | undefined;

    beforeAll(async () => {
      topology = new Topology(servers);
      loader.harden(topology.gateway);
      loader.load(topology.gateway, render(state, target));
      await Promise.all([
        topology.lan.listen(
          servers.flatMap((server) => [
            ...SERVER_TCP_PORTS.map((port) => ({ address: server.privateIpv4, port, proto: 'tcp' as const })),
            ...SERVER_UDP_PORTS.map((port) => ({ address: server.privateIpv4, port, proto: 'udp' as const })),
            ...(server.publicIpv6 ? SERVER_V6_TCP_PORTS.map((port) => ({ address: server.publicIpv6!, port, proto: 'tcp' as const })) : []),
          ]),
        ),
        topology.outside.listen([
          { address: OUTSIDE.ipv4, port: OUTSIDE_PORT, proto: 'tcp' },
          { address: OUTSIDE.ipv4, port: OUTSIDE_PORT, proto: 'udp' },
        ]),
        topology.gateway.listen([
          ...GATEWAY_TCP_PORTS.map((port) => ({ address: '0.0.0.0', port, proto: 'tcp' as const })),
          { address: '0.0.0.0', port: GATEWAY_UDP_PORT, proto: 'udp' as const },
        ]),
      ]);
    });

    afterAll(() => topology?.remove());

    it('lets exactly the declared services through, translated 1:1, with hairpin and the gateway guard', async () => {
      await expectOutcomes(topology!, exampleCases(servers));
    });

    it('keeps the pool addresses from answering a ping, and the gateway answering its own', () => {
      expectPings(topology!, pingCases([byRequest(servers, 'disdukcapil/sipadu').publicIpv4, FREE_LOCAL, FREE_ROUTED]));
    });

    it('loads the same files twice to the same ruleset, leaving the hardening as it was', () => {
      const files = render(state, target);
      loader.load(topology!.gateway, files);
      const first = loader.dump(topology!.gateway);
      loader.load(topology!.gateway, files);
      const second = loader.dump(topology!.gateway);
      expect(second).toBe(first);
      for (const pattern of loader.hardening) expect(second).toMatch(pattern);
    });

    it('makes a released server unreachable after a reload, and leaves the others alone', async () => {
      const released = byRequest(servers, 'bkpsdm/simpeg');
      loader.load(topology!.gateway, render(without(state, released.request), target));
      await expectOutcomes(topology!, releasedCases(servers, released));
      expectPings(topology!, pingCases([released.publicIpv4]));
    });
  });
}
