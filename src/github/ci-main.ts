// Entry for the workflow steps of src/github/ci.ts; the only place there that reads process.*.
import { runCi } from './ci.ts';

process.exitCode = await runCi(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
