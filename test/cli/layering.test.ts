// `cli/` sits on top: it may import every other module, none may import it. An edge into `cli/`
// would let a library module depend on how the command line is parsed or how it exits.
// The computation has one order, in core/plan-stack.ts, and the ledger one reader, core/ledger.ts:
// a module that sequenced the stages or read the ledger itself could drift from them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relativeImports } from './imports.ts';
import { sourceFiles } from '../helpers/paths.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const CLI = path.join(SRC, 'cli') + path.sep;


function backEdges(): string[] {
  return sourceFiles(SRC)
    .filter((file) => !file.startsWith(CLI))
    .flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8'))
        .filter((specifier) => path.resolve(path.dirname(file), specifier).startsWith(CLI))
        .map((specifier) => `${path.relative(SRC, file)} imports ${specifier}`),
    );
}

/** The text without comments, so that a comment naming a function is no call of it. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** `file: name(` for each call of one of `names` outside its own definition, file relative to src/. */
function callsOf(names: readonly string[], files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const text = code(readFileSync(file, 'utf8'));
    return names.flatMap((name) =>
      [...text.matchAll(new RegExp(`(^|[^\\w.])(function\\s+)?${name}\\(`, 'gm'))].filter((match) => match[2] === undefined).map(() => `${path.relative(SRC, file)}: ${name}(`),
    );
  });
}

const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** The stages of the computation: only core/plan-stack.ts calls them. */
const STAGES = ['allocate', 'buildPlan', 'desiredState'];
/** buildPlan derives the desired state of its `after` ledger when the caller did not pass it. */
const STAGE_EXCEPTIONS = ['core/plan.ts: desiredState('];

/** The ledger's readers: the computation reads it through core/plan-stack.ts. */
const LEDGER_READERS = ['parseLedger', 'loadLedger', 'readCanonicalLedger'];
/** Validation asks the ledger who holds a contested name, inside the core's own order. */
const LEDGER_READER_MODULES = ['core/ledger.ts', 'core/plan-stack.ts', 'core/pipeline.ts'];

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

  it('finds calls, not definitions or comments', () => {
    const text = ['export function allocate(input) {', '  // allocate() in a comment', '  return buildPlan(x) + other.allocate(y);', '}'].join('\n');
    expect(code(text)).not.toContain('comment');
    expect([...code(text).matchAll(/(^|[^\w.])(function\s+)?allocate\(/gm)].filter((m) => m[2] === undefined)).toHaveLength(0);
    expect([...code(text).matchAll(/(^|[^\w.])(function\s+)?buildPlan\(/gm)].filter((m) => m[2] === undefined)).toHaveLength(1);
  });

  it('only core/plan-stack.ts sequences validate, ledger, allocate, desired state and plan', () => {
    const files = sourceFiles(SRC).filter((file) => relative(file) !== 'core/plan-stack.ts');
    expect(callsOf(STAGES, files).filter((call) => !STAGE_EXCEPTIONS.includes(call.split(path.sep).join('/')))).toEqual([]);
  });

  it('only core/ledger.ts reads the ledger, and the others ask it', () => {
    const files = sourceFiles(SRC).filter((file) => !LEDGER_READER_MODULES.includes(relative(file)));
    expect(callsOf(LEDGER_READERS, files)).toEqual([]);
    // A module that knows the ledger and parses YAML itself would be a second reader of its format.
    const yamlReaders = sourceFiles(SRC)
      .filter((file) => relative(file) !== 'core/ledger.ts')
      .filter((file) => relativeImports(readFileSync(file, 'utf8')).some((specifier) => path.resolve(path.dirname(file), specifier) === path.join(SRC, 'core', 'ledger.ts')))
      .filter((file) => /\bparseYaml(?:Fast)?\(|from\s+['"](?:yaml|js-yaml)['"]/.test(code(readFileSync(file, 'utf8'))))
      .map(relative);
    expect(yamlReaders).toEqual([]);
  });
});
