// The edge of the one path `plan` and `apply` share, so that a preview cannot disagree with what
// is applied: reads the files, the base commit and the sign-off gate, then asks the core to plan.
import type { RunContext } from './context.ts';
import { readRepository, type RepositoryFiles } from './repository.ts';
import { hasErrors } from '../core/diagnostics.ts';
import { ledgerPath, serializeLedger } from '../core/ledger.ts';
import { planStack, type BaseSources, type PlannedStack, type StackRefusal } from '../core/plan-stack.ts';
import type { Diagnostic } from '../core/model.ts';
import { REQUESTS_DIR } from '../core/requests.ts';
import { catFileBatch, readFilesAtRef } from '../git/tree.ts';
import { hasHead } from '../git/history.ts';
import { gateWorkTree } from '../git/request-baseline.ts';
import { loadSignoff } from '../github/load-signoff.ts';
import { gateDiagnostics, type GateResult } from '../github/verify-signoff.ts';
import { UsageError } from '../errors.ts';
import { renderOutputs, type OutputFile } from '../render/outputs.ts';
import { buildManifest, serializeManifest, type OutputManifest } from '../render/manifest.ts';
import { formatDiagnosticsText } from '../format/diagnostics.ts';
import { formatPlanText } from '../format/plan-text.ts';

export type Planned = PlannedStack & {
  sources: RepositoryFiles;
  /** With --signoff: which request changes went through and which were held. */
  gate?: GateResult;
};

/**
 * The requests and the ledger as the base commit has them. The ledger is the base's whatever the
 * pull request did to its own copy: a ledger committed in the pull request would otherwise hide
 * the allocations it brings.
 */
async function filesAt(ctx: RunContext, ref: string): Promise<BaseSources> {
  let requests;
  try {
    requests = await readFilesAtRef(ctx.repo, ref, REQUESTS_DIR);
  } catch {
    throw new UsageError(
      { en: `--base '${ref}' is not a commit of the repository ${ctx.repo}`, id: `--base '${ref}' bukan commit di repositori ${ctx.repo}` },
      { en: 'give a commit, branch or tag that exists here, e.g. --base origin/main (fetch it first)', id: 'berikan commit, branch atau tag yang ada di sini, mis. --base origin/main (fetch dulu)' },
    );
  }
  // The one ledger of this stack; the other stacks' ledgers at the base play no part.
  const [ledgerText] = await catFileBatch(ctx.repo, [`${ref}:./${ledgerPath(ctx.stack)}`]);
  return { requests, ...(ledgerText === undefined ? {} : { ledger: { file: ledgerPath(ctx.stack), text: ledgerText } }) };
}

/**
 * With a verified sign-off, every request change it does not cover is taken back to what the last
 * ledger commit applied, before anything is validated or allocated.
 */
async function signedSources(ctx: RunContext, sources: RepositoryFiles, signoffFile: string): Promise<{ sources: RepositoryFiles; gate: GateResult }> {
  const record = await loadSignoff(ctx, signoffFile);
  if (!(await hasHead(ctx.repo))) {
    throw new UsageError(
      { en: `--signoff needs the git history of ${ctx.repo}, which has no commit`, id: `--signoff membutuhkan riwayat git ${ctx.repo}, yang belum punya commit` },
      { en: 'run it in a clone of the repository (actions/checkout with fetch-depth: 0)', id: 'jalankan di clone repositori (actions/checkout dengan fetch-depth: 0)' },
    );
  }
  const gated = await gateWorkTree(ctx.repo, ctx.stack, sources.requests, record);
  return { sources: { ...sources, requests: gated.requests }, gate: gated.gate };
}

/**
 * Reads what the plan stands on (the files, the base commit's files with `base`, the sign-off
 * gate with `signoff`) and plans the stack. `now` is the clock the plan is made at: the caller's
 * `--now`, or the time of the commit it recomputes.
 */
export async function preparePlan(ctx: RunContext, now: Date, options: { base?: string; signoff?: string } = {}): Promise<Planned | StackRefusal> {
  const read = await readRepository(ctx.repo, ctx.stack);
  const signed = options.signoff === undefined ? undefined : await signedSources(ctx, read, options.signoff);
  const sources = signed?.sources ?? read;
  const planned = planStack(sources, now, {
    ...(options.base === undefined ? {} : { base: await filesAt(ctx, options.base) }),
    ...(signed ? { extraDiagnostics: gateDiagnostics(signed.gate) } : {}),
  }).planned();
  if (!planned.ok) return planned;
  return { ...planned, sources, ...(signed ? { gate: signed.gate } : {}) };
}

export interface OutputSet {
  ok: true;
  planned: Planned;
  /** The plan as text, for the log of the run. */
  planText: string;
  files: OutputFile[];
  /** Renderer warnings; errors never reach an output set. */
  warnings: Diagnostic[];
  /** The ledger the set is rendered from, as it is (or will be) written. */
  ledgerText: string;
  manifest: OutputManifest;
  manifestText: string;
}

export interface OutputSetRefused {
  ok: false;
  /** What to print on stderr: the diagnostics, or the refused plan. */
  report: string;
}

/**
 * The whole computation of an output set: plan, safety gate, desired state, every renderer, the
 * manifest. `apply` writes its result; the gateway agent recomputes it to check a published set.
 * Rendering comes before anything is written: a renderer that refuses a rule leaves everything as it was.
 */
export async function computeOutputSet(ctx: RunContext, now: Date, options: { forced: boolean; sourceCommit?: string; signoff?: string }): Promise<OutputSet | OutputSetRefused> {
  const planned = await preparePlan(ctx, now, options.signoff === undefined ? {} : { signoff: options.signoff });
  if (!planned.ok) return { ok: false, report: formatDiagnosticsText(planned.diagnostics, ctx.lang, planned.checked) };
  const { plan, config, requests, allocation, desired } = planned;
  const planText = formatPlanText(plan, { lang: ctx.lang, forced: options.forced });
  if (plan.summary.errors > 0 || (!plan.safety.safe && !options.forced)) return { ok: false, report: planText };
  const rendered = renderOutputs(desired, config);
  if (hasErrors(rendered.diagnostics)) return { ok: false, report: formatDiagnosticsText(rendered.diagnostics, ctx.lang, requests.length) };
  const ledgerText = serializeLedger(allocation.ledger);
  const manifest = buildManifest({
    stack: ctx.stack, clock: planned.now, ledgerPath: ledgerPath(ctx.stack), ledgerText, files: rendered.files,
    ...(options.sourceCommit ? { sourceCommit: options.sourceCommit } : {}),
  });
  return { ok: true, planned, planText, files: rendered.files, warnings: rendered.diagnostics, ledgerText, manifest, manifestText: serializeManifest(manifest) };
}
