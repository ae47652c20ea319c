// `cli/` sits on top: it may import every other module, none may import it. An edge into `cli/`
// would let a library module depend on how the command line is parsed or how it exits.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relativeImports } from './imports.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const CLI = path.join(SRC, 'cli') + path.sep;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function backEdges(): string[] {
  return sourceFiles(SRC)
    .filter((file) => !file.startsWith(CLI))
    .flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8'))
        .filter((specifier) => path.resolve(path.dirname(file), specifier).startsWith(CLI))
        .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`),
    );
}

describe('module layering', () => {
  it('finds every kind of import the check relies on', () => {
    const text = [
      "import type { A } from '../cli/command.ts';",
      "import { B } from \"./b.ts\";",
      "export { C } from '../c.ts';",
      "const d = await import('../cli/d.ts');",
      "import './side-effect.ts';",
      "import path from 'node:path';",
    ].join('\n');
    expect(relativeImports(text)).toEqual(['../cli/command.ts', './b.ts', '../c.ts', '../cli/d.ts', './side-effect.ts']);
  });

  it('no module outside src/cli imports from src/cli', () => {
    expect(backEdges()).toEqual([]);
  });
});
