// The example repository (requests/ and stacks/ at the root) as the pure core receives it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { LoadedRequest, SourceFile, StackConfig } from '../../src/core/model.ts';
import type { RepositorySources } from '../../src/core/pipeline.ts';
import { loadRequest } from '../../src/core/requests.ts';
import { OPD_REGISTRY_PATH, parseStack, stackConfigPath } from '../../src/core/stack.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

export const ROOT = PROJECT_ROOT;

export const NOW = new Date('2026-11-20T08:00:00Z');

export function exampleConfig(): StackConfig {
  const file = 'stacks/Pulumi.dev.yaml';
  const result = parseStack({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }, 'dev');
  if (!result.stack) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.stack.config;
}

/** The example's request files, sorted by path. */
export function exampleRequestFiles(): SourceFile[] {
  const out: SourceFile[] = [];
  for (const opd of readdirSync(path.join(ROOT, 'requests'), { withFileTypes: true })) {
    if (!opd.isDirectory()) continue;
    for (const name of readdirSync(path.join(ROOT, 'requests', opd.name))) {
      const file = `requests/${opd.name}/${name}`;
      out.push({ file, text: readFileSync(path.join(ROOT, file), 'utf8') });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

export function exampleRequests(): LoadedRequest[] {
  const out: LoadedRequest[] = [];
  for (const source of exampleRequestFiles()) {
    const result = loadRequest(source);
    if (!result.request) throw new Error(JSON.stringify(result.diagnostics, null, 2));
    out.push(result.request);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Stack dev of the example as the core receives it from the reader: no ledger yet. */
export function exampleSources(): RepositorySources {
  const read = (file: string): SourceFile => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') });
  return { stackName: 'dev', stack: read(stackConfigPath('dev')), registry: read(OPD_REGISTRY_PATH), requests: exampleRequestFiles(), diagnostics: [] };
}
