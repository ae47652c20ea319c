// The named cases every firewall file test runs over: golden files, the real tools' parsers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
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

/**
 * Compares with the reference file; on a mismatch writes `<file>.actual` beside it so a reviewer
 * diffs two files. UPDATE_GOLDEN=1 rewrites the references instead.
 */
export function expectGolden(relative: string, actual: string): void {
  const reference = path.join(GOLDEN_DIR, relative);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(reference), { recursive: true });
    writeFileSync(reference, actual);
    return;
  }
  const expected = existsSync(reference) ? readFileSync(reference, 'utf8') : undefined;
  if (actual !== expected) {
    mkdirSync(path.dirname(reference), { recursive: true });
    writeFileSync(`${reference}.actual`, actual);
    const shown = path.relative(ROOT, reference);
    expect.fail(expected === undefined ? `${shown} is missing; run with UPDATE_GOLDEN=1 and review ${shown}` : `${shown} differs; compare it with ${shown}.actual`);
  }
}

export function diagnosticsText(diagnostics: Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none\n';
  return diagnostics.map((d) => `${d.code} ${d.severity} ${d.file} ${d.path}\n  en: ${d.message.en}\n  id: ${d.message.id}\n`).join('');
}
