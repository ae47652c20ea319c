#!/usr/bin/env node
// `npm run build`, also run by `npm ci` (the `prepare` script): compiles the CLI to dist/ with
// esbuild, one file per command, so that a command starts without transpiling TypeScript and
// loads only its own code, and with every schema's validator compiled ahead of time (ajv
// standalone code in place of src/core/precompiled-validators.ts). bin/kolokasi.js runs dist/
// only while its recorded source digest matches the sources, and the sources through tsx otherwise.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { register } from 'tsx/esm/api';
import { DIGEST_FILE, sourceDigest } from './source-digest.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Taken before compiling: a source edited during the build makes the digest differ, never match.
const digest = sourceDigest(root);
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

register();
const { standaloneValidators } = await import('../src/core/schema.ts');
const schemas = readdirSync(path.join(root, 'schemas'))
  .filter((name) => name.endsWith('.schema.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(path.join(root, 'schemas', name), 'utf8')));
const validators = standaloneValidators(schemas);

/** src/core/precompiled-validators.ts, empty in the sources, becomes the generated validators. */
const precompiled = {
  name: 'precompiled-validators',
  setup(builder) {
    builder.onResolve({ filter: /\/precompiled-validators\.ts$/ }, () => ({ path: 'precompiled-validators', namespace: 'kolokasi' }));
    builder.onLoad({ filter: /.*/, namespace: 'kolokasi' }, () => ({ contents: validators, loader: 'js', resolveDir: path.join(root, 'src/core') }));
  },
};
await build({
  absWorkingDir: root,
  // The gateway's watchdog runs as a process of its own (src/gateway/system.ts starts it).
  entryPoints: { main: 'src/cli/main.ts', 'watchdog-main': 'src/gateway/watchdog-main.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, loaded by node as usual.
  packages: 'external',
  plugins: [precompiled],
  logLevel: 'warning',
});
writeFileSync(path.join(root, DIGEST_FILE), `${digest}\n`);
