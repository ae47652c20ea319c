// Warnings about what one pull request mixes. A PR is the request letter of one OPD: when it also
// carries another OPD's request, or changes to pools, schemas or code, the reviewers who sign it
// are asked to sign things they may not be responsible for. Pure: the changed paths are given.
import type { Text } from '../core/model.ts';

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

const KIND_NAMES: Record<PathKind, Text> = {
  request: { en: 'requests', id: 'permohonan' },
  registry: { en: 'the OPD registry', id: 'daftar OPD' },
  ledger: { en: 'the allocation ledger', id: 'ledger alokasi' },
  stack: { en: 'stack config (pools, firewall)', id: 'konfigurasi stack (pool, firewall)' },
  schema: { en: 'schemas', id: 'skema' },
  code: { en: 'code', id: 'kode' },
  github: { en: 'GitHub workflows and settings', id: 'workflow dan pengaturan GitHub' },
  docs: { en: 'documentation', id: 'dokumentasi' },
  other: { en: 'other files', id: 'berkas lain' },
};

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
    warnings.push({
      code: 'KLK811',
      message: {
        en: `this pull request changes requests of ${opds.length} OPDs (${opds.join(', ')}); one pull request per OPD lets each OPD team review and answer for its own request`,
        id: `pull request ini mengubah permohonan ${opds.length} OPD (${opds.join(', ')}); satu pull request per OPD agar setiap tim OPD meninjau dan bertanggung jawab atas permohonannya sendiri`,
      },
      paths: requests.map((c) => c.path).slice(0, SHOWN),
    });
  }
  const others = classified.filter((c) => c.kind !== 'request' && c.kind !== 'docs' && c.kind !== 'ledger');
  if (requests.length > 0 && others.length > 0) {
    const kinds = [...new Set(others.map((c) => c.kind))];
    warnings.push({
      code: 'KLK812',
      message: {
        en: `requests are changed together with ${kinds.map((k) => KIND_NAMES[k].en).join(', ')}; split them so that a request is signed on its own and infrastructure changes get their own review`,
        id: `permohonan diubah bersama ${kinds.map((k) => KIND_NAMES[k].id).join(', ')}; pisahkan agar permohonan ditandatangani tersendiri dan perubahan infrastruktur ditinjau tersendiri`,
      },
      paths: others.map((c) => c.path).slice(0, SHOWN),
    });
  }
  const ledger = classified.filter((c) => c.kind === 'ledger');
  if (ledger.length > 0) {
    warnings.push({
      code: 'KLK813',
      message: {
        en: 'the allocation ledger is written by the apply job on main; a hand edit here will conflict with it or be overwritten',
        id: 'ledger alokasi ditulis oleh job apply di main; perubahan manual di sini akan bentrok atau tertimpa',
      },
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
