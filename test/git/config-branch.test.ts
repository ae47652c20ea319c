// Publishing the rendered gateway configuration to its own branch, against real git.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { publishToBranch } from '../../src/git/config-branch.ts';
import { GITHUB_ACTIONS_BOT } from '../../src/git/push-retry.ts';
import { buildManifest, serializeManifest } from '../../src/render/manifest.ts';
import { writeOutputSet } from '../../src/io/output-set.ts';
import { bareRemote, copyRemote, removeRemote, type BareRemote } from '../helpers/remote.ts';

const SHA_1 = '1111111111111111111111111111111111111111';
const SHA_2 = '2222222222222222222222222222222222222222';

let work: string;
let remote: string;
let clone: string;

async function sh(dir: string, ...args: string[]): Promise<string> {
  return simpleGit(dir).raw(args);
}

async function render(dir: string, rules: string): Promise<string> {
  const out = path.join(dir, 'build/dev');
  await mkdir(path.join(out, 'firewall'), { recursive: true });
  await writeFile(path.join(out, 'firewall/kolokasi.nft'), rules, 'utf8');
  return out;
}

let template: BareRemote;

beforeAll(async () => {
  template = await bareRemote({
    files: async (dir) => {
      await writeFile(path.join(dir, 'README.md'), '# code\n', 'utf8');
      await writeFile(path.join(dir, '.gitignore'), 'build/\n', 'utf8');
    },
  });
});

afterAll(async () => {
  await removeRemote(template);
});

beforeEach(async () => {
  ({ work, remote, clone } = await copyRemote(template));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const publish = (sourceDir: string, sourceCommit: string, folder = 'dev') =>
  publishToBranch({ repoDir: clone, sourceDir, folder, branch: 'gateway-config', identity: GITHUB_ACTIONS_BOT, sourceCommit, message: `gateway(${folder}): from ${sourceCommit.slice(0, 7)}\n` });

describe('gateway-config branch', () => {
  it('refuses a missing or empty folder with the usage message, and leaves no worktree behind', async () => {
    for (const from of [path.join(clone, 'build/none/current'), await mkdir(path.join(clone, 'build/empty'), { recursive: true }).then(() => path.join(clone, 'build/empty'))]) {
      await expect(publish(from, SHA_1)).rejects.toMatchObject({ name: 'UsageError', text: { en: `nothing to publish in ${from}` } });
    }
    expect((await sh(clone, 'worktree', 'list')).trim().split('\n')).toHaveLength(1);
  });

  it('starts an unrelated history with only the configs, then adds one commit per change', async () => {
    const first = await publish(await render(clone, 'table inet kolokasi {}\n'), SHA_1);
    expect(first.status).toBe('pushed');
    const check = path.join(work, 'check');
    await simpleGit(work).clone(remote, check, ['-q', '--branch', 'gateway-config']);
    expect((await sh(check, 'ls-files')).trim().split('\n')).toEqual(['dev/SOURCE', 'dev/firewall/kolokasi.nft']);
    expect(await readFile(path.join(check, 'dev/SOURCE'), 'utf8')).toBe(`${SHA_1}\n`);
    expect((await sh(check, 'rev-list', '--count', 'HEAD')).trim()).toBe('1');

    // Same files again: nothing to publish.
    expect((await publish(await render(clone, 'table inet kolokasi {}\n'), SHA_1)).status).toBe('unchanged');

    const second = await publish(await render(clone, 'table inet kolokasi { chain x {} }\n'), SHA_2);
    expect(second.status).toBe('pushed');
    await sh(check, 'pull', '-q');
    expect((await sh(check, 'rev-list', '--count', 'HEAD')).trim()).toBe('2');
    expect(await sh(check, 'log', '-1', '--format=%an %s')).toBe('github-actions[bot] gateway(dev): from 2222222\n');
    // The main work tree and branch are untouched.
    expect((await sh(clone, 'status', '--porcelain')).trim()).toBe('');
    expect((await sh(clone, 'worktree', 'list')).trim().split('\n')).toHaveLength(1);
  });

  it('publishes the set that current points at, with its manifest, not the link', async () => {
    const out = path.join(clone, 'build/dev');
    const files = [{ path: 'firewall/kolokasi.nft', content: 'table inet kolokasi {}\n' }];
    const manifest = serializeManifest(buildManifest({ stack: 'dev', clock: new Date('2026-11-20T08:00:00Z'), ledgerPath: 'stacks/dev.allocations.yaml', ledgerText: 'ledger\n', files }));
    await writeOutputSet(out, files, manifest);
    expect((await publish(path.join(out, 'current'), SHA_1)).status).toBe('pushed');
    const check = path.join(work, 'check');
    await simpleGit(work).clone(remote, check, ['-q', '--branch', 'gateway-config']);
    const staged = (await sh(check, 'ls-files', '-s')).trim().split('\n');
    expect(staged.map((line) => line.split(/\s+/).pop())).toEqual(['dev/SOURCE', 'dev/firewall/kolokasi.nft', 'dev/manifest.json']);
    expect(staged.every((line) => line.startsWith('100644'))).toBe(true);
    expect(await readFile(path.join(check, 'dev/manifest.json'), 'utf8')).toBe(manifest);
  });

  it('keeps the other stacks\' folders when one stack publishes', async () => {
    await publish(await render(clone, 'dev rules\n'), SHA_1, 'dev');
    await publish(await render(clone, 'prod rules\n'), SHA_2, 'prod');
    const check = path.join(work, 'check');
    await simpleGit(work).clone(remote, check, ['-q', '--branch', 'gateway-config']);
    expect(await readFile(path.join(check, 'dev/firewall/kolokasi.nft'), 'utf8')).toBe('dev rules\n');
    expect(await readFile(path.join(check, 'prod/firewall/kolokasi.nft'), 'utf8')).toBe('prod rules\n');
  });
});
