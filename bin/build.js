#!/usr/bin/env node
// `npm run build`, also run by `npm ci` (the `prepare` script): compiles the CLI to dist/ with
// esbuild, one file per command, so that a command starts without transpiling TypeScript and
// loads only its own code. bin/kolokasi.js runs dist/ only while its recorded source digest
// matches the sources, and the sources through tsx otherwise.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DIGEST_FILE, sourceDigest } from './source-digest.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Taken before compiling: a source edited during the build makes the digest differ, never match.
const digest = sourceDigest(root);
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, loaded by node as usual.
  packages: 'external',
  logLevel: 'warning',
});
writeFileSync(path.join(root, DIGEST_FILE), `${digest}\n`);
