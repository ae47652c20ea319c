// The one path `plan` and `apply` share, so that a preview cannot disagree with what is applied:
// read, validate, read the ledger, allocate, plan.
import type { CommandContext } from '../command.ts';
import { resolveNow } from '../options.ts';
import { readRepository, type RepositoryFiles } from '../../io/repository.ts';
import { validateRepository } from '../../core/pipeline.ts';
import { hasErrors, sortDiagnostics } from '../../core/diagnostics.ts';
import { clockBehindLedger, ledgerPath, loadLedger } from '../../core/ledger.ts';
import { allocate, type AllocateResult } from '../../core/allocate.ts';
import { buildPlan, type Plan } from '../../core/plan.ts';
import type { Diagnostic, Ledger, LoadedRequest, StackConfig } from '../../core/model.ts';
import { loadRequest, REQUESTS_DIR } from '../../core/requests.ts';
import { readFilesAtRef } from '../../git/tree.ts';
import { UsageError } from '../errors.ts';
import { desiredState } from '../../core/desired.ts';
import { serializeLedger } from '../../core/ledger.ts';
import { renderOutputs, type OutputFile } from '../../render/outputs.ts';
import { buildManifest, serializeManifest, type OutputManifest } from '../../render/manifest.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { formatPlanText } from '../../format/plan-text.ts';

export interface Planned {
  ok: true;
  now: Date;
  sources: RepositoryFiles;
  config: StackConfig;
  requests: LoadedRequest[];
  /** The ledger as read (an empty one when the stack was never applied). */
  before: Ledger;
  allocation: AllocateResult;
  plan: Plan;
}

export interface Refused {
  ok: false;
  /** Validation or ledger problems: nothing was allocated. */
  diagnostics: Diagnostic[];
  checked: number;
}

/** The requests as the base commit had them; only what parses is kept (the base was validated then). */
async function requestsAt(ctx: CommandContext, ref: string): Promise<LoadedRequest[]> {
  let sources;
  try {
    sources = await readFilesAtRef(ctx.repo, ref, REQUESTS_DIR);
  } catch {
    throw new UsageError(
      { en: `--base '${ref}' is not a commit of the repository ${ctx.repo}`, id: `--base '${ref}' bukan commit di repositori ${ctx.repo}` },
      { en: 'give a commit, branch or tag that exists here, e.g. --base origin/main (fetch it first)', id: 'berikan commit, branch atau tag yang ada di sini, mis. --base origin/main (fetch dulu)' },
    );
  }
  return sources.flatMap((source) => loadRequest(source).request ?? []);
}

export async function preparePlan(ctx: CommandContext, options: { base?: string } = {}): Promise<Planned | Refused> {
  const now = await resolveNow(ctx);
  const sources = await readRepository(ctx.repo, ctx.stack);
  const validated = validateRepository(sources);
  const checked = validated.requests.length;
  // A request that failed validation is missing from `requests`; allocating without it would
  // release its addresses. Nothing is allocated until every file is valid.
  if (!validated.stack || hasErrors(validated.diagnostics)) return { ok: false, diagnostics: validated.diagnostics, checked };
  const { config } = validated.stack;
  const loaded = loadLedger(sources.ledger, sources.diagnostics, { stack: ctx.stack, config, now });
  if (!loaded.ledger) return { ok: false, diagnostics: sortDiagnostics([...validated.diagnostics, ...loaded.diagnostics]), checked };
  const before = loaded.ledger;
  const clock = clockBehindLedger(before, now, ledgerPath(ctx.stack));
  if (clock) return { ok: false, diagnostics: [clock], checked };
  // allocate() checks the ledger again, with positions; its findings replace the reader's warnings.
  const allocation = allocate({
    config, requests: validated.requests, ledger: before, now, ledgerFile: ledgerPath(ctx.stack),
    ...(sources.ledger ? { ledgerText: sources.ledger.text } : {}),
  });
  const diagnostics = sortDiagnostics([...validated.diagnostics, ...allocation.diagnostics]);
  const previousRequests = options.base === undefined ? undefined : await requestsAt(ctx, options.base);
  const plan = buildPlan({
    stack: ctx.stack, config, now, before, after: allocation.ledger, requests: validated.requests, diagnostics,
    ...(previousRequests ? { previousRequests } : {}),
  });
  return { ok: true, now, sources, config, requests: validated.requests, before, allocation, plan };
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
export async function computeOutputSet(ctx: CommandContext, options: { forced: boolean; sourceCommit?: string }): Promise<OutputSet | OutputSetRefused> {
  const planned = await preparePlan(ctx);
  if (!planned.ok) return { ok: false, report: formatDiagnosticsText(planned.diagnostics, ctx.lang, planned.checked) };
  const { plan, config, requests, allocation } = planned;
  const planText = formatPlanText(plan, { lang: ctx.lang, forced: options.forced });
  if (plan.summary.errors > 0 || (!plan.safety.safe && !options.forced)) return { ok: false, report: planText };
  const desired = desiredState(ctx.stack, config, requests, allocation.ledger);
  const rendered = renderOutputs(desired, config);
  if (hasErrors(rendered.diagnostics)) return { ok: false, report: formatDiagnosticsText(rendered.diagnostics, ctx.lang, requests.length) };
  const ledgerText = serializeLedger(allocation.ledger);
  const manifest = buildManifest({
    stack: ctx.stack, clock: planned.now, ledgerPath: ledgerPath(ctx.stack), ledgerText, files: rendered.files,
    ...(options.sourceCommit ? { sourceCommit: options.sourceCommit } : {}),
  });
  return { ok: true, planned, planText, files: rendered.files, warnings: rendered.diagnostics, ledgerText, manifest, manifestText: serializeManifest(manifest) };
}
