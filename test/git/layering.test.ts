// git is run in one place, src/git/run.ts, so that every command gets the same environment (no
// prompt, English messages, steady output) and its failures the same error class. Any other module
// that loads simple-git or starts git itself would bypass all of that.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../helpers/paths.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const RUNNER = path.join(SRC, 'git', 'run.ts');


/** Why `text` runs git on its own: it loads simple-git, or starts a process named git. */
export function gitBypasses(text: string): string[] {
  const found: string[] = [];
  if (/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]simple-git['"]/.test(text)) found.push('imports simple-git');
  const startsProcesses = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](?:node:)?child_process['"]/.test(text);
  if (startsProcesses && /\b(?:spawn|spawnSync|exec|execSync|execFile|execFileSync|fork)\s*\(\s*['"`](?:[^'"`]*\/)?git['"`\s]/.test(text)) found.push('starts git through node:child_process');
  return found;
}

describe('git runs only through src/git/run.ts', () => {
  it('recognises each way of running git around the runner', () => {
    expect(gitBypasses("import { simpleGit } from 'simple-git';")).toEqual(['imports simple-git']);
    expect(gitBypasses("const { simpleGit } = await import('simple-git');")).toEqual(['imports simple-git']);
    expect(gitBypasses("import { spawn } from 'node:child_process';\nspawn('git', ['status']);")).toEqual(['starts git through node:child_process']);
    expect(gitBypasses("import { execFile } from 'child_process';\nexecFile(\"/usr/bin/git\", args);")).toEqual(['starts git through node:child_process']);
    expect(gitBypasses("import cp from 'node:child_process';\ncp.execSync(`git log`);")).toEqual(['starts git through node:child_process']);
    // Starting another program (node, nft) is not running git.
    expect(gitBypasses("import { spawn } from 'node:child_process';\nspawn('node', [bin, 'apply']);")).toEqual([]);
    expect(gitBypasses("import { runGit } from './run.ts';\nawait runGit(repo, ['status']);")).toEqual([]);
  });

  it('no other module of src/ imports simple-git or starts git', () => {
    const bypasses = sourceFiles(SRC)
      .filter((file) => file !== RUNNER)
      .flatMap((file) => gitBypasses(readFileSync(file, 'utf8')).map((why) => `${path.relative(SRC, file)} ${why}`));
    expect(bypasses).toEqual([]);
  });

  it('the runner is where git is started', () => {
    expect(gitBypasses(readFileSync(RUNNER, 'utf8'))).toEqual(['starts git through node:child_process']);
  });
});
