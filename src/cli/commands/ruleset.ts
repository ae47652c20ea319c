// `kolokasi ruleset [--out FILE] [--check]`: write the repository ruleset of main generated from
// .github/approvers.yaml, or (with --check) read the live one through the GitHub REST API
// (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL) and name each difference: exit 1.
import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import { booleanOption, stringOption, t } from '../command.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../../errors.ts';
import { writeAtomically } from '../../io/files.ts';
import { formatProblems, loadApproversFile } from '../../github/load-approvers.ts';
import { gitHubUnreachable, GitHubClient, REPOSITORY } from '../../github/rest.ts';
import { buildRuleset, compareRuleset, describeDifference, renderRuleset, RULESET_NAME, type Ruleset } from '../../github/ruleset.ts';

const DEFAULT_OUT = 'build/ruleset-main.json';

export const rulesetCommand: Command = {
  options: [
    { name: 'out', type: 'string', value: 'FILE', description: { en: `where to write the JSON (default: ${DEFAULT_OUT} under --repo)`, id: `tempat menulis JSON (bawaan: ${DEFAULT_OUT} di --repo)` } },
    { name: 'check', type: 'boolean', description: { en: 'compare with the live ruleset (GITHUB_TOKEN, GITHUB_REPOSITORY); writes nothing', id: 'bandingkan dengan ruleset di GitHub (GITHUB_TOKEN, GITHUB_REPOSITORY); tidak menulis apa pun' } },
    { name: 'approvers', type: 'string', value: 'FILE', description: { en: 'sign-off config (default: .github/approvers.yaml under --repo)', id: 'konfigurasi tanda tangan (bawaan: .github/approvers.yaml di --repo)' } },
  ],
  async run(ctx) {
    const { config, source } = await loadApproversFile(ctx, stringOption(ctx, 'approvers'));
    const { ruleset, diagnostics } = buildRuleset(config, source);
    if (!ruleset) {
      ctx.io.stderr(formatProblems(diagnostics, ctx.lang));
      throw new UsageError(
        { en: `${source.file} cannot make a ruleset (${diagnostics.length} problem(s))`, id: `${source.file} belum dapat menjadi ruleset (${diagnostics.length} masalah)` },
        { en: 'fix the ruleset section; its schema is schemas/approvers.schema.json', id: 'perbaiki bagian ruleset; skemanya schemas/approvers.schema.json' },
      );
    }
    if (booleanOption(ctx, 'check')) return check(ctx, ruleset, source.file);

    const given = stringOption(ctx, 'out');
    const target = given ? path.resolve(ctx.io.cwd, given) : path.join(ctx.repo, DEFAULT_OUT);
    const shown = given ?? DEFAULT_OUT;
    await writeAtomically(target, renderRuleset(ruleset));
    ctx.io.stdout(`${t(ctx, { en: `wrote ${shown}`, id: `${shown} ditulis` })}\n`);
    if (ruleset.bypass_actors.length === 0) {
      ctx.io.stderr(`kolokasi: ${t(ctx, {
        en: 'no ruleset.botAppId: nothing may bypass the ruleset, so the apply cannot push the ledger commit to main',
        id: 'ruleset.botAppId tidak diisi: tidak ada yang boleh melewati ruleset, sehingga apply tidak dapat mendorong commit ledger ke main',
      })}\n`);
    }
    ctx.io.stdout(`${t(ctx, {
      en: `create it: gh api --method POST repos/OWNER/REPO/rulesets --input ${shown}\n  (or Settings > Rules > Rulesets > New ruleset > Import a ruleset)`,
      id: `buat: gh api --method POST repos/OWNER/REPO/rulesets --input ${shown}\n  (atau Settings > Rules > Rulesets > New ruleset > Import a ruleset)`,
    })}\n`);
    return EXIT_OK;
  },
};

function environment(ctx: CommandContext): { token: string; repository: string; apiUrl?: string } {
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, GITHUB_API_URL: apiUrl } = ctx.io.env;
  if (!token || !repository || !REPOSITORY.test(repository)) {
    throw new UsageError(
      { en: '--check needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name)', id: '--check memerlukan GITHUB_TOKEN dan GITHUB_REPOSITORY (owner/nama)' },
      { en: 'e.g. GITHUB_TOKEN=$(gh auth token) GITHUB_REPOSITORY=pemkot-tarakan/kolokasi npx kolokasi ruleset --check', id: 'mis. GITHUB_TOKEN=$(gh auth token) GITHUB_REPOSITORY=pemkot-tarakan/kolokasi npx kolokasi ruleset --check' },
    );
  }
  return { token, repository, ...(apiUrl ? { apiUrl } : {}) };
}

/** `configFile` names the approvers file in messages. */
async function check(ctx: CommandContext, generated: Ruleset, configFile: string): Promise<number> {
  const { token, repository, apiUrl } = environment(ctx);
  const github = new GitHubClient({ token, repository, ...(apiUrl ? { apiUrl } : {}) });
  let live: unknown;
  let id: number | undefined;
  try {
    const found = (await github.listRulesets()).find((r) => r.name === RULESET_NAME);
    id = found?.id;
    live = found ? await github.getRuleset(found.id) : undefined;
  } catch (error) {
    throw gitHubUnreachable(error, apiUrl ?? 'https://api.github.com', { en: 'read the rulesets', id: 'membaca ruleset' });
  }
  if (live === undefined) {
    ctx.io.stdout(`${t(ctx, { en: `${repository} has no ruleset named '${RULESET_NAME}'`, id: `${repository} tidak punya ruleset bernama '${RULESET_NAME}'` })}\n`);
    ctx.io.stderr(`kolokasi: ${t(ctx, {
      en: `create it: npx kolokasi ruleset, then gh api --method POST repos/${repository}/rulesets --input ${DEFAULT_OUT}`,
      id: `buat: npx kolokasi ruleset, lalu gh api --method POST repos/${repository}/rulesets --input ${DEFAULT_OUT}`,
    })}\n`);
    return EXIT_REJECTED;
  }
  const { differences, bypassHidden } = compareRuleset(generated, live);
  if (bypassHidden) {
    ctx.io.stderr(`kolokasi: ${t(ctx, {
      en: 'GitHub did not show the bypass list to this token (it needs admin access to the repository): not compared',
      id: 'GitHub tidak menampilkan daftar bypass untuk token ini (perlu akses admin ke repositori): tidak dibandingkan',
    })}\n`);
  }
  if (differences.length === 0) {
    ctx.io.stdout(`${t(ctx, { en: `ruleset '${RULESET_NAME}' matches ${configFile}`, id: `ruleset '${RULESET_NAME}' sesuai dengan ${configFile}` })}\n`);
    return EXIT_OK;
  }
  ctx.io.stdout(`${t(ctx, {
    en: `ruleset '${RULESET_NAME}' (id ${id}) differs from ${configFile} in ${differences.length} setting(s):`,
    id: `ruleset '${RULESET_NAME}' (id ${id}) berbeda dari ${configFile} pada ${differences.length} pengaturan:`,
  })}\n`);
  for (const difference of differences) ctx.io.stdout(`  ${t(ctx, describeDifference(difference))}\n`);
  ctx.io.stderr(`kolokasi: ${t(ctx, {
    en: `update it: npx kolokasi ruleset, then gh api --method PUT repos/${repository}/rulesets/${id} --input ${DEFAULT_OUT}`,
    id: `perbarui: npx kolokasi ruleset, lalu gh api --method PUT repos/${repository}/rulesets/${id} --input ${DEFAULT_OUT}`,
  })}\n`);
  return EXIT_REJECTED;
}

