// The target-neutral policy: what it says for the example, how it merges overlapping
// declarations without changing their meaning, and what it refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol, ServiceIntent, Sources } from '../../src/core/model.ts';
import { buildFirewallPolicy, featuresOf, type AllowRule } from '../../src/core/firewall.ts';
import { parseCidr, cidrContainsAddress } from '../../src/core/ip.ts';
import { ANY, cidrs, desired, devConfig, edgeDesired, exampleDesired, INTRANET_SOURCES, server, service } from './fixtures.ts';

function build(servers = exampleDesired().servers) {
  return buildFirewallPolicy(desired(servers), devConfig());
}

describe('policy for the example requests', () => {
  const { policy, diagnostics } = build();

  it('has no diagnostics and takes interfaces, LAN and intranet from the stack', () => {
    expect(diagnostics).toEqual([]);
    expect(policy.interfaces).toEqual({ wan: 'eth0', lan: 'eth1' });
    expect(policy.lanIpv4).toBe('10.20.30.0/24');
    expect(policy.colocationIpv6).toEqual(['2001:db8:7a::/64']);
    expect(policy.intranet).toEqual(['10.10.0.0/16', '10.11.0.0/16']);
  });

  it('maps every server 1:1, sorted by request id', () => {
    expect(policy.nat.map((r) => `${r.request} ${r.publicIpv4} ${r.privateIpv4}`)).toEqual([
      'bapenda/esppt 203.0.113.4 10.20.30.4',
      'bkpsdm/absensi 203.0.113.20 10.20.30.20',
      'bkpsdm/simpeg 203.0.113.5 10.20.30.5',
      'dinkes/sik 203.0.113.6 10.20.30.6',
      'disdukcapil/sipadu 203.0.113.7 10.20.30.7',
      'dkisp/monitoring 203.0.113.8 10.20.30.8',
      'dkisp/satudata 203.0.113.9 10.20.30.9',
    ]);
  });

  it('translates only declared ports, and filters IPv6 without NAT', () => {
    expect(policy.dnat.filter((r) => r.request === 'bkpsdm/simpeg').map((r) => `${r.protocol}/${r.ports.from}`)).toEqual(['tcp/22', 'tcp/80', 'tcp/443']);
    const simpeg6 = policy.allows.filter((r) => r.request === 'bkpsdm/simpeg' && r.family === 6);
    // ssh is for 10.10.0.0/16 only: no IPv6 source, so no IPv6 rule.
    expect(simpeg6.map((r) => `${r.destination} ${r.protocol}/${r.ports.from}`)).toEqual(['2001:db8:7a::2 tcp/80', '2001:db8:7a::2 tcp/443']);
  });
});

describe('the guard of the public pools', () => {
  it('guards every pool as written, except the gateway and its reserved addresses', () => {
    const { policy } = build();
    expect(policy.guard).toEqual({
      ipv4: { pools: ['198.51.100.0/28', '203.0.113.0/26'], except: ['198.51.100.1', '203.0.113.1', '203.0.113.2', '203.0.113.3'] },
      ipv6: { pools: ['2001:db8:7a::/64'], except: ['2001:db8:7a::1'] },
    });
  });

  it('is the same for no server and for many: it depends on the pools, not on the allocations', () => {
    expect(build([]).policy.guard).toEqual(build().policy.guard);
  });

  it('keeps the outermost of nested own entries, drops entries outside their pool, and refuses a pool that is no CIDR', () => {
    const config = devConfig();
    config.pools.publicIpv4 = [
      { name: 'a', cidr: '203.0.113.0/26', gateway: '203.0.113.1', reserved: ['203.0.113.0/30', '203.0.113.2', '198.51.100.5', '2001:db8:7a::9'] },
      { name: 'b', cidr: 'not-a-pool', gateway: '198.51.100.1' },
    ];
    delete config.pools.publicIpv6;
    const { policy, diagnostics } = buildFirewallPolicy(desired([]), config);
    expect(policy.guard).toEqual({ ipv4: { pools: ['203.0.113.0/26'], except: ['203.0.113.0/30'] }, ipv6: { pools: [], except: [] } });
    expect(diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual(['KLK603 /config/kolokasi:pools/publicIpv4/1/cidr']);
  });
});

describe('merging overlapping declarations', () => {
  const { policy, diagnostics } = buildFirewallPolicy(edgeDesired(), devConfig());
  const spans = (request: string, family: 4 | 6, protocol: Protocol) =>
    policy.allows
      .filter((r) => r.request === request && r.family === family && r.protocol === protocol)
      .map((r) => `${r.ports.from}-${r.ports.to} ${r.sources.kind === 'any' ? 'any' : r.sources.cidrs.join(',')} [${r.services.join(',')}]`);

  it('cuts a range where a single port differs and keeps the rest', () => {
    expect(spans('dkisp/ranges', 4, 'tcp')).toEqual([
      '53-53 any [dns-tcp]',
      '8080-8084 10.10.0.0/16,10.11.0.0/16 [loket]',
      '8085-8085 any [loket,status]',
      '8086-8089 10.10.0.0/16,10.11.0.0/16 [loket]',
      '9000-9000 10.0.0.0/8 [admin]',
    ]);
  });

  it('splits sources by family; ::/0 means anyone', () => {
    expect(spans('dkisp/ranges', 6, 'tcp')).toEqual(['53-53 any [dns-tcp]', '8085-8085 any [status]', '9000-9000 any [admin,admin-v6]']);
  });

  it('joins touching spans for DNAT, not for the filter', () => {
    expect(spans('dkisp/ranges', 4, 'udp')).toEqual(['53-53 any [dns]', '10000-10099 any [media-a]', '10100-10199 any [media-b]']);
    expect(policy.dnat.filter((r) => r.request === 'dkisp/ranges' && r.protocol === 'udp').map((r) => `${r.ports.from}-${r.ports.to} ${r.services.join(',')}`)).toEqual([
      '53-53 dns',
      '10000-10199 media-a,media-b',
    ]);
  });

  it('warns, naming the service, when a service opens nothing', () => {
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'KLK605', severity: 'warning', file: 'requests/dkisp/v6only-sources.yaml' }),
    ]);
    expect(diagnostics[0]!.message.en).toContain('mgmt');
  });

  it('never changes who may reach what (checked against the declarations, packet by packet)', () => {
    const family4 = fc.constantFrom('10.10.1.1', '10.11.200.3', '10.99.0.1', '192.0.2.7', '203.0.113.50');
    const declaration = fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      protocol: fc.constantFrom<Protocol>('tcp', 'udp'),
      from: fc.integer({ min: 1, max: 40 }),
      length: fc.integer({ min: 0, max: 15 }),
      sources: fc.oneof(
        fc.constant<Sources>(ANY),
        fc.subarray(['10.10.0.0/16', '10.0.0.0/8', '10.11.0.0/16', '192.0.2.0/24', '0.0.0.0/0', '2001:db8::/32'], { minLength: 1 }).map((list) => cidrs(...list)),
      ),
    });
    fc.assert(
      fc.property(fc.array(declaration, { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(family4, fc.constantFrom<Protocol>('tcp', 'udp'), fc.integer({ min: 1, max: 60 })), { minLength: 20, maxLength: 20 }), (declared, packets) => {
        const services: ServiceIntent[] = declared.map((d) => service(d.name, d.protocol, [d.from, d.from + d.length], d.sources));
        const built = buildFirewallPolicy(desired([server('x/y', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, services)]), devConfig());
        const allows = built.policy.allows.filter((r) => r.family === 4);
        // No two spans of one protocol overlap, and no source holds another: what nft sets need.
        for (const a of allows) {
          for (const b of allows) {
            if (a === b || a.protocol !== b.protocol) continue;
            expect(a.ports.to < b.ports.from || b.ports.to < a.ports.from).toBe(true);
          }
          if (a.sources.kind === 'cidrs') {
            const list = a.sources.cidrs.map((c) => parseCidr(c)!);
            for (const x of list) for (const y of list) if (x !== y) expect(x.base <= y.base && y.base <= x.base + (1n << BigInt(32 - x.prefix)) - 1n).toBe(false);
          }
        }
        for (const [source, protocol, port] of packets) {
          const declaredAllows = services.some(
            (s) => s.protocol === protocol && s.portFrom <= port && port <= s.portTo && matches(s.sources, source),
          );
          const policyAllows = allows.some((r: AllowRule) => r.protocol === protocol && r.ports.from <= port && port <= r.ports.to && matches(r.sources, source));
          expect(policyAllows, `${source} ${protocol}/${port}`).toBe(declaredAllows);
          const translated = built.policy.dnat.some((r) => r.protocol === protocol && r.ports.from <= port && port <= r.ports.to);
          expect(translated || !declaredAllows).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

function matches(sources: Sources, address: string): boolean {
  return sources.kind === 'any' || sources.cidrs.some((text) => cidrContainsAddress(parseCidr(text)!, address));
}

describe('refusals of the model', () => {
  it('refuses two servers on one address, naming both', () => {
    const servers = [
      server('a/one', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, [service('https', 'tcp', 443, ANY)]),
      server('a/two', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.41' }, [service('https', 'tcp', 443, ANY)]),
    ];
    const { diagnostics } = build(servers);
    expect(diagnostics.map((d) => d.code)).toEqual(['KLK608']);
    expect(diagnostics[0]!.message.en).toContain('a/one');
    expect(diagnostics[0]!.message.en).toContain('a/two');
  });

  it('refuses a private address outside the colocation LAN and an IPv6 outside the pool', () => {
    const servers = [
      server('a/lan', { publicIpv4: '203.0.113.40', privateIpv4: '10.99.0.4' }, []),
      server('a/v6', { publicIpv4: '203.0.113.41', privateIpv4: '10.20.30.41', publicIpv6: '2001:db8:ffff::1' }, []),
    ];
    expect(build(servers).diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['KLK604 requests/a/lan.yaml', 'KLK604 requests/a/v6.yaml']);
  });

  it('refuses an IPv6 address when the stack has no IPv6 pool', () => {
    const { publicIpv6: _none, ...pools } = devConfig().pools;
    const state = desired([server('a/v6', { publicIpv4: '203.0.113.41', privateIpv4: '10.20.30.41', publicIpv6: '2001:db8:7a::9' }, [])]);
    expect(buildFirewallPolicy(state, { ...devConfig(), pools }).diagnostics.map((d) => d.code)).toEqual(['KLK604']);
  });

  it('refuses ports, protocols, sources and addresses that are not what they claim', () => {
    const bad: ServiceIntent[] = [
      { ...service('zero', 'tcp', 443, ANY), portFrom: 0 },
      { ...service('reversed', 'tcp', [90, 80], ANY) },
      { ...service('huge', 'udp', 70000, ANY) },
      { ...service('icmp', 'tcp', 1, ANY), protocol: 'icmp' as Protocol },
      service('hostbits', 'tcp', 22, cidrs('10.10.5.0/16')),
      service('empty', 'tcp', 22, cidrs()),
    ];
    for (const item of bad) {
      const { diagnostics } = build([server('a/b', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, [item])]);
      expect(diagnostics.map((d) => d.code), item.name).toEqual(['KLK603']);
      expect(diagnostics[0]!.message.en, item.name).toContain(item.name);
    }
    const badAddress = build([server('a/b', { publicIpv4: '203.0.113', privateIpv4: '10.20.30.40' }, [])]);
    expect(badAddress.diagnostics.map((d) => d.code)).toEqual(['KLK603']);
  });

  it('names the features a rule needs', () => {
    const { policy } = buildFirewallPolicy(edgeDesired(), devConfig());
    const features = new Set([...policy.nat, ...policy.dnat, ...policy.allows].flatMap(featuresOf));
    expect([...features].sort()).toEqual(['dnat-per-port', 'gateway-guard', 'hairpin-nat', 'ipv6-filter', 'one-to-one-nat', 'port-range', 'source-cidrs']);
  });

  it('expands nothing itself: intranet sources arrive expanded', () => {
    const { policy } = build([server('a/b', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, [service('x', 'tcp', 1, INTRANET_SOURCES)])]);
    expect(policy.allows[0]!.sources).toEqual({ kind: 'cidrs', cidrs: ['10.10.0.0/16', '10.11.0.0/16'] });
  });
});
