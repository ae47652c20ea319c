// The firewall of the real pipeline: example requests -> allocate (empty ledger) -> desiredState
// -> renderFirewall gives byte for byte the files of the hand-built fixture (and so the golden
// files), so the goldens describe what `kolokasi apply` writes for the example repository.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedRequest } from '../../src/core/model.ts';
import { allocate } from '../../src/core/allocate.ts';
import { desiredState } from '../../src/core/desired.ts';
import { loadRequest } from '../../src/core/requests.ts';
import { renderFirewall } from '../../src/render/firewall/index.ts';
import { devConfig, exampleDesired, ROOT } from './fixtures.ts';

function exampleRequests(): LoadedRequest[] {
  const requests: LoadedRequest[] = [];
  for (const opd of readdirSync(path.join(ROOT, 'requests'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(path.join(ROOT, 'requests', opd.name)).filter((f) => f.endsWith('.yaml'))) {
      const file = `requests/${opd.name}/${name}`;
      const loaded = loadRequest({ file, text: readFileSync(path.join(ROOT, file), 'utf8') });
      if (!loaded.request) throw new Error(`${file}: ${JSON.stringify(loaded.diagnostics)}`);
      requests.push(loaded.request);
    }
  }
  return requests;
}

describe('the firewall of the real pipeline', () => {
  it('equals the fixture the golden files are made from', () => {
    const config = devConfig();
    const requests = exampleRequests();
    const empty = { apiVersion: 'kolokasi/v1' as const, kind: 'AllocationLedger' as const, stack: 'dev', allocations: {}, released: [] };
    const { ledger } = allocate({ config, requests, ledger: empty, now: new Date('2026-11-20T08:00:00Z') });
    const fromPipeline = renderFirewall(desiredState('dev', config, requests, ledger), config);
    expect(fromPipeline.diagnostics).toEqual([]);
    expect(fromPipeline.files).toEqual(renderFirewall(exampleDesired(), config).files);
  });
});
