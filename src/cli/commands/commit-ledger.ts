// `kolokasi commit-ledger`: commit stacks/<stack>.allocations.yaml (and nothing else) as the bot,
// push it to main, and when main moved on meanwhile: reset to it, re-run `kolokasi apply`, retry.
// With --signoff, the message carries each request change's pull request and signatories (or why
// it was held), computed from the work tree being committed, so a retry on a newer main names the
// changes that commit really applies.
import { spawn } from 'node:child_process';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import { stringOption, t } from '../command.ts';
import { EXIT_OK, RejectedError, UsageError } from '../../errors.ts';
import { resolveNow } from '../options.ts';
import { writeAtomically } from '../../io/files.ts';
import { checkStackName, readRepository, type RepositoryFiles } from '../../io/repository.ts';
import { sortDiagnostics } from '../../core/diagnostics.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { planStack } from '../../core/plan-stack.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { commitLedger, DEFAULT_LEDGER_ATTEMPTS, ledgerCommitMessage, ledgerCommitProblems, UnpushedCommitsError } from '../../git/ledger-commit.ts';
import { botEmailFromEnv, lastBotLedgerCommit } from '../../git/bot-ledger-commits.ts';
import { gateWorkTree } from '../../git/request-baseline.ts';
import { GitCommandError, gitIn, runGit } from '../../git/run.ts';
import { loadSignoff } from '../../github/load-signoff.ts';
import { gateProvenance, type SignoffRecord } from '../../github/verify-signoff.ts';
import { GITHUB_ACTIONS_BOT, identityValueProblem, PushRetryError, type BotIdentity } from '../../git/push-retry.ts';

const REMOTE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/;

export const commitLedgerCommand: Command = {
  options: [
    { name: 'pr', type: 'string', value: 'NUMBER', description: { en: 'the merged pull request (in the message)', id: 'pull request yang di-merge (dalam pesan commit)' } },
    { name: 'approvers', type: 'string', value: 'ROLE=LOGIN,...', description: { en: 'who signed, from the sign-off check (in the message)', id: 'siapa yang menandatangani, dari pemeriksaan sign-off (dalam pesan commit)' } },
    { name: 'source-commit', type: 'string', value: 'SHA', description: { en: 'the main commit the allocation was computed from', id: 'commit main yang menjadi dasar alokasi' } },
    { name: 'remote', type: 'string', value: 'NAME', description: { en: 'remote to push to (default: origin)', id: 'remote tujuan push (bawaan: origin)' } },
    { name: 'branch', type: 'string', value: 'NAME', description: { en: 'branch to push to: main, the only one accepted', id: 'branch tujuan push: main, satu-satunya yang diterima' } },
    { name: 'signoff', type: 'string', value: 'FILE', description: { en: 'the verified sign-off (kolokasi ci verify-signoff --out): per-request provenance in the message, and for a recompute', id: 'tanda tangan terverifikasi (kolokasi ci verify-signoff --out): asal-usul per permohonan dalam pesan, dan untuk perhitungan ulang' } },
    { name: 'attempts', type: 'string', value: 'N', description: { en: `attempts in all (default: ${DEFAULT_LEDGER_ATTEMPTS})`, id: `jumlah percobaan (bawaan: ${DEFAULT_LEDGER_ATTEMPTS})` } },
    { name: 'applied-out', type: 'string', value: 'FILE', description: { en: 'write the ledger commit that holds what is applied now: the one pushed, or the last one when the ledger did not change (empty when there is none)', id: 'tulis commit ledger yang memuat apa yang kini diterapkan: yang di-push, atau yang terakhir bila ledger tidak berubah (kosong bila tidak ada)' } },
  ],
  async run(ctx) {
    checkStackName(ctx.stack);
    const pr = pullRequestNumber(stringOption(ctx, 'pr'));
    const approvers = (stringOption(ctx, 'approvers') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
    const sourceCommit = stringOption(ctx, 'source-commit') || undefined;
    const input = { stack: ctx.stack, approvers, ...(pr !== undefined ? { pr } : {}), ...(sourceCommit ? { sourceCommit } : {}) };
    const problems = ledgerCommitProblems(input);
    if (problems.length > 0) throw new UsageError({ en: problems.map((p) => p.en).join('; '), id: problems.map((p) => p.id).join('; ') });
    const remote = stringOption(ctx, 'remote') ?? 'origin';
    const branch = stringOption(ctx, 'branch') ?? 'main';
    if (!REMOTE.test(remote) || remote.includes('..')) throw new UsageError({ en: `invalid --remote '${remote}'`, id: `--remote '${remote}' tidak sah` });
    if (branch !== 'main') {
      throw new UsageError(
        { en: `commit-ledger pushes only to main, not to '${branch}'`, id: `commit-ledger hanya push ke main, bukan ke '${branch}'` },
        { en: 'the ledger lives on main; leave --branch out', id: 'ledger ada di main; hilangkan --branch' },
      );
    }
    const signoffFile = stringOption(ctx, 'signoff');
    const signoff = signoffFile === undefined ? undefined : { file: path.resolve(ctx.io.cwd, signoffFile), record: await loadSignoff(ctx, signoffFile) };
    const attemptsText = stringOption(ctx, 'attempts');
    const maxAttempts = attemptsText === undefined ? DEFAULT_LEDGER_ATTEMPTS : /^[1-9][0-9]?$/.test(attemptsText) ? Number(attemptsText) : NaN;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
      throw new UsageError({ en: `--attempts must be a whole number from 1 to 20, not '${attemptsText}'`, id: `--attempts harus bilangan bulat 1 sampai 20, bukan '${attemptsText}'` });
    }
    const identity = botIdentity(ctx);
    await checkGitRepository(ctx, remote);
    const file = ledgerPath(ctx.stack);
    // What the check of an attempt read; the message of the same attempt is made from it.
    let checked: RepositoryFiles | undefined;
    try {
      const result = await commitLedger({
        repoDir: ctx.repo,
        ledgerPath: file,
        message: signoff ? () => messageWithProvenance(ctx, input, signoff.record, checked, identity.email) : ledgerCommitMessage(input),
        identity,
        remote,
        branch,
        maxAttempts,
        recompute: () => reapply(ctx, signoff?.file),
        check: async () => {
          checked = await checkLedgerFile(ctx);
        },
        onRetry: (attempt) => ctx.io.stderr(`${t(ctx, {
          en: `kolokasi: ${remote}/${branch} moved on; recomputing on top of it (attempt ${attempt} of ${maxAttempts})`,
          id: `kolokasi: ${remote}/${branch} sudah berubah; menghitung ulang di atasnya (percobaan ${attempt} dari ${maxAttempts})`,
        })}\n`),
      });
      const appliedOut = stringOption(ctx, 'applied-out');
      if (appliedOut !== undefined) {
        // Nothing pushed: what is applied is still the last ledger commit's, not HEAD's, whose
        // requests may hold changes this run held back without the ledger changing.
        const applied = result.status === 'pushed' ? result.commit : await lastBotLedgerCommit(ctx.repo, file, 'HEAD', identity.email);
        writeAtomically(path.resolve(ctx.io.cwd, appliedOut), applied === null ? '' : `${applied}\n`);
      }
      ctx.io.stdout(result.status === 'pushed'
        ? `${t(ctx, { en: `pushed ledger commit ${result.commit} (attempt ${result.attempts})`, id: `commit ledger ${result.commit} di-push (percobaan ${result.attempts})` })}\n`
        : `${t(ctx, { en: 'ledger unchanged: nothing to commit', id: 'ledger tidak berubah: tidak ada yang di-commit' })}\n`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof PushRetryError) throw new RejectedError(error.text);
      if (error instanceof UnpushedCommitsError) throw unpushedCommits(error);
      if (error instanceof GitCommandError) throw gitFailed(ctx, error);
      throw error;
    }
  },
};

const PULL_REQUEST = /^[1-9][0-9]{0,9}$/;

/** `--pr`: absent or empty for a direct push to main, else a plain decimal pull request number. */
function pullRequestNumber(given: string | undefined): number | undefined {
  if (given === undefined || given === '') return undefined;
  if (!PULL_REQUEST.test(given)) {
    throw new UsageError(
      { en: `invalid pull request number '${given}' for --pr`, id: `nomor pull request '${given}' untuk --pr tidak sah` },
      { en: 'give the number in decimal digits, e.g. --pr 42 (or leave --pr out)', id: 'berikan nomornya dengan angka desimal, mis. --pr 42 (atau hilangkan --pr)' },
    );
  }
  return Number(given);
}

/** The bot identity from KOLOKASI_BOT_NAME and KOLOKASI_BOT_EMAIL, checked before git sees it. */
function botIdentity(ctx: CommandContext): BotIdentity {
  const identity = {
    name: ctx.io.env.KOLOKASI_BOT_NAME || GITHUB_ACTIONS_BOT.name,
    // The same email the readers of what was applied look for (bot-ledger-commits.ts).
    email: botEmailFromEnv(ctx.io.env),
  };
  for (const [variable, value] of [['KOLOKASI_BOT_NAME', identity.name], ['KOLOKASI_BOT_EMAIL', identity.email]] as const) {
    const problem = identityValueProblem(value);
    if (problem) {
      throw new UsageError(
        { en: `invalid ${variable} ${JSON.stringify(value)}: ${problem.en}`, id: `${variable} ${JSON.stringify(value)} tidak sah: ${problem.id}` },
        { en: `set ${variable} to one line of text, or unset it for the default (${GITHUB_ACTIONS_BOT.name})`, id: `isi ${variable} dengan satu baris teks, atau kosongkan untuk nilai bawaan (${GITHUB_ACTIONS_BOT.name})` },
      );
    }
  }
  return identity;
}

/** --repo must be a directory inside a git work tree that has the remote to push to. */
async function checkGitRepository(ctx: CommandContext, remote: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(ctx.repo)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new UsageError(
      { en: `the repository ${ctx.repo} does not exist or is not a directory`, id: `repositori ${ctx.repo} tidak ada atau bukan folder` },
      { en: 'run kolokasi from the checkout of the repository, or pass --repo DIR', id: 'jalankan kolokasi dari checkout repositori, atau berikan --repo DIR' },
    );
  }
  const git = gitIn(ctx.repo);
  const inside = (await git(['rev-parse', '--is-inside-work-tree']).catch(() => '')).trim() === 'true';
  if (!inside) {
    throw new UsageError(
      { en: `${ctx.repo} is not a git work tree: there is nothing to commit the ledger to`, id: `${ctx.repo} bukan work tree git: tidak ada tempat untuk meng-commit ledger` },
      { en: 'run commit-ledger in a clone of the repository (actions/checkout in the workflow), or pass --repo DIR', id: 'jalankan commit-ledger di clone repositori (actions/checkout di workflow), atau berikan --repo DIR' },
    );
  }
  const remotes = (await git(['remote'])).split('\n').map((r) => r.trim());
  if (!remotes.includes(remote)) {
    throw new UsageError(
      { en: `the repository ${ctx.repo} has no remote '${remote}' to push the ledger to`, id: `repositori ${ctx.repo} tidak punya remote '${remote}' untuk push ledger` },
      { en: `add it (git remote add ${remote} URL) or name another with --remote`, id: `tambahkan (git remote add ${remote} URL) atau sebut remote lain dengan --remote` },
    );
  }
}

/**
 * The ledger in the work tree must parse and hold together (each address once, inside its pool)
 * before it is committed: a broken ledger on main would stop every later run. The stack config
 * is read each time, since a retry may have brought a newer one (a pool added on main).
 */
async function checkLedgerFile(ctx: CommandContext): Promise<RepositoryFiles | undefined> {
  const file = ledgerPath(ctx.stack);
  try {
    await lstat(path.join(ctx.repo, file));
  } catch {
    // No ledger in the work tree: nothing to commit (a tracked ledger deleted is refused below).
    const tracked = (await runGit(ctx.repo, ['ls-files', '--', file])).trim() !== '';
    if (!tracked) return undefined;
    throw new RejectedError(
      { en: `${file} is missing from the work tree, and commit-ledger never commits its deletion; nothing was committed or pushed`, id: `${file} tidak ada di work tree, dan commit-ledger tidak pernah meng-commit penghapusannya; tidak ada yang di-commit atau di-push` },
      { en: 'run kolokasi apply first, which writes the ledger', id: 'jalankan kolokasi apply dulu, yang menulis ledger' },
    );
  }
  const sources = await readRepository(ctx.repo, ctx.stack);
  // Later than any time apply could have stamped: the clock the next run reads the ledger with.
  const now = new Date(Math.max(Date.now(), (await resolveNow(ctx)).getTime()));
  // Only the stack config and the ledger: the requests play no part in checking the ledger.
  const read = planStack(sources, now).ledger();
  if (read.ok) return sources;
  if (read.stage === 'stack') {
    const stackFile = sources.stack.file;
    // Every diagnostic of this stage is about the stack file itself.
    ctx.io.stderr(formatDiagnosticsText(sortDiagnostics(read.diagnostics), ctx.lang, 0));
    throw new RejectedError(
      { en: `${stackFile} is invalid, so the ledger cannot be checked; nothing was committed`, id: `${stackFile} tidak sah, sehingga ledger tidak dapat diperiksa; tidak ada yang di-commit` },
      { en: 'fix the stack config (kolokasi validate shows every problem)', id: 'perbaiki konfigurasi stack (kolokasi validate menampilkan semua masalah)' },
    );
  }
  // A file the reader refused (a link, too large, not UTF-8) comes with the reader's reason.
  ctx.io.stderr(formatDiagnosticsText(read.diagnostics, ctx.lang, 0));
  throw new RejectedError(
    { en: `${file} is invalid (${read.diagnostics.length} problem(s)); nothing was committed or pushed`, id: `${file} tidak sah (${read.diagnostics.length} masalah); tidak ada yang di-commit atau di-push` },
    { en: 'the ledger is written by kolokasi apply, never by hand: undo the edit and run kolokasi apply again', id: 'ledger ditulis oleh kolokasi apply, bukan manual: batalkan perubahannya lalu jalankan kolokasi apply lagi' },
  );
}

/** Refused before anything is committed: the commits would go to main with the ledger, unreviewed. */
function unpushedCommits(error: UnpushedCommitsError): UsageError {
  const list = error.commits.map((c) => `${c.hash.slice(0, 12)} ${c.subject}`).join('; ');
  return new UsageError(
    {
      en: `the checkout holds ${error.commits.length} commit(s) that are not on ${error.remote}/${error.branch}: ${list}; commit-ledger pushes the ledger alone and keeps them; nothing was committed or pushed`,
      id: `checkout berisi ${error.commits.length} commit yang tidak ada di ${error.remote}/${error.branch}: ${list}; commit-ledger hanya push ledger dan membiarkan commit itu; tidak ada yang di-commit atau di-push`,
    },
    {
      en: `run commit-ledger in a checkout of ${error.remote}/${error.branch} (push those commits through a pull request)`,
      id: `jalankan commit-ledger di checkout ${error.remote}/${error.branch} (ajukan commit itu lewat pull request)`,
    },
  );
}

/** The message for the ledger as it is in the work tree now: which request changes it applies, and by whose sign-off. */
async function messageWithProvenance(ctx: CommandContext, input: Parameters<typeof ledgerCommitMessage>[0], record: SignoffRecord, read: RepositoryFiles | undefined, botEmail: string): Promise<string> {
  const sources = read ?? (await readRepository(ctx.repo, ctx.stack));
  const { gate } = await gateWorkTree(ctx.repo, ctx.stack, sources.requests, record, botEmail);
  return ledgerCommitMessage({ ...input, provenance: gateProvenance(gate) });
}

/** A git command that failed for a reason of its environment (network, permissions, a lock). */
function gitFailed(ctx: CommandContext, error: GitCommandError): UsageError {
  const detail = error.detail;
  return new UsageError(
    { en: `git failed in ${ctx.repo}: ${detail}`, id: `git gagal di ${ctx.repo}: ${detail}` },
    { en: 'check the remote, the network and the permissions of the checkout, then run commit-ledger again', id: 'periksa remote, jaringan dan izin checkout, lalu jalankan commit-ledger lagi' },
  );
}

/**
 * Re-runs `kolokasi apply` (what `npx kolokasi apply` runs) from the reset work tree, in a new
 * process, so the newest code and requests on main are used, not the ones loaded in this one.
 */
function reapply(ctx: CommandContext, signoffFile: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const bin = path.join(ctx.repo, 'bin', 'kolokasi.js');
    const signoff = signoffFile === undefined ? [] : ['--signoff', signoffFile];
    const child = spawn('node', [bin, 'apply', '--stack', ctx.stack, '--repo', ctx.repo, '--lang', ctx.lang, ...signoff], {
      cwd: ctx.repo,
      env: ctx.io.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => ctx.io.stdout(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => ctx.io.stderr(chunk.toString('utf8')));
    child.on('error', () => reject(new UsageError({ en: `cannot run ${bin} apply`, id: `tidak dapat menjalankan ${bin} apply` })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new RejectedError({
        en: `\`kolokasi apply\` failed with exit code ${code} while recomputing on the newer main; nothing was pushed`,
        id: `\`kolokasi apply\` gagal dengan kode keluar ${code} saat menghitung ulang di atas main terbaru; tidak ada yang di-push`,
      }));
    });
  });
}
