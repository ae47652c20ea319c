import type { Command } from '../command.ts';
import { booleanOption } from '../command.ts';
import { chooseFormat, formatOption, NOW_OPTION, resolveNow } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED } from '../../errors.ts';
import { readRepository } from '../../io/repository.ts';
import { planStack } from '../../core/plan-stack.ts';
import { poolStats } from '../../core/pool.ts';
import { isoSeconds } from '../../core/quarantine.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { formatPoolJson, formatPoolText } from '../../format/pool-text.ts';

const FORMATS = ['text', 'json'] as const;

export const poolCommand: Command = {
  options: [
    formatOption(FORMATS),
    NOW_OPTION,
    {
      name: 'summary',
      type: 'boolean',
      description: { en: 'text: counts and free ranges only, without the used addresses', id: 'teks: hanya jumlah dan rentang bebas, tanpa daftar alamat terpakai' },
    },
  ],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const now = await resolveNow(ctx);
    // The pools need only the stack config and the ledger: an invalid request elsewhere does not
    // stop anyone from seeing which addresses are free.
    const read = planStack(await readRepository(ctx.repo, ctx.stack), now).ledger();
    if (!read.ok) {
      ctx.io.stderr(formatDiagnosticsText(read.diagnostics, ctx.lang, read.checked));
      return EXIT_REJECTED;
    }
    const { config, ledger } = read;
    const stats = poolStats(config, ledger, now);
    const context = { stack: ctx.stack, now: isoSeconds(now) };
    if (format === 'json') ctx.io.stdout(formatPoolJson(stats, context));
    else ctx.io.stdout(formatPoolText(stats, { ...context, lang: ctx.lang, listUsed: !booleanOption(ctx, 'summary') }));
    return EXIT_OK;
  },
};
