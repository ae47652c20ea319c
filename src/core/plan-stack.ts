// The whole computation of a stack, in its one order: validate the files, read the ledger, check
// the clock, allocate, the desired state, the plan. Every caller (plan, apply, the Pulumi program,
// the reports, validate, pool, commit-ledger, the install notice, the gateway's recomputation)
// asks this module for the stage it needs and none sequences the stages itself. Pure: the edges
// read the files, the base commit and the sign-off, and pass them in as data.
import type { DesiredState, Diagnostic, Ledger, LoadedRequest, OpdRegistry, SourceFile, StackConfig } from './model.ts';
import { validateRepository, type RepositorySources, type ValidatedRepository } from './pipeline.ts';
import { hasErrors, sortDiagnostics } from './diagnostics.ts';
import { clockBehindLedger, ledgerEditedInPullRequest, ledgerPath, loadLedger } from './ledger.ts';
import { allocate, type AllocateResult } from './allocate.ts';
import { desiredState } from './desired.ts';
import { buildPlan, type Plan } from './plan.ts';
import { loadRequest } from './requests.ts';
import { parseStack } from './stack.ts';
import { compareText } from './order.ts';

/** The repository's files for one stack, as the edge read them. */
export type StackSources = RepositorySources;

/** A pull request's base commit, as the edge read it there. */
export interface BaseSources {
  /** The request files at the base; those that do not load are left out (the base was validated then). */
  requests: readonly SourceFile[];
  /** The base's ledger; absent when the stack was never applied there. */
  ledger?: SourceFile;
}

export interface PlanStackOptions {
  /**
   * Plan against a base commit: its ledger is the one read (whatever the pull request did to its
   * own copy, which gets warning KLK813), and its requests show the request edits.
   */
  base?: BaseSources;
  /** Findings of an edge (the sign-off gate's) that belong with the plan's diagnostics. */
  extraDiagnostics?: readonly Diagnostic[];
}

/** Where a computation stopped. */
export type StackStage = 'stack' | 'validate' | 'ledger' | 'clock' | 'stale';

export interface StackRefusal {
  ok: false;
  stage: StackStage;
  /** What to show: the problems, with the warnings found on the way where the stage reports them. */
  diagnostics: Diagnostic[];
  /** How many requests were validated (0 when the stage comes before validation). */
  checked: number;
  /** Stage 'stale': the requests the ledger holds no addresses for, sorted by id. */
  stale?: string[];
}

export interface StackLedger {
  ok: true;
  config: StackConfig;
  /** The ledger as read: an empty one when the stack was never applied. */
  ledger: Ledger;
  /** Its warnings (a reserved address still held, KLK305). */
  diagnostics: Diagnostic[];
}

export interface ValidStack {
  ok: true;
  config: StackConfig;
  registry: OpdRegistry;
  /** Sorted by id. */
  requests: LoadedRequest[];
}

export interface AppliedStack extends ValidStack {
  /** The ledger as read. */
  ledger: Ledger;
  /** The servers, names and rules the ledger as read gives: what the last apply deployed. */
  desired: DesiredState;
  /** Requests the ledger holds no addresses (or no IPv6 address) for yet; only with `allowStale`. Sorted by id. */
  stale: string[];
}

export interface PlannedStack extends ValidStack {
  now: Date;
  /** The ledger as read (the base's, with a base). */
  before: Ledger;
  allocation: AllocateResult;
  /** The servers, names and rules on the allocated ledger: what apply renders. */
  desired: DesiredState;
  plan: Plan;
}

/** Each stage computed on first use, once; a later stage asks for the ones it stands on. */
export interface StackStages {
  readonly now: Date;
  /** The stack config alone: the pools and the ledger need nothing else. */
  config(): { ok: true; config: StackConfig } | StackRefusal;
  /** Every file checked; never a refusal, so that `validate` can list everything it finds. */
  validation(): ValidatedRepository;
  /** The ledger, checked against the stack config. An invalid request does not hide it. */
  ledger(): StackLedger | StackRefusal;
  /**
   * The desired state on the ledger as read, for what is deployed (the Pulumi program, the reports).
   * Refused when a request has no addresses in the ledger yet (apply has not run since it
   * changed), unless `allowStale`: such requests are then named in `stale`.
   */
  applied(options?: { allowStale?: boolean }): AppliedStack | StackRefusal;
  /** Validate, ledger, clock, allocate, desired state, plan: what plan shows and apply writes. */
  planned(): PlannedStack | StackRefusal;
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
}

/** The stages of one stack at `now`: nothing is computed until a stage is asked for. */
export function planStack(sources: StackSources, now: Date, options: PlanStackOptions = {}): StackStages {
  const stack = sources.stackName;
  const { base } = options;

  const parsedStack = once(() => parseStack(sources.stack, stack));
  const config = once((): { ok: true; config: StackConfig } | StackRefusal => {
    const parsed = parsedStack();
    return parsed.stack ? { ok: true, config: parsed.stack.config } : { ok: false, stage: 'stack', diagnostics: parsed.diagnostics, checked: 0 };
  });

  const validation = once(() => validateRepository(sources, parsedStack()));

  // With a base, the base's ledger: a ledger committed in the pull request would otherwise hide the
  // allocations it brings. The reader's problems are the work tree's, not the base's.
  const ledgerSource = base ? base.ledger : sources.ledger;
  const ledger = once((): StackLedger | StackRefusal => {
    const stackConfig = config();
    if (!stackConfig.ok) return stackConfig;
    const loaded = loadLedger(ledgerSource, base ? [] : sources.diagnostics, { stack, config: stackConfig.config, now });
    if (!loaded.ledger) return { ok: false, stage: 'ledger', diagnostics: loaded.diagnostics, checked: 0 };
    return { ok: true, config: stackConfig.config, ledger: loaded.ledger, diagnostics: loaded.diagnostics };
  });

  // A request that failed validation is missing from `requests`; allocating without it would
  // release its addresses. Nothing is computed on the requests until every file is valid.
  const valid = once((): ValidStack | StackRefusal => {
    const validated = validation();
    if (!validated.stack || !validated.registry || hasErrors(validated.diagnostics)) {
      return { ok: false, stage: 'validate', diagnostics: validated.diagnostics, checked: validated.requests.length };
    }
    return { ok: true, config: validated.stack.config, registry: validated.registry, requests: validated.requests };
  });

  const applied = (allowStale: boolean): AppliedStack | StackRefusal => {
    const validStack = valid();
    if (!validStack.ok) return validStack;
    const read = ledger();
    if (!read.ok) return { ...read, checked: validStack.requests.length };
    const view = asApplied(stack, validStack.config, validStack.requests, read.ledger, { allowStale });
    return view.ok ? { ...validStack, ledger: read.ledger, desired: view.desired, stale: view.stale } : view;
  };

  const planned = once((): PlannedStack | StackRefusal => {
    const validStack = valid();
    if (!validStack.ok) return validStack;
    const { config: stackConfig, requests } = validStack;
    const checked = requests.length;
    const validated = validation();
    const read = ledger();
    if (!read.ok) return { ...read, diagnostics: sortDiagnostics([...validated.diagnostics, ...read.diagnostics]), checked };
    const before = read.ledger;
    const file = ledgerPath(stack);
    const clock = clockBehindLedger(before, now, file);
    if (clock) return { ok: false, stage: 'clock', diagnostics: [clock], checked };
    // The reader checked the ledger at `now`, with positions: allocate() takes its findings (the
    // warnings; an error refused the ledger above) instead of checking it again.
    const allocation = allocate({ config: stackConfig, requests, ledger: before, now, ledgerProblems: read.diagnostics });
    const edited = base && sources.ledger?.text !== base.ledger?.text ? [ledgerEditedInPullRequest(file)] : [];
    const diagnostics = sortDiagnostics([...validated.diagnostics, ...edited, ...allocation.diagnostics, ...(options.extraDiagnostics ?? [])]);
    const desired = desiredState(stack, stackConfig, requests, allocation.ledger);
    const plan = buildPlan({
      stack, config: stackConfig, now, before, after: allocation.ledger, requests, diagnostics, moves: allocation.moved, desired,
      ...(base ? { previousRequests: requestsAtBase(base, requests) } : {}),
    });
    return { ...validStack, now, before, allocation, desired, plan };
  });

  return { now, config, validation, ledger, applied: (opts = {}) => applied(opts.allowStale === true), planned };
}

/**
 * The desired state on a ledger as it is, refused when the ledger holds no addresses for a request
 * (or not the IPv6 address it asks for): DNS must never point at an address the ledger does not
 * hold. With `allowStale` they are named in `stale` and the desired state holds what the ledger
 * holds (a report documents the ledger as it is). The `applied` stage on typed data,
 * for a caller that holds it already.
 */
export function asApplied(
  stack: string,
  config: StackConfig,
  requests: readonly LoadedRequest[],
  ledger: Ledger,
  options: { allowStale?: boolean } = {},
): { ok: true; desired: DesiredState; stale: string[] } | StackRefusal {
  const stale = requests
    .filter((loaded) => {
      const allocation = ledger.allocations[loaded.id];
      if (allocation === undefined) return true;
      return loaded.request.spec.network?.ipv6 === true && allocation.publicIpv6 === undefined;
    })
    .map((loaded) => loaded.id)
    .sort(compareText);
  if (stale.length > 0 && options.allowStale !== true) return { ok: false, stage: 'stale', diagnostics: [], checked: requests.length, stale };
  return { ok: true, desired: desiredState(stack, config, requests, ledger), stale };
}

/**
 * The base's requests, loaded. A file the pull request left as it was is the request already
 * loaded (the same object, so the plan can take its view as computed), not loaded a second time.
 */
function requestsAtBase(base: BaseSources, current: readonly LoadedRequest[]): LoadedRequest[] {
  const byFile = new Map(current.map((loaded) => [loaded.file, loaded]));
  return base.requests.flatMap((source) => {
    const same = byFile.get(source.file);
    return same !== undefined && same.text === source.text ? [same] : (loadRequest(source).request ?? []);
  });
}
