// Everything `kolokasi apply` writes into the out dir, as one table of renderers.
// Each renderer is pure: desired state and stack config in, file contents out.
import type { DesiredState, Diagnostic, StackConfig } from '../core/model.ts';
import { zoneRenderer } from './zone.ts';
import { firewallRenderer } from './firewall/index.ts';
import { compareText } from '../core/order.ts';

export interface OutputFile {
  /** Relative to the out dir, forward slashes, e.g. `firewall/kolokasi.nft`. */
  path: string;
  content: string;
}

export interface OutputRenderer {
  name: string;
  render(desired: DesiredState, config: StackConfig): { files: OutputFile[]; diagnostics: Diagnostic[] };
}

export const OUTPUT_RENDERERS: OutputRenderer[] = [zoneRenderer, firewallRenderer];

/** All output files, sorted by path; any renderer refusal comes back as a diagnostic. */
export function renderOutputs(desired: DesiredState, config: StackConfig): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const renderer of OUTPUT_RENDERERS) {
    const result = renderer.render(desired, config);
    files.push(...result.files);
    diagnostics.push(...result.diagnostics);
  }
  files.sort((a, b) => compareText(a.path, b.path));
  return { files, diagnostics };
}
