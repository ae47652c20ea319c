// The scheduled drift check: when `pulumi preview --expect-no-changes` finds that DNS no longer
// matches the repository (someone edited a record by hand, or an apply failed half-way), one issue
// per stack is opened, kept up to date while the drift lasts, and closed when it is gone. Pure.
import { fenced, truncateMarkdown } from './plan-comment.ts';

export const DRIFT_LABEL = 'kolokasi-drift';

export function driftMarker(stack: string): string {
  return `<!-- kolokasi-drift:${stack} -->`;
}

export function driftTitle(stack: string): string {
  return `DNS drift on stack ${stack} / DNS menyimpang pada stack ${stack}`;
}

export interface DriftInput {
  stack: string;
  /** The preview output (what would change). */
  output: string;
  detectedAt: string;
  runUrl?: string;
}

const OUTPUT_BUDGET = 60_000;

export function buildDriftBody(input: DriftInput): string {
  const output = truncateMarkdown(input.output, OUTPUT_BUDGET).text;
  return [
    driftMarker(input.stack),
    `### DNS stack \`${input.stack}\` tidak sesuai repositori / does not match the repository`,
    '',
    `Terdeteksi / Detected: ${input.detectedAt}${input.runUrl ? ` · [job](${input.runUrl})` : ''}`,
    '',
    'Catatan DNS diubah di luar kolokasi, atau penerapan terakhir gagal di tengah jalan. Periksa pratinjau di bawah; bila repositori benar, jalankan ulang workflow apply di main; bila perubahan manual itu disengaja, tuangkan ke dalam permohonan.',
    'DNS was changed outside kolokasi, or the last apply stopped half-way. Check the preview below; if the repository is right, re-run the apply workflow on main; if the manual change was meant, put it into a request.',
    '',
    '<details><summary>pulumi preview</summary>',
    '',
    fenced(output, 'text'),
    '</details>',
    '',
  ].join('\n');
}

export type DriftAction =
  | { kind: 'create' }
  | { kind: 'update'; issue: number }
  | { kind: 'close'; issue: number }
  | { kind: 'none' };

/** What to do given the preview's verdict and the open drift issue of this stack, if any. */
export function decideDriftAction(drift: boolean, openIssue: number | undefined): DriftAction {
  if (drift) return openIssue === undefined ? { kind: 'create' } : { kind: 'update', issue: openIssue };
  return openIssue === undefined ? { kind: 'none' } : { kind: 'close', issue: openIssue };
}
