// The command table: one module per command, listed here in the order `--help` shows them.
import type { Command } from '../command.ts';
import { validateCommand } from './validate.ts';
import { planCommand } from './plan.ts';
import { applyCommand } from './apply.ts';
import { poolCommand } from './pool.ts';
import { newCommand } from './new.ts';
import { signoffCommand } from './signoff.ts';
import { codeownersCommand } from './codeowners.ts';
import { scopeCommand } from './scope.ts';
import { rulesetCommand } from './ruleset.ts';
import { commitLedgerCommand } from './commit-ledger.ts';
import { reportCommand } from './report.ts';
import { gatewayCommand } from './gateway.ts';

export const COMMANDS: Command[] = [
  validateCommand,
  planCommand,
  applyCommand,
  poolCommand,
  newCommand,
  signoffCommand,
  codeownersCommand,
  scopeCommand,
  rulesetCommand,
  commitLedgerCommand,
  reportCommand,
  gatewayCommand,
];
