// nftables keeps servers in sets and maps: the number of rules is the same for 10 servers and for
// 1,000. Counted in the rendered text and, where namespaces are available, in the kernel. The
// guard of the public pools is a constant number of rules in every target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNftables } from '../../src/render/firewall/nftables.ts';
import { renderIp6tables, renderIptables } from '../../src/render/firewall/iptables.ts';
import { renderRouteros } from '../../src/render/firewall/routeros.ts';
import { buildFirewallPolicy } from '../../src/core/firewall.ts';
import { manyConfig, manyDesired } from './fixtures.ts';
import { Namespace, namespacePolicy } from './netns.ts';

function policyOf(count: number) {
  const { policy, diagnostics } = buildFirewallPolicy(manyDesired(count), manyConfig(count));
  expect(diagnostics).toEqual([]);
  return policy;
}

function nftText(count: number): string {
  return renderNftables(policyOf(count));
}

/** Statements inside chain blocks, without the base-chain `type ... hook` line and comments. */
function countRules(text: string): number {
  let inChain = false;
  let rules = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^chain \S+ \{$/.test(line)) inChain = true;
    else if (inChain && line === '}') inChain = false;
    else if (inChain && line !== '' && !line.startsWith('#') && !line.startsWith('type ')) rules++;
  }
  return rules;
}

function countElements(text: string): number {
  return text.split('\n').filter((line) => /^\t\t\t\S.*,$/.test(line)).length;
}

describe('nftables rule count', () => {
  it('is the same for 10 and for 1,000 servers; only the set elements grow', () => {
    const small = nftText(10);
    const large = nftText(1000);
    expect(countRules(small)).toBe(22);
    expect(countRules(large)).toBe(countRules(small));
    expect(countElements(large)).toBeGreaterThan(countElements(small) * 50);
  });
});

describe('the guard of the public pools', () => {
  it('takes the same number of rules in iptables and RouterOS for 41 servers and for 1,000', () => {
    const guardLines = (count: number) => {
      const policy = policyOf(count);
      const text = [renderIptables(policy), renderIp6tables(policy), renderRouteros(policy)].join('\n');
      return text.split('\n').filter((line) => /KOLOKASI-GUARD|kolokasi-guard/.test(line)).length;
    };
    expect(guardLines(41)).toBeGreaterThan(0);
    expect(guardLines(1000)).toBe(guardLines(41));
  });
});

const policy = namespacePolicy('nftables rule count in the kernel', ['nft']);
if (policy.failure) {
  describe('nftables rule count in the kernel', () => {
    it('needs network namespaces', () => expect.fail(policy.failure));
  });
}

describe.skipIf(!policy.run)('nftables rule count in the kernel', () => {
  let ns: Namespace;
  beforeAll(() => {
    ns = new Namespace('cnt');
  });
  afterAll(() => ns?.remove());

  function kernelRules(count: number): number {
    ns.withFile(nftText(count), (file) => ns.exec('nft', ['-f', file]));
    const listed = JSON.parse(ns.exec('nft', ['-j', 'list', 'ruleset'])) as { nftables: Record<string, unknown>[] };
    return listed.nftables.filter((entry) => 'rule' in entry).length;
  }

  it('holds the same number of rules for 10 and for 1,000 servers', () => {
    const small = kernelRules(10);
    const large = kernelRules(1000);
    expect(small).toBe(22);
    expect(large).toBe(small);
  });
});
