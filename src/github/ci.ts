// The GitHub Actions side of the flow: the steps that talk to the GitHub API or publish, each a
// few lines around the pure modules beside this file. The workflows run them as
//   npx kolokasi ci <step> [options]
// (src/cli/commands/ci.ts parses the options). Environment (set by GitHub Actions): GITHUB_TOKEN,
// GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lang, Ledger, Text } from '../core/model.ts';
import { UsageError } from '../errors.ts';
import { loadRequest, requestPathParts } from '../core/requests.ts';
import { ledgerPath } from '../core/ledger.ts';
import { planStack } from '../core/plan-stack.ts';
import { readRepository } from '../io/repository.ts';
import { isoSeconds, quarantineEnd } from '../core/quarantine.ts';
import { publishToBranch } from '../git/config-branch.ts';
import { GITHUB_ACTIONS_BOT } from '../git/push-retry.ts';
import { APPROVERS_PATH, parseApprovers } from './approvers.ts';
import { buildDriftBody, decideDriftAction, driftMarker, driftTitle, DRIFT_LABEL } from './drift-issue.ts';
import { buildInstallNotice, installMarker, noticeServices, type NoticeRelease, type NoticeServer } from './install-notice.ts';
import { buildPlanComment, buildPlanStepSummary, planMarker, type PlanView } from './plan-comment.ts';
import { readPlanDocument } from '../format/plan-json.ts';
import { formatDiagnosticsText } from '../format/diagnostics.ts';
import { GitHubClient, type GitHubTransport, type PullRequestSummary } from './rest.ts';
import { readBaseline, requestBlobsAt, requestDifferences } from '../git/request-baseline.ts';
import { botEmailFromEnv, lastBotLedgerCommit } from '../git/bot-ledger-commits.ts';
import { gitIn, runGit } from '../git/run.ts';
import type { EmergencyTrace } from '../git/provenance.ts';
import { allowHeldInEmergency, buildSignoffRecord, changeOf, formatSignoffSummary, type ChangeFacts } from './verify-signoff.ts';

export interface CiDeps {
  env: Record<string, string | undefined>;
  cwd: string;
  lang: Lang;
  stdout(text: string): void;
  github?: GitHubTransport;
  now?: () => Date;
}

/** The only branch the apply runs on and the ledger is pushed to. */
const MAIN = 'main';
const MAX_NOTICE_PRS = 20;

const ACTION_WORD: Record<'created' | 'updated', string> = { created: 'dibuat', updated: 'diperbarui' };

function say(deps: CiDeps, text: Text): void {
  deps.stdout(`${text[deps.lang]}\n`);
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
  if (!token || !repository) {
    throw new UsageError(
      { en: 'GITHUB_TOKEN and GITHUB_REPOSITORY must be set', id: 'GITHUB_TOKEN dan GITHUB_REPOSITORY harus diisi' },
      { en: 'run the step in a GitHub Actions job, or set both variables', id: 'jalankan langkah ini dalam job GitHub Actions, atau isi kedua variabel itu' },
    );
  }
  return new GitHubClient({ token, repository, ...(deps.env.GITHUB_API_URL ? { apiUrl: deps.env.GITHUB_API_URL } : {}), ...deps.github });
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
export async function planComment(deps: CiDeps, options: { stack: string; dir: string; pr?: number }): Promise<void> {
  const { stack, pr } = options;
  const dir = path.resolve(deps.cwd, options.dir);
  const exitText = (await readOptional(path.join(dir, `${stack}.exit`)))?.trim() ?? '3';
  const exitCode = /^\d+$/.test(exitText) ? Number(exitText) : 3;
  let plan: PlanView | undefined;
  const jsonFile = path.join(dir, `${stack}.json`);
  const json = await readOptional(jsonFile);
  if (json) {
    // A plan JSON that breaks the contract is said, and the comment falls back to the plan's
    // Markdown or its error output: a broken file must not hide the plan, nor pass silently.
    const read = readPlanDocument({ file: path.relative(deps.cwd, jsonFile), text: json });
    if (read.ok) plan = read.document;
    else deps.stdout(formatDiagnosticsText(read.diagnostics, deps.lang, 0));
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
  if (pr !== undefined) {
    const result = await client(deps).upsertComment(pr, planMarker(stack), buildPlanComment(input), botLogin(deps.env));
    say(deps, { en: `plan comment for ${stack} ${result.action} (#${result.id})`, id: `komentar rencana untuk ${stack} ${ACTION_WORD[result.action]} (#${result.id})` });
  }
}

export async function fetchReviews(deps: CiDeps, options: { pr: number; out: string }): Promise<void> {
  const { pr } = options;
  const out = path.resolve(deps.cwd, options.out);
  const reviews = await client(deps).listReviews(pr);
  await appendFile(out, `${JSON.stringify(reviews, null, 2)}\n`, { encoding: 'utf8', flag: 'w' });
  const shown = path.relative(deps.cwd, out);
  say(deps, { en: `${reviews.length} review(s) of #${pr} saved to ${shown}`, id: `${reviews.length} ulasan #${pr} disimpan ke ${shown}` });
}

/**
 * The apply's own sign-off check, with main's code: per request file changed since the last
 * ledger commit, the merged pull request that brought it and whether every required role approved
 * its head commit (src/github/verify-signoff.ts decides). Writes the record for
 * `kolokasi apply|commit-ledger --signoff`; held changes are not an error, they are not applied.
 */
export async function verifySignoff(deps: CiDeps, options: { stack: string; sha: string; out: string; repo: string; emergency?: EmergencyTrace }): Promise<void> {
  const { stack, sha, repo, emergency } = options;
  const out = path.resolve(deps.cwd, options.out);
  if (!(await hasCommit(repo, sha))) {
    throw new UsageError(
      { en: `commit ${sha} is not in ${repo}`, id: `commit ${sha} tidak ada di ${repo}` },
      { en: 'check out main with its full history (fetch-depth: 0)', id: 'checkout main dengan seluruh riwayatnya (fetch-depth: 0)' },
    );
  }
  const github = client(deps);

  const baseline = await readBaseline(repo, stack, sha, botEmailFromEnv(deps.env));
  const differences = requestDifferences(baseline, await requestBlobsAt(repo, sha));
  // Each commit and each pull request is asked about once: a rebase merge brings several commits
  // of one pull request, and the walk past them asks about the same commits again.
  const mergedPullsOf = memo(async (commit: string) => (await github.pullsForCommit(commit)).filter((p) => p.merged_at));
  const pullFacts = new Map<number, Promise<PullFacts>>();
  const pullOf = async (commit: string): Promise<PullFacts | undefined> => {
    const merged = await mergedPullsOf(commit);
    // The one GitHub's merge made this very commit; else (a rebase merge) one merged into main.
    const chosen = merged.find((p) => p.merge_commit_sha === commit) ?? merged.find((p) => p.base.ref === MAIN) ?? merged[0];
    if (!chosen) return undefined;
    if (!pullFacts.has(chosen.number)) pullFacts.set(chosen.number, mergedPullFacts(repo, commit, chosen, github, mergedPullsOf));
    return pullFacts.get(chosen.number)!;
  };
  const changes: ChangeFacts[] = [];
  for (const difference of differences) {
    const range = difference.since === null ? [sha] : [`${difference.since}..${sha}`];
    const commit = (await runGit(repo, ['log', '--first-parent', '-1', '--format=%H', ...range, '--', difference.path])).trim() || null;
    const facts = commit === null ? undefined : await pullOf(commit);
    let pull: ChangeFacts['pull'];
    if (facts) {
      const { headInClone, ...rest } = facts;
      const headBlob = headInClone ? (await requestBlobsAt(repo, facts.headSha, [difference.path])).get(difference.path) ?? null : undefined;
      pull = { ...rest, ...(headBlob !== undefined ? { headBlob } : {}) };
    }
    changes.push({
      path: difference.path,
      change: changeOf(difference),
      blob: difference.after,
      commit,
      ...(pull ? { pull } : {}),
    });
  }
  const verified = buildSignoffRecord({ stack, commit: sha, ledgerCommit: baseline.ledgerCommit, changes, branch: MAIN });
  const record = emergency ? allowHeldInEmergency(verified, emergency) : verified;
  await writeFile(out, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
  const summary = formatSignoffSummary(record);
  if (deps.env.GITHUB_STEP_SUMMARY) await appendFile(deps.env.GITHUB_STEP_SUMMARY, summary, 'utf8');
  for (const v of record.verified) {
    const pull = v.pullRequest !== undefined ? ` (#${v.pullRequest})` : '';
    say(deps, { en: `verified ${v.path}${pull}${v.emergency ? ' (emergency)' : ''}`, id: `terverifikasi ${v.path}${pull}${v.emergency ? ' (darurat)' : ''}` });
  }
  for (const h of record.held) say(deps, { en: `held ${h.path}: ${h.reason.en}`, id: `ditahan ${h.path}: ${h.reason.id}` });
  const shown = path.relative(deps.cwd, out) || out;
  say(deps, {
    en: `sign-off of ${stack} at ${sha.slice(0, 7)}: ${record.verified.length} verified, ${record.held.length} held; written to ${shown}`,
    id: `tanda tangan ${stack} pada ${sha.slice(0, 7)}: ${record.verified.length} terverifikasi, ${record.held.length} ditahan; ditulis ke ${shown}`,
  });
}

async function hasCommit(repo: string, sha: string): Promise<boolean> {
  const out = await runGit(repo, ['rev-parse', '--verify', '--quiet', `${sha}^{commit}`]).catch(() => '');
  return out.trim() !== '';
}

/** A lookup by key, each key looked up once. */
function memo<V>(lookup: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const seen = new Map<string, Promise<V>>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, lookup(key));
    return seen.get(key)!;
  };
}

/** What is known of a pull request as a whole; the head's blob is read per file. */
type PullFacts = Omit<NonNullable<ChangeFacts['pull']>, 'headBlob'> & { headInClone: boolean };

/** GitHub lists at most this many files of a pull request; a longer list is cut there. */
const PULL_FILES_LISTED_AT_MOST = 3000;

/** A fetch of one pull request's head ref gets this long before the head counts as unavailable. */
const HEAD_FETCH_TIMEOUT_MS = 60_000;

/**
 * The merged pull request `chosen` that made `commit` on main: its reviews, the files it changed,
 * whether its head commit can be read, and the approvers file main had just before it landed (a
 * pull request cannot name its own signatories). `chosen` is the commit-pulls payload itself
 * (GitHub's pull-request-simple: number, user, head.sha, base.ref, merged_at, merge_commit_sha), so
 * the pull request is not asked for again.
 */
async function mergedPullFacts(repo: string, commit: string, chosen: PullRequestSummary, github: GitHubClient, mergedPullsOf: (commit: string) => Promise<PullRequestSummary[]>): Promise<PullFacts> {
  const before = await mainBeforePull(repo, commit, chosen.number, mergedPullsOf);
  let approvers: PullFacts['approvers'];
  const text = before === undefined ? undefined : await runGit(repo, ['show', `${before}:${APPROVERS_PATH}`]).catch(() => undefined);
  if (text === undefined) {
    approvers = { problem: { en: `${APPROVERS_PATH} is missing before commit ${commit.slice(0, 7)}`, id: `${APPROVERS_PATH} tidak ada sebelum commit ${commit.slice(0, 7)}` } };
  } else {
    const parsed = parseApprovers({ file: APPROVERS_PATH, text });
    approvers = parsed.config
      ? { config: parsed.config }
      : { problem: { en: `${APPROVERS_PATH} before commit ${commit.slice(0, 7)} is invalid`, id: `${APPROVERS_PATH} sebelum commit ${commit.slice(0, 7)} tidak sah` } };
  }
  const files = await github.listPullFiles(chosen.number);
  return {
    number: chosen.number,
    mergedIntoBranch: Boolean(chosen.merged_at) && chosen.base.ref === MAIN,
    author: chosen.user?.login ?? '',
    headSha: chosen.head.sha,
    mergeCommit: chosen.merge_commit_sha ?? null,
    approversFile: files.some((f) => f.filename === APPROVERS_PATH || f.previous_filename === APPROVERS_PATH)
      ? 'changed'
      : files.length >= PULL_FILES_LISTED_AT_MOST ? 'unknown' : 'untouched',
    headInClone: await haveHead(repo, chosen.number, chosen.head.sha),
    approvers,
    reviews: await github.listReviews(chosen.number),
  };
}

/**
 * main's commit just before the pull request landed: the first parent of its first commit on
 * main's first-parent line. For a merge or a squash merge that is `commit^1`. A rebase merge puts
 * the pull request's commits on main one after another, so `commit^1` may be the pull request's own
 * earlier commit, with an approvers file it wrote (and perhaps reverted later, which the pull
 * request's file list would not show); the walk goes back past every commit GitHub associates with
 * the pull request. Not the pull request's `base.sha`: GitHub sets it at the pull request's last
 * push, so it can predate a change of main's approvers file, and a holder removed since would count.
 */
async function mainBeforePull(repo: string, commit: string, pr: number, mergedPullsOf: (commit: string) => Promise<PullRequestSummary[]>): Promise<string | undefined> {
  for (let landed = commit; ;) {
    const parent = (await runGit(repo, ['rev-parse', '--verify', '--quiet', `${landed}^1`]).catch(() => '')).trim();
    if (parent === '') return undefined;
    if (!(await mergedPullsOf(parent)).some((p) => p.number === pr)) return parent;
    landed = parent;
  }
}

/**
 * Whether the head commit is in the clone, fetching the pull request's head ref when it is not (a
 * squash or rebase merge whose branch was deleted). A failed fetch is not an error: the change is
 * held, since its content cannot be checked against what was approved.
 */
async function haveHead(repo: string, pr: number, headSha: string): Promise<boolean> {
  if (await hasCommit(repo, headSha)) return true;
  await runGit(repo, ['fetch', '--quiet', '--no-tags', 'origin', `refs/pull/${pr}/head`], { timeoutMs: HEAD_FETCH_TIMEOUT_MS }).catch(() => undefined);
  return hasCommit(repo, headSha);
}

/** Merged PRs to notify: those merged since the last ledger commit that changed requests. */
async function pullsToNotify(repo: string, sha: string, stack: string, github: GitHubClient, botEmail: string): Promise<number[]> {
  const git = gitIn(repo);
  // The bot's: a merged pull request that touched the ledger must not hide the ones before it.
  const previousLedger = await lastBotLedgerCommit(repo, ledgerPath(stack), sha, botEmail);
  const range = previousLedger ? `${previousLedger}..${sha}` : sha;
  const commits = (await git(['rev-list', '--max-count=100', range, '--', 'requests/'])).split('\n').filter((c) => c !== '');
  const numbers = new Set<number>();
  for (const commit of commits) {
    for (const pull of await github.pullsForCommit(commit)) if (pull.merged_at) numbers.add(pull.number);
    if (numbers.size >= MAX_NOTICE_PRS) break;
  }
  return [...numbers].sort((a, b) => a - b);
}

export async function installNotice(deps: CiDeps, options: { stack: string; sha: string; plan: string; repo: string; ledgerCommit?: string; configUrl?: string }): Promise<void> {
  const { stack, sha, repo, ledgerCommit, configUrl } = options;
  const read = readPlanDocument({ file: options.plan, text: await readFile(path.resolve(deps.cwd, options.plan), 'utf8') });
  if (!read.ok) {
    deps.stdout(formatDiagnosticsText(read.diagnostics, deps.lang, 0));
    throw new UsageError(
      { en: `--plan ${options.plan} is not a kolokasi plan JSON`, id: `--plan ${options.plan} bukan JSON rencana kolokasi` },
      { en: 'pass the file written by kolokasi plan --format json', id: 'berikan berkas yang ditulis kolokasi plan --format json' },
    );
  }
  const plan = read.document;
  // The stack config and the ledger through the core's own reader: a notice must not tell an OPD
  // something the ledger does not hold. A stack or ledger that does not read gives no released list.
  const stages = planStack(await readRepository(repo, stack), (deps.now ?? (() => new Date()))());
  const ledger = stages.ledger();
  const stackConfig = stages.config();
  const config = stackConfig.ok ? stackConfig.config : undefined;
  const released = ledger.ok ? releasedByRequest(ledger.ledger, ledger.config.quarantineDays) : new Map<string, NoticeRelease>();
  const github = client(deps);
  const url = runUrl(deps.env);
  const pulls = await pullsToNotify(repo, sha, stack, github, botEmailFromEnv(deps.env));
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
    say(deps, { en: `installation notice on #${pr} ${result.action}`, id: `pemberitahuan pemasangan di #${pr} ${ACTION_WORD[result.action]}` });
  }
  if (pulls.length === 0) say(deps, { en: 'no merged pull request with request changes to notify', id: 'tidak ada pull request tergabung dengan perubahan permohonan yang perlu diberi tahu' });
}

/** Released entries of the ledger, keyed by request id, with the end of their quarantine. */
function releasedByRequest(ledger: Ledger, quarantineDays: number): Map<string, NoticeRelease> {
  const out = new Map<string, NoticeRelease>();
  for (const release of ledger.released) {
    // A release of the IPv6 address alone (ipv6: false) is no server leaving: the notice lists servers.
    if (release.publicIpv4 === undefined || release.privateIpv4 === undefined) continue;
    out.set(release.request, {
      request: release.request,
      publicIpv4: release.publicIpv4,
      privateIpv4: release.privateIpv4,
      ...(release.publicIpv6 !== undefined ? { publicIpv6: release.publicIpv6 } : {}),
      freeFrom: isoSeconds(quarantineEnd(release, quarantineDays)).slice(0, 10),
    });
  }
  return out;
}

/** Opens, updates or closes the stack's drift issue after a `pulumi preview` found drift or none. */
export async function reportDrift(deps: CiDeps, options: { stack: string; drift: boolean; output?: string }): Promise<void> {
  const { stack } = options;
  const github = client(deps);
  const marker = driftMarker(stack);
  const open = (await github.listOpenIssues(DRIFT_LABEL)).find((i) => (i.body ?? '').includes(marker) && i.user?.login.toLowerCase() === botLogin(deps.env).toLowerCase());
  const action = decideDriftAction(options.drift, open?.number);
  const url = runUrl(deps.env);
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const body = () => readOptional(path.resolve(deps.cwd, options.output ?? '-'))
    .then((output) => buildDriftBody({ stack, output: output ?? '(no output)', detectedAt: now, ...(url ? { runUrl: url } : {}) }));
  switch (action.kind) {
    case 'create': {
      const issue = await github.createIssue(driftTitle(stack), await body(), [DRIFT_LABEL]);
      say(deps, { en: `drift on ${stack}: opened issue #${issue.number}`, id: `drift pada ${stack}: issue #${issue.number} dibuka` });
      return;
    }
    case 'update':
      await github.updateIssue(action.issue, { body: await body() });
      say(deps, { en: `drift on ${stack}: updated issue #${action.issue}`, id: `drift pada ${stack}: issue #${action.issue} diperbarui` });
      return;
    case 'close':
      await github.createIssueComment(action.issue, `DNS sesuai repositori lagi / DNS matches the repository again (${now}${url ? `, [job](${url})` : ''}).`);
      await github.updateIssue(action.issue, { state: 'closed' });
      say(deps, { en: `no drift on ${stack}: closed issue #${action.issue}`, id: `tidak ada drift pada ${stack}: issue #${action.issue} ditutup` });
      return;
    case 'none':
      say(deps, { en: `no drift on ${stack}`, id: `tidak ada drift pada ${stack}` });
      return;
  }
}

export async function publishConfigs(deps: CiDeps, options: { stack: string; from: string; branch: string; sourceCommit: string; repo: string }): Promise<void> {
  const { stack, branch, sourceCommit, repo } = options;
  const result = await publishToBranch({
    repoDir: repo,
    sourceDir: path.resolve(deps.cwd, options.from),
    folder: stack,
    branch,
    identity: { name: deps.env.KOLOKASI_BOT_NAME || GITHUB_ACTIONS_BOT.name, email: botEmailFromEnv(deps.env) },
    sourceCommit,
    message: `gateway(${stack}): configuration rendered from ${sourceCommit.slice(0, 12)}\n\nSource-commit: ${sourceCommit}\n`,
  });
  const commit = result.status === 'pushed' ? result.commit : (await runGit(repo, ['rev-parse', `refs/remotes/origin/${branch}`]).catch(() => '')).trim();
  const server = deps.env.GITHUB_SERVER_URL;
  const repository = deps.env.GITHUB_REPOSITORY;
  const url = server && repository && commit ? `${server}/${repository}/tree/${commit}/${stack}` : '';
  say(deps, result.status === 'pushed'
    ? { en: `published ${stack} to ${branch} at ${commit}`, id: `${stack} diterbitkan ke ${branch} pada ${commit}` }
    : { en: `gateway configuration of ${stack} unchanged`, id: `konfigurasi gateway ${stack} tidak berubah` });
  await setOutputs(deps, { commit, url });
}
