// Reading the verified sign-off file (`--signoff FILE`) for a command: unreadable or invalid
// content, or a record of another stack, is a usage error (exit 2), its diagnostics printed first.
import type { RunContext } from '../io/context.ts';
import { UsageError } from '../errors.ts';
import { readInputFile } from './files.ts';
import { formatProblems } from './load-approvers.ts';
import { readSignoffRecord, type SignoffRecord } from './verify-signoff.ts';

export async function loadSignoff(ctx: RunContext, given: string): Promise<SignoffRecord> {
  const text = await readInputFile(ctx.io.cwd, given, '--signoff');
  const { record, diagnostics } = readSignoffRecord({ file: given, text });
  if (!record) {
    ctx.io.stderr(formatProblems(diagnostics, ctx.lang));
    throw new UsageError(
      { en: `--signoff ${given} is invalid (${diagnostics.length} problem(s))`, id: `--signoff ${given} tidak sah (${diagnostics.length} masalah)` },
      { en: 'pass the file written by `kolokasi ci verify-signoff --out`; its schema is schemas/signoff.schema.json', id: 'berikan berkas yang ditulis `kolokasi ci verify-signoff --out`; skemanya schemas/signoff.schema.json' },
    );
  }
  if (record.stack !== ctx.stack) {
    throw new UsageError(
      { en: `--signoff ${given} was verified for stack '${record.stack}', not '${ctx.stack}'`, id: `--signoff ${given} diverifikasi untuk stack '${record.stack}', bukan '${ctx.stack}'` },
      { en: `run verify-signoff with --stack ${ctx.stack}`, id: `jalankan verify-signoff dengan --stack ${ctx.stack}` },
    );
  }
  return record;
}
