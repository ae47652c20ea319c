// Checks across files and against the stack's policy: what a schema alone cannot say.
// Every problem is collected; a request with several mistakes hears about all of them.
import type { Allocation, Diagnostic, LoadedRequest, OpdRegistry, StackConfig, Text } from './model.ts';
import { diagnostic } from './diagnostics.ts';
import { locate } from './yaml.ts';
import { isDnsLabel, isPunycode } from './labels.ts';
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
    const report = (code: string, pointer: string, message: Text, hint: Text, severity: 'error' | 'warning' = 'error') =>
      out.push(diagnostic(code, file, locate(text, pointer), pointer, message, hint, severity));
    const [opdFromPath = '', nameFromPath = ''] = id.split('/');

    if (r.metadata.name !== nameFromPath) {
      report('KLK200', '/metadata/name', {
        en: `metadata.name '${r.metadata.name}' differs from the file name '${nameFromPath}.yaml'`,
        id: `metadata.name '${r.metadata.name}' berbeda dengan nama berkas '${nameFromPath}.yaml'`,
      }, isDnsLabel(nameFromPath)
        ? { en: `set name: ${nameFromPath}, or rename the file to ${r.metadata.name}.yaml`, id: `isi name: ${nameFromPath}, atau ganti nama berkas menjadi ${r.metadata.name}.yaml` }
        : { en: `rename the file to ${r.metadata.name}.yaml`, id: `ganti nama berkas menjadi ${r.metadata.name}.yaml` });
    }
    if (r.metadata.opd !== opdFromPath) {
      report('KLK201', '/metadata/opd', {
        en: `metadata.opd '${r.metadata.opd}' differs from the directory 'requests/${opdFromPath}/'`,
        id: `metadata.opd '${r.metadata.opd}' berbeda dengan folder 'requests/${opdFromPath}/'`,
      }, isDnsLabel(opdFromPath)
        ? { en: `set opd: ${opdFromPath}, or move the file to requests/${r.metadata.opd}/`, id: `isi opd: ${opdFromPath}, atau pindahkan berkas ke requests/${r.metadata.opd}/` }
        : { en: `move the file to requests/${r.metadata.opd}/`, id: `pindahkan berkas ke requests/${r.metadata.opd}/` });
    }
    if (!registered.has(opdFromPath)) {
      report('KLK202', '/metadata/opd', {
        en: `OPD '${opdFromPath}' is not registered`,
        id: `OPD '${opdFromPath}' belum terdaftar`,
      }, {
        en: `registered: ${[...registered].sort().join(', ')}; a new OPD is added to requests/opds.yaml by Bidang Aplikasi`,
        id: `yang terdaftar: ${[...registered].sort().join(', ')}; OPD baru ditambahkan ke requests/opds.yaml oleh Bidang Aplikasi`,
      });
    }

    const subdomain = r.spec.dns.subdomain;
    if (reservedSubdomains.has(subdomain)) {
      report('KLK215', '/spec/dns/subdomain', {
        en: `subdomain '${subdomain}' is reserved by DKISP`,
        id: `subdomain '${subdomain}' dicadangkan oleh DKISP`,
      }, {
        en: `choose another name, e.g. ${subdomain}-${opdFromPath}`,
        id: `pilih nama lain, mis. ${subdomain}-${opdFromPath}`,
      });
    }
    if (isPunycode(subdomain)) {
      report('KLK226', '/spec/dns/subdomain', {
        en: `subdomain '${subdomain}' is an internationalised (punycode) name`,
        id: `subdomain '${subdomain}' adalah nama internasional (punycode)`,
      }, {
        en: 'use a plain ASCII name (a-z, 0-9, -): an internationalised name can look exactly like another one (look-alike letters), so the city accepts ASCII names only',
        id: 'gunakan nama ASCII biasa (a-z, 0-9, -): nama internasional dapat tampak persis seperti nama lain (huruf yang mirip), jadi kota hanya menerima nama ASCII',
      });
    }
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
        report('KLK222', pointer, {
          en: `pinned ${field} ${value} is outside the stack's pool (${poolText})`,
          id: `${field} yang dipatok ${value} berada di luar pool stack (${poolText})`,
        }, {
          en: 'pin only an address the server already has inside the pool, or remove the pin to get one allocated',
          id: 'patok hanya alamat yang sudah dimiliki server di dalam pool, atau hapus patokan agar alamat dialokasikan',
        });
        continue;
      }
      const key = canonicalAddress(value) ?? value;
      byPin.set(key, [...(byPin.get(key) ?? []), { request: loaded, pointer }]);
    }
    if (network.publicIpv6 !== undefined && network.ipv6 !== true) {
      report('KLK225', '/spec/network/publicIpv6', {
        en: 'a pinned publicIpv6 needs ipv6: true',
        id: 'publicIpv6 yang dipatok memerlukan ipv6: true',
      }, { en: 'add ipv6: true under network', id: 'tambahkan ipv6: true di bawah network' });
    }
    if (network.ipv6 === true && !config.pools.publicIpv6) {
      report('KLK225', '/spec/network/ipv6', {
        en: 'this stack has no public IPv6 pool',
        id: 'stack ini tidak memiliki pool IPv6 publik',
      }, { en: 'remove ipv6: true, or ask the NOC for an IPv6 pool', id: 'hapus ipv6: true, atau minta pool IPv6 ke NOC' });
    }

    checkServices(loaded, restricted, report);

    if (r.spec.dns.proxied === true) {
      const publicPorts = r.spec.services.filter((s) => s.access === 'public').flatMap((s) => portsOf(s));
      if (!publicPorts.some((p) => p === 80 || p === 443)) {
        report('KLK235', '/spec/dns/proxied', {
          en: 'proxied: true needs a public web service on port 80 or 443',
          id: 'proxied: true memerlukan layanan web publik di port 80 atau 443',
        }, { en: 'set proxied: false, or declare the web service', id: 'isi proxied: false, atau deklarasikan layanan webnya' });
      }
      const unproxyable = [...new Set(publicPorts.filter((p) => !PROXYABLE_PORTS.has(p)))];
      if (unproxyable.length > 0) {
        report('KLK236', '/spec/dns/proxied', {
          en: `through the Cloudflare proxy, public port(s) ${unproxyable.join(', ')} will not be reachable by name`,
          id: `melalui proxy Cloudflare, port publik ${unproxyable.join(', ')} tidak dapat dicapai lewat nama`,
        }, {
          en: 'use a separate, unproxied request for non-web services',
          id: 'gunakan permohonan terpisah tanpa proxy untuk layanan non-web',
        }, 'warning');
      }
    }
  }

  // A live request keeps what it holds: only the newcomer is told to change, and told who has it.
  // When none holds it yet, every claimant hears of the others: nothing says which one should yield.
  for (const [subdomain, claimants] of bySubdomain) {
    if (claimants.length < 2) continue;
    const allocations = holdings();
    const { blamed, holder } = toBlame(claimants, (c) => allocations[c.id] !== undefined);
    const ids = listed(claimants.map((c) => c.id).sort());
    for (const claimant of blamed) {
      out.push(diagnostic('KLK216', claimant.file, locate(claimant.text, '/spec/dns/subdomain'), '/spec/dns/subdomain', holder
        ? {
            en: `subdomain '${subdomain}' is already held by ${holder.id} (${holder.file}), a live request`,
            id: `subdomain '${subdomain}' sudah dipegang ${holder.id} (${holder.file}), permohonan yang sudah berjalan`,
          }
        : {
            en: `subdomain '${subdomain}' is requested by ${ids.en}; none of them holds it yet`,
            id: `subdomain '${subdomain}' diminta oleh ${ids.id}; belum ada yang memegangnya`,
          }, holder
        ? { en: `choose another subdomain for this request; ${holder.id} keeps '${subdomain}'`, id: `pilih subdomain lain untuk permohonan ini; ${holder.id} tetap memakai '${subdomain}'` }
        : { en: 'each subdomain belongs to one request; agree which one keeps it and choose another for the others', id: 'setiap subdomain milik satu permohonan; sepakati mana yang memakainya dan pilih yang lain untuk sisanya' }));
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
    const ids = listed(claimants.map((c) => c.request.id).sort());
    for (const { request, pointer } of blamed) {
      out.push(diagnostic('KLK223', request.file, locate(request.text, pointer), pointer, holder
        ? { en: `address ${address} is already held by ${holder.request.id}, a live request`, id: `alamat ${address} sudah dipegang ${holder.request.id}, permohonan yang sudah berjalan` }
        : { en: `address ${address} is pinned by ${ids.en}`, id: `alamat ${address} dipatok oleh ${ids.id}` },
      holder
        ? { en: 'pin only an address this server already has, or remove the pin to get a free one', id: 'patok hanya alamat yang sudah dimiliki server ini, atau hapus patokan agar mendapat alamat bebas' }
        : { en: 'an address belongs to one server; fix the pin', id: 'satu alamat untuk satu server; perbaiki patokannya' }));
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

/** A few names and a count: a message about thousands of files must stay readable (and small). */
function listed(ids: readonly string[], shown = 4): Text {
  if (ids.length <= shown + 1) return { en: ids.join(', '), id: ids.join(', ') };
  const head = ids.slice(0, shown).join(', ');
  return { en: `${head} and ${ids.length - shown} more`, id: `${head} dan ${ids.length - shown} lainnya` };
}

/** Consecutive ports as ranges: 21, 22, 23, 3306 -> 21-23, 3306. */
function portRuns(ports: readonly number[]): string[] {
  const runs: [number, number][] = [];
  for (const port of ports) {
    const last = runs[runs.length - 1];
    if (last && port === last[1] + 1) last[1] = port;
    else runs.push([port, port]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
}

/**
 * "port 22 is" / "ports 21-23 inside the range 20-25 are", and for a public range the pieces of
 * the range that stay open once the restricted ports are taken out.
 */
function restrictedWords(ports: readonly number[], range: { from: number; to: number } | undefined): Text & { them: string; split?: Text } {
  const runs = portRuns(ports).join(', ');
  const plural = ports.length > 1;
  const inside = range ? { en: ` inside the range ${range.from}-${range.to}`, id: ` di dalam rentang ${range.from}-${range.to}` } : { en: '', id: '' };
  const words = {
    en: `${plural ? 'ports' : 'port'} ${runs}${inside.en} ${plural ? 'are' : 'is'}`,
    id: `port ${runs}${inside.id}`,
    them: plural ? 'them' : 'it',
  };
  if (!range) return words;
  const open: number[] = [];
  for (let p = range.from; p <= range.to && open.length < 65536; p++) if (!ports.includes(p)) open.push(p);
  const rest = portRuns(open).join(', ');
  return {
    ...words,
    split: {
      en: `${plural ? 'ports' : 'port'} ${runs} ${plural ? 'are' : 'is'} restricted: ${rest ? `open ${rest} instead of the whole range` : 'remove the range'}, and declare the restricted ${plural ? 'ports' : 'port'} as ${plural ? 'their own services' : 'its own service'} limited to the intranet or your office's CIDRs, with a justification`,
      id: `port ${runs} dibatasi: ${rest ? `buka ${rest} saja, bukan seluruh rentang` : 'hapus rentangnya'}, dan deklarasikan port yang dibatasi sebagai layanan tersendiri yang hanya untuk intranet atau CIDR kantor Anda, disertai justifikasi`,
    },
  };
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
  loaded: LoadedRequest,
  restricted: Set<number>,
  report: (code: string, pointer: string, message: Text, hint: Text, severity?: 'error' | 'warning') => void,
): void {
  const seen: { protocol: string; from: number; to: number; index: number }[] = [];
  const names = new Map<string, number>();
  loaded.request.spec.services.forEach((service, index) => {
    const base = `/spec/services/${index}`;
    let from = service.port ?? service.portRange?.from ?? 0;
    let to = service.port ?? service.portRange?.to ?? 0;
    if (service.portRange && service.portRange.from > service.portRange.to) {
      report('KLK220', `${base}/portRange`, {
        en: `port range ${service.portRange.from}-${service.portRange.to} is reversed`,
        id: `rentang port ${service.portRange.from}-${service.portRange.to} terbalik`,
      }, {
        en: `write from: ${service.portRange.to}, to: ${service.portRange.from}`,
        id: `tulis from: ${service.portRange.to}, to: ${service.portRange.from}`,
      });
      [from, to] = [to, from];
    }
    const previousName = names.get(service.name);
    if (previousName !== undefined) {
      report('KLK233', `${base}/name`, {
        en: `service name '${service.name}' is already used by service #${previousName + 1}`,
        id: `nama layanan '${service.name}' sudah dipakai layanan ke-${previousName + 1}`,
      }, { en: 'give each service its own name', id: 'beri setiap layanan nama sendiri' });
    }
    names.set(service.name, index);
    const overlap = seen.find((s) => s.protocol === service.protocol && s.from <= to && from <= s.to);
    if (overlap) {
      report('KLK232', base, {
        en: `service '${service.name}' overlaps service #${overlap.index + 1} on ${service.protocol} ${Math.max(from, overlap.from)}`,
        id: `layanan '${service.name}' bertumpang tindih dengan layanan ke-${overlap.index + 1} pada ${service.protocol} ${Math.max(from, overlap.from)}`,
      }, {
        en: 'declare each port once; list every allowed source on that one service',
        id: 'deklarasikan setiap port sekali; tulis semua sumber yang diizinkan pada satu layanan itu',
      });
    }
    seen.push({ protocol: service.protocol, from, to, index });

    if (Array.isArray(service.access)) {
      service.access.forEach((entry, i) => {
        if (parseCidr(entry)) return;
        const withHostBits = parseCidr(entry, true);
        report('KLK221', `${base}/access/${i}`, {
          en: withHostBits
            ? `'${entry}' has host bits set; the network is ${withHostBits.text}`
            : `'${entry}' is not a valid network (address/prefix, prefix at most 32 for IPv4 and 128 for IPv6)`,
          id: withHostBits
            ? `'${entry}' memiliki bit host; jaringannya adalah ${withHostBits.text}`
            : `'${entry}' bukan jaringan yang sah (alamat/prefiks, prefiks paling besar 32 untuk IPv4 dan 128 untuk IPv6)`,
        }, withHostBits
          ? { en: `write ${withHostBits.text}`, id: `tulis ${withHostBits.text}` }
          : { en: 'e.g. 10.10.0.0/16 or 192.0.2.7/32', id: 'mis. 10.10.0.0/16 atau 192.0.2.7/32' });
      });
    }

    const restrictedHit = [...restricted].filter((p) => p >= from && p <= to).sort((a, b) => a - b);
    if (restrictedHit.length === 0) return;
    const ports = restrictedWords(restrictedHit, service.portRange ? { from, to } : undefined);
    // 0.0.0.0/0, ::/0, a few huge blocks or the IPv4 internet written in IPv6 (::ffff:0.0.0.0/96)
    // are the public internet by another name.
    const tooWide = Array.isArray(service.access)
      ? service.access.flatMap((entry) => {
          const cidr = parseCidr(entry, true);
          if (cidr === undefined) return [];
          if (cidr.prefix < (cidr.family === 4 ? MIN_RESTRICTED_PREFIX_V4 : MIN_RESTRICTED_PREFIX_V6)) return [entry];
          const ipv4 = embeddedIpv4(cidr);
          return ipv4 !== undefined && ipv4.prefix < MIN_RESTRICTED_PREFIX_V4 ? [`${entry} (= IPv4 ${ipv4.text})`] : [];
        })
      : [];
    if (tooWide.length > 0) {
      report('KLK230', `${base}/access`, {
        en: `${ports.en} restricted, and ${tooWide.join(', ')} opens ${ports.them} to a large part of the internet`,
        id: `${ports.id} dibatasi, dan ${tooWide.join(', ')} membukanya untuk sebagian besar internet`,
      }, {
        en: `list only the networks that need it, each /${MIN_RESTRICTED_PREFIX_V4} or narrower (IPv6: /${MIN_RESTRICTED_PREFIX_V6}; an IPv4 network written in IPv6, such as ::ffff:0.0.0.0/96, counts as the IPv4 network it holds), or use intranet`,
        id: `tulis hanya jaringan yang memerlukannya, masing-masing /${MIN_RESTRICTED_PREFIX_V4} atau lebih sempit (IPv6: /${MIN_RESTRICTED_PREFIX_V6}; jaringan IPv4 yang ditulis dalam IPv6, seperti ::ffff:0.0.0.0/96, dihitung sebagai jaringan IPv4 yang dimuatnya), atau gunakan intranet`,
      });
    } else if (service.access === 'public') {
      report('KLK230', `${base}/access`, {
        en: `${ports.en} restricted and may never be open to the public`,
        id: `${ports.id} dibatasi dan tidak boleh dibuka untuk publik`,
      }, ports.split ?? {
        en: 'limit access to the intranet or to the CIDRs of your office, with a justification',
        id: 'batasi akses ke intranet atau CIDR kantor Anda, disertai justifikasi',
      });
    } else if (!service.justification) {
      report('KLK231', base, {
        en: `${ports.en} restricted: access needs a justification`,
        id: `${ports.id} dibatasi: akses memerlukan justifikasi`,
      }, {
        en: 'add justification: why this access is needed and from where',
        id: 'tambahkan justification: mengapa akses ini diperlukan dan dari mana',
      });
    }
  });
}
