// Warnings about what one pull request mixes. A PR is the request letter of one OPD: when it also
// carries another OPD's request, or changes to pools, schemas or code, the reviewers who sign it
// are asked to sign things they may not be responsible for. Pure: the changed paths are given.
import type { Text } from '../core/model.ts';
import { said } from '../core/catalog/index.ts';

export type PathKind = 'request' | 'registry' | 'ledger' | 'stack' | 'schema' | 'code' | 'github' | 'docs' | 'other';

export interface ClassifiedPath {
  path: string;
  kind: PathKind;
  /** For requests: the OPD folder. */
  opd?: string;
}

export interface ScopeWarning {
  code: string;
  message: Text;
  /** The paths the warning is about (first few). */
  paths: string[];
}

export function classifyPath(path: string): ClassifiedPath {
  if (path === 'requests/opds.yaml') return { path, kind: 'registry' };
  const request = /^requests\/([^/]+)\//.exec(path);
  if (request) return { path, kind: 'request', opd: request[1]! };
  if (/^stacks\/[^/]+\.allocations\.yaml$/.test(path)) return { path, kind: 'ledger' };
  if (path.startsWith('stacks/') || /^Pulumi(\.[^/]+)?\.yaml$/.test(path)) return { path, kind: 'stack' };
  if (path.startsWith('schemas/')) return { path, kind: 'schema' };
  if (path.startsWith('.github/')) return { path, kind: 'github' };
  if (/^(src|test|bin|\.ci)\//.test(path) || /^(package(-lock)?\.json|tsconfig\.json|vitest\.config\.ts)$/.test(path)) return { path, kind: 'code' };
  if (/\.md$/i.test(path) || path.startsWith('docs/')) return { path, kind: 'docs' };
  return { path, kind: 'other' };
}

const SHOWN = 5;

export function scopeWarnings(paths: readonly string[]): ScopeWarning[] {
  const classified = [...new Set(paths)].sort().map(classifyPath);
  const warnings: ScopeWarning[] = [];
  const requests = classified.filter((c) => c.kind === 'request');
  const opds = [...new Set(requests.map((c) => c.opd!))];
  if (opds.length > 1) {
    const { code, message } = said('KLK811', { opds });
    warnings.push({
      code,
      message,
      paths: requests.map((c) => c.path).slice(0, SHOWN),
    });
  }
  const others = classified.filter((c) => c.kind !== 'request' && c.kind !== 'docs' && c.kind !== 'ledger');
  if (requests.length > 0 && others.length > 0) {
    const { code, message } = said('KLK812', { kinds: [...new Set(others.map((c) => c.kind))] });
    warnings.push({
      code,
      message,
      paths: others.map((c) => c.path).slice(0, SHOWN),
    });
  }
  const ledger = classified.filter((c) => c.kind === 'ledger');
  if (ledger.length > 0) {
    warnings.push({
      code: 'KLK813',
      message: said('KLK813', { kind: 'changed-paths' }).message,
      paths: ledger.map((c) => c.path),
    });
  }
  return warnings;
}

/** A changed-paths file: NUL-separated (`git diff -z`) or one path per line. */
export function parseChangedPaths(text: string): string[] {
  // Decided once: asking per line would scan the whole text again for every line.
  const nulSeparated = text.includes('\0');
  const paths: string[] = [];
  for (const part of nulSeparated ? text.split('\0') : text.split(/\r?\n/)) {
    const value = nulSeparated ? part : part.trim();
    if (value !== '') paths.push(value);
  }
  return paths;
}
