// The gateway agent's report to GitHub: a deployment of the ledger commit to the gateway's
// environment, with a status per step (in progress, success once confirmed, failure when rolled
// back, error when refused). The installation notice can then say since when a server is live.
// A report that fails never changes what the gateway does: it is told, not obeyed.
import { GitHubClient, type DeploymentState, type GitHubTransport } from './rest.ts';

export interface DeploymentReporter {
  /** Starts a deployment of `commit`; later statuses go to it. */
  start(commit: string, description: string): Promise<void>;
  status(state: DeploymentState, description: string): Promise<void>;
}

export function gatewayDeployments(env: Record<string, string | undefined>, environment: string, warn: (text: string) => void, transport?: GitHubTransport): DeploymentReporter | undefined {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token || !repository) return undefined;
  const client = new GitHubClient({ token, repository, ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}), ...transport });
  let deployment: number | undefined;
  const guarded = async (what: string, call: () => Promise<void>) => {
    try {
      await call();
    } catch (error) {
      warn(`GitHub deployment (${what}): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    start: (commit, description) => guarded('create', async () => {
      deployment = (await client.createDeployment(commit, environment, description)).id;
    }),
    status: (state, description) => guarded(state, async () => {
      if (deployment !== undefined) await client.createDeploymentStatus(deployment, state, description, environment);
    }),
  };
}
