// The named cases every firewall file test runs over: golden files, the real tools' parsers.
import path from 'node:path';
import type { DesiredState, Diagnostic, StackConfig } from '../../src/core/model.ts';
import type { OutputFile } from '../../src/render/outputs.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { devConfig, edgeDesired, exampleDesired, manyConfig, manyDesired, noServicesDesired, ROOT, without, desired } from './fixtures.ts';

export interface FirewallCase {
  name: string;
  desired: () => DesiredState;
  config: () => StackConfig;
}

export const CASES: FirewallCase[] = [
  { name: 'example', desired: exampleDesired, config: devConfig },
  { name: 'example-released', desired: () => without(exampleDesired(), 'bkpsdm/simpeg'), config: devConfig },
  { name: 'edge', desired: edgeDesired, config: devConfig },
  { name: 'no-services', desired: noServicesDesired, config: devConfig },
  { name: 'many-servers', desired: () => manyDesired(40), config: () => manyConfig(40) },
  { name: 'empty', desired: () => desired([]), config: devConfig },
  {
    name: 'no-ipv6-pool',
    desired: () => desired(exampleDesired().servers.map(({ publicIpv6: _dropped, ...server }) => server)),
    config: () => {
      const { publicIpv6: _none, ...pools } = devConfig().pools;
      return { ...devConfig(), pools };
    },
  },
];

export function renderCase(c: FirewallCase): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  return renderFirewall(c.desired(), c.config());
}

export const GOLDEN_DIR = path.join(ROOT, 'test/golden/firewall');

export function diagnosticsText(diagnostics: Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none\n';
  return diagnostics.map((d) => `${d.code} ${d.severity} ${d.file} ${d.path}\n  en: ${d.message.en}\n  id: ${d.message.id}\n`).join('');
}
