// What should exist: one server per allocated request, with its DNS records and firewall intents.
// Everything downstream (Pulumi, firewall renderers, zone file, plan) reads this, never the
// requests directly, so they cannot disagree about an address or a name.
import type { Allocation, DesiredState, DnsRecord, Ledger, LoadedRequest, RequestService, ServerState, ServiceIntent, Sources, StackConfig } from './model.ts';
import { parseCidr } from './ip.ts';
import { compareText } from './order.ts';

/**
 * The desired state of a stack. Requests without an allocation in the ledger (refused or not yet
 * allocated) have no server: nothing may point at an address the ledger does not hold.
 */
export function desiredState(stackName: string, config: StackConfig, requests: readonly LoadedRequest[], ledger: Ledger): DesiredState {
  const servers: ServerState[] = [];
  for (const loaded of [...requests].sort((a, b) => compareText(a.id, b.id))) {
    const allocation = ledger.allocations[loaded.id];
    if (allocation) servers.push(serverState(loaded, allocation, config));
  }
  // A former name now taken by another server (a request filed again under the old id) is not
  // an alias: two resources cannot claim one name.
  const ids = new Set(servers.map((server) => server.request));
  const dnsRecords = servers.flatMap((server) => dnsRecordsOf(server.movedFrom !== undefined && ids.has(server.movedFrom) ? withoutMove(server) : server, config));
  dnsRecords.sort((a, b) => compareText(a.key, b.key));
  return { stack: stackName, zone: config.zone, servers, dnsRecords };
}

function withoutMove(server: ServerState): ServerState {
  const { movedFrom: _former, ...rest } = server;
  return rest;
}

export function fqdnOf(subdomain: string, config: StackConfig): string {
  return `${subdomain}.${config.zone}`;
}

export function serverState(loaded: LoadedRequest, allocation: Allocation, config: StackConfig): ServerState {
  const { metadata, spec } = loaded.request;
  const [opd = metadata.opd, name = metadata.name] = loaded.id.split('/');
  return {
    request: loaded.id,
    opd,
    name,
    title: metadata.title,
    subdomain: spec.dns.subdomain,
    fqdn: fqdnOf(spec.dns.subdomain, config),
    publicIpv4: allocation.publicIpv4,
    privateIpv4: allocation.privateIpv4,
    // The allocation decides: an AAAA record exists exactly when the ledger holds an IPv6 address.
    ...(allocation.publicIpv6 !== undefined ? { publicIpv6: allocation.publicIpv6 } : {}),
    proxied: spec.dns.proxied === true,
    services: spec.services.map((service) => serviceIntent(service, config)),
    ...(allocation.movedFrom !== undefined ? { movedFrom: allocation.movedFrom } : {}),
  };
}

export function dnsRecordsOf(server: ServerState, config: StackConfig): DnsRecord[] {
  const record = (type: 'A' | 'AAAA', content: string): DnsRecord => ({
    key: `${server.request}/${type}`,
    request: server.request,
    opd: server.opd,
    fqdn: server.fqdn,
    subdomain: server.subdomain,
    type,
    content,
    ttl: config.ttl,
    proxied: server.proxied,
    comment: `kolokasi ${server.request}`,
    ...(server.movedFrom !== undefined ? { formerKey: `${server.movedFrom}/${type}` } : {}),
  });
  return [record('A', server.publicIpv4), ...(server.publicIpv6 !== undefined ? [record('AAAA', server.publicIpv6)] : [])];
}

export function serviceIntent(service: RequestService, config: StackConfig): ServiceIntent {
  const portFrom = service.port ?? service.portRange?.from ?? 0;
  const portTo = service.port ?? service.portRange?.to ?? portFrom;
  return { name: service.name, protocol: service.protocol, portFrom, portTo, sources: sourcesOf(service.access, config) };
}

function sourcesOf(access: RequestService['access'], config: StackConfig): Sources {
  if (access === 'public') return { kind: 'any' };
  if (access === 'intranet') {
    // One list for every service open to the intranet: thousands of them at 10,000 requests.
    let intranet = INTRANET_SOURCES.get(config);
    if (!intranet) INTRANET_SOURCES.set(config, (intranet = canonicalSources(config.intranet)));
    return intranet;
  }
  return canonicalSources(access);
}

const INTRANET_SOURCES = new WeakMap<StackConfig, Sources>();

/** Canonical text (lowercase, compressed IPv6) so that renderers and diffs compare like with like. */
function canonicalSources(cidrs: readonly string[]): Sources {
  return { kind: 'cidrs', cidrs: cidrs.map((c) => parseCidr(c)?.text ?? c) };
}
