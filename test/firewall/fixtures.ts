// Desired states for the firewall tests, built by hand.
// `exampleDesired()` mirrors requests/*/*.yaml with the addresses the allocator hands out in
// request-id order (public 203.0.113.4.., private 10.20.30.4.. since .2/31 is reserved, IPv6
// 2001:db8:7a::2..), with bkpsdm/absensi on its pinned addresses. The other cases cover what the
// example does not: port ranges that overlap, IPv6 sources, a server without services, many servers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesiredState, Protocol, ServerState, ServiceIntent, Sources, StackConfig } from '../../src/core/model.ts';
import { parseStack } from '../../src/core/stack.ts';
import { bigintToIpv4, ipv4ToBigint } from '../../src/core/ip.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const INTRANET = ['10.10.0.0/16', '10.11.0.0/16'];

let parsedDevConfig: StackConfig | undefined;

/** stacks/Pulumi.dev.yaml through the stack loader; parsed once, a fresh copy every call. */
export function devConfig(): StackConfig {
  if (!parsedDevConfig) {
    const file = 'stacks/Pulumi.dev.yaml';
    const { stack, diagnostics } = parseStack({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }, 'dev');
    if (!stack) throw new Error(`the dev stack does not parse: ${JSON.stringify(diagnostics)}`);
    parsedDevConfig = stack.config;
  }
  return structuredClone(parsedDevConfig);
}

export const ANY: Sources = { kind: 'any' };
export const INTRANET_SOURCES: Sources = { kind: 'cidrs', cidrs: INTRANET };
export function cidrs(...list: string[]): Sources {
  return { kind: 'cidrs', cidrs: list };
}

export function service(name: string, protocol: Protocol, ports: number | [number, number], sources: Sources): ServiceIntent {
  const [portFrom, portTo] = typeof ports === 'number' ? [ports, ports] : ports;
  return { name, protocol, portFrom, portTo, sources };
}

export function server(
  request: string,
  addresses: { publicIpv4: string; privateIpv4: string; publicIpv6?: string },
  services: ServiceIntent[],
  extra: Partial<ServerState> = {},
): ServerState {
  const [opd = '', name = ''] = request.split('/');
  return {
    request,
    opd,
    name,
    title: `Title of ${request}`,
    subdomain: name,
    fqdn: `${name}.dev.tarakankota.go.id`,
    proxied: false,
    ...addresses,
    services,
    ...extra,
  };
}

export function desired(servers: ServerState[], stack = 'dev'): DesiredState {
  return { stack, zone: 'dev.tarakankota.go.id', servers: [...servers].sort((a, b) => (a.request < b.request ? -1 : 1)), dnsRecords: [] };
}

/** The seven example requests, as the desired state will describe them. */
export function exampleServers(): ServerState[] {
  return [
    server('bapenda/esppt', { publicIpv4: '203.0.113.4', privateIpv4: '10.20.30.4' }, [
      service('https', 'tcp', 443, ANY),
      service('http', 'tcp', 80, ANY),
    ], { proxied: true }),
    server('bkpsdm/absensi', { publicIpv4: '203.0.113.20', privateIpv4: '10.20.30.20' }, [
      service('https', 'tcp', 443, ANY),
      service('fingerprint-sync', 'udp', 4370, INTRANET_SOURCES),
    ]),
    server('bkpsdm/simpeg', { publicIpv4: '203.0.113.5', privateIpv4: '10.20.30.5', publicIpv6: '2001:db8:7a::2' }, [
      service('https', 'tcp', 443, ANY),
      service('http', 'tcp', 80, ANY),
      service('ssh', 'tcp', 22, cidrs('10.10.0.0/16')),
    ]),
    server('dinkes/sik', { publicIpv4: '203.0.113.6', privateIpv4: '10.20.30.6', publicIpv6: '2001:db8:7a::3' }, [
      service('https', 'tcp', 443, ANY),
      service('postgres', 'tcp', 5432, INTRANET_SOURCES),
    ]),
    server('disdukcapil/sipadu', { publicIpv4: '203.0.113.7', privateIpv4: '10.20.30.7' }, [
      service('https', 'tcp', 443, ANY),
      service('loket', 'tcp', [8080, 8089], INTRANET_SOURCES),
    ]),
    server('dkisp/monitoring', { publicIpv4: '203.0.113.8', privateIpv4: '10.20.30.8' }, [
      service('web', 'tcp', 443, INTRANET_SOURCES),
      service('snmp-trap', 'udp', 162, cidrs('10.10.0.0/16', '10.11.0.0/16')),
    ]),
    server('dkisp/satudata', { publicIpv4: '203.0.113.9', privateIpv4: '10.20.30.9', publicIpv6: '2001:db8:7a::4' }, [
      service('https', 'tcp', 443, ANY),
    ]),
  ];
}

export function exampleDesired(): DesiredState {
  return desired(exampleServers());
}

/** Port ranges, overlapping declarations, CIDR and IPv6 sources, a /0, duplicates. */
export function edgeDesired(): DesiredState {
  return desired([
    server('dkisp/ranges', { publicIpv4: '203.0.113.10', privateIpv4: '10.20.30.10', publicIpv6: '2001:db8:7a::10' }, [
      // 8080-8089 for the intranet, 8085 for anyone: three spans, none overlapping.
      service('loket', 'tcp', [8080, 8089], INTRANET_SOURCES),
      service('status', 'tcp', 8085, ANY),
      // Touching ranges with equal sources stay two spans (two names), but DNAT joins them.
      service('media-a', 'udp', [10000, 10099], ANY),
      service('media-b', 'udp', [10100, 10199], ANY),
      // The same port twice: the /8 swallows the /16, and ::/0 means anyone on IPv6.
      service('admin', 'tcp', 9000, cidrs('10.10.0.0/16', '10.0.0.0/8', '2001:db8:100::/48')),
      service('admin-v6', 'tcp', 9000, cidrs('::/0')),
      service('dns', 'udp', 53, ANY),
      service('dns-tcp', 'tcp', 53, ANY),
      service('dns', 'udp', 53, ANY),
    ]),
    server('dkisp/v6only-sources', { publicIpv4: '203.0.113.11', privateIpv4: '10.20.30.11' }, [
      service('https', 'tcp', 443, ANY),
      // No public IPv6 on this server: this service opens nothing (a warning, not a silent drop).
      service('mgmt', 'tcp', 8443, cidrs('2001:db8:100::/48')),
    ]),
    server('dinkes/whole-range', { publicIpv4: '203.0.113.12', privateIpv4: '10.20.30.12', publicIpv6: '2001:db8:7a::12' }, [
      service('everything', 'udp', [1, 65535], cidrs('10.10.0.0/16')),
      service('web', 'tcp', 443, cidrs('0.0.0.0/0')),
    ]),
  ]);
}

/** One server with no services at all: it may leave, nobody may enter. */
export function noServicesDesired(): DesiredState {
  return desired([
    server('bkpsdm/backup', { publicIpv4: '203.0.113.30', privateIpv4: '10.20.30.30' }, []),
    server('bkpsdm/web', { publicIpv4: '203.0.113.31', privateIpv4: '10.20.30.31', publicIpv6: '2001:db8:7a::31' }, [
      service('https', 'tcp', 443, ANY),
    ]),
  ]);
}

/**
 * `count` generated servers. Up to 40 fit the dev pools; beyond that the addresses come from
 * benchmark ranges (RFC 2544 198.18.0.0/15 public, 10.20.0.0/16 private) with a matching config.
 */
export function manyDesired(count: number): DesiredState {
  const large = count > 40;
  const publicBase = ipv4ToBigint(large ? '198.18.0.10' : '203.0.113.10');
  const privateBase = ipv4ToBigint(large ? '10.20.1.10' : '10.20.30.10');
  const servers: ServerState[] = [];
  for (let i = 0; i < count; i++) {
    const request = `opd${String(i % 7).padStart(2, '0')}/app${String(i).padStart(4, '0')}`;
    const services: ServiceIntent[] = [service('https', 'tcp', 443, ANY)];
    if (i % 3 === 0) services.push(service('ssh', 'tcp', 22, cidrs('10.10.0.0/16')));
    if (i % 4 === 1) services.push(service('loket', 'tcp', [8080, 8089], INTRANET_SOURCES));
    if (i % 5 === 2) services.push(service('syslog', 'udp', 514, INTRANET_SOURCES));
    servers.push(
      server(
        request,
        {
          publicIpv4: bigintToIpv4(publicBase + BigInt(i)),
          privateIpv4: bigintToIpv4(privateBase + BigInt(i)),
          ...(i % 2 === 0 ? { publicIpv6: `2001:db8:7a::${(0x100 + i).toString(16)}` } : {}),
        },
        services,
      ),
    );
  }
  return desired(servers);
}

export function manyConfig(count: number): StackConfig {
  const config = devConfig();
  if (count <= 40) return config;
  return {
    ...config,
    pools: {
      ...config.pools,
      publicIpv4: [{ name: 'bench', cidr: '198.18.0.0/15', gateway: '198.18.0.1' }],
      private: { name: 'lan-bench', cidr: '10.20.0.0/16', gateway: '10.20.0.1' },
    },
  };
}

/** The desired state without one request: what `apply` computes after a request file is deleted. */
export function without(state: DesiredState, request: string): DesiredState {
  return { ...state, servers: state.servers.filter((s) => s.request !== request) };
}
