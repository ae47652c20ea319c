// Why a string is not a valid DNS label (RFC 1123): the code that says so, worded by the catalog.

/** The first reason a value is not a label: its code, and for KLK213 the first character not allowed (none when empty). */
export interface LabelProblem {
  code: 'KLK210' | 'KLK211' | 'KLK212' | 'KLK213';
  char?: string;
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/**
 * An A-label (RFC 5890): the ASCII form of an internationalised name, shown by browsers in its
 * Unicode form, where look-alike letters can imitate another name.
 */
export function isPunycode(label: string): boolean {
  return label.toLowerCase().startsWith('xn--');
}

/** The first reason the value is not a lowercase RFC 1123 label, or undefined when it is one. */
export function explainLabel(value: string): LabelProblem | undefined {
  if (isDnsLabel(value)) return undefined;
  if (value.length === 0) return { code: 'KLK213' };
  if (value.length > 63) return { code: 'KLK212' };
  const bad = [...value].find((ch) => !/[a-zA-Z0-9-]/.test(ch));
  if (bad !== undefined) return { code: 'KLK213', char: bad };
  if (value !== value.toLowerCase()) return { code: 'KLK210' };
  return { code: 'KLK211' };
}
