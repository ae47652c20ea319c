// `kolokasi commit-ledger`: commit stacks/<stack>.allocations.yaml (and nothing else) as the bot,
// push it to main, and when main moved on meanwhile: reset to it, re-run `kolokasi apply`, retry.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import { stringOption, t } from '../command.ts';
import { EXIT_OK, RejectedError, UsageError } from '../errors.ts';
import { checkStackName } from '../../io/repository.ts';
import { ledgerPath } from '../../core/ledger.ts';
import { commitLedger, DEFAULT_LEDGER_ATTEMPTS, ledgerCommitMessage, ledgerCommitProblems } from '../../git/ledger-commit.ts';
import { GITHUB_ACTIONS_BOT, PushRetryError } from '../../git/push-retry.ts';

const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/;

export const commitLedgerCommand: Command = {
  name: 'commit-ledger',
  summary: {
    en: 'commit and push the allocation ledger as the bot; on a concurrent push, re-apply and retry',
    id: 'commit dan push ledger alokasi sebagai bot; bila ada push bersamaan, apply ulang dan coba lagi',
  },
  options: [
    { name: 'pr', type: 'string', value: 'NUMBER', description: { en: 'the merged pull request (in the message)', id: 'pull request yang di-merge (dalam pesan commit)' } },
    { name: 'approvers', type: 'string', value: 'ROLE=LOGIN,...', description: { en: 'who signed, from the sign-off check (in the message)', id: 'siapa yang menandatangani, dari pemeriksaan sign-off (dalam pesan commit)' } },
    { name: 'source-commit', type: 'string', value: 'SHA', description: { en: 'the main commit the allocation was computed from', id: 'commit main yang menjadi dasar alokasi' } },
    { name: 'remote', type: 'string', value: 'NAME', description: { en: 'remote to push to (default: origin)', id: 'remote tujuan push (bawaan: origin)' } },
    { name: 'branch', type: 'string', value: 'NAME', description: { en: 'branch to push to (default: main)', id: 'branch tujuan push (bawaan: main)' } },
    { name: 'attempts', type: 'string', value: 'N', description: { en: `attempts in all (default: ${DEFAULT_LEDGER_ATTEMPTS})`, id: `jumlah percobaan (bawaan: ${DEFAULT_LEDGER_ATTEMPTS})` } },
  ],
  async run(ctx) {
    checkStackName(ctx.stack);
    const prText = stringOption(ctx, 'pr');
    const pr = prText === undefined || prText === '' ? undefined : Number(prText);
    const approvers = (stringOption(ctx, 'approvers') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
    const sourceCommit = stringOption(ctx, 'source-commit') || undefined;
    const input = { stack: ctx.stack, approvers, ...(pr !== undefined ? { pr } : {}), ...(sourceCommit ? { sourceCommit } : {}) };
    const problems = ledgerCommitProblems(input);
    if (problems.length > 0) throw new UsageError({ en: problems.map((p) => p.en).join('; '), id: problems.map((p) => p.id).join('; ') });
    const remote = stringOption(ctx, 'remote') ?? 'origin';
    const branch = stringOption(ctx, 'branch') ?? 'main';
    for (const [name, value] of [['remote', remote], ['branch', branch]] as const) {
      if (!BRANCH.test(value) || value.includes('..')) throw new UsageError({ en: `invalid --${name} '${value}'`, id: `--${name} '${value}' tidak sah` });
    }
    const attemptsText = stringOption(ctx, 'attempts');
    const maxAttempts = attemptsText === undefined ? DEFAULT_LEDGER_ATTEMPTS : Number(attemptsText);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
      throw new UsageError({ en: `--attempts must be a whole number from 1 to 20`, id: `--attempts harus bilangan bulat 1 sampai 20` });
    }
    const identity = {
      name: ctx.io.env.KOLOKASI_BOT_NAME || GITHUB_ACTIONS_BOT.name,
      email: ctx.io.env.KOLOKASI_BOT_EMAIL || GITHUB_ACTIONS_BOT.email,
    };
    try {
      const result = await commitLedger({
        repoDir: ctx.repo,
        ledgerPath: ledgerPath(ctx.stack),
        message: ledgerCommitMessage(input),
        identity,
        remote,
        branch,
        maxAttempts,
        recompute: () => reapply(ctx),
        onRetry: (attempt) => ctx.io.stderr(`${t(ctx, {
          en: `kolokasi: ${remote}/${branch} moved on; recomputing on top of it (attempt ${attempt} of ${maxAttempts})`,
          id: `kolokasi: ${remote}/${branch} sudah berubah; menghitung ulang di atasnya (percobaan ${attempt} dari ${maxAttempts})`,
        })}\n`),
      });
      ctx.io.stdout(result.status === 'pushed'
        ? `${t(ctx, { en: `pushed ledger commit ${result.commit} (attempt ${result.attempts})`, id: `commit ledger ${result.commit} di-push (percobaan ${result.attempts})` })}\n`
        : `${t(ctx, { en: 'ledger unchanged: nothing to commit', id: 'ledger tidak berubah: tidak ada yang di-commit' })}\n`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof PushRetryError) throw new RejectedError(error.text);
      throw error;
    }
  },
};

/**
 * Re-runs `kolokasi apply` (what `npx kolokasi apply` runs) from the reset work tree, in a new
 * process, so the newest code and requests on main are used, not the ones loaded in this one.
 */
function reapply(ctx: CommandContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const bin = path.join(ctx.repo, 'bin', 'kolokasi.js');
    const child = spawn('node', [bin, 'apply', '--stack', ctx.stack, '--repo', ctx.repo, '--lang', ctx.lang], {
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
