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
import { hasHead } from '../../git/history.ts';
import { gateWorkTree } from '../../git/request-baseline.ts';
import { loadSignoff } from '../../github/load-signoff.ts';
import { gateDiagnostics, type GateResult } from '../../github/verify-signoff.ts';
import { UsageError } from '../errors.ts';

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
  /** With --signoff: which request changes went through and which were held. */
  gate?: GateResult;
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

/**
 * With a verified sign-off, every request change it does not cover is taken back to what the last
 * ledger commit applied, before anything is validated or allocated.
 */
async function signedSources(ctx: CommandContext, sources: RepositoryFiles, signoffFile: string): Promise<{ sources: RepositoryFiles; gate: GateResult }> {
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

export async function preparePlan(ctx: CommandContext, options: { base?: string; signoff?: string } = {}): Promise<Planned | Refused> {
  const now = await resolveNow(ctx);
  const read = await readRepository(ctx.repo, ctx.stack);
  const signed = options.signoff === undefined ? undefined : await signedSources(ctx, read, options.signoff);
  const sources = signed?.sources ?? read;
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
  const diagnostics = sortDiagnostics([...validated.diagnostics, ...allocation.diagnostics, ...(signed ? gateDiagnostics(signed.gate) : [])]);
  const previousRequests = options.base === undefined ? undefined : await requestsAt(ctx, options.base);
  const plan = buildPlan({
    stack: ctx.stack, config, now, before, after: allocation.ledger, requests: validated.requests, diagnostics,
    ...(previousRequests ? { previousRequests } : {}),
  });
  return { ok: true, now, sources, config, requests: validated.requests, before, allocation, plan, ...(signed ? { gate: signed.gate } : {}) };
}
