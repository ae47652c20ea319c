// The watchdog: started before a load, in a session of its own, it waits for the deadline of the
// armed token and then puts the saved tables back, unless the agent confirmed (took the token) first.
// It needs nothing from the agent but the state directory: the agent may be killed, hang, or lose
// its terminal, and the rollback still comes. (A machine that hangs as a whole is covered at boot,
// where `kolokasi gateway boot` loads the last confirmed set.)
import { said } from '../core/catalog/index.ts';
import type { GatewayTarget } from './config.ts';
import type { GatewayStatus } from './decide.ts';
import { readJson, statePaths, takeToken, TABLE_ADAPTERS, writeJson, type ArmedToken } from './system.ts';

const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runWatchdog(stateDir: string, target: GatewayTarget, ready: () => void): Promise<'confirmed' | 'rolled-back' | 'nothing-armed'> {
  const paths = statePaths(stateDir);
  let token = await readJson<ArmedToken>(paths.armed);
  if (!token) return 'nothing-armed';
  ready();
  // Polling, not one long sleep: a confirmation ends the watchdog at once, and the agent sets the
  // real deadline only once the watchdog is running (before that it is a generous one).
  while (Date.now() < token.deadline) {
    await sleep(Math.min(POLL_MS, Math.max(1, token.deadline - Date.now())));
    const now = await readJson<ArmedToken>(paths.armed);
    if (!now) return 'confirmed';
    token = now;
  }
  if (!(await takeToken(paths, 'watchdog'))) return 'confirmed';
  await TABLE_ADAPTERS[target].restore(paths.saved);
  const rollbackMs = Date.now() - token.deadline;
  const status = await readJson<GatewayStatus>(paths.status);
  if (status) {
    await writeJson(paths.status, {
      ...status,
      lastRun: {
        ...status.lastRun,
        at: new Date().toISOString(),
        outcome: 'rolled-back',
        ...said('KLK903', { kind: 'watchdog', commit: token.commit }),
        rollbackMs,
      },
    } satisfies GatewayStatus);
  }
  return 'rolled-back';
}
