// Checks across files and against the stack's policy: what a schema alone cannot say.
// Every problem is collected; a request with several mistakes hears about all of them.
import type { Allocation, Diagnostic, LoadedRequest, OpdRegistry, StackConfig } from './model.ts';
import { report, reportAs, type Place } from './catalog/index.ts';
import { locate } from './yaml.ts';
import { isPunycode } from './labels.ts';
import { canonicalAddress, cidrContainsAddress, embeddedIpv4, parseCidr, type Cidr } from './ip.ts';

/** The widest networks a restricted port may be opened to: wider ones are the internet in disguise. */
export const MIN_RESTRICTED_PREFIX_V4 = 8;
export const MIN_RESTRICTED_PREFIX_V6 = 32;

/** Ports the Cloudflare proxy can carry for a proxied record (its HTTP/HTTPS ports). */
const PROXYABLE_PORTS = new Set([80, 443, 2052, 2053, 2082, 2083, 2086, 2087, 2095, 2096, 8080, 8443, 8880]);

/**
 * `holdings` gives the ledger's allocations (request id -> addresses): who already holds a subdomain
 * or an address when several requests claim it. A function, because only a conflict needs it.
 */
export function checkPolicy(
  requests: readonly LoadedRequest[],
  registry: OpdRegistry,
  config: StackConfig,
  holdings: () => Readonly<Record<string, Allocation>> = () => ({}),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const registered = new Set(registry.opds.map((o) => o.slug));
  const reservedSubdomains = new Set(config.reservedSubdomains);
  const restricted = new Set(config.restrictedPorts);
  const publicV4 = config.pools.publicIpv4.map((p) => parseCidr(p.cidr)).filter((c): c is Cidr => c !== undefined);
  const publicV6 = config.pools.publicIpv6 ? parseCidr(config.pools.publicIpv6.cidr) : undefined;
  const privateV4 = parseCidr(config.pools.private.cidr);

  const bySubdomain = new Map<string, LoadedRequest[]>();
  const byPin = new Map<string, { request: LoadedRequest; pointer: string }[]>();

  for (const loaded of requests) {
    const { request: r, file, text, id } = loaded;
    const at = (pointer: string): Place => ({ file, at: locate(text, pointer), path: pointer });
    const [opdFromPath = '', nameFromPath = ''] = id.split('/');

    if (r.metadata.name !== nameFromPath) {
      out.push(report('KLK200', at('/metadata/name'), { name: r.metadata.name, fileName: nameFromPath }));
    }
    if (r.metadata.opd !== opdFromPath) {
      out.push(report('KLK201', at('/metadata/opd'), { opd: r.metadata.opd, directory: opdFromPath }));
    }
    if (!registered.has(opdFromPath)) {
      out.push(report('KLK202', at('/metadata/opd'), { opd: opdFromPath, registered: [...registered] }));
    }

    const subdomain = r.spec.dns.subdomain;
    if (reservedSubdomains.has(subdomain)) out.push(report('KLK215', at('/spec/dns/subdomain'), { subdomain, opd: opdFromPath }));
    if (isPunycode(subdomain)) out.push(report('KLK226', at('/spec/dns/subdomain'), { subdomain }));
    bySubdomain.set(subdomain, [...(bySubdomain.get(subdomain) ?? []), loaded]);

    // Pinned addresses: inside the right pool, canonical, and not claimed twice.
    const network = r.spec.network ?? {};
    const pins: [keyof typeof network, Cidr[] | undefined, string][] = [
      ['publicIpv4', publicV4, config.pools.publicIpv4.map((p) => p.cidr).join(', ')],
      ['privateIpv4', privateV4 ? [privateV4] : undefined, config.pools.private.cidr],
      ['publicIpv6', publicV6 ? [publicV6] : undefined, config.pools.publicIpv6?.cidr ?? '-'],
    ];
    for (const [field, pools, poolText] of pins) {
      const value = network[field];
      if (typeof value !== 'string') continue;
      const pointer = `/spec/network/${field}`;
      if (!pools || !pools.some((pool) => cidrContainsAddress(pool, value))) {
        out.push(report('KLK222', at(pointer), { field, address: value, pools: poolText }));
        continue;
      }
      const key = canonicalAddress(value) ?? value;
      byPin.set(key, [...(byPin.get(key) ?? []), { request: loaded, pointer }]);
    }
    if (network.publicIpv6 !== undefined && network.ipv6 !== true) {
      out.push(report('KLK225', at('/spec/network/publicIpv6'), { reason: 'pin-without-ipv6' }));
    }
    if (network.ipv6 === true && !config.pools.publicIpv6) {
      out.push(report('KLK225', at('/spec/network/ipv6'), { reason: 'no-ipv6-pool' }));
    }

    out.push(...checkServices(restricted, at, r.spec.services));

    if (r.spec.dns.proxied === true) {
      const publicPorts = r.spec.services.filter((s) => s.access === 'public').flatMap((s) => portsOf(s));
      if (!publicPorts.some((p) => p === 80 || p === 443)) out.push(report('KLK235', at('/spec/dns/proxied')));
      const unproxyable = [...new Set(publicPorts.filter((p) => !PROXYABLE_PORTS.has(p)))];
      if (unproxyable.length > 0) out.push(reportAs('warning', 'KLK236', at('/spec/dns/proxied'), { ports: unproxyable }));
    }
  }

  // A live request keeps what it holds: only the newcomer is told to change, and told who has it.
  // When none holds it yet, every claimant hears of the others: nothing says which one should yield.
  for (const [subdomain, claimants] of bySubdomain) {
    if (claimants.length < 2) continue;
    const allocations = holdings();
    const { blamed, holder } = toBlame(claimants, (c) => allocations[c.id] !== undefined);
    const ids = claimants.map((c) => c.id).sort();
    const pointer = '/spec/dns/subdomain';
    for (const claimant of blamed) {
      const place = { file: claimant.file, at: locate(claimant.text, pointer), path: pointer };
      out.push(report('KLK216', place, { subdomain, claimants: ids, holder: holder && { id: holder.id, file: holder.file } }));
    }
  }
  for (const [address, claimants] of byPin) {
    if (claimants.length < 2) continue;
    const allocations = holdings();
    const holds = (c: { request: LoadedRequest }) => {
      const held = allocations[c.request.id];
      return held !== undefined && [held.publicIpv4, held.privateIpv4, held.publicIpv6].some((a) => a !== undefined && (canonicalAddress(a) ?? a) === address);
    };
    const { blamed, holder } = toBlame(claimants, holds);
    const ids = claimants.map((c) => c.request.id).sort();
    for (const { request, pointer } of blamed) {
      const place = { file: request.file, at: locate(request.text, pointer), path: pointer };
      out.push(report('KLK223', place, { address, claimants: ids, holder: holder?.request.id }));
    }
  }
  return out;
}

/** Of the requests claiming one thing: all of them, unless exactly one already holds it (it is spared). */
function toBlame<T>(claimants: readonly T[], holds: (c: T) => boolean): { blamed: readonly T[]; holder?: T } {
  const holders = claimants.filter(holds);
  if (holders.length !== 1) return { blamed: claimants };
  const holder = holders[0]!;
  return { blamed: claimants.filter((c) => c !== holder), holder };
}

function portsOf(service: { port?: number; portRange?: { from: number; to: number } }): number[] {
  if (service.port !== undefined) return [service.port];
  if (!service.portRange) return [];
  const { from, to } = service.portRange;
  const list: number[] = [];
  for (let p = from; p <= to && list.length < 65536; p++) list.push(p);
  return list;
}

function checkServices(
  restricted: Set<number>,
  at: (pointer: string) => Place,
  services: LoadedRequest['request']['spec']['services'],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen: { protocol: string; from: number; to: number; index: number }[] = [];
  const names = new Map<string, number>();
  services.forEach((service, index) => {
    const base = `/spec/services/${index}`;
    let from = service.port ?? service.portRange?.from ?? 0;
    let to = service.port ?? service.portRange?.to ?? 0;
    if (service.portRange && service.portRange.from > service.portRange.to) {
      out.push(report('KLK220', at(`${base}/portRange`), { kind: 'reversed', from: service.portRange.from, to: service.portRange.to }));
      [from, to] = [to, from];
    }
    const previousName = names.get(service.name);
    if (previousName !== undefined) out.push(report('KLK233', at(`${base}/name`), { service: service.name, other: previousName + 1 }));
    names.set(service.name, index);
    const overlap = seen.find((s) => s.protocol === service.protocol && s.from <= to && from <= s.to);
    if (overlap) {
      out.push(report('KLK232', at(base), { service: service.name, other: overlap.index + 1, protocol: service.protocol, port: Math.max(from, overlap.from) }));
    }
    seen.push({ protocol: service.protocol, from, to, index });

    if (Array.isArray(service.access)) {
      service.access.forEach((entry, i) => {
        if (parseCidr(entry)) return;
        const withHostBits = parseCidr(entry, true);
        const facts = withHostBits ? { kind: 'host-bits' as const, entry, network: withHostBits.text } : { kind: 'invalid' as const, entry };
        out.push(report('KLK221', at(`${base}/access/${i}`), facts));
      });
    }

    const restrictedHit = [...restricted].filter((p) => p >= from && p <= to).sort((a, b) => a - b);
    if (restrictedHit.length === 0) return;
    const ports = { ports: restrictedHit, range: service.portRange ? { from, to } : undefined };
    // 0.0.0.0/0, ::/0, a few huge blocks or the IPv4 internet written in IPv6 (::ffff:0.0.0.0/96)
    // are the public internet by another name.
    const tooWide = Array.isArray(service.access)
      ? service.access.flatMap((entry) => {
          const cidr = parseCidr(entry, true);
          if (cidr === undefined) return [];
          if (cidr.prefix < (cidr.family === 4 ? MIN_RESTRICTED_PREFIX_V4 : MIN_RESTRICTED_PREFIX_V6)) return [{ network: entry }];
          const ipv4 = embeddedIpv4(cidr);
          return ipv4 !== undefined && ipv4.prefix < MIN_RESTRICTED_PREFIX_V4 ? [{ network: entry, ipv4: ipv4.text }] : [];
        })
      : [];
    if (tooWide.length > 0) {
      const widest = { ipv4: MIN_RESTRICTED_PREFIX_V4, ipv6: MIN_RESTRICTED_PREFIX_V6 };
      out.push(report('KLK230', at(`${base}/access`), { ...ports, openTo: 'networks', networks: tooWide, widest }));
    }
    else if (service.access === 'public') out.push(report('KLK230', at(`${base}/access`), { ...ports, openTo: 'public' }));
    else if (!service.justification) out.push(report('KLK231', at(base), ports));
  });
  return out;
}
