// `kolokasi codeowners [--check]`: write .github/CODEOWNERS from the OPD registry and the team
// config, or (with --check) exit 1 when the committed file is out of date.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command.ts';
import { booleanOption, stringOption, t } from '../command.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../../errors.ts';
import { readOne } from '../../io/repository.ts';
import { writeAtomically } from '../../io/files.ts';
import { OPD_REGISTRY_PATH, parseOpdRegistry } from '../../core/stack.ts';
import type { Diagnostic, Text } from '../../core/model.ts';
import { CODEOWNERS_PATH, compareCodeowners, renderCodeowners } from '../../github/codeowners.ts';
import { formatProblems, loadApprovers } from '../../github/load-approvers.ts';

export const codeownersCommand: Command = {
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
    const current = await readCurrent(ctx.repo);
    const upToDate = current.kind === 'file' && current.text === text;
    if (upToDate) {
      ctx.io.stdout(`${t(ctx, { en: `${CODEOWNERS_PATH} is up to date`, id: `${CODEOWNERS_PATH} sudah mutakhir` })}\n`);
      return EXIT_OK;
    }
    const regenerate = {
      en: 'kolokasi: run `npx kolokasi codeowners` and commit .github/CODEOWNERS',
      id: 'kolokasi: jalankan `npx kolokasi codeowners` lalu commit .github/CODEOWNERS',
    };

    if (booleanOption(ctx, 'check')) {
      if (current.kind === 'file') {
        const { missing, unexpected, notes } = compareCodeowners(text, current.text);
        ctx.io.stdout(`${t(ctx, { en: `${CODEOWNERS_PATH} is out of date`, id: `${CODEOWNERS_PATH} belum mutakhir` })}\n`);
        for (const line of missing) ctx.io.stdout(`  + ${line}\n`);
        for (const line of unexpected) ctx.io.stdout(`  - ${line}\n`);
        for (const note of notes) ctx.io.stdout(`  ! ${t(ctx, note)}\n`);
        ctx.io.stderr(`${t(ctx, regenerate)}\n`);
        if (current.text.includes('\r')) {
          ctx.io.stderr(`${t(ctx, {
            en: 'kolokasi: if git turns LF into CRLF on checkout (core.autocrlf), add `.github/CODEOWNERS text eol=lf` to .gitattributes',
            id: 'kolokasi: bila git mengubah LF menjadi CRLF saat checkout (core.autocrlf), tambahkan `.github/CODEOWNERS text eol=lf` ke .gitattributes',
          })}\n`);
        }
        return EXIT_REJECTED;
      }
      if (current.kind === 'unreadable') {
        ctx.io.stderr(formatProblems(current.diagnostics, ctx.lang));
        ctx.io.stdout(`${t(ctx, { en: `${CODEOWNERS_PATH} is not a readable text file`, id: `${CODEOWNERS_PATH} bukan berkas teks yang dapat dibaca` })}\n`);
      } else {
        ctx.io.stdout(`${CODEOWNERS_PATH} ${t(ctx, WHAT_IS_THERE[current.kind])}\n`);
      }
      ctx.io.stderr(`${t(ctx, current.kind === 'directory' || current.kind === 'other' || current.kind === 'symlink'
        ? { en: `kolokasi: remove ${CODEOWNERS_PATH}, then run \`npx kolokasi codeowners\` and commit the file`, id: `kolokasi: hapus ${CODEOWNERS_PATH}, lalu jalankan \`npx kolokasi codeowners\` dan commit berkasnya` }
        : regenerate)}\n`);
      return EXIT_REJECTED;
    }

    if (current.kind === 'directory' || current.kind === 'other' || current.kind === 'symlink') {
      throw new UsageError(
        { en: `cannot write ${CODEOWNERS_PATH}: it ${WHAT_IS_THERE[current.kind].en}`, id: `tidak dapat menulis ${CODEOWNERS_PATH}: ${WHAT_IS_THERE[current.kind].id}` },
        { en: `remove ${CODEOWNERS_PATH} and run kolokasi codeowners again`, id: `hapus ${CODEOWNERS_PATH} lalu jalankan kolokasi codeowners lagi` },
      );
    }
    await writeAtomically(target, text);
    ctx.io.stdout(`${t(ctx, { en: `wrote ${CODEOWNERS_PATH}`, id: `${CODEOWNERS_PATH} ditulis` })}\n`);
    return EXIT_OK;
  },
};

type Current =
  | { kind: 'file'; text: string }
  | { kind: 'missing' | 'symlink' | 'directory' | 'other' }
  | { kind: 'unreadable'; diagnostics: Diagnostic[] };

/** Follows the path in a sentence: `.github/CODEOWNERS is missing`. */
const WHAT_IS_THERE: Record<'missing' | 'symlink' | 'directory' | 'other', Text> = {
  missing: { en: 'is missing', id: 'tidak ada' },
  symlink: { en: 'is a symbolic link, not a regular file', id: 'adalah tautan simbolik, bukan berkas biasa' },
  directory: { en: 'is a directory, not a regular file', id: 'adalah folder, bukan berkas biasa' },
  other: { en: 'is not a regular file (a device, socket or pipe)', id: 'bukan berkas biasa (perangkat, soket atau pipe)' },
};

/** What is at .github/CODEOWNERS: the text of a regular file, or what else is there instead. */
async function readCurrent(repo: string): Promise<Current> {
  let info;
  try {
    info = await lstat(path.join(repo, CODEOWNERS_PATH));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    throw new UsageError(
      { en: `cannot read ${CODEOWNERS_PATH} (${code ?? String(error)})`, id: `tidak dapat membaca ${CODEOWNERS_PATH} (${code ?? String(error)})` },
      { en: 'check the permissions of .github/', id: 'periksa izin folder .github/' },
    );
  }
  if (info.isSymbolicLink()) return { kind: 'symlink' };
  if (info.isDirectory()) return { kind: 'directory' };
  if (!info.isFile()) return { kind: 'other' };
  const diagnostics: Diagnostic[] = [];
  const source = await readOne(repo, CODEOWNERS_PATH, diagnostics);
  return source ? { kind: 'file', text: source.text } : { kind: 'unreadable', diagnostics };
}
