import path from 'node:path';
import { lstat } from 'node:fs/promises';
import { writeAtomically } from '../../io/files.ts';
import type { Command } from '../command.ts';
import { t } from '../command.ts';
import { EXIT_OK, RejectedError, UsageError } from '../../errors.ts';
import { readOne } from '../../io/repository.ts';
import { parseOpdRegistry, OPD_REGISTRY_PATH } from '../../core/stack.ts';
import { explainLabel } from '../../core/labels.ts';
import { said } from '../../core/catalog/index.ts';
import { requestSkeleton } from '../../core/skeleton.ts';
import type { Diagnostic } from '../../core/model.ts';

export const newCommand: Command = {
  args: '<opd>/<name>',
  options: [],
  async run(ctx) {
    const [given, ...extra] = ctx.positionals;
    // `dinkes/rsud.yaml` and `requests/dinkes/rsud.yaml` name the same request as `dinkes/rsud`.
    const id = given?.replace(/^(\.\/)?requests\//, '').replace(/\.ya?ml$/, '');
    const parts = id?.split('/');
    if (!id || extra.length > 0 || parts?.length !== 2) {
      throw new UsageError(
        { en: 'give one request id, <opd>/<name>', id: 'berikan satu id permohonan, <opd>/<nama>' },
        { en: 'e.g. kolokasi new bkpsdm/simpeg (without .yaml)', id: 'mis. kolokasi new bkpsdm/simpeg (tanpa .yaml)' },
      );
    }
    const [opd, name] = parts as [string, string];
    for (const [label, value] of [['opd', opd], ['name', name]] as const) {
      const problem = explainLabel(value);
      if (problem) {
        const { message, hint } = said(problem.code, { subject: `${label} '${value}'`, value, char: problem.char });
        throw new RejectedError(message, hint);
      }
    }
    const diagnostics: Diagnostic[] = [];
    const registrySource = await readOne(ctx.repo, OPD_REGISTRY_PATH, diagnostics);
    const registry = registrySource ? parseOpdRegistry(registrySource).registry : undefined;
    if (!registry) {
      throw new UsageError({ en: `${OPD_REGISTRY_PATH} is missing or invalid`, id: `${OPD_REGISTRY_PATH} tidak ada atau tidak sah` }, { en: 'run kolokasi validate', id: 'jalankan kolokasi validate' });
    }
    const slugs = registry.opds.map((o) => o.slug).sort();
    if (!slugs.includes(opd)) {
      throw new RejectedError(
        { en: `OPD '${opd}' is not registered`, id: `OPD '${opd}' belum terdaftar` },
        { en: `registered: ${slugs.join(', ')}`, id: `yang terdaftar: ${slugs.join(', ')}` },
      );
    }
    const relative = `requests/${opd}/${name}.yaml`;
    const target = path.join(ctx.repo, relative);
    const taken = await lstat(target).then(() => true, () => false);
    if (taken) {
      throw new RejectedError(
        { en: `${relative} already exists`, id: `${relative} sudah ada` },
        { en: 'choose another name, or edit the existing file', id: 'pilih nama lain, atau sunting berkas yang ada' },
      );
    }
    await writeAtomically(target, requestSkeleton(opd, name));
    ctx.io.stdout(`${t(ctx, { en: `wrote ${relative}; fill in every <...> and run kolokasi validate`, id: `menulis ${relative}; isi setiap <...> lalu jalankan kolokasi validate` })}\n`);
    return EXIT_OK;
  },
};
