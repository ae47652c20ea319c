// `kolokasi signoff`: the required status check that stands in for the paper signatures.
// Exit 0 when every required role is filled by a current approval, 1 naming what is missing,
// 2 when an input file cannot be read or understood.
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { chooseFormat, formatOption } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../../errors.ts';
import { readInputFile, requireOption } from '../../github/files.ts';
import { loadApprovers } from '../../github/load-approvers.ts';
import { parseReviews } from '../../github/reviews.ts';
import { decideSignoff, formatSignoffMarkdown, formatSignoffText } from '../../github/signoff.ts';

const FORMATS = ['text', 'json', 'markdown'] as const;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/;
// A short id could match an older commit that shares its prefix: only the full id names one commit.
const SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

export const signoffCommand: Command = {
  options: [
    { name: 'reviews', type: 'string', value: 'FILE', description: { en: 'reviews JSON as returned by the GitHub API (pages may be concatenated)', id: 'JSON ulasan dari API GitHub (halaman boleh disambung)' } },
    { name: 'author', type: 'string', value: 'LOGIN', description: { en: 'login of the pull request author (cannot sign)', id: 'login pembuat pull request (tidak dapat menandatangani)' } },
    { name: 'head-sha', type: 'string', value: 'SHA', description: { en: 'only approvals of this commit count (the full 40-hex id)', id: 'hanya persetujuan atas commit ini yang dihitung (id lengkap 40 digit heksadesimal)' } },
    { name: 'approvers', type: 'string', value: 'FILE', description: { en: 'sign-off config (default: .github/approvers.yaml under --repo)', id: 'konfigurasi penanda tangan (bawaan: .github/approvers.yaml di --repo)' } },
    formatOption(FORMATS),
  ],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const reviewsFile = requireOption(stringOption(ctx, 'reviews'), 'reviews', 'reviews.json');
    const author = requireOption(stringOption(ctx, 'author'), 'author', 'octocat');
    if (!LOGIN.test(author)) {
      throw new UsageError({ en: `--author '${author}' is not a GitHub login`, id: `--author '${author}' bukan login GitHub` });
    }
    const headSha = stringOption(ctx, 'head-sha');
    if (headSha !== undefined && !SHA.test(headSha)) {
      throw new UsageError(
        { en: `--head-sha '${headSha}' is not a full commit id`, id: `--head-sha '${headSha}' bukan id commit lengkap` },
        { en: 'give the full 40-hex id (git rev-parse HEAD, or the pull request head sha)', id: 'berikan id lengkap 40 digit heksadesimal (git rev-parse HEAD, atau sha head pull request)' },
      );
    }
    const config = await loadApprovers(ctx, stringOption(ctx, 'approvers'));
    const parsed = parseReviews(await readInputFile(ctx.io.cwd, reviewsFile, '--reviews'));
    if (!parsed.ok) {
      throw new UsageError(
        { en: `--reviews ${reviewsFile}: ${parsed.message.en}`, id: `--reviews ${reviewsFile}: ${parsed.message.id}` },
        { en: 'save the answer of GET /repos/{owner}/{repo}/pulls/{number}/reviews', id: 'simpan jawaban GET /repos/{owner}/{repo}/pulls/{number}/reviews' },
      );
    }
    const decision = decideSignoff({ reviews: parsed.reviews, author, ...(headSha ? { headSha } : {}), config });
    if (format === 'json') ctx.io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
    else if (format === 'markdown') ctx.io.stdout(formatSignoffMarkdown(decision));
    else ctx.io.stdout(formatSignoffText(decision, ctx.lang));
    if (!decision.ok) {
      const roles = decision.missing.map((m) => m.role).join(', ');
      ctx.io.stderr(ctx.lang === 'id' ? `kolokasi: tanda tangan belum lengkap: ${roles}\n` : `kolokasi: sign-off missing: ${roles}\n`);
    }
    return decision.ok ? EXIT_OK : EXIT_REJECTED;
  },
};
