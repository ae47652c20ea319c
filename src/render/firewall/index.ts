// The firewall targets as one table (like Aerleon's plugin table, not an if-chain), and the one
// OutputRenderer that writes the targets a stack asks for.
//
// Order of work, so that nothing half-checked is ever written:
//   1. build the target-neutral policy (src/core/firewall.ts);
//   2. refuse every unsafe string in it (safe.ts);
//   3. per target, refuse every rule the target cannot express, all of them named at once;
//   4. render, and withhold a file whose text holds anything but printable ASCII.
// A target with a refusal writes no file: a firewall missing one rule must not be installed.
import type { DesiredState, Diagnostic, FirewallTarget, StackConfig } from '../../core/model.ts';
import { hasErrors } from '../../core/diagnostics.ts';
import { report } from '../../core/catalog/index.ts';
import {
  buildFirewallPolicy,
  describeRule,
  featuresOf,
  FIREWALL_FEATURES,
  printable,
  requestFile,
  ruleComment,
  rulesOf,
  stackFile,
  type FirewallPolicy,
} from '../../core/firewall.ts';
import type { OutputFile, OutputRenderer } from '../outputs.ts';
import { checkPolicyStrings, checkRenderedText } from './safe.ts';
import type { FirewallRenderer } from './target.ts';
import { nftablesRenderer } from './nftables.ts';
import { iptablesRenderer } from './iptables.ts';
import { routerosRenderer } from './routeros.ts';

export type { FirewallRenderer, Capability } from './target.ts';

export const FIREWALL_RENDERERS: Readonly<Record<FirewallTarget, FirewallRenderer>> = {
  nftables: nftablesRenderer,
  iptables: iptablesRenderer,
  routeros: routerosRenderer,
};

export const firewallRenderer: OutputRenderer = {
  name: 'firewall',
  render: renderFirewall,
};

export function renderFirewall(desired: DesiredState, config: StackConfig): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const built = buildFirewallPolicy(desired, config);
  const diagnostics = [...built.diagnostics, ...checkPolicyStrings(built.policy)];
  if (hasErrors(diagnostics)) return { files: [], diagnostics };
  const files: OutputFile[] = [];
  for (const target of [...new Set(config.firewall.targets)].sort()) {
    const renderer = Object.hasOwn(FIREWALL_RENDERERS, target) ? FIREWALL_RENDERERS[target] : undefined;
    if (!renderer) {
      diagnostics.push(report('KLK609', { file: stackFile(desired.stack), path: '/config/kolokasi:firewall/targets' }, { target: printable(target), known: Object.keys(FIREWALL_RENDERERS) }));
      continue;
    }
    const result = renderTarget(renderer, built.policy);
    files.push(...result.files);
    diagnostics.push(...result.diagnostics);
  }
  return { files, diagnostics };
}

/** One target: its refusals, or its files. The policy must have passed checkPolicyStrings. */
export function renderTarget(renderer: FirewallRenderer, policy: FirewallPolicy): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const refusals = refusalsOf(renderer, policy);
  if (refusals.length > 0) return { files: [], diagnostics: refusals };
  const files = renderer.render(policy);
  const broken = files.flatMap((file) => checkRenderedText(file.path, file.content, policy.stack));
  if (broken.length > 0) return { files: [], diagnostics: broken };
  return { files, diagnostics: [] };
}

/** Every rule the target cannot express, each named with its server; all of them, not the first. */
export function refusalsOf(renderer: FirewallRenderer, policy: FirewallPolicy): Diagnostic[] {
  const refusals: Diagnostic[] = [];
  // A target that can express every feature refuses nothing for a feature: tens of thousands of
  // rules at 10,000 servers need not be asked which features they use.
  const askFeatures = FIREWALL_FEATURES.some((feature) => !renderer.capabilities[feature].can);
  if (!askFeatures && renderer.commentLimit === undefined) return refusals;
  for (const rule of rulesOf(policy)) {
    // Named only for a refusal: tens of thousands of rules pass at 10,000 servers.
    const file = () => requestFile(rule.request);
    for (const feature of askFeatures ? featuresOf(rule) : []) {
      const capability = renderer.capabilities[feature];
      if (capability.can) continue;
      refusals.push(report('KLK606', { file: file(), path: '/spec/services' },
        { target: renderer.target, rule: describeRule(rule), request: rule.request, feature, because: capability.because }));
    }
    if (renderer.commentLimit === undefined) continue;
    const comment = ruleComment(rule);
    if (comment.length > renderer.commentLimit) {
      refusals.push(report('KLK607', { file: file(), path: '/metadata/name' }, { target: renderer.target, limit: renderer.commentLimit, comment, rule: describeRule(rule) }));
    }
  }
  return refusals;
}
