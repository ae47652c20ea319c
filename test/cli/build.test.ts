// The compiled CLI in dist/ runs only while it matches the sources: a copy of the project is built,
// its compiled tagline marked, and then a source edited. Before the edit the mark shows (dist/ ran);
// after it the edited source shows (tsx ran the sources), never the stale build. And the validators
// compiled ahead of time report exactly what the ones compiled at run time report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, exampleRepo, removeRepo, runCli } from '../helpers/repo.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';

const TAGLINE = 'kolokasi: colocation requests as pull requests';
let copy: string;

function help(): string {
  return execFileSync(process.execPath, [path.join(copy, 'bin/kolokasi.js'), '--help'], { cwd: copy, encoding: 'utf8', env: { ...process.env, KOLOKASI_LANG: 'en' } });
}

/** The compiled file that holds the tagline (esbuild names chunks by content). */
function compiledWithTagline(): string {
  const dir = path.join(copy, 'dist/cli');
  const file = readdirSync(dir).map((f) => path.join(dir, f)).find((f) => readFileSync(f, 'utf8').includes(TAGLINE));
  if (!file) throw new Error('no compiled file holds the tagline');
  return file;
}

/** A module resolution hook that appends every URL resolved to the file KOLOKASI_LOADED names. */
const RECORD_LOADS = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(`import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.KOLOKASI_LOADED, resolved.url + '\\n');
  return resolved;
}`)}`)});`)}`;

/** A run of the compiled CLI, with every module it loaded; asynchronous, so a fake server here can answer it. */
async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; modules: string[] }> {
  const record = path.join(copy, `loaded-${args.join('-').replace(/[^a-z]/g, '')}.txt`);
  writeFileSync(record, '');
  const child = spawn(process.execPath, ['--import', RECORD_LOADS, path.join(copy, 'bin/kolokasi.js'), ...args], { cwd: copy, stdio: 'ignore', env: { ...process.env, KOLOKASI_LANG: 'en', KOLOKASI_LOADED: record, ...env } });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, modules: readFileSync(record, 'utf8').split('\n').filter((url) => url !== '') };
}

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'kolokasi-build-'));
  for (const entry of ['bin', 'src', 'schemas', 'package.json']) cpSync(path.join(PROJECT_ROOT, entry), path.join(copy, entry), { recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  execFileSync(process.execPath, [path.join(copy, 'bin/build.js')], { cwd: copy, stdio: 'pipe' });
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('bin/kolokasi.js and dist/', () => {
  it('reports with the precompiled validators exactly what the sources report', async () => {
    const repo = await exampleRepo();
    try {
      const fixtures = path.join(PROJECT_ROOT, 'test/fixtures/invalid');
      for (const name of readdirSync(fixtures)) copyFileSync(path.join(fixtures, name), path.join(repo, 'requests/dinkes', name));
      const compiled = spawnSync(process.execPath, [path.join(copy, 'bin/kolokasi.js'), 'validate', '--format', 'json', '--repo', repo], { encoding: 'utf8', env: { ...process.env, KOLOKASI_LANG: 'en' } });
      const sources = await runCli(['validate', '--format', 'json', '--repo', repo], { cwd: repo, env: { KOLOKASI_LANG: 'en' } });
      expect(sources.code).toBe(1);
      expect(compiled.status).toBe(1);
      expect(JSON.parse(compiled.stdout).diagnostics.length).toBeGreaterThan(40);
      expect(compiled.stdout).toBe(sources.stdout);
    } finally {
      await removeRepo(repo);
    }
  });

  it('compiles the workflow steps and reads the version from package.json', () => {
    const compiled = (args: string[]) => spawnSync(process.execPath, [path.join(copy, 'bin/kolokasi.js'), ...args], { cwd: copy, encoding: 'utf8', env: { ...process.env, KOLOKASI_LANG: 'en' } });
    const { version } = JSON.parse(readFileSync(path.join(copy, 'package.json'), 'utf8')) as { version: string };
    expect(compiled(['--version']).stdout).toBe(`kolokasi ${version}\n`);
    const step = compiled(['ci', 'verify-signoff', '--help']);
    expect(step.status).toBe(0);
    expect(step.stdout).toContain('--emergency-by LOGIN');
    const missing = compiled(['ci', 'verify-signoff', '--stack', 'dev']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--sha is required');
    // The step's code is in dist/, not left to tsx.
    expect(readdirSync(path.join(copy, 'dist/cli')).some((f) => readFileSync(path.join(copy, 'dist/cli', f), 'utf8').includes('--emergency-by'))).toBe(true);
  });

  it('loads octokit only for a step that calls GitHub', async () => {
    const octokit = (modules: string[]) => modules.filter((url) => url.includes('/@octokit/'));
    for (const args of [['--help'], ['ci', 'fetch-reviews', '--help'], ['ruleset', '--help']]) {
      const run = await loadedBy(args);
      expect(run.status).toBe(0);
      expect(run.modules).toContainEqual(expect.stringContaining('/dist/cli/main.js'));
      expect(octokit(run.modules)).toEqual([]);
    }
    const github = await startFakeGitHub();
    try {
      // Refused (the token is not the fake's): exit 2, once octokit has made the request.
      const env = { GITHUB_TOKEN: 'ghs_other', GITHUB_REPOSITORY: 'pemkot-tarakan/kolokasi', GITHUB_API_URL: github.url };
      const step = await loadedBy(['ci', 'fetch-reviews', '--pr', '5', '--out', path.join(copy, 'reviews.json')], env);
      expect(step.status).toBe(2);
      expect(octokit(step.modules)).toContainEqual(expect.stringContaining('/@octokit/rest/'));
      expect(github.requests).toEqual(['GET /repos/pemkot-tarakan/kolokasi/pulls/5/reviews?per_page=100']);
    } finally {
      await github.close();
    }
  });

  it('runs the compiled CLI while it was built from the sources on disk', () => {
    const compiled = compiledWithTagline();
    writeFileSync(compiled, readFileSync(compiled, 'utf8').replace(TAGLINE, `${TAGLINE} [compiled]`));
    expect(help()).toContain(`${TAGLINE} [compiled]`);
  });

  it('runs the sources, not the stale build, once a source has changed', () => {
    const main = path.join(copy, 'src/cli/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(TAGLINE, `${TAGLINE} [edited]`));
    const out = help();
    expect(out).toContain(`${TAGLINE} [edited]`);
    expect(out).not.toContain('[compiled]');
  });
});
