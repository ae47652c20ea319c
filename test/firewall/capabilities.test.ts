// The renderer table and the capability maps: targets come from the table, a target refuses by
// name what it cannot express (all of it, not the first), and never drops a rule silently.
import { describe, expect, it } from 'vitest';
import type { FirewallTarget, StackConfig } from '../../src/core/model.ts';
import { FIREWALL_FEATURES, buildFirewallPolicy } from '../../src/core/firewall.ts';
import { FIREWALL_RENDERERS, firewallRenderer, refusalsOf, renderFirewall, renderTarget, type FirewallRenderer } from '../../src/render/firewall/index.ts';
import { OUTPUT_RENDERERS, renderOutputs } from '../../src/render/outputs.ts';
import { ANY, cidrs, desired, devConfig, exampleDesired, server, service } from './fixtures.ts';

function withTargets(targets: string[]): StackConfig {
  const config = devConfig();
  return { ...config, firewall: { ...config.firewall, targets: targets as FirewallTarget[] } };
}

describe('the renderer table', () => {
  it('holds one renderer per target, each declaring every feature', () => {
    expect(Object.keys(FIREWALL_RENDERERS).sort()).toEqual(['iptables', 'nftables', 'routeros']);
    for (const [target, renderer] of Object.entries(FIREWALL_RENDERERS)) {
      expect(renderer.target).toBe(target);
      expect(Object.keys(renderer.capabilities).sort()).toEqual([...FIREWALL_FEATURES].sort());
      for (const capability of Object.values(renderer.capabilities)) {
        if (capability.can) expect(capability.how.length).toBeGreaterThan(0);
        else expect(capability.because.en.length * capability.because.id.length).toBeGreaterThan(0);
      }
    }
  });

  it('is registered once among the output renderers', () => {
    expect(OUTPUT_RENDERERS.filter((r) => r === firewallRenderer)).toHaveLength(1);
    const { files } = renderOutputs(exampleDesired(), devConfig());
    expect(files.map((f) => f.path).filter((p) => p.startsWith('firewall/'))).toEqual([
      'firewall/kolokasi-commit-confirmed.rsc',
      'firewall/kolokasi.nft',
      'firewall/kolokasi.rsc',
      'firewall/kolokasi.rules',
      'firewall/kolokasi6.rules',
    ]);
  });

  it('renders only the targets the stack lists', () => {
    expect(renderFirewall(exampleDesired(), withTargets(['nftables'])).files.map((f) => f.path)).toEqual(['firewall/kolokasi.nft']);
    expect(renderFirewall(exampleDesired(), withTargets(['routeros', 'iptables'])).files.map((f) => f.path)).toEqual([
      'firewall/kolokasi.rules',
      'firewall/kolokasi6.rules',
      'firewall/kolokasi.rsc',
      'firewall/kolokasi-commit-confirmed.rsc',
    ]);
  });

  it('refuses an unknown target instead of ignoring it', () => {
    for (const target of ['pf', 'constructor', '__proto__']) {
      const { files, diagnostics } = renderFirewall(exampleDesired(), withTargets(['nftables', target]));
      expect(files.map((f) => f.path)).toEqual(['firewall/kolokasi.nft']);
      expect(diagnostics.map((d) => d.code)).toEqual(['KLK609']);
    }
  });
});

describe('refusing what a target cannot express', () => {
  const policy = buildFirewallPolicy(exampleDesired(), devConfig()).policy;
  const withoutCidrs: FirewallRenderer = {
    ...FIREWALL_RENDERERS.nftables,
    capabilities: {
      ...FIREWALL_RENDERERS.nftables.capabilities,
      'source-cidrs': { can: false, because: { en: 'this box matches no source networks', id: 'perangkat ini tidak dapat mencocokkan jaringan sumber' } },
    },
  };

  it('names every rule it cannot express, with its server, and writes no file', () => {
    const { files, diagnostics } = renderTarget(withoutCidrs, policy);
    expect(files).toEqual([]);
    const restricted = policy.allows.filter((r) => r.sources.kind === 'cidrs');
    expect(diagnostics).toHaveLength(restricted.length);
    expect(diagnostics.every((d) => d.code === 'KLK606' && d.severity === 'error')).toBe(true);
    const ssh = diagnostics.find((d) => d.file === 'requests/bkpsdm/simpeg.yaml')!;
    expect(ssh.message.en).toContain('bkpsdm/simpeg');
    expect(ssh.message.en).toContain('tcp/22');
    expect(ssh.message.en).toContain('(ssh)');
    expect(ssh.message.en).toContain('this box matches no source networks');
    expect(ssh.message.id).toContain('perangkat ini tidak dapat mencocokkan jaringan sumber');
  });

  it('keeps a long comment whole or refuses it: nftables stops at 128 characters, iptables at 245', () => {
    const opd = `o${'p'.repeat(60)}d`;
    const name = `n${'a'.repeat(60)}e`;
    const state = desired([server(`${opd}/${name}`, { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, [service('https', 'tcp', 443, ANY), service('ssh', 'tcp', 22, cidrs('10.10.0.0/16'))])]);
    const { files, diagnostics } = renderFirewall(state, devConfig());
    expect(files.map((f) => f.path)).toEqual(['firewall/kolokasi.rules', 'firewall/kolokasi6.rules', 'firewall/kolokasi.rsc', 'firewall/kolokasi-commit-confirmed.rsc']);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(['KLK607']));
    expect(diagnostics.every((d) => d.message.en.startsWith('nftables keeps comments of at most 128'))).toBe(true);
    // One refusal per rule that carries the long comment: the 1:1 mapping, DNAT and filter rules.
    const built = buildFirewallPolicy(state, devConfig()).policy;
    expect(diagnostics).toHaveLength(built.nat.length + built.dnat.length + built.allows.length);
    expect(refusalsOf(FIREWALL_RENDERERS.iptables, built)).toEqual([]);
  });

  it('renders nothing at all when the policy itself has an error', () => {
    const state = desired([
      server('a/one', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.40' }, []),
      server('a/two', { publicIpv4: '203.0.113.40', privateIpv4: '10.20.30.41' }, []),
    ]);
    const { files, diagnostics } = renderFirewall(state, devConfig());
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['KLK608']);
  });
});
