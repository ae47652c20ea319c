// The repository ruleset of main, built from .github/approvers.yaml: GitHub itself then refuses a
// merge that lacks an approval from each required role's team on requests/**, a code owner's
// approval (CODEOWNERS: .github/, stacks/, src/ ...), a fresh approval after the last push, or the
// required checks reported by the expected app. And the comparison with the ruleset GitHub holds.
// Pure: the config, its text (for line numbers) and the live payload are given.
import type { Diagnostic, SourceFile, Text } from '../core/model.ts';
import { report, type Place } from '../core/catalog/index.ts';
import { compareText } from '../core/order.ts';
import { escapePointer, locate } from '../core/yaml.ts';
import type { ApproversConfig } from './approvers.ts';

export const RULESET_NAME = 'kolokasi: main';
export const MAIN_REF = 'refs/heads/main';
/** The GitHub Actions app: check runs of workflow jobs come from it. */
export const GITHUB_ACTIONS_INTEGRATION_ID = 15368;
/** The job names of the pull-request checks (pull-request.yml, signoff.yml, codeowners.yml). */
export const REQUIRED_CHECKS = ['codeowners', 'plan', 'signoff', 'validate'] as const;
/** Where each role's team must approve: the requests, the letters this flow replaces. */
export const SIGNED_PATHS = ['requests/**'];

export interface StatusCheck {
  context: string;
  integration_id: number;
}

export interface RequiredReviewer {
  file_patterns: string[];
  minimum_approvals: number;
  reviewer: { id: number; type: 'Team' };
}

export type Rule =
  | { type: 'deletion' }
  | { type: 'non_fast_forward' }
  | {
      type: 'pull_request';
      parameters: {
        required_approving_review_count: number;
        dismiss_stale_reviews_on_push: boolean;
        require_code_owner_review: boolean;
        require_last_push_approval: boolean;
        required_review_thread_resolution: boolean;
        required_reviewers: RequiredReviewer[];
      };
    }
  | {
      type: 'required_status_checks';
      parameters: {
        strict_required_status_checks_policy: boolean;
        do_not_enforce_on_create: boolean;
        required_status_checks: StatusCheck[];
      };
    };

export interface BypassActor {
  actor_id: number;
  actor_type: 'Integration';
  bypass_mode: 'always';
}

/** The body of `POST /repos/{owner}/{repo}/rulesets`, also accepted by the settings page's import. */
export interface Ruleset {
  name: string;
  target: 'branch';
  enforcement: 'active';
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  bypass_actors: BypassActor[];
  rules: Rule[];
}

function at(source: SourceFile, pointer: string): Place {
  return { file: source.file, at: locate(source.text, pointer), path: pointer };
}

/** The ruleset, or the diagnostics (KLK840-KLK842) that stop it from being written. */
export function buildRuleset(config: ApproversConfig, source: SourceFile): { ruleset?: Ruleset; diagnostics: Diagnostic[] } {
  const settings = config.ruleset;
  if (!settings) {
    return {
      // The schema requires at least one role.
      diagnostics: [report('KLK840', at(source, ''), { kind: 'no-section', firstRole: config.required[0]! })],
    };
  }
  const diagnostics: Diagnostic[] = [];
  config.required.forEach((role, i) => {
    if (!Object.hasOwn(settings.reviewerTeams, role)) {
      diagnostics.push(report('KLK840', at(source, `/required/${i}`), { kind: 'no-team', role }));
    }
  });
  const roleOfTeam = new Map<number, string>();
  for (const [role, team] of Object.entries(settings.reviewerTeams)) {
    const pointer = `/ruleset/reviewerTeams/${escapePointer(role)}`;
    if (!config.required.includes(role)) {
      diagnostics.push(report('KLK842', at(source, pointer), { role, required: config.required }));
    }
    const other = roleOfTeam.get(team.id);
    if (other !== undefined) {
      diagnostics.push(report('KLK841', at(source, `${pointer}/id`), { first: other, second: role, team: team.id }));
    }
    roleOfTeam.set(team.id, role);
  }
  if (diagnostics.length > 0) return { diagnostics };

  const integrationId = settings.checksIntegrationId ?? GITHUB_ACTIONS_INTEGRATION_ID;
  const ruleset: Ruleset = {
    name: RULESET_NAME,
    target: 'branch',
    enforcement: 'active',
    conditions: { ref_name: { include: [MAIN_REF], exclude: [] } },
    bypass_actors: settings.botAppId === undefined ? [] : [{ actor_id: settings.botAppId, actor_type: 'Integration', bypass_mode: 'always' }],
    rules: [
      { type: 'deletion' },
      { type: 'non_fast_forward' },
      {
        type: 'pull_request',
        parameters: {
          required_approving_review_count: config.required.length,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: true,
          require_last_push_approval: true,
          required_review_thread_resolution: false,
          required_reviewers: config.required.map((role) => ({
            file_patterns: SIGNED_PATHS,
            minimum_approvals: 1,
            reviewer: { id: settings.reviewerTeams[role]!.id, type: 'Team' },
          })),
        },
      },
      {
        type: 'required_status_checks',
        parameters: {
          // Not strict: every ledger commit moves main, and making every open pull request catch
          // up (and lose its approvals) each time buys nothing; the apply recomputes on main.
          strict_required_status_checks_policy: false,
          do_not_enforce_on_create: false,
          required_status_checks: REQUIRED_CHECKS.map((context) => ({ context, integration_id: integrationId })),
        },
      },
    ],
  };
  return { ruleset, diagnostics: [] };
}

// ---------------------------------------------------------------- comparison

/** One setting that differs; a value is missing on the side that lacks the setting. */
export interface RulesetDifference {
  setting: string;
  generated?: string;
  live?: string;
}

export interface RulesetComparison {
  differences: RulesetDifference[];
  /** The live payload had no bypass list (only shown to a token that may edit the ruleset). */
  bypassHidden: boolean;
}

type Settings = Map<string, string>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const show = (value: unknown): string => (value === undefined ? 'unset' : JSON.stringify(value));
/** A value inside a setting's name: bare, as a reader would type it. */
const name = (value: unknown): string => (typeof value === 'string' ? value : show(value));

/** The pull-request parameters the generated ruleset sets; others GitHub adds on its own are left alone. */
const PULL_REQUEST_PARAMETERS = ['required_approving_review_count', 'dismiss_stale_reviews_on_push', 'require_code_owner_review', 'require_last_push_approval', 'required_review_thread_resolution'];
const STATUS_CHECK_PARAMETERS = ['strict_required_status_checks_policy', 'do_not_enforce_on_create'];

/**
 * A ruleset as flat `setting -> value` pairs, the same for the generated body and for GitHub's
 * answer: lists become one setting per item, so a missing team or check is named by itself.
 */
function flatten(ruleset: unknown, withBypass: boolean): Settings {
  const settings: Settings = new Map();
  if (!isObject(ruleset)) return settings;
  settings.set('enforcement', show(ruleset.enforcement));
  settings.set('target', show(ruleset.target));
  const refName = isObject(ruleset.conditions) && isObject(ruleset.conditions.ref_name) ? ruleset.conditions.ref_name : {};
  for (const side of ['include', 'exclude']) {
    for (const ref of list(refName[side])) settings.set(`conditions.ref_name.${side} ${name(ref)}`, 'listed');
  }
  if (withBypass) {
    for (const actor of list(ruleset.bypass_actors)) {
      if (isObject(actor)) settings.set(`bypass_actors ${name(actor.actor_type)} ${name(actor.actor_id)}`, show(actor.bypass_mode));
    }
  }
  for (const rule of list(ruleset.rules)) {
    if (!isObject(rule)) continue;
    const type = name(rule.type);
    const parameters = isObject(rule.parameters) ? rule.parameters : {};
    settings.set(`rules ${type}`, 'present');
    if (type === 'pull_request') {
      for (const parameter of PULL_REQUEST_PARAMETERS) settings.set(`pull_request.${parameter}`, show(parameters[parameter]));
      for (const entry of list(parameters.required_reviewers)) {
        if (!isObject(entry)) continue;
        const reviewer = isObject(entry.reviewer) ? entry.reviewer : {};
        const patterns = list(entry.file_patterns).map(name).sort(compareText).join(', ');
        settings.set(`pull_request.required_reviewers ${name(reviewer.type)} ${name(reviewer.id)} on ${patterns}`, `minimum_approvals ${show(entry.minimum_approvals)}`);
      }
    }
    if (type === 'required_status_checks') {
      for (const parameter of STATUS_CHECK_PARAMETERS) settings.set(`required_status_checks.${parameter}`, show(parameters[parameter]));
      for (const check of list(parameters.required_status_checks)) {
        if (isObject(check)) settings.set(`required_status_checks ${name(check.context)}`, `integration_id ${show(check.integration_id)}`);
      }
    }
  }
  return settings;
}

export function compareRuleset(generated: Ruleset, live: unknown): RulesetComparison {
  const bypassHidden = !isObject(live) || !Array.isArray(live.bypass_actors);
  const want = flatten(generated, !bypassHidden);
  const have = flatten(live, !bypassHidden);
  const differences: RulesetDifference[] = [];
  for (const setting of [...new Set([...want.keys(), ...have.keys()])].sort(compareText)) {
    const [g, l] = [want.get(setting), have.get(setting)];
    if (g !== l) differences.push({ setting, ...(g !== undefined ? { generated: g } : {}), ...(l !== undefined ? { live: l } : {}) });
  }
  return { differences, bypassHidden };
}

export function describeDifference(d: RulesetDifference): Text {
  if (d.live === undefined) return { en: `${d.setting}: missing on GitHub (generated: ${d.generated})`, id: `${d.setting}: tidak ada di GitHub (hasil kolokasi: ${d.generated})` };
  if (d.generated === undefined) return { en: `${d.setting}: only on GitHub (${d.live})`, id: `${d.setting}: hanya ada di GitHub (${d.live})` };
  return { en: `${d.setting}: generated ${d.generated}, GitHub has ${d.live}`, id: `${d.setting}: hasil kolokasi ${d.generated}, di GitHub ${d.live}` };
}

/** The file written: two-space JSON with a final newline, stable for review and for a golden test. */
export function renderRuleset(ruleset: Ruleset): string {
  return `${JSON.stringify(ruleset, null, 2)}\n`;
}
