// For `npm run bench`, in fresh network namespaces (root and nft needed, as for the namespace
// tests): the time `nft -f` takes to load the nftables file of many servers, beside the time it
// takes to load an empty table there (the floor of the same run); and what one lookup in its hash
// and interval sets costs a packet.
import { performance } from 'node:perf_hooks';
import { buildFirewallPolicy } from '../../src/core/firewall.ts';
import { renderNftables } from '../../src/render/firewall/nftables.ts';
import { manyConfig, manyDesired } from './fixtures.ts';
import { Namespace } from './netns.ts';

export interface NftLoadMeasure {
  servers: number;
  /** Seconds `nft -f` took for the rendered file. */
  loadSeconds: number;
  /** Seconds `nft -f` took for one empty table, in the same namespace, just before. */
  floorSeconds: number;
  /** Rules and set or map elements the kernel holds afterwards. */
  rules: number;
  elements: number;
}

function renderedFor(servers: number): string {
  const { policy, diagnostics } = buildFirewallPolicy(manyDesired(servers), manyConfig(servers));
  if (diagnostics.length > 0) throw new Error(`the generated servers do not build: ${JSON.stringify(diagnostics[0])}`);
  return renderNftables(policy);
}

export function measureNftLoad(servers = 10_000): NftLoadMeasure {
  const text = renderedFor(servers);
  const ns = new Namespace('load');
  try {
    const timed = (content: string) =>
      ns.withFile(content, (file) => {
        const started = performance.now();
        ns.exec('nft', ['-f', file]);
        return String((performance.now() - started) / 1000);
      });
    const floorSeconds = Number(timed('table inet kolokasi_floor {}\n'));
    const loadSeconds = Number(timed(text));
    const listed = JSON.parse(ns.exec('nft', ['-j', 'list', 'ruleset'])) as { nftables: Record<string, { elem?: unknown[] }>[] };
    const rules = listed.nftables.filter((entry) => 'rule' in entry).length;
    const elements = listed.nftables.reduce((sum, entry) => sum + ((entry.set ?? entry.map)?.elem?.length ?? 0), 0);
    return { servers, loadSeconds, floorSeconds, rules, elements };
  } finally {
    ns.remove();
  }
}

export interface NftLookupMeasure {
  servers: number;
  packets: number;
  /** Seconds to send the packets through an empty output chain: the floor. */
  floorSeconds: number;
  /** Extra microseconds per packet for one lookup in the hash set of exact matches (open_ipv4). */
  hashMicroseconds: number;
  /** The same for the interval set of source networks and port ranges (allowed_ipv4). */
  intervalMicroseconds: number;
}

/**
 * Sends UDP packets out of a namespace holding the servers' ruleset through an output chain that
 * does one set lookup per packet, and through the same chain empty; the difference per packet is
 * the lookup. Medians of `rounds` interleaved runs. The packets miss both sets, as a scan does.
 */
export function measureNftLookup(servers = 10_000, packets = 100_000, rounds = 3): NftLookupMeasure {
  const ns = new Namespace('lookup');
  try {
    // The packets leave through a veth pair towards a permanent neighbour, so no ARP is needed,
    // and the other end drops them (the namespace does not forward).
    ns.ip('link', 'add', 'bench0', 'type', 'veth', 'peer', 'name', 'bench1');
    ns.ip('link', 'set', 'bench0', 'up');
    ns.ip('link', 'set', 'bench1', 'up');
    ns.ip('addr', 'add', '10.99.0.1/24', 'dev', 'bench0');
    ns.ip('neigh', 'add', '10.99.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'bench0', 'nud', 'permanent');
    ns.ip('route', 'add', '10.20.0.0/16', 'via', '10.99.0.2', 'dev', 'bench0');
    ns.withFile(renderedFor(servers), (file) => ns.exec('nft', ['-f', file]));
    ns.exec('nft', ['add chain inet kolokasi_filter lookup_bench { type filter hook output priority 0; policy accept; }']);
    const lookups = {
      floor: undefined,
      hash: 'ip daddr . meta l4proto . th dport @open_ipv4 counter',
      interval: 'ip saddr . ip daddr . meta l4proto . th dport @allowed_ipv4 counter',
    } as const;
    const seconds: Record<keyof typeof lookups, number[]> = { floor: [], hash: [], interval: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [name, rule] of Object.entries(lookups) as [keyof typeof lookups, string | undefined][]) {
        ns.exec('nft', ['flush chain inet kolokasi_filter lookup_bench']);
        if (rule) ns.exec('nft', [`add rule inet kolokasi_filter lookup_bench ${rule}`]);
        seconds[name].push(ns.flood('10.20.1.10', 9, packets));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const perPacket = (name: 'hash' | 'interval') => ((median(seconds[name]) - median(seconds.floor)) / packets) * 1e6;
    return { servers, packets, floorSeconds: median(seconds.floor), hashMicroseconds: perPacket('hash'), intervalMicroseconds: perPacket('interval') };
  } finally {
    ns.remove();
  }
}
