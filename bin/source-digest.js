// The digest of everything the compiled CLI in dist/ is built from. The build records it; the
// CLI entry compares it with the sources on disk at every start, so an edit (a checkout, a merge,
// a hand edit) after the last build can never run stale code: it runs the sources instead.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the bundle is made of: the sources, the schemas it embeds, and the package manifest. */
const INPUTS = ['src', 'schemas', 'package.json'];

export const DIGEST_FILE = 'dist/source-digest';

function filesUnder(root, relative) {
  const full = path.join(root, relative);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOTDIR') return [relative];
    throw error;
  }
  return entries.flatMap((entry) => {
    const child = path.posix.join(relative, entry.name);
    return entry.isDirectory() ? filesUnder(root, child) : [child];
  });
}

export function sourceDigest(root) {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(root, input)).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from exactly the sources on disk. */
export function buildIsCurrent(root) {
  let recorded;
  try {
    recorded = readFileSync(path.join(root, DIGEST_FILE), 'utf8').trim();
  } catch {
    return false;
  }
  return recorded === sourceDigest(root);
}
