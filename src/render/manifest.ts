// The manifest of one output set: which ledger it was rendered from, at which clock and commit, and
// the sha256 of every file. It is what the gateway agent compares its own recomputation with, and
// what tells a reader that a set is whole (every file it names, with those digests).
import { createHash } from 'node:crypto';
import type { OutputFile } from './outputs.ts';
import { compareText } from '../core/order.ts';

/** File name of the manifest inside a set; never one of the rendered paths. */
export const MANIFEST_FILE = 'manifest.json';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** Firewall files: the rules (and set/map elements) the kernel holds once the file is loaded. */
  rules?: number;
  elements?: number;
}

export interface OutputManifest {
  apiVersion: 'kolokasi/v1';
  kind: 'OutputSet';
  stack: string;
  /** The clock the set was computed at (`--now`), so a recomputation can use the same one. */
  clock: string;
  /** The commit whose requests and stack config were read, when known. */
  sourceCommit?: string;
  ledger: { path: string; sha256: string };
  files: ManifestFile[];
}

/**
 * A long text in pieces of about `size` UTF-16 units, never cutting a surrogate pair. Hashing or
 * writing a 12 MB text whole makes a 12 MB byte copy of it; once such a block has been freed, the
 * C allocator keeps the next ones in the process (glibc raises its mmap threshold), and apply's
 * peak memory grows by the largest file. Piece by piece, each copy is small.
 */
export function* textSlices(text: string, size = 1 << 20): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + size, text.length);
    // A high surrogate at the end of a piece belongs with the low one that starts the next.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

export function sha256Hex(content: string | Uint8Array, sliceSize?: number): string {
  const hash = createHash('sha256');
  if (typeof content === 'string') for (const piece of textSlices(content, sliceSize)) hash.update(piece);
  else hash.update(content);
  return hash.digest('hex');
}

export interface ManifestInput {
  stack: string;
  clock: Date;
  sourceCommit?: string;
  ledgerPath: string;
  ledgerText: string;
  files: readonly OutputFile[];
}

export function buildManifest(input: ManifestInput): OutputManifest {
  const files = [...input.files]
    .sort((a, b) => compareText(a.path, b.path))
    .map((file): ManifestFile => ({ path: file.path, sha256: sha256Hex(file.content), bytes: Buffer.byteLength(file.content, 'utf8'), ...firewallCounts(file) }));
  return {
    apiVersion: 'kolokasi/v1',
    kind: 'OutputSet',
    stack: input.stack,
    clock: input.clock.toISOString(),
    ...(input.sourceCommit ? { sourceCommit: input.sourceCommit } : {}),
    ledger: { path: input.ledgerPath, sha256: sha256Hex(input.ledgerText) },
    files,
  };
}

export function serializeManifest(manifest: OutputManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * What the kernel will hold once a firewall file is loaded, counted from the text: for nftables the
 * rules of every chain and the elements of every set and map; for iptables-restore the rules of
 * kolokasi's own chains (the jumps into them are hooks in chains kolokasi does not own, not counted).
 * The gateway agent compares these with what the kernel reports after loading.
 */
export function firewallCounts(file: OutputFile): { rules?: number; elements?: number } {
  if (file.path.endsWith('.nft')) return nftablesCounts(file.content);
  if (file.path.endsWith('.rules')) return { rules: iptablesRuleCount(file.content) };
  return {};
}

/** `-A KOLOKASI...` or `-I KOLOKASI...`, in any case, where it is tried: at the start of a line. */
const IPTABLES_RULE = /-[AI] KOLOKASI/iy;

/** The lines that add a rule to a kolokasi chain, tried in place: no array of 100,000 lines. */
function iptablesRuleCount(text: string): number {
  let count = 0;
  for (let start = 0; ; ) {
    IPTABLES_RULE.lastIndex = start;
    if (IPTABLES_RULE.test(text)) count++;
    const end = text.indexOf('\n', start);
    if (end < 0) return count;
    start = end + 1;
  }
}

function nftablesCounts(text: string): { rules: number; elements: number } {
  let rules = 0;
  let elements = 0;
  let block: 'chain' | 'elements' | 'other' = 'other';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^chain \S+ \{$/.test(line)) block = 'chain';
    else if (/^elements = \{/.test(line)) block = line.endsWith('}') ? 'other' : 'elements';
    else if (line === '}') block = 'other';
    else if (block === 'chain' && !/^type \S+ hook /.test(line)) rules++;
    else if (block === 'elements') elements++;
  }
  return { rules, elements };
}
