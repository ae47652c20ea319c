// The command line itself: help for every level, the version, the language, and how each kind of
// mistake in the flags is reported (exit 2, in both languages, never a stack trace).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../helpers/repo.ts';
import { detectLang } from '../../src/cli/main.ts';
import { relativeImports } from './imports.ts';

const STEPS = ['plan-comment', 'fetch-reviews', 'verify-signoff', 'install-notice', 'publish-configs', 'drift'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kolokasi-args-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[], lang = 'en') => runCli(args, { cwd: dir, env: { LANG: lang === 'id' ? 'id_ID.UTF-8' : 'en_US.UTF-8' } });

describe('help and version', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `kolokasi ${version}\n`, stderr: '' });
  });

  it('lists ci among the commands, and every step under kolokasi ci --help, in both languages', async () => {
    expect((await run(['--help'])).stdout).toMatch(/^ {2}ci +the steps the GitHub Actions workflows run/m);
    const en = await run(['ci', '--help']);
    const id = await run(['ci', '-h'], 'id');
    expect(en.code).toBe(0);
    expect(id.code).toBe(0);
    for (const step of STEPS) {
      expect(en.stdout).toMatch(new RegExp(`^ {2}${step} `, 'm'));
      expect(id.stdout).toMatch(new RegExp(`^ {2}${step} `, 'm'));
    }
    expect(en.stdout).toContain('Usage: kolokasi ci <step> [options]');
    expect(id.stdout).toContain('Pemakaian: kolokasi ci <langkah> [opsi]');
    expect((await run(['ci', '--help', '--lang', 'id'])).stdout).toBe(id.stdout);
  });

  it('shows each step its own options', async () => {
    const help = await run(['ci', 'verify-signoff', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kolokasi ci verify-signoff [options]');
    for (const flag of ['--sha SHA', '--out FILE', '--emergency-by LOGIN', '--reason TEXT', '--run-url URL', '--stack NAME']) expect(help.stdout).toContain(flag);
    for (const step of STEPS) {
      const each = await run(['ci', step, '--help'], 'id');
      expect(each.code).toBe(0);
      expect(each.stdout).toContain(`Pemakaian: kolokasi ci ${step}`);
    }
  });

  it('refuses kolokasi ci without a step, or with an unknown one, naming the nearest', async () => {
    const bare = await run(['ci']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: kolokasi ci <step>');
    const typo = await run(['ci', 'verify-signof']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown step 'verify-signof' of 'kolokasi ci'");
    expect(typo.stderr).toContain("did you mean 'kolokasi ci verify-signoff'?");
    const id = await run(['ci', 'publish'], 'id');
    expect(id.stderr).toContain("langkah 'publish' tidak dikenal pada 'kolokasi ci'");
  });
});

describe('flags', () => {
  it.each([
    [['validate', '--format'], '--format needs a value', '--format memerlukan nilai'],
    [['apply', '--out', '--force'], '--out needs a value', '--out memerlukan nilai'],
    [['apply', '--force=yes'], '--force takes no value', '--force tidak menerima nilai'],
    [['validate', '-x'], "unknown option '-x' for 'validate'", "opsi '-x' tidak dikenal untuk 'validate'"],
    [['ci', 'drift', '--stak', 'dev'], 'did you mean --stack?', 'mungkin maksudnya --stack?'],
    [['ci', 'drift', '--zzzzzz'], "unknown option '--zzzzzz' for 'ci drift'; see kolokasi ci drift --help", "opsi '--zzzzzz' tidak dikenal untuk 'ci drift'; lihat kolokasi ci drift --help"],
    [['--zzzzzz'], "unknown option '--zzzzzz' for 'kolokasi'; see kolokasi --help", "opsi '--zzzzzz' tidak dikenal untuk 'kolokasi'; lihat kolokasi --help"],
    [['ci', 'fetch-reviews', '--pr', '0', '--out', 'r.json'], "--pr must be a positive number, got '0'", "--pr harus bilangan positif, bukan '0'"],
    [['ci', 'drift', '--drift', 'true'], '--stack is required', '--stack wajib diisi'],
    [['ci', 'drift', '--stack', 'Dev;rm', '--drift', 'true'], "invalid stack name 'Dev;rm'", "nama stack 'Dev;rm' tidak sah"],
    [['ci', 'publish-configs', '--stack', 'dev', '--from', 'x', '--source-commit', 'main'], "--source-commit must be a full commit id, got 'main'", "--source-commit harus id commit lengkap, bukan 'main'"],
    [['ci', 'plan-comment', '--stack', 'dev', '--dir', '.', '--pr', '3'], 'GITHUB_TOKEN and GITHUB_REPOSITORY must be set', 'GITHUB_TOKEN dan GITHUB_REPOSITORY harus diisi'],
  ])('%j: exit 2 in either language, no stack trace', async (args, en, id) => {
    for (const [lang, text] of [['en', en], ['id', id]] as const) {
      const result = await run(args, lang);
      expect(result.code, result.stderr).toBe(2);
      // The message and its hint, on one line for the comparison.
      expect(result.stderr.replace(/\n\s+(hint|saran): /, '; ')).toContain(text);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('takes common options before the command and the step', async () => {
    const result = await run(['--lang', 'id', 'ci', '--stack', 'dev', 'drift', '--drift', 'maybe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--drift harus true atau false, bukan 'maybe'");
  });
});

describe('language', () => {
  it('takes --lang first, then KOLOKASI_LANG, LC_ALL, LC_MESSAGES, LANG', () => {
    expect(detectLang(['--lang', 'id'], { LANG: 'en_US' })).toBe('id');
    expect(detectLang(['--lang=en'], { KOLOKASI_LANG: 'id' })).toBe('en');
    expect(detectLang(['--lang', 'fr'], { LC_ALL: 'id_ID.UTF-8', LANG: 'en_US' })).toBe('id');
    expect(detectLang([], { LC_MESSAGES: 'en_GB', LANG: 'id_ID' })).toBe('en');
    expect(detectLang([], {})).toBe('en');
  });
});

describe('lazy loading', () => {
  it('the command tables import no command module up front, only types', () => {
    for (const table of ['src/cli/commands/index.ts', 'src/cli/commands/ci.ts']) {
      const text = readFileSync(path.join(PROJECT_ROOT, table), 'utf8');
      const valueImports = text.split('\n').filter((line) => /^import\s/.test(line) && !/^import type\s/.test(line));
      expect(valueImports, table).toEqual([]);
      expect(relativeImports(text).length, table).toBeGreaterThan(0);
    }
  });
});
