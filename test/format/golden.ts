// Golden files: the reference output lives beside the tests; on mismatch the actual output is
// written to `<name>.actual` so a reviewer diffs two files. UPDATE_GOLDEN=1 rewrites references.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export function expectGolden(file: string, actual: string): void {
  const actualFile = `${file}.actual`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    rmSync(actualFile, { force: true });
    return;
  }
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (expected === actual) {
    rmSync(actualFile, { force: true });
    return;
  }
  writeFileSync(actualFile, actual);
  expect(actual, `output differs from ${file}; see ${actualFile} (UPDATE_GOLDEN=1 accepts it)`).toBe(expected ?? '(no reference file yet)');
}
