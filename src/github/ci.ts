// The GitHub Actions side of the flow: the steps that talk to the GitHub API or publish, each a
// few lines around the pure modules beside this file. Run from a workflow as
//   node --import tsx src/github/ci-main.ts <step> [options]
// Environment (set by GitHub Actions): GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL,
// GITHUB_SERVER_URL, GITHUB_RUN_ID, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleGit } from 'simple-git';
import { loadRequest, requestPathParts } from '../core/requests.ts';
import { parseStack, STACK_NAME, stackConfigPath } from '../core/stack.ts';
import { parseYaml } from '../core/yaml.ts';
import { ledgerPath, readCanonicalLedger } from '../core/ledger.ts';
import { isoSeconds, quarantineEnd } from '../core/quarantine.ts';
import { publishToBranch } from '../git/config-branch.ts';
import { GITHUB_ACTIONS_BOT } from '../git/push-retry.ts';
import { APPROVERS_PATH, parseApprovers } from './approvers.ts';
import { buildDriftBody, decideDriftAction, driftMarker, driftTitle, DRIFT_LABEL } from './drift-issue.ts';
import { buildInstallNotice, installMarker, noticeServices, type NoticeRelease, type NoticeServer } from './install-notice.ts';
import { buildPlanComment, buildPlanStepSummary, planMarker, readPlanJson, type PlanView } from './plan-comment.ts';
import { GitHubClient, type Fetch } from './rest.ts';
import { readBaseline, requestBlobsAt, requestDifferences } from '../git/request-baseline.ts';
import type { EmergencyTrace } from '../git/provenance.ts';
import { allowHeldInEmergency, buildSignoffRecord, changeOf, formatSignoffSummary, type ChangeFacts } from './verify-signoff.ts';

export interface CiDeps {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  fetch?: Fetch;
  now?: () => Date;
}

class CiUsageError extends Error {}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** The only branch the apply runs on and the ledger is pushed to. */
const MAIN = 'main';
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const MAX_NOTICE_PRS = 20;

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CiUsageError(`--${name} is required`);
  return value;
}

function stackOf(values: Record<string, unknown>): string {
  const stack = required(values, 'stack');
  if (!STACK_NAME.test(stack)) throw new CiUsageError(`invalid --stack '${stack}'`);
  return stack;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CiUsageError(`--${name} must be a positive number, got '${text}'`);
  return n;
}

function shaOf(values: Record<string, unknown>, name: string): string {
  const sha = required(values, name).toLowerCase();
  if (!SHA.test(sha)) throw new CiUsageError(`--${name} must be a full commit id`);
  return sha;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function client(deps: CiDeps): GitHubClient {
  const token = deps.env.GITHUB_TOKEN;
  const repository = deps.env.GITHUB_REPOSITORY;
  if (!token || !repository) throw new CiUsageError('GITHUB_TOKEN and GITHUB_REPOSITORY must be set');
  return new GitHubClient({ token, repository, ...(deps.env.GITHUB_API_URL ? { apiUrl: deps.env.GITHUB_API_URL } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
}

function runUrl(env: CiDeps['env']): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

function botLogin(env: CiDeps['env']): string {
  return env.KOLOKASI_BOT_LOGIN || GITHUB_ACTIONS_BOT.name;
}

/** `name=value` lines for later steps; values here are numbers, logins and commit ids only. */
async function setOutputs(deps: CiDeps, outputs: Record<string, string>): Promise<void> {
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new Error(`output ${name} contains a line break`);
    return `${name}=${value}\n`;
  }).join('');
  if (deps.env.GITHUB_OUTPUT) await appendFile(deps.env.GITHUB_OUTPUT, lines, 'utf8');
  else deps.stdout(lines);
}

// ---------------------------------------------------------------- steps

/** Reads DIR/<stack>.{json,md,txt,err,exit} written by the plan step; posts and summarises. */
async function planComment(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({ args, options: { stack: { type: 'string' }, dir: { type: 'string' }, pr: { type: 'string' } } });
  const stack = stackOf(values);
  const dir = path.resolve(deps.cwd, required(values, 'dir'));
  const exitText = (await readOptional(path.join(dir, `${stack}.exit`)))?.trim() ?? '3';
  const exitCode = /^\d+$/.test(exitText) ? Number(exitText) : 3;
  let plan: PlanView | undefined;
  const json = await readOptional(path.join(dir, `${stack}.json`));
  if (json) {
    try {
      plan = readPlanJson(JSON.parse(json));
    } catch {
      plan = undefined;
    }
  }
  const markdown = (await readOptional(path.join(dir, `${stack}.md`))) ?? '';
  const errors = (await readOptional(path.join(dir, `${stack}.err`))) ?? '';
  const commit = deps.env.PR_HEAD_SHA;
  const url = runUrl(deps.env);
  const input = {
    stack,
    exitCode,
    details: markdown.trim() !== '' ? markdown : errors,
    ...(plan ? { plan } : {}),
    ...(commit ? { commit } : {}),
    ...(url ? { runUrl: url } : {}),
  };
  const fullText = await readOptional(path.join(dir, `${stack}.txt`));
  if (deps.env.GITHUB_STEP_SUMMARY) await appendFile(deps.env.GITHUB_STEP_SUMMARY, buildPlanStepSummary(input, undefined, fullText), 'utf8');
  const pr = typeof values.pr === 'string' && values.pr !== '' ? positiveInt(values.pr, 'pr') : undefined;
  if (pr !== undefined) {
    const result = await client(deps).upsertComment(pr, planMarker(stack), buildPlanComment(input), botLogin(deps.env));
    deps.stdout(`plan comment for ${stack} ${result.action} (#${result.id})\n`);
  }
  return 0;
}

async function fetchReviews(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({ args, options: { pr: { type: 'string' }, out: { type: 'string' } } });
  const pr = positiveInt(required(values, 'pr'), 'pr');
  const out = path.resolve(deps.cwd, required(values, 'out'));
  const reviews = await client(deps).listReviews(pr);
  await appendFile(out, `${JSON.stringify(reviews, null, 2)}\n`, { encoding: 'utf8', flag: 'w' });
  deps.stdout(`${reviews.length} review(s) of #${pr} saved to ${path.relative(deps.cwd, out)}\n`);
  return 0;
}

/** The emergency path's three options: all or none. */
function emergencyOf(values: Record<string, unknown>): EmergencyTrace | undefined {
  const given = (['emergency-by', 'reason', 'run-url'] as const).filter((name) => typeof values[name] === 'string' && values[name] !== '');
  if (given.length === 0) return undefined;
  if (given.length < 3) throw new CiUsageError('--emergency-by, --reason and --run-url go together');
  const by = values['emergency-by'] as string;
  const reason = (values.reason as string).trim();
  const runUrl = values['run-url'] as string;
  if (!LOGIN.test(by)) throw new CiUsageError(`--emergency-by '${by}' is not a GitHub login`);
  if (reason === '' || reason.length > 500) throw new CiUsageError('--reason must be 1 to 500 characters');
  if (!/^https:\/\/\S+$/.test(runUrl)) throw new CiUsageError(`--run-url '${runUrl}' is not an https URL`);
  return { by, reason, runUrl };
}

/**
 * The apply's own sign-off check, with main's code: per request file changed since the last
 * ledger commit, the merged pull request that brought it and whether every required role approved
 * its head commit (src/github/verify-signoff.ts decides). Writes the record for
 * `kolokasi apply|commit-ledger --signoff`; held changes are not an error, they are not applied.
 */
async function verifySignoff(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      stack: { type: 'string' }, sha: { type: 'string' }, out: { type: 'string' }, repo: { type: 'string' },
      'emergency-by': { type: 'string' }, reason: { type: 'string' }, 'run-url': { type: 'string' },
    },
  });
  const stack = stackOf(values);
  const sha = shaOf(values, 'sha');
  const out = path.resolve(deps.cwd, required(values, 'out'));
  const emergency = emergencyOf(values);
  const repo = path.resolve(deps.cwd, typeof values.repo === 'string' ? values.repo : '.');
  const git = simpleGit(repo);
  if (!(await hasCommit(repo, sha))) throw new CiUsageError(`commit ${sha} is not in ${repo}: check out main with its full history (fetch-depth: 0)`);
  const github = client(deps);

  const baseline = await readBaseline(repo, stack, sha);
  const differences = requestDifferences(baseline, await requestBlobsAt(repo, sha));
  const pulls = new Map<string, Promise<ChangeFacts['pull'] | undefined>>();
  const pullOf = (commit: string) => {
    if (!pulls.has(commit)) pulls.set(commit, mergedPullFacts(repo, commit, github));
    return pulls.get(commit)!;
  };
  const changes: ChangeFacts[] = [];
  for (const difference of differences) {
    const range = difference.since === null ? [sha] : [`${difference.since}..${sha}`];
    const commit = (await git.raw(['log', '--first-parent', '-1', '--format=%H', ...range, '--', difference.path])).trim() || null;
    const pull = commit === null ? undefined : await pullOf(commit);
    const headBlob = pull && await hasCommit(repo, pull.headSha)
      ? (await requestBlobsAt(repo, pull.headSha, [difference.path])).get(difference.path) ?? null
      : undefined;
    changes.push({
      path: difference.path,
      change: changeOf(difference),
      blob: difference.after,
      commit,
      ...(pull ? { pull: { ...pull, ...(headBlob !== undefined ? { headBlob } : {}) } } : {}),
    });
  }
  const verified = buildSignoffRecord({ stack, commit: sha, ledgerCommit: baseline.ledgerCommit, changes, branch: MAIN });
  const record = emergency ? allowHeldInEmergency(verified, emergency) : verified;
  await writeFile(out, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
  const summary = formatSignoffSummary(record);
  if (deps.env.GITHUB_STEP_SUMMARY) await appendFile(deps.env.GITHUB_STEP_SUMMARY, summary, 'utf8');
  for (const v of record.verified) deps.stdout(`verified ${v.path}${v.pullRequest !== undefined ? ` (#${v.pullRequest})` : ''}${v.emergency ? ' (emergency)' : ''}\n`);
  for (const h of record.held) deps.stdout(`held ${h.path}: ${h.reason.en}\n`);
  deps.stdout(`sign-off of ${stack} at ${sha.slice(0, 7)}: ${record.verified.length} verified, ${record.held.length} held; written to ${path.relative(deps.cwd, out) || out}\n`);
  return 0;
}

async function hasCommit(repo: string, sha: string): Promise<boolean> {
  const out = await simpleGit(repo).raw(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`]).catch(() => '');
  return out.trim() !== '';
}

/**
 * The merged pull request that made `commit` on main, with its reviews and the approvers file main
 * had just before the merge (the commit's first parent): a pull request cannot name its own signatories.
 */
async function mergedPullFacts(repo: string, commit: string, github: GitHubClient): Promise<ChangeFacts['pull'] | undefined> {
  const merged = (await github.pullsForCommit(commit)).filter((p) => p.merged_at);
  // The one GitHub's merge made this very commit; else (a rebase merge) one merged into main.
  const chosen = merged.find((p) => p.merge_commit_sha === commit) ?? merged.find((p) => p.base.ref === MAIN) ?? merged[0];
  if (!chosen) return undefined;
  const pull = await github.getPull(chosen.number);
  let approvers: NonNullable<ChangeFacts['pull']>['approvers'];
  const text = await simpleGit(repo).raw(['show', `${commit}^1:${APPROVERS_PATH}`]).catch(() => undefined);
  if (text === undefined) {
    approvers = { problem: { en: `${APPROVERS_PATH} is missing before commit ${commit.slice(0, 7)}`, id: `${APPROVERS_PATH} tidak ada sebelum commit ${commit.slice(0, 7)}` } };
  } else {
    const parsed = parseApprovers({ file: APPROVERS_PATH, text });
    approvers = parsed.config
      ? { config: parsed.config }
      : { problem: { en: `${APPROVERS_PATH} before commit ${commit.slice(0, 7)} is invalid`, id: `${APPROVERS_PATH} sebelum commit ${commit.slice(0, 7)} tidak sah` } };
  }
  return {
    number: pull.number,
    mergedIntoBranch: Boolean(pull.merged_at) && pull.base.ref === MAIN,
    author: pull.user?.login ?? '',
    headSha: pull.head.sha,
    mergeCommit: pull.merge_commit_sha ?? null,
    approvers,
    reviews: await github.listReviews(pull.number),
  };
}

/** Merged PRs to notify: those merged since the last ledger commit that changed requests. */
async function pullsToNotify(repo: string, sha: string, stack: string, github: GitHubClient): Promise<number[]> {
  const git = simpleGit(repo);
  const previousLedger = (await git.raw(['log', '-1', '--format=%H', sha, '--', ledgerPath(stack)])).trim();
  const range = previousLedger ? `${previousLedger}..${sha}` : sha;
  const commits = (await git.raw(['rev-list', '--max-count=100', range, '--', 'requests/'])).split('\n').filter((c) => c !== '');
  const numbers = new Set<number>();
  for (const commit of commits) {
    for (const pull of await github.pullsForCommit(commit)) if (pull.merged_at) numbers.add(pull.number);
    if (numbers.size >= MAX_NOTICE_PRS) break;
  }
  return [...numbers].sort((a, b) => a - b);
}

async function installNotice(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { stack: { type: 'string' }, sha: { type: 'string' }, plan: { type: 'string' }, repo: { type: 'string' }, 'ledger-commit': { type: 'string' }, 'config-url': { type: 'string' } },
  });
  const stack = stackOf(values);
  const sha = shaOf(values, 'sha');
  const repo = path.resolve(deps.cwd, typeof values.repo === 'string' ? values.repo : '.');
  const plan = readPlanJson(JSON.parse(await readFile(path.resolve(deps.cwd, required(values, 'plan')), 'utf8')));
  if (!plan) throw new CiUsageError('--plan is not a kolokasi plan JSON');
  const stackText = await readFile(path.join(repo, stackConfigPath(stack)), 'utf8');
  const config = parseStack({ file: stackConfigPath(stack), text: stackText }, stack).stack?.config;
  const released = await readReleased(repo, stack, config?.quarantineDays);
  const github = client(deps);
  const url = runUrl(deps.env);
  const pulls = await pullsToNotify(repo, sha, stack, github);
  for (const pr of pulls) {
    const files = await github.listPullFiles(pr);
    const servers: NoticeServer[] = [];
    const releases: NoticeRelease[] = [];
    for (const file of files) {
      const parts = requestPathParts(file.filename);
      if (!parts) continue;
      const id = `${parts.opd}/${parts.name}`;
      if (file.status === 'removed') {
        const release = released.get(id);
        if (release) releases.push(release);
        continue;
      }
      // Only what the ledger holds ('kept' in a plan made after the ledger commit): a request the
      // apply held for want of sign-off shows in such a plan as 'new', with an address it never got.
      const allocation = plan.allocations.find((a) => a.request === id && a.state === 'kept');
      const text = await readOptional(path.join(repo, file.filename));
      if (!allocation || text === undefined) continue;
      const loaded = loadRequest({ file: file.filename, text }).request;
      servers.push({
        request: id,
        ...(loaded ? { title: loaded.request.metadata.title } : {}),
        fqdn: allocation.fqdn,
        publicIpv4: allocation.publicIpv4,
        privateIpv4: allocation.privateIpv4,
        ...(allocation.publicIpv6 ? { publicIpv6: allocation.publicIpv6 } : {}),
        services: loaded ? noticeServices(loaded.request.spec.services) : [],
        ...(typeof allocation.movedFrom === 'string' ? { movedFrom: allocation.movedFrom } : {}),
      });
    }
    if (servers.length === 0 && releases.length === 0) continue;
    const ledgerCommit = typeof values['ledger-commit'] === 'string' && values['ledger-commit'] !== '' ? values['ledger-commit'] : undefined;
    const configUrl = typeof values['config-url'] === 'string' && values['config-url'] !== '' ? values['config-url'] : undefined;
    const body = buildInstallNotice({
      stack,
      servers,
      released: releases,
      ...(config ? { privateNetwork: { cidr: config.pools.private.cidr, gateway: config.pools.private.gateway } } : {}),
      ...(ledgerCommit ? { ledgerCommit } : {}),
      ...(configUrl ? { configUrl } : {}),
      ...(url ? { runUrl: url } : {}),
    });
    const result = await github.upsertComment(pr, installMarker(stack), body, botLogin(deps.env));
    deps.stdout(`installation notice on #${pr} ${result.action}\n`);
  }
  if (pulls.length === 0) deps.stdout('no merged pull request with request changes to notify\n');
  return 0;
}

/** Released entries of the ledger, keyed by request id, with the end of their quarantine. */
async function readReleased(repo: string, stack: string, quarantineDays: number | undefined): Promise<Map<string, NoticeRelease>> {
  const out = new Map<string, NoticeRelease>();
  const text = await readOptional(path.join(repo, ledgerPath(stack)));
  if (text === undefined) return out;
  let value = readCanonicalLedger(text);
  if (value === undefined) {
    const parsed = parseYaml({ file: ledgerPath(stack), text });
    if (!parsed.ok) return out;
    value = parsed.value;
  }
  const released = (value as { released?: unknown }).released;
  if (!Array.isArray(released)) return out;
  for (const entry of released as Record<string, unknown>[]) {
    if (typeof entry.request !== 'string' || typeof entry.publicIpv4 !== 'string' || typeof entry.privateIpv4 !== 'string') continue;
    const releasedAt = typeof entry.releasedAt === 'string' && !Number.isNaN(Date.parse(entry.releasedAt)) ? entry.releasedAt : undefined;
    const freeFrom = quarantineDays !== undefined && releasedAt !== undefined
      ? isoSeconds(quarantineEnd({ releasedAt }, quarantineDays)).slice(0, 10)
      : undefined;
    out.set(entry.request, {
      request: entry.request,
      publicIpv4: entry.publicIpv4,
      privateIpv4: entry.privateIpv4,
      ...(typeof entry.publicIpv6 === 'string' ? { publicIpv6: entry.publicIpv6 } : {}),
      ...(freeFrom ? { freeFrom } : {}),
    });
  }
  return out;
}

async function drift(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({ args, options: { stack: { type: 'string' }, drift: { type: 'string' }, output: { type: 'string' } } });
  const stack = stackOf(values);
  const verdict = required(values, 'drift');
  if (verdict !== 'true' && verdict !== 'false') throw new CiUsageError('--drift must be true or false');
  const github = client(deps);
  const marker = driftMarker(stack);
  const open = (await github.listOpenIssues(DRIFT_LABEL)).find((i) => (i.body ?? '').includes(marker) && i.user?.login.toLowerCase() === botLogin(deps.env).toLowerCase());
  const action = decideDriftAction(verdict === 'true', open?.number);
  const url = runUrl(deps.env);
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const body = () => readOptional(path.resolve(deps.cwd, typeof values.output === 'string' ? values.output : '-'))
    .then((output) => buildDriftBody({ stack, output: output ?? '(no output)', detectedAt: now, ...(url ? { runUrl: url } : {}) }));
  switch (action.kind) {
    case 'create': {
      const issue = await github.createIssue(driftTitle(stack), await body(), [DRIFT_LABEL]);
      deps.stdout(`drift on ${stack}: opened issue #${issue.number}\n`);
      return 0;
    }
    case 'update':
      await github.updateIssue(action.issue, { body: await body() });
      deps.stdout(`drift on ${stack}: updated issue #${action.issue}\n`);
      return 0;
    case 'close':
      await github.createIssueComment(action.issue, `DNS sesuai repositori lagi / DNS matches the repository again (${now}${url ? `, [job](${url})` : ''}).`);
      await github.updateIssue(action.issue, { state: 'closed' });
      deps.stdout(`no drift on ${stack}: closed issue #${action.issue}\n`);
      return 0;
    case 'none':
      deps.stdout(`no drift on ${stack}\n`);
      return 0;
  }
}

async function publishConfigs(args: string[], deps: CiDeps): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { stack: { type: 'string' }, from: { type: 'string' }, branch: { type: 'string' }, 'source-commit': { type: 'string' }, repo: { type: 'string' } },
  });
  const stack = stackOf(values);
  const sourceCommit = shaOf(values, 'source-commit');
  const branch = typeof values.branch === 'string' ? values.branch : 'gateway-config';
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,100}$/.test(branch) || branch.includes('..')) throw new CiUsageError(`invalid --branch '${branch}'`);
  const repo = path.resolve(deps.cwd, typeof values.repo === 'string' ? values.repo : '.');
  const result = await publishToBranch({
    repoDir: repo,
    sourceDir: path.resolve(deps.cwd, required(values, 'from')),
    folder: stack,
    branch,
    identity: { name: deps.env.KOLOKASI_BOT_NAME || GITHUB_ACTIONS_BOT.name, email: deps.env.KOLOKASI_BOT_EMAIL || GITHUB_ACTIONS_BOT.email },
    sourceCommit,
    message: `gateway(${stack}): configuration rendered from ${sourceCommit.slice(0, 12)}\n\nSource-commit: ${sourceCommit}\n`,
  });
  const commit = result.status === 'pushed' ? result.commit : (await simpleGit(repo).raw(['rev-parse', `refs/remotes/origin/${branch}`]).catch(() => '')).trim();
  const server = deps.env.GITHUB_SERVER_URL;
  const repository = deps.env.GITHUB_REPOSITORY;
  const url = server && repository && commit ? `${server}/${repository}/tree/${commit}/${stack}` : '';
  deps.stdout(result.status === 'pushed' ? `published ${stack} to ${branch} at ${commit}\n` : `gateway configuration of ${stack} unchanged\n`);
  await setOutputs(deps, { commit, url });
  return 0;
}

const STEPS: Record<string, (args: string[], deps: CiDeps) => Promise<number>> = {
  'plan-comment': planComment,
  'fetch-reviews': fetchReviews,
  'verify-signoff': verifySignoff,
  'install-notice': installNotice,
  drift,
  'publish-configs': publishConfigs,
};

export async function runCi(argv: readonly string[], deps: CiDeps): Promise<number> {
  const [name, ...rest] = argv;
  const step = name ? STEPS[name] : undefined;
  if (!step) {
    deps.stderr(`usage: ci-main.ts <${Object.keys(STEPS).join('|')}> [options]\n`);
    return 2;
  }
  try {
    return await step(rest, deps);
  } catch (error) {
    if (error instanceof CiUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      deps.stderr(`kolokasi ci ${name}: ${error.message}\n`);
      return 2;
    }
    deps.stderr(`kolokasi ci ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
