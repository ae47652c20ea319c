import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isPlainYaml, parseYamlFast } from '../../src/core/fast-yaml.ts';
import { parseYaml } from '../../src/core/yaml.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Both paths must give the same value, or the same diagnostics. (Node's strict deep equality:
 * vitest's toStrictEqual compares `constructor` properties, which a YAML key can set to NaN.)
 */
function expectSamePaths(text: string): void {
  const source = { file: 'requests/opd/app.yaml', text };
  const fast = parseYamlFast(source);
  const careful = parseYaml(source);
  expect(isDeepStrictEqual(fast, careful), `${JSON.stringify(text)}\nfast: ${inspect(fast, { depth: 9 })}\ncareful: ${inspect(careful, { depth: 9 })}`).toBe(true);
}

/** Plain scalars whose type differs between YAML 1.1, YAML 1.2 and js-yaml's own defaults. */
const TRICKY = [
  '0b11', '+0x1F', '0x1F', '-0x1F', '0o17', '017', '08', '0x', '0o8', '1_000', 'yes', 'no', 'on', 'off', 'y', 'n',
  'True', 'TRUE', 'tRue', 'false', '~', 'null', 'Null', 'NULL', '.inf', '-.inf', '+.INF', '.nan', '.NaN', '-0', '+12',
  '0.', '.5', '1e3', '1E+3', '12e03', '1e400', '-1e400', '9'.repeat(330), `0x${'f'.repeat(300)}`, `0x${'f'.repeat(20)}`,
  '2026-11-02', '2026-11-02T10:00:00Z', '2026-11-02 10:00:00', '22:22', '1:20:30', '10.0.0.0/8', '2001:db8::1', '1.2.3',
];

/** Key texts that a parser might turn into something else than themselves. */
const KEYS = ['a', 'name', 'null', '~', '', '1', '1.0', '0x10', 'true', 'yes', '__proto__', '<<', 'constructor', 'a b', '-', '.inf'];

const scalar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.+-_eExob:/ #'), maxLength: 10 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
}));

const STYLES = [
  {},
  { collectionStyle: 'flow' as const },
  { defaultStringType: 'QUOTE_DOUBLE' as const, defaultKeyType: 'PLAIN' as const },
  { defaultStringType: 'QUOTE_SINGLE' as const },
  { defaultStringType: 'BLOCK_LITERAL' as const },
  { defaultStringType: 'BLOCK_FOLDED' as const, lineWidth: 20 },
];

/** A line of YAML as a person might type it: a key, a colon and a plain or hand-quoted token. */
const handWritten = fc.array(
  fc.tuple(
    fc.constantFrom(...KEYS.filter((k) => k !== '' && k !== 'a b')),
    fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: fc.constantFrom(...'ab01 :#"\'-[]{},&*!|>?.~\\'), maxLength: 8 })),
    fc.constantFrom('', '  ', '    '),
  ),
  { minLength: 1, maxLength: 6 },
).map((lines) => lines.map(([key, token, indent]) => `${indent}${key}: ${token}`).join('\n'));

describe('parseYamlFast', () => {
  it('gives the same value as the position-keeping parser, for YAML written by a serializer', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(...STYLES), fc.constantFrom('\n', '\r\n'), (data, style, eol) => {
        expectSamePaths(stringify(data, style).replace(/\n/g, eol));
      }),
      { numRuns: 600 },
    );
  });

  it('gives the same value or the same diagnostics, for YAML typed by hand (valid or not)', () => {
    fc.assert(fc.property(handWritten, (text) => expectSamePaths(text)), { numRuns: 600 });
  });

  it('follows the YAML 1.2 core schema on both paths', () => {
    const text = [
      'binary: 0b11', 'signedHex: +0x1F', 'hex: 0x1F', 'yes: yes', 'octal: 0o17', 'leadingZero: 017', 'inf: .inf',
      'tilde: ~', 'date: 2026-11-02', 'huge: 1e400', '~: null key',
    ].join('\n');
    const parsed = parseYamlFast({ file: 'a.yaml', text });
    expect(parsed).toStrictEqual({
      ok: true,
      value: {
        binary: '0b11', signedHex: '+0x1F', hex: 31, yes: 'yes', octal: 15, leadingZero: 17, inf: Infinity,
        tilde: null, date: '2026-11-02', huge: Infinity, '': 'null key',
      },
    });
    expect(parsed).toStrictEqual(parseYaml({ file: 'a.yaml', text }));
  });

  it('refuses duplicate keys with the position of the second one', () => {
    const parsed = parseYamlFast({ file: 'a.yaml', text: 'a: 1\nb: 2\na: 3\n' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['KLK002', 3, 1]]);
  });

  it('gives every invalid fixture the same diagnostics as before', () => {
    const dir = path.join(ROOT, 'test/fixtures/invalid');
    for (const name of readdirSync(dir)) expectSamePaths(readFileSync(path.join(dir, name), 'utf8'));
  });
});

describe('isPlainYaml', () => {
  it('sends anchors, aliases, tags, directives, document markers and tabs to the careful parser', () => {
    for (const text of ['a: |2\n   x\n', '>1-\n  x\n', 'a: &x 1\nb: *x\n', 'a: !foo 1\n', 'a: [*x]\n', '%YAML 1.1\n---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a:\t1\n', '&a a: 1\n']) {
      expect(isPlainYaml(text), text).toBe(false);
    }
  });

  it('lets the repository files through', () => {
    const requests = path.join(ROOT, 'requests');
    const files = readdirSync(requests, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    for (const file of files) expect(isPlainYaml(readFileSync(path.join(requests, file), 'utf8')), file).toBe(true);
  });
});
