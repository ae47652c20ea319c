// Requests and stacks made up for tests and the benchmark: valid, small, and as many as needed.
import { stringify } from 'yaml';
import type { ColocationRequest, LoadedRequest, StackConfig } from '../../src/core/model.ts';

export interface SyntheticOptions {
  ipv6?: boolean;
  publicIpv4?: string;
  privateIpv4?: string;
  publicIpv6?: string;
  subdomain?: string;
}

export function requestDocument(id: string, options: SyntheticOptions = {}): ColocationRequest {
  const [opd = 'dkisp', name = 'app'] = id.split('/');
  const network: NonNullable<ColocationRequest['spec']['network']> = {};
  if (options.ipv6 || options.publicIpv6) network.ipv6 = true;
  if (options.publicIpv4) network.publicIpv4 = options.publicIpv4;
  if (options.privateIpv4) network.privateIpv4 = options.privateIpv4;
  if (options.publicIpv6) network.publicIpv6 = options.publicIpv6;
  return {
    apiVersion: 'kolokasi/v1',
    kind: 'ColocationRequest',
    metadata: { name, opd, title: `Aplikasi ${name}` },
    spec: {
      letter: { number: `555/001/${opd.toUpperCase()}/2026`, date: '2026-11-02' },
      contact: { name: 'Dewi Lestari', email: `dewi@${opd}.tarakankota.go.id`, phone: '+62 812 5555 0101' },
      team: [{ name: 'Dewi Lestari', role: 'Administrator server' }],
      server: { hostname: name, rackUnits: 1, powerWatts: 300, os: 'Debian 12', purpose: 'Layanan uji.' },
      dns: { subdomain: options.subdomain ?? `${name}-${opd}` },
      ...(Object.keys(network).length > 0 ? { network } : {}),
      services: [{ name: 'https', port: 443, protocol: 'tcp', access: 'public' }],
    },
  };
}

export function requestText(id: string, options: SyntheticOptions = {}): string {
  return `# yaml-language-server: $schema=../../schemas/colocation-request.schema.json\n${stringify(requestDocument(id, options))}`;
}

/** A loaded request with a real text, so diagnostics about it carry line numbers. */
export function syntheticRequest(id: string, options: SyntheticOptions = {}): LoadedRequest {
  return { id, file: `requests/${id}.yaml`, text: requestText(id, options), request: requestDocument(id, options) };
}

/** `count` request ids spread over a few OPDs, in id order. */
export function syntheticIds(count: number, opds = 10): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(`opd${String(i % opds).padStart(2, '0')}/app${String(i).padStart(5, '0')}`);
  return ids.sort();
}

export function smallConfig(overrides: Partial<StackConfig> = {}): StackConfig {
  return {
    zone: 'test.tarakankota.go.id',
    ttl: 300,
    pools: {
      publicIpv4: [
        { name: 'publik-a', cidr: '192.0.2.0/29', gateway: '192.0.2.1', reserved: ['192.0.2.2'] },
        { name: 'publik-b', cidr: '198.51.100.0/30', gateway: '198.51.100.1' },
      ],
      publicIpv6: { name: 'publik-v6', cidr: '2001:db8:1::/125', gateway: '2001:db8:1::1' },
      private: { name: 'lan', cidr: '10.0.0.0/28', gateway: '10.0.0.1', reserved: ['10.0.0.2/31'] },
    },
    reservedSubdomains: ['www'],
    restrictedPorts: [22],
    intranet: ['10.10.0.0/16'],
    quarantineDays: 30,
    firewall: { targets: ['nftables'], interfaces: { wan: 'eth0', lan: 'eth1' } },
    safety: { maxReleaseCount: 3, maxReleasePercent: 25 },
    ...overrides,
  };
}

/** A stack with room for `count` servers and more: a /16 public pool, a /16 private pool. */
export function largeConfig(): StackConfig {
  return smallConfig({
    pools: {
      publicIpv4: [{ name: 'publik-besar', cidr: '100.64.0.0/16', gateway: '100.64.0.1', reserved: ['100.64.0.2/31'] }],
      publicIpv6: { name: 'publik-v6', cidr: '2001:db8:7a::/64', gateway: '2001:db8:7a::1' },
      private: { name: 'lan-besar', cidr: '10.20.0.0/16', gateway: '10.20.0.1' },
    },
  });
}
