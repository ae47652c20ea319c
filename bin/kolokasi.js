#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources through tsx, so `npm ci` is the only set-up step.
import { register } from 'tsx/esm/api';

register();
const { runMain } = await import('../src/cli/main.ts');
process.exitCode = await runMain(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
