#!/usr/bin/env node
// The CLI entry: the compiled CLI in dist/ when it is current, else the TypeScript sources through tsx,
// so `npm ci` is the only set-up step and an edit never runs stale code.
//
// Output that cannot be written is handled here, where the process streams are: a reader that went
// away (EPIPE: `kolokasi plan | head`) is not an error, the rest of the output is dropped and the
// command's own exit code stands; any other failure (ENOSPC: `> /dev/full`) means the output is
// lost: exit 2 with a short message on stderr when stderr still works. The command always runs to
// its end, so a write of files or of the ledger is never cut off half-way.
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './source-digest.js';

const EXIT_USAGE = 2;

/** Streams that failed, so that nothing more is written to them. */
const failed = { stdout: false, stderr: false };
/** The first failure other than EPIPE: the output is incomplete. */
let lost;
let reported = false;
let done = false;

function reportLost() {
  if (!lost || reported || failed.stderr) return;
  reported = true;
  const where = lost.stream === 'stdout' ? { en: 'standard output', id: 'keluaran standar' } : { en: 'standard error', id: 'keluaran galat' };
  // Reported only once the command has run, so the CLI module (and its language detection) is loaded.
  const text = main.detectLang(process.argv.slice(2), process.env) === 'id'
    ? `kolokasi: galat: tidak dapat menulis ke ${where.id} (${lost.code}); keluarannya tidak lengkap\n  saran: kosongkan ruang disk atau arahkan keluaran ke tempat lain\n`
    : `kolokasi: error: cannot write to ${where.en} (${lost.code}); the output is incomplete\n  hint: free some disk space or send the output elsewhere\n`;
  try {
    process.stderr.write(text);
  } catch {
    // Nowhere left to say it: the exit code does.
  }
}

function onOutputError(stream, error) {
  const first = !failed[stream];
  failed[stream] = true;
  if (error?.code === 'EPIPE') {
    // The reader is gone; once the command has decided its exit code, there is nothing left to do.
    if (done) process.exit(process.exitCode ?? 0);
    return;
  }
  if (!lost && first) lost = { stream, code: error?.code ?? String(error) };
  if (done) {
    reportLost();
    process.exit(EXIT_USAGE);
  }
}

process.stdout.on('error', (error) => onOutputError('stdout', error));
process.stderr.on('error', (error) => onOutputError('stderr', error));

function writer(stream) {
  return (text) => {
    if (failed[stream]) return;
    try {
      process[stream].write(text);
    } catch (error) {
      onOutputError(stream, error);
    }
  };
}

// dist/ (compiled by `npm ci` through the `prepare` script) starts several times faster, but only
// when it was built from exactly the sources on disk; otherwise the sources run through tsx.
const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (buildIsCurrent(root)) {
  main = await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/cli/main.ts');
}
const { runMain } = main;
const code = await runMain(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: writer('stdout'),
  stderr: writer('stderr'),
});
done = true;
if (lost) {
  reportLost();
  process.exitCode = EXIT_USAGE;
} else {
  process.exitCode = code;
}
