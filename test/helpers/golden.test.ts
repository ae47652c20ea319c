// The golden-file helper itself: a mismatch fails and leaves `.actual` beside the reference,
// a match clears it, and UPDATE_GOLDEN=1 rewrites the reference.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { expectGolden } from './golden.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kolokasi-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('expectGolden', () => {
  it('fails on a mismatch, writes .actual beside the reference, and clears it once they match', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    const reference = path.join(dir, 'a.txt');
    writeFileSync(reference, 'old\n');
    expect(() => expectGolden(reference, 'new\n')).toThrow(/a\.txt differs; compare it with .*a\.txt\.actual/);
    expect(readFileSync(`${reference}.actual`, 'utf8')).toBe('new\n');
    expectGolden(reference, 'old\n');
    expect(existsSync(`${reference}.actual`)).toBe(false);
  });

  it('fails when the reference is missing, saying how to make it', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    expect(() => expectGolden(path.join(dir, 'missing/b.txt'), 'x\n')).toThrow(/missing; run with UPDATE_GOLDEN=1/);
  });

  it('rewrites the reference with UPDATE_GOLDEN=1', () => {
    const reference = path.join(dir, 'nested/c.txt');
    vi.stubEnv('UPDATE_GOLDEN', '1');
    expectGolden(reference, 'accepted\n');
    expect(readFileSync(reference, 'utf8')).toBe('accepted\n');
    expect(existsSync(`${reference}.actual`)).toBe(false);
  });
});
