// The one path `plan` and `apply` share, so that a preview cannot disagree with what is applied:
// read, validate, read the ledger, allocate, plan.
import type { CommandContext } from '../command.ts';
import { resolveNow } from '../options.ts';
import { readRepository, type RepositoryFiles } from '../../io/repository.ts';
import { validateRepository } from '../../core/pipeline.ts';
import { hasErrors, sortDiagnostics } from '../../core/diagnostics.ts';
import { clockBehindLedger, emptyLedger, ledgerPath, parseLedger } from '../../core/ledger.ts';
import { allocate, type AllocateResult } from '../../core/allocate.ts';
import { buildPlan, type Plan } from '../../core/plan.ts';
import type { Diagnostic, Ledger, LoadedRequest, StackConfig } from '../../core/model.ts';
import { loadRequest, REQUESTS_DIR } from '../../core/requests.ts';
import { readFilesAtRef } from '../../git/tree.ts';
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
}

export interface Refused {
  ok: false;
  /** Validation or ledger problems: nothing was allocated. */
  diagnostics: Diagnostic[];
  checked: number;
}

/** One diagnostic per code and field: the ledger is checked when read and again when allocating. */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const best = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const key = `${d.code} ${d.file} ${d.path} ${d.message.en}`;
    const seen = best.get(key);
    if (!seen || (seen.line === 0 && d.line > 0)) best.set(key, d);
  }
  return sortDiagnostics([...best.values()]);
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
  let before = emptyLedger(ctx.stack);
  const ledgerDiagnostics: Diagnostic[] = [];
  if (sources.ledger) {
    const parsed = parseLedger(sources.ledger, { stack: ctx.stack, config, now });
    if (!parsed.ledger) return { ok: false, diagnostics: sortDiagnostics([...validated.diagnostics, ...parsed.diagnostics]), checked };
    before = parsed.ledger;
    ledgerDiagnostics.push(...parsed.diagnostics);
    const clock = clockBehindLedger(before, now, sources.ledger.file);
    if (clock) return { ok: false, diagnostics: [clock], checked };
  }
  const allocation = allocate({ config, requests: validated.requests, ledger: before, now, ledgerFile: ledgerPath(ctx.stack) });
  const diagnostics = withoutRepeats([...validated.diagnostics, ...ledgerDiagnostics, ...allocation.diagnostics]);
  const previousRequests = options.base === undefined ? undefined : await requestsAt(ctx, options.base);
  const plan = buildPlan({
    stack: ctx.stack, config, now, before, after: allocation.ledger, requests: validated.requests, diagnostics,
    ...(previousRequests ? { previousRequests } : {}),
  });
  return { ok: true, now, sources, config, requests: validated.requests, before, allocation, plan };
}
