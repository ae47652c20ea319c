// Diagnostics are values: collected, sorted and formatted, never thrown at a user.
import type { Diagnostic } from './model.ts';
import { compareText } from './order.ts';

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** File, then line, then column, then code: the order a reader scans a file in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.code, b.code) || compareText(a.path, b.path),
  );
}

/** Unicode code points, so a message can show an invisible character as U+000A. */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const printable = code > 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return printable ? `'${ch}' (${hex})` : hex;
}
