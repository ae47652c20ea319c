// Reading a saved reviews payload. GitHub returns reviews in pages; `gh api --paginate` writes the
// pages one after another (`[...][...]`), which is not one JSON document, and `--slurp` wraps them
// in an outer array. All three shapes are accepted, so the workflow can save the API's answer as is.
import type { Text } from '../core/model.ts';
import type { Review } from './signoff.ts';

export type ReviewsParse = { ok: true; reviews: Review[] } | { ok: false; message: Text };

/** Splits a text into consecutive top-level JSON values (`[..][..]`, or one value). */
export function splitJsonSequence(text: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      if (start < 0) return undefined;
    } else if (ch === '[' || ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        parts.push(text.slice(start, i + 1));
        start = -1;
      }
    } else if (depth === 0 && !/\s/.test(ch)) {
      return undefined;
    }
  }
  return depth === 0 && !inString ? parts : undefined;
}

export function parseReviews(text: string): ReviewsParse {
  const parts = splitJsonSequence(text);
  if (!parts || parts.length === 0) {
    return { ok: false, message: { en: 'not a JSON array of reviews', id: 'bukan larik JSON berisi ulasan' } };
  }
  const items: unknown[] = [];
  for (const part of parts) {
    let value: unknown;
    try {
      value = JSON.parse(part);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, message: { en: `invalid JSON: ${detail}`, id: `JSON tidak sah: ${detail}` } };
    }
    if (!Array.isArray(value)) {
      return { ok: false, message: { en: 'expected a JSON array of reviews', id: 'seharusnya larik JSON berisi ulasan' } };
    }
    // `--slurp` output: an array of pages. Items are appended one by one: a spread of a large page
    // (`push(...page)`) passes every item as an argument and overflows the call stack.
    if (value.length > 0 && value.every(Array.isArray)) {
      for (const page of value as unknown[][]) for (const item of page) items.push(item);
    } else {
      for (const item of value) items.push(item);
    }
  }
  const reviews: Review[] = [];
  for (const [index, item] of items.entries()) {
    const problem = reviewProblem(item);
    if (problem) {
      return {
        ok: false,
        message: { en: `review ${index + 1}: ${problem.en}`, id: `ulasan ke-${index + 1}: ${problem.id}` },
      };
    }
    reviews.push(item as Review);
  }
  return { ok: true, reviews };
}

function reviewProblem(item: unknown): Text | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { en: 'not an object', id: 'bukan objek' };
  }
  const r = item as Record<string, unknown>;
  if (typeof r.state !== 'string') return { en: "'state' must be a string", id: "'state' harus berupa teks" };
  if (r.user !== null) {
    const user = r.user as Record<string, unknown> | undefined;
    if (typeof user !== 'object' || typeof user.login !== 'string') {
      return { en: "'user.login' must be a string (or 'user' null)", id: "'user.login' harus berupa teks (atau 'user' null)" };
    }
  }
  if (r.commit_id !== undefined && r.commit_id !== null && typeof r.commit_id !== 'string') {
    return { en: "'commit_id' must be a string or null", id: "'commit_id' harus berupa teks atau null" };
  }
  if (r.submitted_at !== undefined && r.submitted_at !== null && typeof r.submitted_at !== 'string') {
    return { en: "'submitted_at' must be a string", id: "'submitted_at' harus berupa teks" };
  }
  if (r.id !== undefined && typeof r.id !== 'number') return { en: "'id' must be a number", id: "'id' harus berupa angka" };
  return undefined;
}
