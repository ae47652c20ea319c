// The plan for tools: `kolokasi plan --format json`, described by schemas/plan.schema.json.
// Messages are given in the chosen language; codes are stable for machines.
import type { Plan } from '../core/plan.ts';
import type { PlanFormatOptions } from './plan-words.ts';

export const PLAN_JSON_API_VERSION = 'kolokasi/v1';

/** The plan as the JSON document of the contract (an object, before stringifying). */
export function planDocument(plan: Plan, options: PlanFormatOptions): Record<string, unknown> {
  const { lang } = options;
  return {
    apiVersion: PLAN_JSON_API_VERSION,
    kind: 'Plan',
    stack: plan.stack,
    zone: plan.zone,
    now: plan.now,
    safe: plan.safety.safe,
    forced: options.forced === true && !plan.safety.safe,
    unsafe: plan.safety.reasons.map((r) => ({ code: r.code, message: r.message[lang] })),
    summary: plan.summary,
    allocations: plan.allocations,
    changes: plan.changes,
    quarantineEnded: plan.quarantineEnded,
    diagnostics: plan.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      file: d.file,
      line: d.line,
      col: d.col,
      path: d.path,
      message: d.message[lang],
      hint: d.hint[lang],
    })),
  };
}

export function formatPlanJson(plan: Plan, options: PlanFormatOptions): string {
  return `${JSON.stringify(planDocument(plan, options), null, 2)}\n`;
}
