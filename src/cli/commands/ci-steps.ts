// The options of each `kolokasi ci` step, checked here; the steps themselves are src/github/ci.ts.
import type { Command, CommandContext, OptionSpec } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT_OK, UsageError } from '../../errors.ts';
import { checkStackName } from '../../io/repository.ts';
import type { EmergencyTrace } from '../../git/provenance.ts';
import { fetchReviews, installNotice, planComment, publishConfigs, reportDrift, verifySignoff, type CiDeps } from '../../github/ci.ts';
import { gitHubUnreachable, isGitHubUnreachable } from '../../github/rest.ts';
import { requireOption } from '../../github/files.ts';
import { FULL_COMMIT_ID } from '../../git/run.ts';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,100}$/;

/**
 * Runs a step with the run's IO. GitHub answering with an error, or out of reach, is an
 * environment to fix (exit 2), said as such; anything else unexpected stays a bug.
 */
async function runStep(ctx: CommandContext, step: (deps: CiDeps) => Promise<void>): Promise<number> {
  const { io } = ctx;
  const deps: CiDeps = { env: io.env, cwd: io.cwd, lang: ctx.lang, stdout: io.stdout, ...(io.github ? { github: io.github } : {}), ...(io.now ? { now: io.now } : {}) };
  try {
    await step(deps);
  } catch (error) {
    if (!isGitHubUnreachable(error)) throw error;
    throw gitHubUnreachable(error, io.env.GITHUB_API_URL || 'https://api.github.com', { en: 'call the GitHub API', id: 'memanggil API GitHub' });
  }
  return EXIT_OK;
}

function option(name: string, value: string, en: string, id: string): OptionSpec {
  return { name, type: 'string', value, description: { en, id } };
}

/** A given, non-empty option; empty counts as absent (a workflow expression that came out empty). */
function given(ctx: CommandContext, name: string): string | undefined {
  const value = stringOption(ctx, name);
  return value === undefined || value === '' ? undefined : value;
}

function required(ctx: CommandContext, name: string, example: string): string {
  return requireOption(stringOption(ctx, name), name, example);
}

function requiredStack(ctx: CommandContext): string {
  const stack = required(ctx, 'stack', 'dev');
  checkStackName(stack);
  return stack;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(
      { en: `--${name} must be a positive number, got '${text}'`, id: `--${name} harus bilangan positif, bukan '${text}'` },
      { en: `e.g. --${name} 12`, id: `mis. --${name} 12` },
    );
  }
  return n;
}

function requiredSha(ctx: CommandContext, name: string): string {
  const sha = required(ctx, name, '"$GITHUB_SHA"').toLowerCase();
  if (!FULL_COMMIT_ID.test(sha)) {
    throw new UsageError(
      { en: `--${name} must be a full commit id, got '${sha}'`, id: `--${name} harus id commit lengkap, bukan '${sha}'` },
      { en: 'give the 40-character id, e.g. "$GITHUB_SHA"', id: 'berikan id 40 karakter, mis. "$GITHUB_SHA"' },
    );
  }
  return sha;
}

/** The emergency path's three options: all or none. */
function emergencyOf(ctx: CommandContext): EmergencyTrace | undefined {
  const names = ['emergency-by', 'reason', 'run-url'];
  const present = names.filter((name) => given(ctx, name) !== undefined);
  if (present.length === 0) return undefined;
  if (present.length < names.length) {
    throw new UsageError(
      { en: '--emergency-by, --reason and --run-url go together', id: '--emergency-by, --reason dan --run-url harus diberikan bersama' },
      { en: `add ${names.filter((n) => !present.includes(n)).map((n) => `--${n}`).join(' and ')}`, id: `tambahkan ${names.filter((n) => !present.includes(n)).map((n) => `--${n}`).join(' dan ')}` },
    );
  }
  const by = given(ctx, 'emergency-by')!;
  const reason = given(ctx, 'reason')!.trim();
  const runUrl = given(ctx, 'run-url')!;
  if (!LOGIN.test(by)) throw new UsageError({ en: `--emergency-by '${by}' is not a GitHub login`, id: `--emergency-by '${by}' bukan login GitHub` });
  if (reason === '' || reason.length > 500) throw new UsageError({ en: '--reason must be 1 to 500 characters', id: '--reason harus 1 sampai 500 karakter' });
  if (!/^https:\/\/\S+$/.test(runUrl)) throw new UsageError({ en: `--run-url '${runUrl}' is not an https URL`, id: `--run-url '${runUrl}' bukan URL https` });
  return { by, reason, runUrl };
}

const STACK_OPTION = option('stack', 'NAME', 'stack name (required)', 'nama stack (wajib)');
const SHA_OPTION = option('sha', 'SHA', 'the commit of main the run is for (full id)', 'commit main yang dijalankan (id lengkap)');

export const planCommentStep: Command = {
  options: [
    STACK_OPTION,
    option('dir', 'DIR', 'folder of the plan step: <stack>.json, .md, .txt, .err, .exit', 'folder langkah rencana: <stack>.json, .md, .txt, .err, .exit'),
    option('pr', 'N', 'pull request to comment on (default: only the job summary)', 'pull request yang diberi komentar (bawaan: hanya ringkasan job)'),
  ],
  async run(ctx) {
    const stack = requiredStack(ctx);
    const dir = required(ctx, 'dir', '"$RUNNER_TEMP/plan"');
    const pr = given(ctx, 'pr');
    return runStep(ctx, (deps) => planComment(deps, { stack, dir, ...(pr !== undefined ? { pr: positiveInt(pr, 'pr') } : {}) }));
  },
};

export const fetchReviewsStep: Command = {
  options: [
    option('pr', 'N', 'the pull request', 'pull request-nya'),
    option('out', 'FILE', 'where to write the reviews (JSON)', 'tempat menulis ulasan (JSON)'),
  ],
  async run(ctx) {
    const pr = positiveInt(required(ctx, 'pr', '12'), 'pr');
    return runStep(ctx, (deps) => fetchReviews(deps, { pr, out: required(ctx, 'out', 'reviews.json') }));
  },
};

export const verifySignoffStep: Command = {
  options: [
    STACK_OPTION,
    SHA_OPTION,
    option('out', 'FILE', 'where to write the sign-off record (JSON, schemas/signoff.schema.json)', 'tempat menulis catatan tanda tangan (JSON, schemas/signoff.schema.json)'),
    option('emergency-by', 'LOGIN', 'emergency: who allowed changes without verified sign-off (with --reason, --run-url)', 'darurat: siapa yang mengizinkan perubahan tanpa tanda tangan terverifikasi (dengan --reason, --run-url)'),
    option('reason', 'TEXT', 'emergency: why (1 to 500 characters)', 'darurat: alasannya (1 sampai 500 karakter)'),
    option('run-url', 'URL', 'emergency: the address of the run', 'darurat: alamat run-nya'),
  ],
  async run(ctx) {
    const stack = requiredStack(ctx);
    const sha = requiredSha(ctx, 'sha');
    const out = required(ctx, 'out', 'signoff.json');
    const emergency = emergencyOf(ctx);
    return runStep(ctx, (deps) => verifySignoff(deps, { stack, sha, out, repo: ctx.repo, ...(emergency ? { emergency } : {}) }));
  },
};

export const installNoticeStep: Command = {
  options: [
    STACK_OPTION,
    SHA_OPTION,
    option('plan', 'FILE', 'the plan made after the ledger commit (kolokasi plan --format json)', 'rencana yang dibuat setelah commit ledger (kolokasi plan --format json)'),
    option('ledger-commit', 'SHA', 'the ledger commit, named in the notice', 'commit ledger, disebut dalam pemberitahuan'),
    option('config-url', 'URL', 'where the published gateway configuration is', 'alamat konfigurasi gateway yang diterbitkan'),
  ],
  async run(ctx) {
    const stack = requiredStack(ctx);
    const sha = requiredSha(ctx, 'sha');
    const plan = required(ctx, 'plan', 'plan.json');
    const ledgerCommit = given(ctx, 'ledger-commit');
    const configUrl = given(ctx, 'config-url');
    return runStep(ctx, (deps) => installNotice(deps, { stack, sha, plan, repo: ctx.repo, ...(ledgerCommit ? { ledgerCommit } : {}), ...(configUrl ? { configUrl } : {}) }));
  },
};

export const publishConfigsStep: Command = {
  options: [
    STACK_OPTION,
    option('from', 'DIR', 'the rendered configuration (apply --out)', 'konfigurasi yang dihasilkan (apply --out)'),
    option('branch', 'NAME', 'the configuration branch (default: gateway-config)', 'branch konfigurasi (bawaan: gateway-config)'),
    option('source-commit', 'SHA', 'the commit of main it was rendered from (full id)', 'commit main asal konfigurasi (id lengkap)'),
  ],
  async run(ctx) {
    const stack = requiredStack(ctx);
    const sourceCommit = requiredSha(ctx, 'source-commit');
    const branch = given(ctx, 'branch') ?? 'gateway-config';
    if (!BRANCH.test(branch) || branch.includes('..')) {
      throw new UsageError(
        { en: `invalid --branch '${branch}'`, id: `--branch '${branch}' tidak sah` },
        { en: 'use letters, digits, ., _, / and -, e.g. gateway-config', id: 'gunakan huruf, angka, ., _, / dan -, mis. gateway-config' },
      );
    }
    return runStep(ctx, (deps) => publishConfigs(deps, { stack, sourceCommit, branch, from: required(ctx, 'from', 'build/dev/current'), repo: ctx.repo }));
  },
};

export const driftStep: Command = {
  options: [
    STACK_OPTION,
    option('drift', 'true|false', 'whether the preview found drift', 'apakah preview menemukan drift'),
    option('output', 'FILE', "the preview's output, quoted in the issue", 'keluaran preview, dikutip dalam issue'),
  ],
  async run(ctx) {
    const stack = requiredStack(ctx);
    const verdict = required(ctx, 'drift', 'true');
    if (verdict !== 'true' && verdict !== 'false') {
      throw new UsageError({ en: `--drift must be true or false, got '${verdict}'`, id: `--drift harus true atau false, bukan '${verdict}'` });
    }
    const output = given(ctx, 'output');
    return runStep(ctx, (deps) => reportDrift(deps, { stack, drift: verdict === 'true', ...(output ? { output } : {}) }));
  },
};
