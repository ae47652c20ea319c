import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import { buildPlan } from '../../src/core/plan.ts';
import { formatPlanMarkdown } from '../../src/format/plan-markdown.ts';
import { checkPlanDocument, formatPlanJson, planDocument, readPlanDocument } from '../../src/format/plan-json.ts';
import { formatDiagnosticsText } from '../../src/format/diagnostics.ts';
import { WORDS } from '../../src/format/plan-words.ts';
import {
  GITHUB_COMMENT_LIMIT,
  buildPlanComment,
  buildPlanStepSummary,
  fenced,
  planMarker,
  truncateMarkdown,
  type PlanCommentInput,
} from '../../src/github/plan-comment.ts';
import { largeConfig, syntheticIds, syntheticRequest } from '../core/synthetic.ts';

/** A parsed plan JSON through the schema, undefined when it breaks the contract. */
function planJson(value: unknown) {
  const read = checkPlanDocument(value, { file: 'plan.json', text: '' });
  return read.ok ? read.document : undefined;
}

const RUN_URL = 'https://github.com/pemkot-tarakan/kolokasi/actions/runs/123';

function planOf(count: number) {
  const config = largeConfig();
  const requests = syntheticIds(count).map((id) => syntheticRequest(id));
  const now = new Date('2026-11-27T08:00:00Z');
  const before = emptyLedger('dev');
  const after = allocate({ config, requests, ledger: before, now }).ledger;
  return buildPlan({ stack: 'dev', config, now, before, after, requests });
}

describe('plan comment', () => {
  it('stays under 65,536 characters for 2,000 requests, summary intact, with a link to the job summary', () => {
    const plan = planOf(2000);
    const markdown = formatPlanMarkdown(planDocument(plan, { lang: 'id' }), { lang: 'id' });
    const input: PlanCommentInput = {
      stack: 'dev',
      exitCode: 0,
      details: markdown,
      plan: planJson(JSON.parse(JSON.stringify(planDocument(plan, { lang: 'id' }))))!,
      commit: '9f2c4e1b7a3d5f6e8c0b1a2d3e4f5a6b7c8d9e0f',
      runUrl: RUN_URL,
    };
    const body = buildPlanComment(input);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.startsWith(planMarker('dev'))).toBe(true);
    // The summary (everything before the first collapsed section) arrives whole.
    const summary = markdown.slice(0, markdown.indexOf('<details>'));
    expect(body.startsWith(summary)).toBe(true);
    expect(summary).toContain('2000');
    expect(body).toContain(RUN_URL);
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
    // The job summary carries the whole plan.
    const stepSummary = buildPlanStepSummary(input, undefined, plan.allocations.map((a) => `${a.request} ${a.publicIpv4}`).join('\n'));
    expect(stepSummary).toContain(plan.allocations.at(-1)!.request);
  });

  it('cuts an oversized body at a line, closing the code fence and the details block', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `+ allocation opd${i % 10}/app${i}: 100.64.${i >> 8}.${i & 255}`);
    const details = `${planMarker('dev')}\n### plan\n\n| total | 6000 |\n\n<details>\n<summary>changes</summary>\n\n\`\`\`diff\n${rows.join('\n')}\n\`\`\`\n\n</details>\n`;
    const body = buildPlanComment({ stack: 'dev', exitCode: 0, details, runUrl: RUN_URL });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).toContain('| total | 6000 |');
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
    expect(body).toContain('Details truncated');
    expect(body).toContain(`[ringkasan job / job summary](${RUN_URL})`);
  });

  it('builds its own comment when the plan could not run, with the error output fenced', () => {
    const body = buildPlanComment({ stack: 'prod', exitCode: 2, details: "kolokasi: error: stack 'prod' not found\n```\n", runUrl: RUN_URL });
    expect(body.startsWith(planMarker('prod'))).toBe(true);
    expect(body).toContain('Plan could not be computed');
    expect(body).toContain('````text');
    expect(body).toContain("stack 'prod' not found");
  });

  it('writes the formatter\'s summary from the plan JSON when only the JSON is there', () => {
    const plan = planOf(40);
    const document = planJson(JSON.parse(JSON.stringify(planDocument(plan, { lang: 'en' }))))!;
    const body = buildPlanComment({ stack: 'dev', lang: 'en', exitCode: 0, details: 'plain text plan', plan: document });
    const summary = formatPlanMarkdown(document, { lang: 'en' });
    expect(body.startsWith(summary.slice(0, summary.indexOf('<details>')))).toBe(true);
    expect(body).toContain(WORDS.en.allocationSummary(40, 0, 0, undefined));
    expect(body).toContain('plain text plan');
  });

  it('keeps any input under the limit, even a single enormous line', () => {
    const body = buildPlanComment({ stack: 'dev', exitCode: 1, details: 'x'.repeat(200_000) });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.startsWith(planMarker('dev'))).toBe(true);
  });
});

describe('Markdown helpers', () => {
  it('fences text that itself holds backticks', () => {
    expect(fenced('a ``` b')).toBe('````\na ``` b\n````\n');
  });

  it('fences text with 300,000 backtick runs without overflowing the stack', () => {
    const text = `${'a`'.repeat(300_000)}\nb ${'`'.repeat(5)} c`;
    expect(fenced(text).startsWith('``````\n')).toBe(true);
    expect(fenced('no backticks')).toBe('```\nno backticks\n```\n');
  });

  it('leaves short text alone', () => {
    expect(truncateMarkdown('abc\n', 10)).toEqual({ text: 'abc\n', truncated: false });
  });

  it('refuses a plan JSON without the contract fields', () => {
    expect(planJson({ allocations: 'x' })).toBeUndefined();
    expect(planJson(null)).toBeUndefined();
  });
});

describe('plan JSON read back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kolokasi-plan-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** 40 servers applied, then every request deleted: far over the safety gate's limits. */
  function unsafePlan() {
    const config = largeConfig();
    const requests = syntheticIds(40).map((id) => syntheticRequest(id));
    const now = new Date('2026-11-27T08:00:00Z');
    const applied = allocate({ config, requests, ledger: emptyLedger('dev'), now }).ledger;
    const after = allocate({ config, requests: [], ledger: applied, now }).ledger;
    return buildPlan({ stack: 'dev', config, now, before: applied, after, requests: [] });
  }

  it('shows the safety gate\'s refusal in the comment for an unsafe plan written, read back and rendered', () => {
    const plan = unsafePlan();
    expect(plan.safety.safe).toBe(false);
    const file = path.join(dir, 'dev.json');
    writeFileSync(file, formatPlanJson(plan, { lang: 'id' }));
    const read = readPlanDocument({ file: 'dev.json', text: readFileSync(file, 'utf8') });
    if (!read.ok) throw new Error(formatDiagnosticsText(read.diagnostics, 'en', 0));
    expect(read.document).toEqual(planDocument(plan, { lang: 'id' }));
    const body = buildPlanComment({ stack: 'dev', exitCode: 1, details: '', plan: read.document, runUrl: RUN_URL });
    expect(body.startsWith(planMarker('dev'))).toBe(true);
    expect(body).toContain('> [!CAUTION]');
    expect(body).toContain(WORDS.id.unsafe);
    expect(body).toContain('KLK501');
    expect(body).not.toContain('Rencana ditolak / Plan rejected');
  });

  it('refuses a plan JSON that breaks the schema, naming the file, the place and the JSON pointer', () => {
    const { safe, ...rest } = planDocument(unsafePlan(), { lang: 'en' });
    // The shape an older reader expected: the verdict under `safety`.
    const text = JSON.stringify({ ...rest, safety: { safe } }, null, 2);
    const read = readPlanDocument({ file: 'plans/dev.json', text });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const message = formatDiagnosticsText(read.diagnostics, 'en', 0);
    expect(message).toMatch(/^plans\/dev\.json:\d+:\d+: error KLK\d{3}: .*'safety'/m);
    expect(message).toContain('field: /safety');
    expect(message).toContain('field: /safe');
    expect(planJson(JSON.parse(text))).toBeUndefined();
  });

  it('refuses a plan JSON that is not JSON, with the line and column', () => {
    const read = readPlanDocument({ file: 'dev.json', text: '{\n  "kind": "Plan",\n  "stack": [\n}\n' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.diagnostics[0]).toMatchObject({ file: 'dev.json', severity: 'error' });
    expect(read.diagnostics[0]!.line).toBeGreaterThan(1);
  });
});
