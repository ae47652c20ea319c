// The time `nft -f` takes to load the nftables file of many servers into a fresh network
// namespace, beside the time it takes to load an empty table there (the floor of the same run),
// for `npm run bench`. Needs root and nft, as the namespace tests do.
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

export function measureNftLoad(servers = 10_000): NftLoadMeasure {
  const { policy, diagnostics } = buildFirewallPolicy(manyDesired(servers), manyConfig(servers));
  if (diagnostics.length > 0) throw new Error(`the generated servers do not build: ${JSON.stringify(diagnostics[0])}`);
  const text = renderNftables(policy);
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
