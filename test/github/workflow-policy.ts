// The security rules every workflow of the repository keeps, as one function over a workflow's
// text, so that each rule can be shown to catch a deliberately bad workflow.
import { parse } from 'yaml';

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

export interface Job {
  name?: string;
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export type Rule =
  | 'secret-without-environment'
  | 'action-not-pinned'
  | 'expression-in-run'
  | 'push-off-main'
  | 'credentials-kept-for-npm-ci'
  | 'pull-request-target-runs-pr-code';

export interface Finding {
  rule: Rule;
  /** `job <id>` or `line <n>`. */
  where: string;
}

/** `uses: owner/repo(/path)@<40 hex> # v1.2.3`; a local action (`./...`) is the repository's own code. */
const PINNED_USES = /^\s*(?:-\s+)?uses:\s*(?:\.\/\S*|[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+){0,2})\s*$/;
const ON_MAIN = "github.ref == 'refs/heads/main'";
/** What names the pull request's own commits, which a pull_request_target job must never run. */
const PR_CODE = /head\.sha|head\.ref|head_ref|head\.repo|merge_commit_sha|refs\/pull\/|gh pr checkout/;

export function triggers(wf: Workflow): string[] {
  if (typeof wf.on === 'string') return [wf.on];
  return Array.isArray(wf.on) ? wf.on : Object.keys(wf.on);
}

function pushes(job: Job): boolean {
  return typeof job.permissions === 'object' && job.permissions.contents === 'write';
}

export function policyFindings(text: string): Finding[] {
  const wf = parse(text) as Workflow;
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(?:-\s+)?uses:/.test(line) && !PINNED_USES.test(line)) findings.push({ rule: 'action-not-pinned', where: `line ${i + 1}` });
  });
  const pullRequestTarget = triggers(wf).includes('pull_request_target');
  for (const [id, job] of Object.entries(wf.jobs)) {
    const where = `job ${id}`;
    const steps = job.steps ?? [];
    // Environments are where secrets live, each limited to main by its deployment branch policy.
    if (JSON.stringify(job).includes('secrets.') && job.environment === undefined) findings.push({ rule: 'secret-without-environment', where });
    if (steps.some((s) => s.run?.includes('${{'))) findings.push({ rule: 'expression-in-run', where });
    if (pushes(job) && !(job.if ?? '').includes(ON_MAIN)) findings.push({ rule: 'push-off-main', where });
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    if (steps.some((s) => /\bnpm (ci|install|i)\b/.test(s.run ?? '')) && checkouts.some((s) => s.with?.['persist-credentials'] !== false)) {
      findings.push({ rule: 'credentials-kept-for-npm-ci', where });
    }
    if (pullRequestTarget) {
      const checksOutPr = checkouts.some((s) => PR_CODE.test(JSON.stringify(s.with ?? {})));
      if (checksOutPr || steps.some((s) => PR_CODE.test(s.run ?? ''))) findings.push({ rule: 'pull-request-target-runs-pr-code', where });
    }
  }
  return findings;
}
