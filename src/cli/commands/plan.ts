import type { Command } from '../command.ts';
import { booleanOption, stringOption } from '../command.ts';
import { chooseFormat, formatOption, FORCE_OPTION, NOW_OPTION, resolveNow, SIGNOFF_OPTION } from '../options.ts';
import { EXIT_OK, EXIT_REJECTED, UsageError } from '../../errors.ts';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../../format/diagnostics.ts';
import { formatPlanText } from '../../format/plan-text.ts';
import { DEFAULT_MAX_CHARS, formatPlanMarkdown } from '../../format/plan-markdown.ts';
import { formatPlanJson, planDocument } from '../../format/plan-json.ts';
import { preparePlan } from '../../io/planning.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;

export const planCommand: Command = {
  options: [
    formatOption(FORMATS),
    NOW_OPTION,
    FORCE_OPTION,
    SIGNOFF_OPTION,
    {
      name: 'base',
      type: 'string',
      value: 'REF',
      description: {
        en: 'also show request edits (subdomain, services) against the requests at this commit, e.g. the pull request base',
        id: 'tampilkan juga perubahan permohonan (subdomain, layanan) terhadap permohonan pada commit ini, mis. basis pull request',
      },
    },
    {
      name: 'max-chars',
      type: 'string',
      value: 'N',
      description: {
        en: `markdown: cut the details to stay under N characters (default ${DEFAULT_MAX_CHARS})`,
        id: `markdown: potong rincian agar di bawah N karakter (bawaan ${DEFAULT_MAX_CHARS})`,
      },
    },
  ],
  async run(ctx) {
    const format = chooseFormat(ctx, FORMATS);
    const maxChars = maxCharsOption(stringOption(ctx, 'max-chars'));
    const forced = booleanOption(ctx, 'force');
    const base = stringOption(ctx, 'base');
    const signoff = stringOption(ctx, 'signoff');
    const planned = await preparePlan(ctx, await resolveNow(ctx), { ...(base !== undefined ? { base } : {}), ...(signoff !== undefined ? { signoff } : {}) });
    if (!planned.ok) {
      // A tool reading --format json gets JSON on refusal too: the diagnostics, as validate prints them.
      if (format === 'json') ctx.io.stdout(formatDiagnosticsJson(planned.diagnostics, planned.checked));
      else ctx.io.stderr(formatDiagnosticsText(planned.diagnostics, ctx.lang, planned.checked));
      return EXIT_REJECTED;
    }
    const { plan } = planned;
    const options = { lang: ctx.lang, forced };
    if (format === 'json') ctx.io.stdout(formatPlanJson(plan, options));
    else if (format === 'markdown') ctx.io.stdout(formatPlanMarkdown(planDocument(plan, options), { ...options, ...(maxChars !== undefined ? { maxChars } : {}) }));
    else ctx.io.stdout(formatPlanText(plan, options));
    if (plan.summary.errors > 0) return EXIT_REJECTED;
    if (!plan.safety.safe && !forced) return EXIT_REJECTED;
    return EXIT_OK;
  },
};

function maxCharsOption(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const value = Number(given);
  if (!/^\d+$/.test(given) || value < 1000) {
    throw new UsageError(
      { en: `--max-chars '${given}' is not a whole number of at least 1000`, id: `--max-chars '${given}' bukan bilangan bulat minimal 1000` },
      { en: 'e.g. --max-chars 60000', id: 'mis. --max-chars 60000' },
    );
  }
  return value;
}
