// `kolokasi codeowners [--check]`: write .github/CODEOWNERS from the OPD registry and the team
// config, or (with --check) exit 1 when the committed file is out of date.
import path from 'node:path';
import type { Command } from '../command.ts';
import { booleanOption, stringOption, t } from '../command.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../errors.ts';
import { readOne } from '../../io/repository.ts';
import { writeAtomically } from '../../io/files.ts';
import { OPD_REGISTRY_PATH, parseOpdRegistry } from '../../core/stack.ts';
import type { Diagnostic } from '../../core/model.ts';
import { CODEOWNERS_PATH, codeownersDifference, renderCodeowners } from '../../github/codeowners.ts';
import { formatProblems, loadApprovers } from '../../github/load-approvers.ts';

export const codeownersCommand: Command = {
  name: 'codeowners',
  summary: {
    en: 'write .github/CODEOWNERS from the OPD registry; --check: exit 1 when it is out of date',
    id: 'tulis .github/CODEOWNERS dari daftar OPD; --check: keluar 1 bila belum mutakhir',
  },
  options: [
    { name: 'check', type: 'boolean', description: { en: 'only compare with the committed file', id: 'hanya bandingkan dengan berkas yang ter-commit' } },
    { name: 'approvers', type: 'string', value: 'FILE', description: { en: 'team config (default: .github/approvers.yaml under --repo)', id: 'konfigurasi tim (bawaan: .github/approvers.yaml di --repo)' } },
  ],
  async run(ctx) {
    const config = await loadApprovers(ctx, stringOption(ctx, 'approvers'));
    const diagnostics: Diagnostic[] = [];
    const source = await readOne(ctx.repo, OPD_REGISTRY_PATH, diagnostics);
    const parsed = source ? parseOpdRegistry(source) : { diagnostics };
    if (!parsed.registry) {
      ctx.io.stderr(formatProblems(parsed.diagnostics, ctx.lang));
      throw new UsageError(
        { en: `${OPD_REGISTRY_PATH} is invalid`, id: `${OPD_REGISTRY_PATH} tidak sah` },
        { en: 'run kolokasi validate for details', id: 'jalankan kolokasi validate untuk rinciannya' },
      );
    }
    const { text, problems } = renderCodeowners(parsed.registry, config.teams);
    for (const problem of problems) ctx.io.stderr(`kolokasi: ${t(ctx, problem)}\n`);

    const target = path.join(ctx.repo, CODEOWNERS_PATH);
    let current: string | undefined;
    try {
      current = (await readOne(ctx.repo, CODEOWNERS_PATH, diagnostics))?.text;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      current = undefined;
    }

    if (booleanOption(ctx, 'check')) {
      if (current === text) {
        ctx.io.stdout(`${t(ctx, { en: `${CODEOWNERS_PATH} is up to date`, id: `${CODEOWNERS_PATH} sudah mutakhir` })}\n`);
        return EXIT_OK;
      }
      const { missing, unexpected } = codeownersDifference(text, current ?? '');
      ctx.io.stdout(`${t(ctx, current === undefined
        ? { en: `${CODEOWNERS_PATH} is missing`, id: `${CODEOWNERS_PATH} tidak ada` }
        : { en: `${CODEOWNERS_PATH} is out of date`, id: `${CODEOWNERS_PATH} belum mutakhir` })}\n`);
      for (const line of missing) ctx.io.stdout(`  + ${line}\n`);
      for (const line of unexpected) ctx.io.stdout(`  - ${line}\n`);
      ctx.io.stderr(`${t(ctx, {
        en: 'kolokasi: run `npx kolokasi codeowners` and commit .github/CODEOWNERS',
        id: 'kolokasi: jalankan `npx kolokasi codeowners` lalu commit .github/CODEOWNERS',
      })}\n`);
      return EXIT_REJECTED;
    }

    if (current === text) {
      ctx.io.stdout(`${t(ctx, { en: `${CODEOWNERS_PATH} is up to date`, id: `${CODEOWNERS_PATH} sudah mutakhir` })}\n`);
      return EXIT_OK;
    }
    await writeAtomically(target, text);
    ctx.io.stdout(`${t(ctx, { en: `wrote ${CODEOWNERS_PATH}`, id: `${CODEOWNERS_PATH} ditulis` })}\n`);
    return EXIT_OK;
  },
};
