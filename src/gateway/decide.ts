// The agent's decisions, apart from everything it touches: whether a published set may be loaded,
// whether a load is confirmed, and what the status file says. Pure: manifests, counts and probe
// results in, verdicts and text out.
import type { Lang, Text } from '../core/model.ts';
import type { ManifestFile, OutputManifest } from '../render/manifest.ts';
import { iptablesRenderer } from '../render/firewall/iptables.ts';
import { nftablesRenderer } from '../render/firewall/nftables.ts';
import type { GatewayTarget } from './config.ts';

/** The files of the output set each target loads, in load order: the files its renderer writes. */
export const TARGET_FILES: Readonly<Record<GatewayTarget, readonly string[]>> = {
  nftables: nftablesRenderer.files,
  iptables: iptablesRenderer.files,
};

export type OutcomeKind = 'confirmed' | 'up-to-date' | 'pending' | 'rolled-back' | 'refused' | 'unreachable' | 'load-failed' | 'busy';

export interface ProbeResult {
  /** `tcp 10.10.0.5:22`, or `rules firewall/kolokasi.nft`. */
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface RunningSet {
  commit: string;
  manifestSha256: string;
  ledgerSha256: string;
  /** When this set was confirmed (or loaded at boot). */
  since: string;
  probes: ProbeResult[];
}

export interface GatewayStatus {
  apiVersion: 'kolokasi/v1';
  kind: 'GatewayStatus';
  stack: string;
  target: GatewayTarget;
  /** The last confirmed set: what the gateway runs now. Absent before the first confirmation. */
  running?: RunningSet;
  /** The set `running` replaced: what a rollback by hand loads again. */
  previous?: RunningSet;
  lastRun: {
    at: string;
    outcome: OutcomeKind;
    code: string;
    message: Text;
    hint?: Text;
    commit?: string;
    manifestSha256?: string;
    probes?: ProbeResult[];
    /** From the decision to roll back (or the watchdog's deadline) to the old tables being back. */
    rollbackMs?: number;
    mismatches?: string[];
  };
}

/**
 * What differs between the published manifest and the agent's own recomputation. The clock and the
 * source commit say how a set was made, not what it is, and are not compared.
 */
export function manifestMismatches(published: OutputManifest, recomputed: OutputManifest): string[] {
  const found: string[] = [];
  if (published.stack !== recomputed.stack) found.push(`stack: published ${published.stack}, recomputed ${recomputed.stack}`);
  if (published.ledger.sha256 !== recomputed.ledger.sha256) found.push(`ledger sha256: published ${published.ledger.sha256}, recomputed ${recomputed.ledger.sha256}`);
  const mine = new Map(recomputed.files.map((f) => [f.path, f]));
  const theirs = new Map(published.files.map((f) => [f.path, f]));
  for (const [file, entry] of theirs) {
    const own = mine.get(file);
    if (!own) found.push(`${file}: published, but not produced by main`);
    else if (own.sha256 !== entry.sha256) found.push(`${file}: sha256 published ${entry.sha256}, recomputed ${own.sha256}`);
    else if (own.rules !== entry.rules || own.elements !== entry.elements) found.push(`${file}: counts published ${entry.rules}/${entry.elements}, recomputed ${own.rules}/${own.elements}`);
  }
  for (const file of mine.keys()) if (!theirs.has(file)) found.push(`${file}: produced by main, but not published`);
  return found;
}

/** The count check of one loaded file: what the kernel holds against what the manifest expects. */
export function countProbe(expected: ManifestFile, live: { rules: number; elements?: number }): ProbeResult {
  const wanted = `${expected.rules ?? 0} rules${expected.elements !== undefined ? `, ${expected.elements} elements` : ''}`;
  const seen = `${live.rules} rules${expected.elements !== undefined ? `, ${live.elements ?? 0} elements` : ''}`;
  const ok = (expected.rules ?? 0) === live.rules && (expected.elements === undefined || expected.elements === live.elements);
  return { name: `counts ${expected.path}`, ok, detail: ok ? seen : `expected ${wanted}, kernel holds ${seen}`, ms: 0 };
}

export function allPassed(probes: readonly ProbeResult[]): boolean {
  return probes.every((probe) => probe.ok);
}

// ---------------------------------------------------------------- the status, for people

const WORDS = {
  en: {
    header: (stack: string, target: string) => `kolokasi gateway: stack ${stack}, ${target}`,
    running: 'Running now', none: 'nothing confirmed yet: kolokasi has not loaded tables on this gateway',
    commit: 'main commit', manifest: 'manifest sha256', since: 'confirmed at', last: 'Last run',
    outcome: 'outcome', hint: 'hint', probes: 'probes', rollback: 'rollback took', mismatch: 'differences',
    pass: 'ok', fail: 'FAILED',
  },
  id: {
    header: (stack: string, target: string) => `kolokasi gateway: stack ${stack}, ${target}`,
    running: 'Yang berjalan sekarang', none: 'belum ada yang dikonfirmasi: kolokasi belum memuat tabel di gateway ini',
    commit: 'commit main', manifest: 'sha256 manifes', since: 'dikonfirmasi pada', last: 'Proses terakhir',
    outcome: 'hasil', hint: 'saran', probes: 'probe', rollback: 'rollback selama', mismatch: 'perbedaan',
    pass: 'ok', fail: 'GAGAL',
  },
} as const;

const OUTCOME_WORDS: Record<OutcomeKind, Text> = {
  confirmed: { en: 'confirmed', id: 'dikonfirmasi' },
  'up-to-date': { en: 'up to date', id: 'sudah terbaru' },
  pending: { en: 'loaded, waiting for confirmation', id: 'dimuat, menunggu konfirmasi' },
  'rolled-back': { en: 'rolled back', id: 'dikembalikan (rollback)' },
  refused: { en: 'refused', id: 'ditolak' },
  unreachable: { en: 'source unreachable', id: 'sumber tidak terjangkau' },
  'load-failed': { en: 'load failed', id: 'gagal memuat' },
  busy: { en: 'busy', id: 'sedang sibuk' },
};

function probeLines(probes: readonly ProbeResult[], lang: Lang): string[] {
  const words = WORDS[lang];
  return probes.map((p) => `    ${p.ok ? words.pass : words.fail}  ${p.name}: ${p.detail}${p.ms > 0 ? ` (${p.ms} ms)` : ''}`);
}

export function formatStatus(status: GatewayStatus, lang: Lang): string {
  const words = WORDS[lang];
  const lines = [words.header(status.stack, status.target), '', `${words.running}:`];
  if (status.running) {
    lines.push(
      `  ${words.commit}: ${status.running.commit}`,
      `  ${words.manifest}: ${status.running.manifestSha256}`,
      `  ${words.since}: ${status.running.since}`,
    );
  } else {
    lines.push(`  ${words.none}`);
  }
  const last = status.lastRun;
  lines.push('', `${words.last} (${last.at}):`, `  ${words.outcome}: ${OUTCOME_WORDS[last.outcome][lang]} (${last.code})`, `  ${last.message[lang]}`);
  if (last.hint) lines.push(`  ${words.hint}: ${last.hint[lang]}`);
  if (last.commit) lines.push(`  ${words.commit}: ${last.commit}`);
  if (last.mismatches && last.mismatches.length > 0) lines.push(`  ${words.mismatch}:`, ...last.mismatches.map((m) => `    ${m}`));
  if (last.probes && last.probes.length > 0) lines.push(`  ${words.probes}:`, ...probeLines(last.probes, lang));
  if (last.rollbackMs !== undefined) lines.push(`  ${words.rollback}: ${last.rollbackMs} ms`);
  return `${lines.join('\n')}\n`;
}
