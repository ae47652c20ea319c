// Every rendered file through the parser of the tool that loads it, inside a throwaway network
// namespace: `nft -c -f`, `iptables-restore --test`, `ip6tables-restore --test` (and the legacy
// iptables backend where the kernel still has it). Then real loads, twice, next to foreign rules.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/render/outputs.ts';
import { CASES, renderCase } from './cases.ts';
import { manyConfig, manyDesired } from './fixtures.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { Namespace, namespacePolicy } from './netns.ts';

const TOOLS = ['nft', 'iptables-restore', 'ip6tables-restore'];
const policy = namespacePolicy('firewall files through nft and iptables-restore', TOOLS);

function content(files: OutputFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} missing`);
  return file.content;
}

const rendered = [
  ...CASES.map((c) => ({ name: c.name, files: renderCase(c).files })),
  { name: '1000 servers', files: renderFirewall(manyDesired(1000), manyConfig(1000)).files },
];

function legacyWorks(ns: Namespace): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v iptables-legacy-restore'], { stdio: 'pipe' });
    ns.exec('iptables-legacy-restore', ['--test'], '*filter\nCOMMIT\n');
    return true;
  } catch {
    return false;
  }
}

if (policy.failure) {
  describe('firewall files through the real tools', () => {
    it('needs network namespaces', () => expect.fail(policy.failure));
  });
}

describe.skipIf(!policy.run)('firewall files through the real tools', () => {
  let ns: Namespace;
  let legacy = false;
  beforeAll(() => {
    ns = new Namespace('chk');
    legacy = legacyWorks(ns);
    if (!legacy) console.warn('[firewall tools] iptables-legacy is not usable here; checking the nft backend only');
  });
  afterAll(() => ns?.remove());

  for (const { name, files } of rendered) {
    it(`${name}: nft -c accepts kolokasi.nft`, () => {
      ns.withFile(content(files, 'firewall/kolokasi.nft'), (file) => ns.exec('nft', ['-c', '-f', file]));
    });
    it(`${name}: iptables-restore --test and ip6tables-restore --test accept the rules`, () => {
      const backends = legacy ? [['iptables-restore', 'ip6tables-restore'], ['iptables-legacy-restore', 'ip6tables-legacy-restore']] : [['iptables-restore', 'ip6tables-restore']];
      for (const [v4, v6] of backends) {
        ns.withFile(content(files, 'firewall/kolokasi.rules'), (file) => ns.exec(v4!, ['--test', file]));
        ns.withFile(content(files, 'firewall/kolokasi6.rules'), (file) => ns.exec(v6!, ['--test', file]));
      }
    });
  }

  it('loads next to the gateway\'s own tables, replaces only its own, and reloads to the same ruleset', () => {
    const gateway = new Namespace('own');
    try {
      // The NOC's own rules, which kolokasi must never touch.
      const foreign = 'table inet noc {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n';
      gateway.withFile(foreign, (file) => gateway.exec('nft', ['-f', file]));
      const example = rendered.find((r) => r.name === 'example')!.files;
      const released = rendered.find((r) => r.name === 'example-released')!.files;
      const load = (files: OutputFile[]) => gateway.withFile(content(files, 'firewall/kolokasi.nft'), (file) => gateway.exec('nft', ['-f', file]));
      load(example);
      const once = gateway.exec('nft', ['list', 'ruleset']);
      load(example);
      expect(gateway.exec('nft', ['list', 'ruleset'])).toBe(once);
      load(released);
      const after = gateway.exec('nft', ['list', 'ruleset']);
      expect(after).toContain('table inet noc {');
      expect(after).toContain('tcp dport 22 accept');
      expect(after).not.toContain('bkpsdm/simpeg');
      expect(after.match(/^table .*$/gm)?.sort()).toEqual(['table inet kolokasi_filter {', 'table inet noc {', 'table ip kolokasi_nat {']);
    } finally {
      gateway.remove();
    }
  });
});
