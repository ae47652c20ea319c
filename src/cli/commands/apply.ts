import { lstat, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import type { Text } from '../../core/model.ts';
import { booleanOption, stringOption, t } from '../command.ts';
import { FORCE_OPTION, NOW_OPTION, OUT_OPTION, outDirectory, SIGNOFF_OPTION } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../errors.ts';
import { hasErrors } from '../../core/diagnostics.ts';
import { desiredState } from '../../core/desired.ts';
import { ledgerPath, serializeLedger } from '../../core/ledger.ts';
import { renderOutputs, type OutputFile } from '../../render/outputs.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { formatPlanText } from '../../format/plan-text.ts';
import { preparePlan } from './planning.ts';
import { ensureDirectory, writeAllAtomically, writeAtomically } from '../../io/files.ts';

/** Lists what apply wrote into the out dir, so the next apply removes only its own stale files. */
export const OUTPUT_MANIFEST = '.kolokasi-outputs';

function nothingApplied(ctx: CommandContext): string {
  return `${t(ctx, {
    en: `kolokasi: nothing applied; ${ledgerPath(ctx.stack)} is unchanged`,
    id: `kolokasi: tidak ada yang diterapkan; ${ledgerPath(ctx.stack)} tidak berubah`,
  })}\n`;
}

export const applyCommand: Command = {
  name: 'apply',
  summary: {
    en: 'allocate addresses, update the ledger and write the gateway and zone configs',
    id: 'alokasikan alamat, perbarui buku alokasi dan tulis konfigurasi gateway dan zona',
  },
  options: [NOW_OPTION, OUT_OPTION, FORCE_OPTION, SIGNOFF_OPTION],
  async run(ctx) {
    const forced = booleanOption(ctx, 'force');
    const signoff = stringOption(ctx, 'signoff');
    const planned = await preparePlan(ctx, signoff === undefined ? {} : { signoff });
    if (!planned.ok) {
      ctx.io.stderr(formatDiagnosticsText(planned.diagnostics, ctx.lang, planned.checked));
      return EXIT_REJECTED;
    }
    const { plan, config, requests, allocation } = planned;
    const planText = formatPlanText(plan, { lang: ctx.lang, forced });
    if (plan.summary.errors > 0 || (!plan.safety.safe && !forced)) {
      ctx.io.stderr(planText);
      ctx.io.stderr(nothingApplied(ctx));
      return EXIT_REJECTED;
    }

    // Render before writing anything: a renderer that refuses a rule must leave the ledger as it was.
    const desired = desiredState(ctx.stack, config, requests, allocation.ledger);
    const rendered = renderOutputs(desired, config);
    if (hasErrors(rendered.diagnostics)) {
      ctx.io.stderr(formatDiagnosticsText(rendered.diagnostics, ctx.lang, requests.length));
      ctx.io.stderr(nothingApplied(ctx));
      return EXIT_REJECTED;
    }

    // The ledger is the commit point, written last: a refused out dir leaves it as it was, and a
    // re-run after any failure writes the same outputs again.
    const outDir = outDirectory(ctx, path.join(ctx.repo, 'build', ctx.stack));
    await ensureDirectory(outDir);
    const outputs = await writeOutputs(outDir, rendered.files);

    const ledgerFile = path.join(ctx.repo, ...ledgerPath(ctx.stack).split('/'));
    const ledgerText = serializeLedger(allocation.ledger);
    const ledgerChanged = planned.sources.ledger?.text !== ledgerText;
    if (ledgerChanged) await writeAtomically(ledgerFile, ledgerText);

    const changedFiles = [...outputs.writtenPaths, ...outputs.removedPaths];
    // The plan compares addresses with the ledger; an edited port or name changes only the rendered
    // files, and "No changes" would then be false.
    ctx.io.stdout(changedFiles.length > 0 ? formatPlanText(plan, { lang: ctx.lang, forced, omitNoChanges: true }) : planText);
    for (const warning of rendered.diagnostics) ctx.io.stderr(formatDiagnosticsText([warning], ctx.lang, requests.length));
    const shownOut = path.relative(ctx.io.cwd, outDir) || '.';
    if (plan.summary.empty && (ledgerChanged || changedFiles.length > 0)) ctx.io.stdout(`${t(ctx, appliedWithoutAddressChanges(ctx, ledgerChanged, changedFiles))}\n`);
    ctx.io.stdout(`${t(ctx, ledgerChanged
      ? { en: `ledger written: ${ledgerPath(ctx.stack)}`, id: `buku alokasi ditulis: ${ledgerPath(ctx.stack)}` }
      : { en: `ledger unchanged: ${ledgerPath(ctx.stack)}`, id: `buku alokasi tidak berubah: ${ledgerPath(ctx.stack)}` })}\n`);
    ctx.io.stdout(`${t(ctx, {
      en: `outputs in ${shownOut}: ${outputs.written} written, ${outputs.unchanged} unchanged, ${outputs.removed} removed${listed(outputs.writtenPaths, outputs.removedPaths, 'en')}`,
      id: `keluaran di ${shownOut}: ${outputs.written} ditulis, ${outputs.unchanged} tidak berubah, ${outputs.removed} dihapus${listed(outputs.writtenPaths, outputs.removedPaths, 'id')}`,
    })}\n`);
    return EXIT_OK;
  },
};

/** What the rendered files are, by their top folder, as a reviewer names them. */
const OUTPUT_WORDS: Record<string, Text> = {
  dns: { en: 'DNS records', id: 'rekaman DNS' },
  firewall: { en: 'firewall rules', id: 'aturan firewall' },
};

/** An empty plan that still changed something: the ledger's form, or the rendered names and rules. */
function appliedWithoutAddressChanges(ctx: CommandContext, ledgerChanged: boolean, changedFiles: readonly string[]): Text {
  const kinds = [...new Set(changedFiles.map((file) => file.split('/')[0]!))].sort().map((dir) => OUTPUT_WORDS[dir] ?? { en: dir, id: dir });
  const parts: Text[] = [
    ...(ledgerChanged ? [{ en: `the ledger ${ledgerPath(ctx.stack)}`, id: `buku alokasi ${ledgerPath(ctx.stack)}` }] : []),
    ...kinds,
  ];
  return {
    en: `No address changes; applied: ${parts.map((p) => p.en).join(', ')}.`,
    id: `Tidak ada perubahan alamat; diterapkan: ${parts.map((p) => p.id).join(', ')}.`,
  };
}

function listed(written: readonly string[], removed: readonly string[], lang: 'en' | 'id'): string {
  const names = [...written, ...removed.map((file) => `${lang === 'en' ? 'removed' : 'dihapus'} ${file}`)];
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A renderer's path, refused if it could leave the out dir. */
export function insideOut(outDir: string, relative: string): string {
  const target = path.resolve(outDir, ...relative.split('/'));
  const back = path.relative(outDir, target);
  if (relative === '' || path.isAbsolute(relative) || relative.split('/').includes('..') || back === '' || back.startsWith('..') || path.isAbsolute(back)) {
    throw new Error(`output path ${JSON.stringify(relative)} would leave the out dir`);
  }
  return target;
}

/** A symbolic link inside the out dir would send a write, or a removal, somewhere else. */
async function refuseLinks(outDir: string, target: string): Promise<void> {
  const parts = path.relative(outDir, target).split(path.sep);
  let current = outDir;
  for (const part of parts) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) {
      throw new UsageError(
        { en: `${current} is a symbolic link; kolokasi writes only real files in its output directory`, id: `${current} adalah tautan simbolik; kolokasi hanya menulis berkas nyata di folder keluarannya` },
        { en: 'remove the link, or choose another --out', id: 'hapus tautannya, atau pilih --out lain' },
      );
    }
  }
}

/**
 * Writes the files that differ, removes the files the previous apply wrote and this one does not,
 * and records what was written. Files kolokasi did not write (a report, notes) are never touched.
 */
async function writeOutputs(outDir: string, files: readonly OutputFile[]): Promise<{ written: number; unchanged: number; removed: number; writtenPaths: string[]; removedPaths: string[] }> {
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  const removedPaths: string[] = [];
  const manifestFile = path.join(outDir, OUTPUT_MANIFEST);
  const previousManifest = await readIfPresent(manifestFile);
  const previous = (previousManifest ?? '').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const current = new Set(files.map((f) => f.path));
  const changed: { file: string; content: string }[] = [];
  const writtenPaths: string[] = [];
  for (const file of files) {
    const target = insideOut(outDir, file.path);
    await refuseLinks(outDir, target);
    if ((await readIfPresent(target)) === file.content) unchanged++;
    else {
      changed.push({ file: target, content: file.content });
      writtenPaths.push(file.path);
    }
  }
  await writeAllAtomically(changed);
  written = changed.length;
  for (const stale of previous) {
    if (current.has(stale)) continue;
    let target: string;
    try {
      target = insideOut(outDir, stale);
    } catch {
      continue;
    }
    await refuseLinks(outDir, target);
    try {
      await rm(target);
      removed++;
      removedPaths.push(stale);
    } catch {
      continue;
    }
    // Directories emptied by the removal go too; rmdir refuses non-empty ones.
    for (let dir = path.dirname(target); dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
  const manifest = [
    '# Files written by `kolokasi apply`; the next apply removes those it no longer writes.',
    ...[...current].sort(),
    '',
  ].join('\n');
  if (previousManifest !== manifest) await writeAtomically(manifestFile, manifest);
  return { written, unchanged, removed, writtenPaths, removedPaths };
}

