// The README's "Code map" says which directories are pure and which touch the outside; this
// holds the code to it. A pure directory imports nothing that reaches the file system, the
// network, processes or the environment, and reads no clock or random source: its results
// depend on its arguments alone.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../helpers/paths.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = path.join(ROOT, 'src');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The code map's rows: `src/<dir>/` (or a file) and whether the README calls it pure. */
function codeMapRows(): { entry: string; pure: boolean }[] {
  const section = README.slice(README.indexOf('## Code map'), README.indexOf('\n## ', README.indexOf('## Code map') + 1));
  return [...section.matchAll(/^\| `src\/([^`]*)` \| ([a-z]*) \|/gm)].map((m) => ({ entry: m[1]!.replace(/\/$/, ''), pure: m[2] === 'pure' }));
}

const PURE = codeMapRows().filter((row) => row.pure).map((row) => row.entry);

/** What a pure module must not contain, each with the reason a reader is given. */
const OUTSIDE: [RegExp, string][] = [
  [/from '(node:)?(fs|fs\/promises|child_process|os|http|https|http2|dgram|worker_threads|process)'/, 'imports a module that reaches the outside'],
  // node:net's address checks (isIP, isIPv4, isIPv6) are pure functions; its sockets are not.
  [/import\s*\{(?![\s,]*(isIP|isIPv4|isIPv6)([\s,]+(isIP|isIPv4|isIPv6))*[\s,]*\})[^}]*\}\s*from '(node:)?net'|import\s+\w+\s+from '(node:)?net'/, 'imports sockets'],
  [/from '(simple-git|@pulumi\/[^']+|@octokit\/[^']+)'/, 'imports a client of git, Pulumi or GitHub'],
  [/\bprocess\.(env|cwd|argv|stdout|stderr|exit)\b/, 'reads the process'],
  [/\bDate\.now\(\)|\bnew Date\(\)/, 'reads the clock'],
  [/\bMath\.random\(/, 'reads a random source'],
];


function impurities(dir: string): string[] {
  return sourceFiles(path.join(SRC, dir)).flatMap((file) => {
    const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    return OUTSIDE.filter(([pattern]) => pattern.test(code)).map(([, why]) => `${path.relative(SRC, file)} ${why}`);
  });
}

describe('code map', () => {
  it('recognises what it forbids', () => {
    const sample = [
      "import { readFileSync } from 'node:fs';",
      "import { simpleGit } from 'simple-git';",
      'const a = process.env.X;',
      'const b = new Date();',
      'Math.random();',
      "import { createServer, isIPv6 } from 'node:net';",
      "import net from 'node:net';",
    ];
    expect(sample.map((line) => OUTSIDE.filter(([pattern]) => pattern.test(line)).length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(OUTSIDE.filter(([pattern]) => pattern.test("import { isIP, isIPv6 } from 'node:net'; const d = new Date(text);"))).toEqual([]);
  });

  it('lists every directory and top-level file of src/, and nothing else', () => {
    const present = readdirSync(SRC).sort();
    expect(codeMapRows().map((row) => row.entry).sort()).toEqual(present);
    expect(PURE.sort()).toEqual(['core', 'format', 'render', 'report']);
  });

  it.each(PURE)('src/%s touches nothing outside its arguments', (dir) => {
    expect(impurities(dir)).toEqual([]);
  });
});
