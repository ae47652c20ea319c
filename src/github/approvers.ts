// The sign-off configuration (.github/approvers.yaml): which roles must approve a pull request,
// who holds each role, and the teams written into CODEOWNERS. Pure: the file's text is given.
import approversSchema from '../../schemas/approvers.schema.json' with { type: 'json' };
import type { Diagnostic, SourceFile } from '../core/model.ts';
import { report } from '../core/catalog/index.ts';
import { makeValidator } from '../core/schema.ts';
import { locate, parseYaml } from '../core/yaml.ts';

export const APPROVERS_PATH = '.github/approvers.yaml';

export interface ApproverTeams {
  /** Bidang Aplikasi: co-owns every OPD's requests. */
  applications: string;
  /** Network operations: pools, firewall and DNS. */
  noc: string;
  /** Maintainers of the tool itself. */
  maintainers: string;
}

/** A team GitHub requires an approval from: `org/team-slug` and its numeric id. */
export interface ReviewerTeam {
  team: string;
  id: number;
}

/** What `kolokasi ruleset` needs beyond the roles. */
export interface RulesetConfig {
  /** Required role -> the team holding exactly that role. */
  reviewerTeams: Record<string, ReviewerTeam>;
  /** The app whose check runs count; GitHub Actions when absent. */
  checksIntegrationId?: number;
  /** The kolokasi App, the one actor allowed to bypass the ruleset. */
  botAppId?: number;
}

export interface ApproversConfig {
  apiVersion: 'kolokasi/v1';
  kind: 'Approvers';
  /** Roles that must each be filled by a different person. */
  required: string[];
  /** Role -> GitHub logins holding it. */
  roles: Record<string, string[]>;
  teams: ApproverTeams;
  ruleset?: RulesetConfig;
}

const checkApproversSchema = makeValidator(approversSchema);

/** Parses and checks the config; every problem is a diagnostic pointing into the file. */
export function parseApprovers(source: SourceFile): { config?: ApproversConfig; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const schemaProblems = checkApproversSchema(parsed.value, source);
  if (schemaProblems.length > 0) return { diagnostics: schemaProblems };
  const config = parsed.value as ApproversConfig;
  // A schema cannot say "every required role is defined": check it here, naming the role.
  const diagnostics: Diagnostic[] = [];
  config.required.forEach((role, i) => {
    if (!Object.hasOwn(config.roles, role)) {
      const pointer = `/required/${i}`;
      diagnostics.push(report('KLK801', { file: source.file, at: locate(source.text, pointer), path: pointer }, { role }));
    }
  });
  return diagnostics.length > 0 ? { diagnostics } : { config, diagnostics: [] };
}
