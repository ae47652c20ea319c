import path from 'node:path';
import { describe, expect, it } from 'vitest';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { allocate } from '../../src/core/allocate.ts';
import { emptyLedger } from '../../src/core/ledger.ts';
import type { Lang, Ledger, LoadedRequest } from '../../src/core/model.ts';
import { buildPlan, type Plan } from '../../src/core/plan.ts';
import { makeValidator } from '../../src/core/schema.ts';
import { formatPlanJson, planDocument } from '../../src/format/plan-json.ts';
import { formatPlanMarkdown, GITHUB_COMMENT_LIMIT, planCommentMarker } from '../../src/format/plan-markdown.ts';
import { formatPlanText } from '../../src/format/plan-text.ts';
import { exampleConfig, exampleRequests, NOW, ROOT } from '../core/example.ts';
import { largeConfig, syntheticIds, syntheticRequest } from '../core/synthetic.ts';
import { expectGolden } from '../helpers/golden.ts';

const GOLDEN = path.join(ROOT, 'test/golden/plan');
const checkPlanJson = makeValidator(planSchema);
const config = exampleConfig();
const requests = exampleRequests();

function scenarioInitial(): Plan {
  const result = allocate({ config, requests, ledger: emptyLedger('dev'), now: NOW });
  return buildPlan({ stack: 'dev', config, now: NOW, before: emptyLedger('dev'), after: result.ledger, requests, diagnostics: result.diagnostics });
}

/**
 * A month later: four requests deleted (more than the safety gate allows), one new request with a
 * pin in quarantine (refused), esppt asks for IPv6, satudata renamed, an old release expired.
 */
function scenarioChanges(): Plan {
  const initial = allocate({ config, requests, ledger: emptyLedger('dev'), now: NOW }).ledger;
  const before: Ledger = {
    ...initial,
    released: [{ request: 'dkisp/lama', publicIpv4: '203.0.113.30', privateIpv4: '10.20.30.30', allocatedAt: '2026-01-05T02:00:00Z', releasedAt: '2026-10-01T00:00:00Z' }],
  };
  const now = new Date('2026-12-18T03:00:00Z');
  const kept = new Set(['bapenda/esppt', 'bkpsdm/absensi', 'dkisp/satudata']);
  const current: LoadedRequest[] = requests
    .filter((r) => kept.has(r.id))
    .map((r) => {
      const copy = structuredClone(r);
      if (r.id === 'bapenda/esppt') copy.request.spec.network = { ipv6: true };
      if (r.id === 'dkisp/satudata') copy.request.spec.dns.subdomain = 'data';
      return copy;
    });
  const newcomer = syntheticRequest('dinkes/rujukan', { publicIpv4: '203.0.113.8' });
  const all = [...current, newcomer, syntheticRequest('dinkes/vaksin', { ipv6: true })];
  const result = allocate({ config, requests: all, ledger: before, now });
  return buildPlan({ stack: 'dev', config, now, before, after: result.ledger, requests: all, previousRequests: requests, diagnostics: result.diagnostics });
}

const SCENARIOS: [string, () => Plan][] = [
  ['initial', scenarioInitial],
  ['changes', scenarioChanges],
];

describe.each(SCENARIOS)('plan formats: %s', (name, make) => {
  const plan = make();

  it.each<Lang>(['en', 'id'])('text (%s) matches its golden file', (lang) => {
    expectGolden(path.join(GOLDEN, `${name}.${lang}.txt`), formatPlanText(plan, { lang }));
  });

  it.each<Lang>(['en', 'id'])('markdown (%s) matches its golden file', (lang) => {
    expectGolden(path.join(GOLDEN, `${name}.${lang}.md`), formatPlanMarkdown(planDocument(plan, { lang }), { lang }));
  });

  it('json matches its golden file and the plan schema', () => {
    const json = formatPlanJson(plan, { lang: 'en' });
    expectGolden(path.join(GOLDEN, `${name}.json`), json);
    expect(checkPlanJson(JSON.parse(json), { file: `${name}.json`, text: json })).toEqual([]);
  });
});

describe('the changes scenario', () => {
  const plan = scenarioChanges();

  it('is refused by the safety gate and carries the refused pin', () => {
    expect(plan.safety.reasons.map((r) => r.code)).toEqual(['KLK501', 'KLK502']);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['KLK405']);
    expect(plan.quarantineEnded.map((r) => r.request)).toEqual(['dkisp/lama']);
  });

  it('says forced instead of refused under --force', () => {
    expect(formatPlanText(plan, { lang: 'en', forced: true })).toContain('Unsafe plan, passed with --force:');
    expect(JSON.parse(formatPlanJson(plan, { lang: 'en', forced: true }))).toMatchObject({ safe: false, forced: true });
  });
});

describe('plan markdown size', () => {
  const big = largeConfig();
  const ids = syntheticIds(2000);
  const many = ids.map((id, i) => syntheticRequest(id, { ipv6: i % 2 === 0 }));
  const result = allocate({ config: big, requests: many, ledger: emptyLedger('t'), now: NOW });
  const plan = buildPlan({ stack: 't', config: big, now: NOW, before: emptyLedger('t'), after: result.ledger, requests: many });

  it('stays under GitHub\'s comment limit for 2,000 requests, summary whole, details cut cleanly', () => {
    const markdown = formatPlanMarkdown(planDocument(plan, { lang: 'en' }), { lang: 'en' });
    expect(Buffer.byteLength(markdown)).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown.startsWith(planCommentMarker('t'))).toBe(true);
    expect(markdown).toContain('| **total** | **7000** | **0** | **0** |');
    expect(markdown).toMatch(/# \d+ more line\(s\) not shown here \(comment size limit\)/);
    // Every opened block is closed: fences pair up, details open and close.
    expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((markdown.match(/<details>/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
    expect(markdown).toContain('_Allocations (2000): not shown here (comment size limit)._');
  });

  it('honours a small maxChars and keeps the summary', () => {
    const markdown = formatPlanMarkdown(planDocument(plan, { lang: 'id' }), { lang: 'id', maxChars: 3000 });
    expect(markdown.length).toBeLessThanOrEqual(3000);
    expect(markdown).toContain('| alokasi | 2000 | 0 | 0 |');
    expect(markdown).toContain('baris lagi tidak ditampilkan');
  });

  it('shows everything when it fits', () => {
    const small = formatPlanMarkdown(planDocument(scenarioInitial(), { lang: 'en' }), { lang: 'en' });
    expect(small).not.toContain('not shown');
  });
});
