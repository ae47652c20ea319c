// The plan for a terminal: one `+`/`-`/`~` line per change, then the summary and the gate's verdict.
import type { Plan } from '../core/plan.ts';
import { CHANGE_KINDS } from '../core/plan.ts';
import { KIND_WORDS, WORDS, addresses, changeLine, type PlanFormatOptions } from './plan-words.ts';

export function formatPlanText(plan: Plan, options: PlanFormatOptions): string {
  const { lang } = options;
  const words = WORDS[lang];
  const lines: string[] = [`${words.title}: ${words.stack} ${plan.stack} (${words.zone} ${plan.zone}), ${words.at} ${plan.now}`, ''];

  if (plan.diagnostics.length > 0) {
    lines.push(`${words.diagnostics}:`);
    for (const d of plan.diagnostics) {
      const place = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
      lines.push(`  ${place}: ${d.severity === 'error' ? (lang === 'id' ? 'galat' : 'error') : lang === 'id' ? 'peringatan' : 'warning'} ${d.code}: ${d.message[lang]}`);
      lines.push(`      ${lang === 'id' ? 'saran' : 'hint'}: ${d.hint[lang]}`);
    }
    lines.push('');
  }

  if (plan.summary.empty) {
    if (plan.summary.errors === 0 && !options.omitNoChanges) lines.push(words.noChanges);
  } else {
    const kindWidth = Math.max(...CHANGE_KINDS.map((k) => KIND_WORDS[k][lang].length));
    if (plan.changes.length > 0) {
      lines.push(`${words.changes}:`);
      for (const change of plan.changes) lines.push(`  ${changeLine(change, plan, words, kindWidth, lang)}`);
      lines.push('');
    }
    if (plan.quarantineEnded.length > 0) {
      lines.push(`${words.quarantineEnded}:`);
      for (const r of plan.quarantineEnded) {
        lines.push(`  · ${r.request}: ${addresses(r, words)} (${words.released(r.releasedAt)})`);
      }
      lines.push('');
    }
  }

  const s = plan.summary;
  lines.push(`${words.summary}: ${words.allocations.toLowerCase()} ${words.allocationSummary(s.allocations.new, s.allocations.kept, s.allocations.released, s.allocations.moved)}; ${words.changeSummary(s.changes.create, s.changes.update, s.changes.delete)}.`);
  if (s.errors > 0) lines.push(words.errors(s.errors));
  if (!plan.safety.safe) {
    lines.push(`${options.forced ? words.forced : words.unsafe}:`);
    for (const reason of plan.safety.reasons) lines.push(`  ${reason.code}: ${reason.message[lang]}`);
  }
  return `${lines.join('\n')}\n`;
}
