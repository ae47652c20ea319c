// Reading the imports of a source file without a parser: enough for the layering checks.

/** Relative specifiers of static imports, re-exports and dynamic imports. */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) found.push(match[2]!);
  return found;
}
