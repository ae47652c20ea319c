// The one entry to the computation, stage by stage, on the example repository as the reader
// hands it over: each stage, each refusal, a pull request's base, an edge's own findings, and the
// view of what is applied.
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceFile } from '../../src/core/model.ts';
import { ledgerPath, serializeLedger } from '../../src/core/ledger.ts';
import { asApplied, planStack, type StackRefusal, type StackSources } from '../../src/core/plan-stack.ts';
import { requestText } from './synthetic.ts';
import { exampleSources, NOW } from './example.ts';

const LEDGER = ledgerPath('dev');
const LATER = new Date('2026-11-21T08:00:00Z');

function refused<T extends { ok: boolean }>(result: T | StackRefusal): StackRefusal {
  if (result.ok) throw new Error('expected a refusal');
  return result as StackRefusal;
}

function accepted<T extends { ok: true }>(result: T | StackRefusal): T {
  if (!result.ok) throw new Error(`refused at ${result.stage}: ${result.diagnostics.map((d) => `${d.code} ${d.message.en}`).join('; ')}`);
  return result;
}

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);

/** The example after its first apply at NOW: the ledger that planned() wrote. */
function appliedSources(): { sources: StackSources; ledgerText: string } {
  const first = accepted(planStack(exampleSources(), NOW).planned());
  const ledgerText = serializeLedger(first.allocation.ledger);
  return { sources: { ...exampleSources(), ledger: { file: LEDGER, text: ledgerText } }, ledgerText };
}

function withLedgerText(sources: StackSources, text: string): StackSources {
  return { ...sources, ledger: { file: LEDGER, text } };
}

describe('planStack: every stage on a valid repository', () => {
  it('reads the stack config, validates, reads an absent ledger as empty, allocates, plans', () => {
    const sources = exampleSources();
    const stages = planStack(sources, NOW);
    expect(stages.now).toBe(NOW);
    expect(accepted(stages.config()).config.zone).toBe('dev.tarakankota.go.id');
    const validation = stages.validation();
    expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validation.requests).toHaveLength(sources.requests.length);
    const ledger = accepted(stages.ledger());
    expect(ledger.ledger.allocations).toEqual({});
    const planned = accepted(stages.planned());
    expect(planned.requests.map((r) => r.id)).toEqual(validation.requests.map((r) => r.id));
    expect(planned.before).toEqual(ledger.ledger);
    expect(planned.allocation.created).toEqual(planned.requests.map((r) => r.id));
    expect(planned.desired.servers.map((s) => s.request)).toEqual(planned.allocation.created);
    expect(planned.plan.summary.empty).toBe(false);
    expect(planned.plan.allocations.every((a) => a.state === 'new')).toBe(true);
    expect(planned.now).toBe(NOW);
  });

  it('computes each stage once, however often it is asked for', () => {
    const stages = planStack(exampleSources(), NOW);
    expect(stages.planned()).toBe(stages.planned());
    expect(stages.ledger()).toBe(stages.ledger());
    expect(stages.validation()).toBe(stages.validation());
  });

  it('plans nothing on the ledger it wrote itself, and the applied view then equals the planned desired state', () => {
    const { sources } = appliedSources();
    const stages = planStack(sources, LATER);
    const planned = accepted(stages.planned());
    expect(planned.plan.summary.empty).toBe(true);
    expect(serializeLedger(planned.allocation.ledger)).toBe(sources.ledger!.text);
    const applied = accepted(stages.applied());
    expect(applied.desired).toEqual(planned.desired);
    expect(applied.ledger).toEqual(planned.before);
    expect(applied.stale).toEqual([]);
  });
});

describe('planStack: refusals name the stage they stopped at', () => {
  it('stack: an invalid stack config stops the pools and the ledger; planned() stops at validation', () => {
    const sources = { ...exampleSources(), stack: { file: 'stacks/Pulumi.dev.yaml', text: 'config:\n  kolokasi:zone: 42\n' } };
    const stages = planStack(sources, NOW);
    const config = refused(stages.config());
    expect(config.stage).toBe('stack');
    expect(config.checked).toBe(0);
    expect(config.diagnostics.length).toBeGreaterThan(0);
    expect(refused(stages.ledger())).toBe(config);
    expect(refused(stages.planned()).stage).toBe('validate');
  });

  it('validate: an invalid request refuses the plan and the applied view, but not the ledger', () => {
    const broken: SourceFile = { file: 'requests/dinkes/rusak.yaml', text: requestText('dinkes/rusak').replace('kind: ColocationRequest', 'kind: Something') };
    const { sources } = appliedSources();
    const stages = planStack({ ...sources, requests: [...sources.requests, broken] }, LATER);
    const planned = refused(stages.planned());
    expect(planned.stage).toBe('validate');
    expect(planned.diagnostics.some((d) => d.file === broken.file && d.severity === 'error')).toBe(true);
    expect(planned.checked).toBe(sources.requests.length);
    expect(refused(stages.applied()).stage).toBe('validate');
    // The pools are shown whatever a request says.
    expect(Object.keys(accepted(stages.ledger()).ledger.allocations)).toHaveLength(sources.requests.length);
  });

  it('ledger: a ledger of another stack refuses with KLK301, after the validation warnings', () => {
    const { sources, ledgerText } = appliedSources();
    const stages = planStack(withLedgerText(sources, ledgerText.replace('stack: dev', 'stack: prod')), LATER);
    const ledger = refused(stages.ledger());
    expect(ledger.stage).toBe('ledger');
    expect(codes(ledger.diagnostics)).toEqual(['KLK301']);
    expect(ledger.diagnostics[0]!.message.en).toBe("this ledger belongs to stack 'prod', not 'dev'");
    const planned = refused(stages.planned());
    expect(planned.stage).toBe('ledger');
    expect(codes(planned.diagnostics)).toContain('KLK301');
    expect(planned.checked).toBe(sources.requests.length);
    expect(refused(stages.applied()).stage).toBe('ledger');
  });

  it('ledger: the reader\'s refusal of the file (a link, too large) is the ledger stage\'s finding', () => {
    const refusal: Diagnostic = {
      code: 'KLK001', severity: 'error', file: LEDGER, line: 0, col: 0, path: '',
      message: { en: 'a symbolic link', id: 'tautan simbolik' }, hint: { en: 'replace it', id: 'ganti' },
    };
    const read = refused(planStack({ ...exampleSources(), diagnostics: [refusal] }, NOW).ledger());
    expect(read.stage).toBe('ledger');
    expect(read.diagnostics).toEqual([refusal]);
  });

  it('clock: a clock earlier than the ledger refuses the plan with KLK307 alone; the applied view has no clock', () => {
    const { sources } = appliedSources();
    const stages = planStack(sources, new Date('2026-11-19T08:00:00Z'));
    const planned = refused(stages.planned());
    expect(planned.stage).toBe('clock');
    expect(codes(planned.diagnostics)).toEqual(['KLK307']);
    expect(planned.diagnostics[0]!.message.en).toBe("the time of this run (2026-11-19T08:00:00Z) is earlier than the ledger's latest entry (2026-11-20T08:00:00Z)");
    expect(accepted(stages.applied()).stale).toEqual([]);
  });
});

describe('planStack: the view of what is applied', () => {
  it('refuses a ledger that holds no addresses for a request, naming it; allowStale documents it instead', () => {
    const { sources, ledgerText } = appliedSources();
    const stale = ledgerText.split('\n').filter((line) => !line.startsWith('  dinkes/sik:')).join('\n').replace(/allocations: (\d+)/, (_all, n: string) => `allocations: ${Number(n) - 1}`);
    const stages = planStack(withLedgerText(sources, stale), LATER);
    const refusal = refused(stages.applied());
    expect(refusal.stage).toBe('stale');
    expect(refusal.stale).toEqual(['dinkes/sik']);
    expect(refusal.checked).toBe(sources.requests.length);
    const documented = accepted(stages.applied({ allowStale: true }));
    expect(documented.stale).toEqual(['dinkes/sik']);
    expect(documented.desired.servers.map((s) => s.request)).not.toContain('dinkes/sik');
    expect(documented.desired.servers).toHaveLength(sources.requests.length - 1);
  });

  it('refuses every request of a stack never applied', () => {
    const refusal = refused(planStack(exampleSources(), NOW).applied());
    expect(refusal.stale).toHaveLength(exampleSources().requests.length);
  });

  it('is the same computation on typed data (asApplied)', () => {
    const { sources } = appliedSources();
    const applied = accepted(planStack(sources, LATER).applied());
    const again = asApplied('dev', applied.config, applied.requests, applied.ledger);
    expect(accepted(again).desired).toEqual(applied.desired);
  });
});

describe('planStack: a pull request\'s base and an edge\'s findings', () => {
  it('plans against the base ledger and warns (KLK813) when the pull request changed its own copy, even to an invalid one', () => {
    const { sources, ledgerText } = appliedSources();
    const edited = withLedgerText(sources, ledgerText.replace(/publicIpv4: "[^"]+"/, 'publicIpv4: "192.0.2.99"'));
    expect(edited.ledger!.text).not.toBe(ledgerText);
    const base = { requests: sources.requests, ledger: { file: LEDGER, text: ledgerText } };
    const planned = accepted(planStack(edited, LATER, { base }).planned());
    expect(serializeLedger(planned.before)).toBe(ledgerText);
    const warning = planned.plan.diagnostics.find((d) => d.code === 'KLK813')!;
    expect(warning.severity).toBe('warning');
    expect(warning.hint.en).toBe(`only the apply job on main writes the ledger: restore it with git checkout <base> -- ${LEDGER} and commit`);
    expect(planned.plan.summary.empty).toBe(true);
    // The same ledger on both sides: no warning.
    const unchanged = accepted(planStack(sources, LATER, { base }).planned());
    expect(codes(unchanged.plan.diagnostics)).not.toContain('KLK813');
  });

  it('shows request edits against the base requests', () => {
    const { sources, ledgerText } = appliedSources();
    const renamed = sources.requests.map((file) => (file.file === 'requests/dinkes/sik.yaml' ? { ...file, text: file.text.replace(/subdomain: \S+/, 'subdomain: sik-baru') } : file));
    expect(renamed).not.toEqual(sources.requests);
    const base = { requests: sources.requests, ledger: { file: LEDGER, text: ledgerText } };
    const withBase = accepted(planStack({ ...sources, requests: renamed }, LATER, { base }).planned());
    const withoutBase = accepted(planStack({ ...sources, requests: renamed }, LATER).planned());
    expect(withBase.plan.changes.length).toBeGreaterThan(withoutBase.plan.changes.length);
  });

  it('carries the diagnostics an edge found (the sign-off gate\'s) into the plan, sorted with the rest', () => {
    const gate: Diagnostic = {
      code: 'KLK000', severity: 'warning', file: 'requests/dinkes/sik.yaml', line: 0, col: 0, path: '',
      message: { en: 'held', id: 'ditahan' }, hint: { en: 'sign it', id: 'tandatangani' },
    };
    const planned = accepted(planStack(exampleSources(), NOW, { extraDiagnostics: [gate] }).planned());
    expect(planned.plan.diagnostics).toContain(gate);
    expect(planned.plan.diagnostics.map((d) => d.file)).toEqual([...planned.plan.diagnostics.map((d) => d.file)].sort());
  });
});
