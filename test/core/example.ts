// The example repository (requests/ and stacks/ at the root) as the pure core receives it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { LoadedRequest, StackConfig } from '../../src/core/model.ts';
import { loadRequest } from '../../src/core/requests.ts';
import { parseStack } from '../../src/core/stack.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

export const ROOT = PROJECT_ROOT;

export const NOW = new Date('2026-11-20T08:00:00Z');

export function exampleConfig(): StackConfig {
  const file = 'stacks/Pulumi.dev.yaml';
  const result = parseStack({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }, 'dev');
  if (!result.stack) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.stack.config;
}

export function exampleRequests(): LoadedRequest[] {
  const out: LoadedRequest[] = [];
  for (const opd of readdirSync(path.join(ROOT, 'requests'), { withFileTypes: true })) {
    if (!opd.isDirectory()) continue;
    for (const name of readdirSync(path.join(ROOT, 'requests', opd.name)).sort()) {
      const file = `requests/${opd.name}/${name}`;
      const result = loadRequest({ file, text: readFileSync(path.join(ROOT, file), 'utf8') });
      if (!result.request) throw new Error(JSON.stringify(result.diagnostics, null, 2));
      out.push(result.request);
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
