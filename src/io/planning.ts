// The one path `plan` and `apply` share, so that a preview cannot disagree with what is applied:
// read, validate, read the ledger, allocate, plan.
import type { RunContext } from './context.ts';
import { readRepository, type RepositoryFiles } from './repository.ts';
import { validateRepository } from '../core/pipeline.ts';
import { hasErrors, sortDiagnostics } from '../core/diagnostics.ts';
import { clockBehindLedger, ledgerEditedInPullRequest, ledgerPath, loadLedger, STACKS_DIR } from '../core/ledger.ts';
import { allocate, type AllocateResult } from '../core/allocate.ts';
import { buildPlan, type Plan } from '../core/plan.ts';
import type { DesiredState, Diagnostic, Ledger, LoadedRequest, SourceFile, StackConfig } from '../core/model.ts';
import { loadRequest, REQUESTS_DIR } from '../core/requests.ts';
import { readFilesAtRef } from '../git/tree.ts';
import { hasHead } from '../git/history.ts';
import { gateWorkTree } from '../git/request-baseline.ts';
import { loadSignoff } from '../github/load-signoff.ts';
import { gateDiagnostics, type GateResult } from '../github/verify-signoff.ts';
import { UsageError } from '../errors.ts';
import { desiredState } from '../core/desired.ts';
import { serializeLedger } from '../core/ledger.ts';
import { renderOutputs, type OutputFile } from '../render/outputs.ts';
import { buildManifest, serializeManifest, type OutputManifest } from '../render/manifest.ts';
import { formatDiagnosticsText } from '../format/diagnostics.ts';
import { formatPlanText } from '../format/plan-text.ts';

export interface Planned {
  ok: true;
  now: Date;
  sources: RepositoryFiles;
  config: StackConfig;
  requests: LoadedRequest[];
  /** The ledger as read (an empty one when the stack was never applied). */
  before: Ledger;
  allocation: AllocateResult;
  /** The servers, names and rules on the allocated ledger: what apply renders. */
  desired: DesiredState;
  plan: Plan;
  /** With --signoff: which request changes went through and which were held. */
  gate?: GateResult;
}

export interface Refused {
  ok: false;
  /** Validation or ledger problems: nothing was allocated. */
  diagnostics: Diagnostic[];
  checked: number;
}

interface BaseFiles {
  requests: LoadedRequest[];
  /** The ledger as the base commit has it; absent when the stack was never applied there. */
  ledger?: SourceFile;
}

/**
 * The requests and the ledger as the base commit has them. Only requests that parse are kept (the
 * base was validated then). The ledger is the base's whatever the pull request did to its own
 * copy: a ledger committed in the pull request would otherwise hide the allocations it brings.
 */
async function filesAt(ctx: RunContext, ref: string): Promise<BaseFiles> {
  let requests;
  let stacks;
  try {
    requests = await readFilesAtRef(ctx.repo, ref, REQUESTS_DIR);
    stacks = await readFilesAtRef(ctx.repo, ref, STACKS_DIR);
  } catch {
    throw new UsageError(
      { en: `--base '${ref}' is not a commit of the repository ${ctx.repo}`, id: `--base '${ref}' bukan commit di repositori ${ctx.repo}` },
      { en: 'give a commit, branch or tag that exists here, e.g. --base origin/main (fetch it first)', id: 'berikan commit, branch atau tag yang ada di sini, mis. --base origin/main (fetch dulu)' },
    );
  }
  const ledger = stacks.find((file) => file.file === ledgerPath(ctx.stack));
  return { requests: requests.flatMap((source) => loadRequest(source).request ?? []), ...(ledger ? { ledger } : {}) };
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

/** `now` is the clock the plan is made at: the caller's `--now`, or the time of the commit it recomputes. */
export async function preparePlan(ctx: RunContext, now: Date, options: { base?: string; signoff?: string } = {}): Promise<Planned | Refused> {
  const read = await readRepository(ctx.repo, ctx.stack);
  const signed = options.signoff === undefined ? undefined : await signedSources(ctx, read, options.signoff);
  const sources = signed?.sources ?? read;
  const validated = validateRepository(sources);
  const checked = validated.requests.length;
  // A request that failed validation is missing from `requests`; allocating without it would
  // release its addresses. Nothing is allocated until every file is valid.
  if (!validated.stack || hasErrors(validated.diagnostics)) return { ok: false, diagnostics: validated.diagnostics, checked };
  const { config } = validated.stack;
  const base = options.base === undefined ? undefined : await filesAt(ctx, options.base);
  const ledgerSource = base ? base.ledger : sources.ledger;
  const loaded = loadLedger(ledgerSource, base ? [] : sources.diagnostics, { stack: ctx.stack, config, now });
  if (!loaded.ledger) return { ok: false, diagnostics: sortDiagnostics([...validated.diagnostics, ...loaded.diagnostics]), checked };
  const before = loaded.ledger;
  const clock = clockBehindLedger(before, now, ledgerPath(ctx.stack));
  if (clock) return { ok: false, diagnostics: [clock], checked };
  // allocate() checks the ledger again, with positions; its findings replace the reader's warnings.
  const allocation = allocate({
    config, requests: validated.requests, ledger: before, now, ledgerFile: ledgerPath(ctx.stack),
    ...(ledgerSource ? { ledgerText: ledgerSource.text } : {}),
  });
  const edited = base && sources.ledger?.text !== base.ledger?.text ? [ledgerEditedInPullRequest(ledgerPath(ctx.stack))] : [];
  const diagnostics = sortDiagnostics([...validated.diagnostics, ...edited, ...allocation.diagnostics, ...(signed ? gateDiagnostics(signed.gate) : [])]);
  const desired = desiredState(ctx.stack, config, validated.requests, allocation.ledger);
  const plan = buildPlan({
    stack: ctx.stack, config, now, before, after: allocation.ledger, requests: validated.requests, diagnostics, moves: allocation.moved, desired,
    ...(base ? { previousRequests: base.requests } : {}),
  });
  return { ok: true, now, sources, config, requests: validated.requests, before, allocation, desired, plan, ...(signed ? { gate: signed.gate } : {}) };
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
