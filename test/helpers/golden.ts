// Golden files: the reference output lives under test/golden/ (or beside its test) and is reviewed
// as plain text. On a mismatch the actual output is written to `<reference>.actual` beside it, so
// a reviewer diffs two files; a match removes a stale `.actual`. With UPDATE_GOLDEN=1 the
// references are rewritten instead (README, "Tests").
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { PROJECT_ROOT } from './paths.ts';

export function updatingGolden(): boolean {
  return process.env.UPDATE_GOLDEN === '1';
}

/** Compares `actual` with the reference file at the absolute path `reference`. */
export function expectGolden(reference: string, actual: string): void {
  const actualFile = `${reference}.actual`;
  if (updatingGolden()) {
    mkdirSync(path.dirname(reference), { recursive: true });
    writeFileSync(reference, actual);
    rmSync(actualFile, { force: true });
    return;
  }
  const expected = existsSync(reference) ? readFileSync(reference, 'utf8') : undefined;
  if (actual === expected) {
    rmSync(actualFile, { force: true });
    return;
  }
  mkdirSync(path.dirname(reference), { recursive: true });
  writeFileSync(actualFile, actual);
  const shown = path.relative(PROJECT_ROOT, reference);
  expect.fail(expected === undefined
    ? `${shown} is missing; run with UPDATE_GOLDEN=1 and review ${shown}`
    : `${shown} differs; compare it with ${shown}.actual (UPDATE_GOLDEN=1 accepts it)`);
}
