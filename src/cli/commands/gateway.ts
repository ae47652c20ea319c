// `kolokasi gateway`: the delivery agent on the gateway (see src/gateway/agent.ts).
//   run       fetch, recompute, compare, save, load, probe, confirm or roll back (the timer runs this)
//   status    what runs now and how the last run ended
//   rollback  by hand: the tables saved before the last load come back
//   boot      at boot: the last confirmed set
// Exit codes: 0 confirmed or up to date; 1 refused or rolled back; 2 unreachable, busy, bad config.
import path from 'node:path';
import type { Command, CommandContext } from '../command.ts';
import { stringOption } from '../command.ts';
import { chooseFormat, formatOption } from '../options.ts';
import { EXIT_BY_ENDING, EXIT_OK, EXIT_USAGE, UsageError } from '../../errors.ts';
import { readInputFile } from '../../github/files.ts';
import { formatDiagnosticsText } from '../../format/diagnostics.ts';
import { DEFAULT_CONFIG_FILE, parseGatewayConfig, type GatewayConfig } from '../../gateway/config.ts';
import { formatStatus } from '../../gateway/decide.ts';
import { loadAtBoot, readStatus, rollBackByHand, runGateway, type AgentResult } from '../../gateway/agent.ts';
import { gatewayDeployments } from '../../github/deployments.ts';

const ACTIONS = ['run', 'status', 'rollback', 'boot'] as const;
const FORMATS = ['text', 'json'] as const;

async function loadConfig(ctx: CommandContext): Promise<GatewayConfig> {
  const given = stringOption(ctx, 'config') ?? DEFAULT_CONFIG_FILE;
  const text = await readInputFile(ctx.io.cwd, given, '--config', 256 * 1024);
  const parsed = parseGatewayConfig({ file: given, text });
  if (!parsed.config) {
    throw new UsageError(
      { en: `the gateway configuration ${given} is not valid:\n${formatDiagnosticsText(parsed.diagnostics, 'en', 0).trimEnd()}`, id: `konfigurasi gateway ${given} tidak sah:\n${formatDiagnosticsText(parsed.diagnostics, 'id', 0).trimEnd()}` },
      { en: 'compare it with deploy/gateway/gateway.example.yaml and schemas/gateway-config.schema.json', id: 'bandingkan dengan deploy/gateway/gateway.example.yaml dan schemas/gateway-config.schema.json' },
    );
  }
  const stack = stringOption(ctx, 'stack');
  if (stack !== undefined && stack !== parsed.config.stack) {
    throw new UsageError(
      { en: `--stack ${stack} differs from stack: ${parsed.config.stack} in ${given}`, id: `--stack ${stack} berbeda dengan stack: ${parsed.config.stack} di ${given}` },
      { en: 'the gateway loads the stack its configuration names; leave out --stack', id: 'gateway memuat stack yang disebut konfigurasinya; hilangkan --stack' },
    );
  }
  return { ...parsed.config, stateDir: path.resolve(parsed.config.stateDir) };
}

export const gatewayCommand: Command = {
  args: `[${ACTIONS.join('|')}]`,
  options: [
    { name: 'config', type: 'string', value: 'FILE', description: { en: `agent configuration (default: ${DEFAULT_CONFIG_FILE})`, id: `konfigurasi agen (bawaan: ${DEFAULT_CONFIG_FILE})` } },
    formatOption(FORMATS),
  ],
  async run(ctx) {
    const action = ctx.positionals[0] ?? 'run';
    if (!(ACTIONS as readonly string[]).includes(action) || ctx.positionals.length > 1) {
      throw new UsageError(
        { en: `unknown gateway action '${ctx.positionals.join(' ')}'`, id: `aksi gateway '${ctx.positionals.join(' ')}' tidak dikenal` },
        { en: `use one of: ${ACTIONS.join(', ')}`, id: `gunakan salah satu: ${ACTIONS.join(', ')}` },
      );
    }
    const format = chooseFormat(ctx, FORMATS);
    const config = await loadConfig(ctx);
    let result: AgentResult;
    if (action === 'status') {
      const status = await readStatus(config);
      if (!status) {
        ctx.io.stderr(`${ctx.lang === 'id' ? `kolokasi: belum ada status di ${config.stateDir}: agen belum pernah berjalan` : `kolokasi: no status in ${config.stateDir} yet: the agent has not run`}\n`);
        return EXIT_USAGE;
      }
      ctx.io.stdout(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, ctx.lang));
      return EXIT_OK;
    }
    if (action === 'rollback') result = await rollBackByHand(config);
    else if (action === 'boot') result = await loadAtBoot(config);
    else {
      const warn = (text: string) => ctx.io.stderr(`kolokasi gateway: ${text}\n`);
      const deployments = config.github ? gatewayDeployments(ctx.io.env, config.github.environment, warn) : undefined;
      result = await runGateway({ config, lang: ctx.lang, log: warn, ...(deployments ? { deployments } : {}) });
    }
    ctx.io.stdout(format === 'json' ? `${JSON.stringify(result.status, null, 2)}\n` : formatStatus(result.status, ctx.lang));
    return EXIT_BY_ENDING[result.ending];
  },
};
