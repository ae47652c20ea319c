// The delivery agent: fetch main and the published set, recompute the set with the same code path
// as `kolokasi apply`, refuse any difference, then save kolokasi's running tables, arm the watchdog,
// load, probe, and confirm or roll back. Every step's outcome lands in status.json.
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import manifestSchema from '../../schemas/output-manifest.schema.json' with { type: 'json' };
import type { Lang } from '../core/model.ts';
import { said } from '../core/catalog/index.ts';
import type { Ending } from '../errors.ts';
import { makeValidator } from '../core/schema.ts';
import { ledgerPath } from '../core/ledger.ts';
import { REQUESTS_DIR } from '../core/requests.ts';
import { stackConfigPath } from '../core/stack.ts';
import { MANIFEST_FILE, sha256Hex, type OutputManifest } from '../render/manifest.ts';
import { computeOutputSet } from '../io/planning.ts';
import { changedBetween, checkoutAt, commitOf, fetchSources, fileAt, latestCommitOf, MAIN_REF, PUBLISHED_REF } from '../git/gateway-source.ts';
import { GitCommandError } from '../git/run.ts';
import type { DeploymentReporter } from '../github/deployments.ts';
import { writeAtomically } from '../io/files.ts';
import { showProbe, type GatewayConfig } from './config.ts';
import { allPassed, countProbe, manifestMismatches, TARGET_FILES, type GatewayStatus, type OutcomeKind, type ProbeResult, type RunningSet } from './decide.ts';
import {
  acquireLock, readJson, startWatchdog, statePaths, TABLE_ADAPTERS, takeToken, tcpProbe, ToolError, writeJson, type ArmedToken, type StatePaths,
} from './system.ts';

const checkManifest = makeValidator(manifestSchema);

/** Before the watchdog has the real deadline, a generous one: nothing is loaded until it has. */
const WATCHDOG_START_ALLOWANCE_MS = 60_000;

export interface AgentDeps {
  config: GatewayConfig;
  lang: Lang;
  /** Progress lines for the journal. */
  log(text: string): void;
  deployments?: DeploymentReporter;
}

export interface AgentResult {
  status: GatewayStatus;
  /** How the run ended; the CLI makes it the exit code. */
  ending: Ending;
}

type LastRun = GatewayStatus['lastRun'];
/** A code with its message and hint, as the catalog words them. */
type Said = ReturnType<typeof said>;
type StatusBase = Omit<GatewayStatus, 'lastRun'>;

/** What a status file keeps from one run to the next: which set runs, and which ran before. */
function statusBase(config: GatewayConfig, status: GatewayStatus | undefined): StatusBase {
  return {
    apiVersion: 'kolokasi/v1', kind: 'GatewayStatus', stack: config.stack, target: config.target,
    ...(status?.running ? { running: status.running } : {}),
    ...(status?.previous ? { previous: status.previous } : {}),
  };
}

async function record(paths: StatePaths, base: StatusBase, lastRun: LastRun): Promise<AgentResult> {
  const status: GatewayStatus = { ...base, lastRun };
  await writeJson(paths.status, status);
  return { status, ending: ENDING_BY_OUTCOME[lastRun.outcome] };
}

const ENDING_BY_OUTCOME: Record<OutcomeKind, Ending> = {
  confirmed: 'ok', 'up-to-date': 'ok', pending: 'ok', 'rolled-back': 'rejected', refused: 'rejected', 'load-failed': 'rejected', unreachable: 'environment', busy: 'environment',
};

/** A run that ends well needs no advice; any other outcome says what to do about it. */
function outcome(kind: OutcomeKind, { code, message, hint }: Said, extra: Partial<LastRun> = {}): LastRun {
  return { at: new Date().toISOString(), outcome: kind, code, message, ...(ENDING_BY_OUTCOME[kind] === 'ok' ? {} : { hint }), ...extra };
}

export async function readStatus(config: GatewayConfig): Promise<GatewayStatus | undefined> {
  return readJson<GatewayStatus>(statePaths(config.stateDir).status);
}

export async function runGateway(deps: AgentDeps): Promise<AgentResult> {
  const { config } = deps;
  const paths = statePaths(config.stateDir);
  const base = statusBase(config, await readJson<GatewayStatus>(paths.status));
  const finish = (lastRun: LastRun, confirmed?: RunningSet): Promise<AgentResult> =>
    record(paths, confirmed ? { ...base, running: confirmed, ...(base.running ? { previous: base.running } : {}) } : base, lastRun);

  const release = await acquireLock(paths);
  if (!release) {
    // Another agent runs: its status stands; this run only says why it did nothing.
    return {
      status: { ...base, lastRun: outcome('busy', said('KLK920', { kind: 'locked' })) },
      ending: 'environment',
    };
  }
  try {
    const stale = await rollBackAbandonedLoad(paths, config);
    if (stale === 'rolled-back') deps.log('a load left unconfirmed (its watchdog gone) was rolled back first');
    if (stale === 'waiting') {
      return { status: { ...base, lastRun: outcome('busy', said('KLK920', { kind: 'waiting' })) }, ending: 'environment' };
    }
    return await deliver(deps, paths, base, finish);
  } finally {
    await release();
  }
}

/** A token whose deadline passed and whose watchdog is gone (a reboot): roll back now. */
async function rollBackAbandonedLoad(paths: StatePaths, config: GatewayConfig): Promise<'none' | 'waiting' | 'rolled-back'> {
  const token = await readJson<ArmedToken>(paths.armed);
  if (!token) return 'none';
  if (Date.now() < token.deadline) return 'waiting';
  return (await rollBack(paths, config)) === undefined ? 'none' : 'rolled-back';
}

async function deliver(deps: AgentDeps, paths: StatePaths, base: StatusBase, finish: (lastRun: LastRun, confirmed?: RunningSet) => Promise<AgentResult>): Promise<AgentResult> {
  const { config, log } = deps;
  const ledgerFile = ledgerPath(config.stack);

  // 1. The sources. An unreachable remote changes nothing.
  let published: boolean;
  try {
    log(`fetching ${config.branch} and ${config.configBranch} from ${config.remote}`);
    ({ published } = await fetchSources(paths.clone, config.remote, config.branch, config.configBranch, config.gitTimeoutSeconds * 1000));
  } catch (error) {
    const detail = error instanceof GitCommandError ? error.detail : String(error);
    return finish(outcome('unreachable', said('KLK910', { branch: config.branch, remote: config.remote, detail })));
  }
  // The set is recomputed at main's tip: a change of ports or sources leaves the ledger as it was
  // and makes no ledger commit, yet changes the set.
  const commit = await commitOf(paths.clone, MAIN_REF);
  const ledgerCommit = await latestCommitOf(paths.clone, MAIN_REF, ledgerFile);
  if (!ledgerCommit) {
    return finish(outcome('refused', said('KLK911', { branch: config.branch, ledgerFile, stack: config.stack }), { commit }));
  }
  const manifestBytes = published ? await fileAt(paths.clone, PUBLISHED_REF, `${config.stack}/${MANIFEST_FILE}`) : undefined;
  const publishedManifest = manifestBytes ? parseManifest(manifestBytes) : undefined;
  if (!publishedManifest) {
    return finish(outcome('refused', said('KLK912', { stack: config.stack, manifestFile: MANIFEST_FILE, configBranch: config.configBranch }), { commit }));
  }
  const manifestSha256 = sha256Hex(manifestBytes!);
  const ledgerSha256 = sha256Hex((await fileAt(paths.clone, commit, ledgerFile))!);
  const newerRequests = publishedManifest.sourceCommit === undefined ? undefined
    : await changedBetween(paths.clone, publishedManifest.sourceCommit, commit, [REQUESTS_DIR, stackConfigPath(config.stack)]);
  if (publishedManifest.ledger.sha256 !== ledgerSha256 || newerRequests === true) {
    const cause = newerRequests ? { kind: 'requests-changed' as const } : { kind: 'ledger' as const, published: publishedManifest.ledger.sha256, main: ledgerSha256 };
    return finish(outcome('refused', said('KLK913', { branch: config.branch, commit, cause }), { commit, manifestSha256 }));
  }
  if (base.running?.manifestSha256 === manifestSha256) {
    const running = base.running.commit;
    return finish(outcome('up-to-date', said('KLK901', { manifest: manifestSha256, branch: config.branch, commit: running }), { commit: running, manifestSha256 }));
  }

  // 2. The recomputation, with the clock the set was made at.
  log(`recomputing the output set at ${commit}`);
  const recomputed = await recompute(paths, config, commit, publishedManifest, deps.lang);
  if (!recomputed.ok) return finish(outcome('refused', recomputed.refusal, { commit, manifestSha256, ...(recomputed.mismatches ? { mismatches: recomputed.mismatches } : {}) }));
  await deps.deployments?.start(ledgerCommit, `kolokasi ${config.stack} -> gateway (${config.target}), ${config.branch} ${commit.slice(0, 12)}`);

  // 3. Save, arm, load.
  const adapter = TABLE_ADAPTERS[config.target];
  const loading = path.join(paths.dir, 'loading');
  await rm(loading, { recursive: true, force: true });
  const files = new Map<string, string>();
  for (const file of TARGET_FILES[config.target]) {
    const target = path.join(loading, ...file.split('/'));
    await writeAtomically(target, recomputed.texts.get(file)!);
    files.set(file, target);
  }
  await adapter.save(paths.saved, recomputed.texts);
  const token: ArmedToken = { deadline: Date.now() + config.confirmSeconds * 1000 + WATCHDOG_START_ALLOWANCE_MS, commit, manifestSha256, target: config.target };
  await writeJson(paths.armed, token);
  const watchdog = await startWatchdog(paths.dir, config.target);
  const deadline = Date.now() + config.confirmSeconds * 1000;
  await writeJson(paths.armed, { ...token, deadline });
  log(`watchdog ${watchdog} armed: the previous tables come back at ${new Date(deadline).toISOString()} unless confirmed`);
  await writeJson(paths.status, {
    ...base, lastRun: outcome('pending', said('KLK905', { commit, deadline: new Date(deadline).toISOString() }), { commit, manifestSha256 }),
  } satisfies GatewayStatus);
  try {
    await adapter.load(files);
  } catch (error) {
    const rollbackMs = await rollBack(paths, config);
    await deps.deployments?.status('failure', 'load failed; previous tables restored');
    const detail = error instanceof ToolError ? error.detail : String(error);
    return finish(outcome('load-failed', said('KLK904', { commit, detail }), { commit, manifestSha256, ...(rollbackMs !== undefined ? { rollbackMs } : {}) }));
  }
  log(`loaded ${[...files.keys()].join(', ')}; probing`);

  // 4. Probes: the management path and the control plane, and the counts the manifest expects.
  const probes = await runProbes(config, recomputed.manifest, recomputed.texts);
  for (const probe of probes) log(`${probe.ok ? 'ok    ' : 'FAILED'} ${probe.name}: ${probe.detail}`);
  if (!allPassed(probes)) {
    const rollbackMs = await rollBack(paths, config);
    await deps.deployments?.status('failure', 'probe failed; previous tables restored');
    return finish(outcome('rolled-back', said('KLK902', { commit }), { commit, manifestSha256, probes, ...(rollbackMs !== undefined ? { rollbackMs } : {}) }));
  }

  // 5. Confirm: take the token before the watchdog does, then keep the set for the next boot.
  if (!(await takeToken(paths, 'agent'))) {
    await deps.deployments?.status('failure', 'not confirmed in time; previous tables restored');
    const after = await readJson<GatewayStatus>(paths.status);
    return finish(outcome('rolled-back', said('KLK903', { kind: 'late' }), { commit, manifestSha256, probes, ...(after?.lastRun.rollbackMs !== undefined ? { rollbackMs: after.lastRun.rollbackMs } : {}) }));
  }
  await keepConfirmed(paths, loading, recomputed.manifestText);
  const since = new Date().toISOString();
  await deps.deployments?.status('success', `aktif di gateway sejak ${since}`);
  return finish(outcome('confirmed', said('KLK900', { commit }), { commit, manifestSha256, probes }), { commit, manifestSha256, ledgerSha256, since, probes });
}

function parseManifest(bytes: Buffer): OutputManifest | undefined {
  try {
    const text = bytes.toString('utf8');
    const value = JSON.parse(text) as unknown;
    return checkManifest(value, { file: MANIFEST_FILE, text }).length === 0 ? (value as OutputManifest) : undefined;
  } catch {
    return undefined;
  }
}

type Recomputed =
  | { ok: true; manifest: OutputManifest; manifestText: string; texts: Map<string, string> }
  | { ok: false; refusal: Said; mismatches?: string[] };

/** `computeOutputSet`, the function `apply` runs, on a work tree of `commit`. */
async function recompute(paths: StatePaths, config: GatewayConfig, commit: string, published: OutputManifest, lang: Lang): Promise<Recomputed> {
  const tree = await checkoutAt(paths.clone, commit);
  try {
    let report = '';
    const computed = await computeOutputSet({
      io: { cwd: tree.dir, stderr: (text) => void (report += text) },
      lang, repo: tree.dir, stack: config.stack,
    }, new Date(published.clock), { forced: false, sourceCommit: commit });
    if (!computed.ok) {
      return { ok: false, refusal: said('KLK915', { kind: 'no-set', branch: config.branch, commit, report: computed.report }) };
    }
    const ledgerText = await readFile(path.join(tree.dir, ...ledgerPath(config.stack).split('/')), 'utf8');
    if (computed.ledgerText !== ledgerText) {
      return { ok: false, refusal: said('KLK915', { kind: 'ledger', commit }) };
    }
    const mismatches = manifestMismatches(published, computed.manifest);
    if (mismatches.length > 0) {
      return { ok: false, refusal: said('KLK914', { branch: config.branch, commit }), mismatches };
    }
    const texts = new Map(computed.files.map((f) => [f.path, f.content]));
    const missing = TARGET_FILES[config.target].filter((file) => !texts.has(file));
    if (missing.length > 0) {
      return { ok: false, refusal: said('KLK916', { stack: config.stack, target: config.target, missing }) };
    }
    return { ok: true, manifest: computed.manifest, manifestText: computed.manifestText, texts };
  } finally {
    await tree.remove();
  }
}

async function runProbes(config: GatewayConfig, manifest: OutputManifest, texts: Map<string, string>): Promise<ProbeResult[]> {
  const loaded = new Map([...texts].filter(([file]) => TARGET_FILES[config.target].includes(file)));
  const [reachability, counts] = await Promise.all([
    Promise.all(config.probes.map(async (probe) => ({ name: `tcp ${showProbe(probe)}`, ...(await tcpProbe(probe.host, probe.port, config.probeTimeoutSeconds * 1000)) }))),
    TABLE_ADAPTERS[config.target].counts(loaded),
  ]);
  const countResults = manifest.files
    .filter((file) => loaded.has(file.path))
    .map((file) => countProbe(file, counts.get(file.path) ?? { rules: 0, elements: 0 }));
  return [...reachability, ...countResults];
}

/** Takes the token and restores the saved tables; undefined when the watchdog had already done it. */
async function rollBack(paths: StatePaths, config: GatewayConfig): Promise<number | undefined> {
  const started = Date.now();
  if (!(await takeToken(paths, 'agent'))) return undefined;
  await TABLE_ADAPTERS[config.target].restore(paths.saved);
  return Date.now() - started;
}

/** The confirmed set is what `kolokasi gateway boot` loads; the one it replaces is kept as `previous`. */
async function keepConfirmed(paths: StatePaths, loading: string, manifestText: string): Promise<void> {
  await writeAtomically(path.join(loading, MANIFEST_FILE), manifestText);
  const previous = path.join(paths.dir, 'previous');
  await rm(previous, { recursive: true, force: true });
  await rename(paths.confirmed, previous).catch(() => undefined);
  await rename(loading, paths.confirmed);
}

/** At boot: the last confirmed set, never one that was waiting for its confirmation. */
export async function loadAtBoot(config: GatewayConfig): Promise<AgentResult> {
  const paths = statePaths(config.stateDir);
  const base = statusBase(config, await readJson<GatewayStatus>(paths.status));
  await takeToken(paths, 'boot');
  const files = new Map<string, string>();
  for (const file of TARGET_FILES[config.target]) files.set(file, path.join(paths.confirmed, ...file.split('/')));
  const present = await Promise.all([...files.values()].map((f) => readFile(f).then(() => true, () => false)));
  if (!present.every(Boolean)) {
    return record(paths, base, outcome('up-to-date', said('KLK906', { kind: 'none' })));
  }
  await TABLE_ADAPTERS[config.target].load(files);
  return record(paths, base, outcome('confirmed', said('KLK906', { kind: 'loaded', ...(base.running ? { commit: base.running.commit } : {}) }),
    base.running ? { commit: base.running.commit, manifestSha256: base.running.manifestSha256 } : {}));
}

/**
 * By hand: the set confirmed before the running one is loaded again and counts as running (also at
 * the next boot). Refused when there is none.
 */
export async function rollBackByHand(config: GatewayConfig): Promise<AgentResult> {
  const paths = statePaths(config.stateDir);
  const base = statusBase(config, await readJson<GatewayStatus>(paths.status));
  const { running: _replaced, previous, ...rest } = base;
  const previousDir = path.join(paths.dir, 'previous');
  const files = new Map(TARGET_FILES[config.target].map((file) => [file, path.join(previousDir, ...file.split('/'))]));
  const present = await Promise.all([...files.values()].map((f) => readFile(f).then(() => true, () => false)));
  if (!previous || !present.every(Boolean)) {
    return record(paths, base, outcome('refused', said('KLK908')));
  }
  await takeToken(paths, 'hand');
  const started = Date.now();
  await TABLE_ADAPTERS[config.target].load(files);
  const rollbackMs = Date.now() - started;
  await rm(paths.confirmed, { recursive: true, force: true });
  await rename(previousDir, paths.confirmed);
  // The rollback asked for is done: a success, whatever the outcome's word.
  const done = await record(paths, { ...rest, running: { ...previous, since: new Date().toISOString() } },
    outcome('rolled-back', said('KLK907', { commit: previous.commit }), { commit: previous.commit, manifestSha256: previous.manifestSha256, rollbackMs }));
  return { ...done, ending: 'ok' };
}
