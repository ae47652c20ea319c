// The plan for tools: `kolokasi plan --format json`, described by schemas/plan.schema.json.
// Messages are given in the chosen language; codes are stable for machines. The document is read
// back (by the pull-request comment, the install notice) only through the same schema, into the
// same type it was written from.
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import type { Diagnostic, Release, SourceFile } from '../core/model.ts';
import type { Plan, PlanAllocation, PlanChange, PlanSummary } from '../core/plan.ts';
import { makeValidator } from '../core/schema.ts';
import { parseYaml } from '../core/yaml.ts';
import type { PlanFormatOptions } from './plan-words.ts';

export const PLAN_JSON_API_VERSION = 'kolokasi/v1';

/** A diagnostic as the plan JSON carries it: its message and hint in the language chosen. */
export type PlanDocumentDiagnostic = Omit<Diagnostic, 'message' | 'hint'> & { message: string; hint: string };

/** The plan JSON contract (schemas/plan.schema.json), as written and as read back. */
export interface PlanDocument {
  apiVersion: typeof PLAN_JSON_API_VERSION;
  kind: 'Plan';
  stack: string;
  zone: string;
  now: string;
  /** False when the safety gate refuses the plan (see `unsafe`). */
  safe: boolean;
  /** True when the plan is unsafe and `--force` was given. */
  forced: boolean;
  unsafe: { code: string; message: string }[];
  summary: PlanSummary;
  allocations: PlanAllocation[];
  changes: PlanChange[];
  quarantineEnded: Release[];
  diagnostics: PlanDocumentDiagnostic[];
}

/** The plan as the JSON document of the contract (an object, before stringifying). */
export function planDocument(plan: Plan, options: PlanFormatOptions): PlanDocument {
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

const checkPlanSchema = makeValidator(planSchema);

export type PlanDocumentRead = { ok: true; document: PlanDocument } | { ok: false; diagnostics: Diagnostic[] };

/**
 * A plan JSON file read back through the schema. A file that breaks the contract (another
 * version, a diagnostics document, an edit by hand) is refused with diagnostics naming the file,
 * the line and column, and the JSON pointer of the field.
 */
export function readPlanDocument(source: SourceFile): PlanDocumentRead {
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch {
    // JSON is YAML: the YAML parser gives the mistake a line and column.
    const parsed = parseYaml(source);
    if (!parsed.ok) return parsed;
    value = parsed.value;
  }
  return checkPlanDocument(value, source);
}

/** An already parsed plan JSON through the schema; `source` locates what is wrong in it. */
export function checkPlanDocument(value: unknown, source: SourceFile): PlanDocumentRead {
  const diagnostics = checkPlanSchema(value, source);
  return diagnostics.length === 0 ? { ok: true, document: value as PlanDocument } : { ok: false, diagnostics };
}
