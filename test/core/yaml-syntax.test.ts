// One YAML mistake, one diagnostic, on the mistake's own line, in both languages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseYaml } from '../../src/core/yaml.ts';
import { PROJECT_ROOT } from '../helpers/repo.ts';

const EXAMPLE = readFileSync(path.join(PROJECT_ROOT, 'requests/bkpsdm/simpeg.yaml'), 'utf8');

function broken(from: string, to: string): string {
  expect(EXAMPLE).toContain(from);
  return EXAMPLE.replace(from, to);
}

// [case, text, line:col, words of the English hint]
const CASES: [string, string, string, string][] = [
  ['first child over-indented', broken('    hostname:', '     hostname:'), '23:6', "like line 24 ('rackUnits:'): 4 spaces"],
  ['sibling under-indented', broken('    rackUnits:', '   rackUnits:'), '24:4', "like line 23 ('hostname:'): 4 spaces"],
  ['first child under-indented', broken('    hostname:', '   hostname:'), '23:4', "like line 24 ('rackUnits:'): 4 spaces"],
  ['section key under-indented', broken('  dns:', ' dns:'), '28:2', "like line 22 ('server:'): 2 spaces"],
  ['top-level key indented', broken('kind: Colo', ' kind: Colo'), '3:2', "like line 2 ('apiVersion:')"],
  ['list item field under-indented', broken('      role: Administrator server', '     role: Administrator server'), '20:6', "like line 19 ('name:'): 6 spaces"],
  ['list item field over-indented', broken('      role: Administrator server', '       role: Administrator server'), '20:8', "like line 19 ('name:'): 6 spaces"],
  ['list dash over-indented', broken('    - name: Andi', '     - name: Andi'), '19:6', "like line 17 ('-'): 4 spaces"],
  ['a tab', broken('    hostname:', '\thostname:'), '23:1', 'use spaces, not tabs'],
  ['a tab after spaces', broken('    hostname:', '  \t  hostname:'), '23:3', 'use spaces, not tabs'],
  ['no space after a colon', broken('rackUnits: 2', 'rackUnits:2'), '24:15', 'put a space after the colon: rackUnits: 2'],
  ['no colon', broken('    rackUnits: 2', '    rackUnits 2'), '24:14', 'write: rackUnits: 2'],
  ['no colon in a list item', broken('    - name: Rina Wulandari', '    - name Rina Wulandari'), '17:11', 'write: name: Rina Wulandari'],
  ['a stray character', broken('      access: public\n    - name: ssh', '      ]access: public\n    - name: ssh'), '41:7', "remove the ']'"],
  ['a bracket left open before the parser trips', broken('    hostname: simpeg-app01', '    {hostname: simpeg-app01'), '23:5', 'close it with }'],
  ['no space after a dash', broken('- name: Andi', '-name: Andi'), '19:5', 'write: - name: Andi Saputra'],
  ['unclosed double quote', broken('date: "2026-11-02"', 'date: "2026-11-02'), '11:11', 'close it with "'],
  ['unclosed single quote', broken('date: "2026-11-02"', "date: '2026-11-02"), '11:11', "close it with '"],
  ['unclosed bracket', broken('title: Sistem Informasi Manajemen Kepegawaian', 'title: [Sistem Informasi'), '7:10', 'close it with ]'],
  ['unclosed brace', broken('subdomain: simpeg', 'subdomain: {simpeg'), '29:16', 'close it with }'],
  ['colon in a value', broken('title: Sistem Informasi Manajemen Kepegawaian', 'title: Sistem: Informasi'), '7:10', 'title: "Sistem: Informasi"'],
  ['reserved first character', broken('os: Ubuntu Server', 'os: @Ubuntu Server'), '26:9', 'double quotes'],
  ['bad escape', broken('date: "2026-11-02"', 'date: "2026\\q11"'), '11:16', 'single quotes'],
];

describe('a YAML syntax mistake', () => {
  it.each(CASES)('%s: one KLK001 at its place, with a fix', (_name, text, place, hint) => {
    const parsed = parseYaml({ file: 'requests/bkpsdm/simpeg.yaml', text });
    expect(parsed.ok).toBe(false);
    const diagnostics = parsed.ok ? [] : parsed.diagnostics;
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual([`KLK001 ${place}`]);
    const [d] = diagnostics;
    expect(d!.hint.en).toContain(hint);
    // The parser's English never leaks into either language.
    for (const text of [d!.message.en, d!.message.id, d!.hint.en, d!.hint.id]) expect(text).not.toMatch(/at line \d+|column \d+/);
    expect(d!.message.id).not.toBe(d!.message.en);
    expect(d!.hint.id).not.toBe(d!.hint.en);
  });

  it('never cascades: any slip gives at most one syntax error, placed, in both languages', () => {
    const slip = fc.record({
      at: fc.nat(EXAMPLE.length - 1),
      char: fc.constantFrom(' ', '\t', ':', '-', '"', "'", '[', ']', '{', '}', '#', '|', '>', '\n', ',', '*', '@', '`', '\\'),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
    });
    fc.assert(
      fc.property(fc.array(slip, { minLength: 1, maxLength: 3 }), (slips) => {
        let text = EXAMPLE;
        for (const { at, char, kind } of slips) {
          const i = Math.min(at, text.length - 1);
          text = text.slice(0, i) + (kind === 'delete' ? '' : char) + text.slice(kind === 'insert' ? i : i + 1);
        }
        const parsed = parseYaml({ file: 'requests/bkpsdm/simpeg.yaml', text });
        const syntax = parsed.ok ? [] : parsed.diagnostics.filter((d) => d.code === 'KLK001');
        expect(syntax.length).toBeLessThanOrEqual(1);
        for (const d of syntax) {
          expect(d.line).toBeGreaterThan(0);
          expect(d.line).toBeLessThanOrEqual(text.split('\n').length);
          expect(`${d.message.id} ${d.hint.id}`).not.toMatch(/at line \d+|column \d+/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('still reports every duplicate key when the syntax is fine', () => {
    const parsed = parseYaml({ file: 'a.yaml', text: 'a: 1\na: 2\nb: 1\nb: 2\n' });
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['KLK002 2', 'KLK002 4']);
  });
});
