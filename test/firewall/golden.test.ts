// Golden files per target and case (Capirca's regression layout): the exact bytes each target
// writes, reviewed as plain text. Plus: the same input in any order gives the same bytes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { expectGolden, updatingGolden } from '../helpers/golden.ts';
import { CASES, diagnosticsText, GOLDEN_DIR, renderCase } from './cases.ts';
import { devConfig, desired, edgeDesired, exampleDesired } from './fixtures.ts';

const TARGET_FILES = ['firewall/kolokasi.nft', 'firewall/kolokasi.rules', 'firewall/kolokasi6.rules', 'firewall/kolokasi.rsc', 'firewall/kolokasi-commit-confirmed.rsc'];

describe('golden files', () => {
  for (const c of CASES) {
    it(`${c.name}: every target matches test/golden/firewall/${c.name}/`, () => {
      const { files, diagnostics } = renderCase(c);
      expect(files.map((f) => f.path).sort()).toEqual([...TARGET_FILES].sort());
      for (const file of files) {
        expectGolden(path.join(GOLDEN_DIR, c.name, path.basename(file.path)), file.content);
      }
      expectGolden(path.join(GOLDEN_DIR, c.name, 'diagnostics.txt'), diagnosticsText(diagnostics));
    });
  }

  it('has a reference for every case and target', () => {
    if (updatingGolden()) return;
    for (const c of CASES) {
      for (const file of TARGET_FILES) expect(existsSync(path.join(GOLDEN_DIR, c.name, path.basename(file))), `${c.name}/${file}`).toBe(true);
    }
  });
});

describe('byte-stable output', () => {
  it('renders the same bytes twice', () => {
    const first = renderFirewall(exampleDesired(), devConfig());
    const second = renderFirewall(exampleDesired(), devConfig());
    expect(second).toEqual(first);
  });

  it('does not depend on the order of servers, services or sources', () => {
    const reference = renderFirewall(edgeDesired(), devConfig()).files;
    const servers = [...exampleDesired().servers, ...edgeDesired().servers];
    const sorted = renderFirewall(desired(servers), devConfig()).files;
    fc.assert(
      fc.property(fc.shuffledSubarray(servers, { minLength: servers.length }), fc.boolean(), (shuffled, reverseInside) => {
        const reordered = shuffled.map((server) => ({
          ...server,
          services: (reverseInside ? [...server.services].reverse() : server.services).map((service) =>
            service.sources.kind === 'cidrs' ? { ...service, sources: { kind: 'cidrs' as const, cidrs: [...service.sources.cidrs].reverse() } } : service,
          ),
        }));
        const state = { ...desired([]), servers: reordered };
        expect(renderFirewall(state, devConfig()).files).toEqual(sorted);
      }),
      { numRuns: 40 },
    );
    expect(reference.length).toBeGreaterThan(0);
  });
});
