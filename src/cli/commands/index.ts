// The command table: one module per command, listed here in the order `--help` shows them.
import type { Command } from '../command.ts';
import { validateCommand } from './validate.ts';
import { newCommand } from './new.ts';

export const COMMANDS: Command[] = [
  validateCommand,
  newCommand,
];
