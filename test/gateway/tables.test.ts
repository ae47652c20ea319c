// What the agent saves and restores: only kolokasi's tables, chains and hooks. The iptables part
// runs against the real iptables in a namespace, on a gateway hardened the way a NOC does it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  iptablesRestoreScript, iptablesRuleCount, nftCountsOf, nftRestoreScript, nftTablesOf, parseIptablesSave, saveKolokasiPart,
} from '../../src/gateway/tables.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { firewallCounts } from '../../src/render/manifest.ts';
import type { DesiredState, StackConfig } from '../../src/core/model.ts';
import { devConfig, edgeDesired, exampleDesired, manyConfig, manyDesired, noServicesDesired, without } from '../firewall/fixtures.ts';
import { Namespace, namespacePolicy } from '../firewall/netns.ts';

function rendered(state = exampleDesired()): Map<string, string> {
  const { files } = renderFirewall(state, devConfig());
  return new Map(files.map((f) => [f.path, f.content]));
}

describe('nftables: kolokasi owns its tables', () => {
  it('finds the kolokasi tables of a rendered file, and only those', () => {
    const text = `${rendered().get('firewall/kolokasi.nft')}\ntable inet filter {\n}\n`;
    expect(nftTablesOf(text)).toEqual([{ family: 'ip', name: 'kolokasi_nat' }, { family: 'inet', name: 'kolokasi_filter' }]);
  });

  it('restores by deleting each table and re-adding what was saved, in one script', () => {
    const script = nftRestoreScript([{ family: 'ip', name: 'kolokasi_nat' }], ['table ip kolokasi_nat {\n}\n']);
    expect(script.split('\n').slice(1)).toEqual(['table ip kolokasi_nat {}', 'delete table ip kolokasi_nat', 'table ip kolokasi_nat {', '}', '']);
  });
});

describe('iptables: kolokasi owns its chains and hooks', () => {
  const save = [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':NOC-ADMIN - [0:0]',
    ':KOLOKASI-GUARD - [0:0]',
    '-A INPUT -s 10.10.0.5/32 -p tcp -m tcp --dport 22 -j ACCEPT',
    '-A INPUT -m comment --comment "kolokasi: server addresses are not for the gateway" -j KOLOKASI-GUARD',
    '-A INPUT -j NOC-ADMIN',
    '-A KOLOKASI-GUARD -d 203.0.113.4/32 -j DROP',
    'COMMIT',
  ].join('\n');

  it('saves only its chains, and its hooks with their place among the other rules', () => {
    expect(saveKolokasiPart(parseIptablesSave(save)).split('\n').slice(1)).toEqual([
      '*filter',
      ':KOLOKASI-GUARD - [0:0]',
      '-I INPUT 2 -m comment --comment "kolokasi: server addresses are not for the gateway" -j KOLOKASI-GUARD',
      '-A KOLOKASI-GUARD -d 203.0.113.4/32 -j DROP',
      'COMMIT',
      '',
    ]);
  });

  it('restores without a policy line or another chain in the script', () => {
    const live = parseIptablesSave(save.replace('-A KOLOKASI-GUARD -d 203.0.113.4/32 -j DROP', '-A KOLOKASI-GUARD -d 203.0.113.5/32 -j DROP\n-A INPUT -j KOLOKASI-GUARD'));
    const script = iptablesRestoreScript(saveKolokasiPart(parseIptablesSave(save)), live);
    expect(script).not.toMatch(/^:(INPUT|FORWARD|OUTPUT|NOC-ADMIN) /m);
    expect(script).not.toMatch(/NOC-ADMIN/);
    expect(script.split('\n').filter((l) => l.startsWith('-D '))).toHaveLength(2);
  });
});

const policy = namespacePolicy('gateway tables (iptables)', ['iptables-restore', 'iptables-save', 'ip6tables-restore', 'ip6tables-save']);
describe.skipIf(!policy.run)('iptables restore on the kernel', () => {
  let ns: Namespace;
  const foreign = () => ns.exec('iptables-save', []).split('\n').filter((l) => !l.startsWith('#') && !/KOLOKASI|kolokasi:/.test(l)).map((l) => l.replace(/\[\d+:\d+\]/, '')).join('\n');
  const full = () => ns.exec('iptables-save', []).split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/, '')).join('\n');
  const ours = () => ns.exec('iptables-save', []).split('\n').filter((l) => /KOLOKASI|kolokasi:/.test(l)).join('\n');
  const load = (text: string) => ns.withFile(text, (file) => ns.exec('iptables-restore', ['--noflush', file]));
  const restore = (saved: string) => ns.exec('iptables-restore', ['--noflush'], iptablesRestoreScript(saved, parseIptablesSave(ns.exec('iptables-save', []))));

  beforeAll(() => {
    ns = new Namespace('tables');
    // A hardened gateway: input dropped but for SSH from one management address, a chain of the
    // NOC's own, and a masquerade rule like MikroTik's defconf.
    ns.exec('iptables', ['-N', 'NOC-ADMIN']);
    ns.exec('iptables', ['-A', 'NOC-ADMIN', '-s', '10.10.0.5/32', '-j', 'ACCEPT']);
    ns.exec('iptables', ['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']);
    ns.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'NOC-ADMIN']);
    ns.exec('iptables', ['-P', 'INPUT', 'DROP']);
    ns.exec('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-o', 'eth0', '-j', 'MASQUERADE']);
  });
  afterAll(() => ns?.remove());

  it('puts kolokasi\'s part back as it was and leaves everything else alone', () => {
    const first = rendered().get('firewall/kolokasi.rules')!;
    const second = rendered(without(exampleDesired(), 'bkpsdm/simpeg')).get('firewall/kolokasi.rules')!;

    // First load on a gateway without kolokasi: the restore removes it all again.
    const nothing = saveKolokasiPart(parseIptablesSave(ns.exec('iptables-save', [])));
    load(first);
    restore(nothing);
    expect(ours()).toBe('');

    load(first);
    const afterFirst = full();
    const saved = saveKolokasiPart(parseIptablesSave(ns.exec('iptables-save', [])));
    load(second);
    expect(ours()).not.toBe(afterFirst);
    const beforeRestore = foreign();
    restore(saved);
    // Every table as after the first load, the hooks in their places among the NOC's rules; and the
    // restore wrote nothing outside kolokasi's part (no policy, no other chain, no other rule).
    expect(full()).toBe(afterFirst);
    expect(foreign()).toBe(beforeRestore);
    expect(foreign()).toContain('-A NOC-ADMIN -s 10.10.0.5/32 -j ACCEPT');
  });
});

const countTools = namespacePolicy('manifest counts on the kernel', ['nft', 'iptables-restore', 'iptables-save', 'ip6tables-restore', 'ip6tables-save']);
describe.skipIf(!countTools.run)('the manifest counts, against the kernel', () => {
  // What the agent's count probe reads after a load (nft -j list table, iptables-save) must be what
  // the manifest counted in the text, or every load would be rolled back.
  const states: [string, DesiredState, StackConfig][] = [
    ['the example', exampleDesired(), devConfig()],
    ['port ranges, CIDR and IPv6 sources', edgeDesired(), devConfig()],
    ['a server without services', noServicesDesired(), devConfig()],
    ['120 servers', manyDesired(120), manyConfig(120)],
  ];
  let ns: Namespace;
  beforeAll(() => {
    ns = new Namespace('counts');
  });
  afterAll(() => ns?.remove());

  it.each(states)('equal what nft and iptables hold once %s is loaded', (_name, state, config) => {
    const files = new Map(renderFirewall(state, config).files.map((f) => [f.path, f]));
    const nft = files.get('firewall/kolokasi.nft')!;
    ns.withFile(nft.content, (file) => ns.exec('nft', ['-f', file]));
    const listings = nftTablesOf(nft.content).map(({ family, name }) => ns.exec('nft', ['-j', 'list', 'table', family, name]));
    expect(nftCountsOf(listings)).toEqual(firewallCounts(nft));
    for (const [path, restore, save] of [['firewall/kolokasi.rules', 'iptables-restore', 'iptables-save'], ['firewall/kolokasi6.rules', 'ip6tables-restore', 'ip6tables-save']] as const) {
      const rules = files.get(path)!;
      ns.withFile(rules.content, (file) => ns.exec(restore, ['--noflush', file]));
      expect({ rules: iptablesRuleCount(parseIptablesSave(ns.exec(save, []))) }).toEqual(firewallCounts(rules));
    }
  });
});
