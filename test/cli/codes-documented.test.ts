// Every diagnostic code kolokasi can print is explained in the README's table.
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/repo.ts';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('diagnostic codes', () => {
  it('are all documented in the README', async () => {
    const used = new Set<string>();
    for (const file of await sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/'(KLK\d{3})'/g)) used.add(match[1]!);
    }
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| (KLK\d{3}) \|/gm)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((code) => !documented.has(code)).sort()).toEqual([]);
    expect([...documented].filter((code) => !used.has(code)).sort()).toEqual([]);
  });
});
