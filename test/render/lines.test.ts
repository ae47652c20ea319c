// The line writer the renderers build their files with: the same text as joining every line at
// once, whatever the number of lines around the size of its runs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Lines } from '../../src/render/lines.ts';

describe('Lines', () => {
  it.each([0, 1, 2, 1023, 1024, 1025, 2048, 2049, 5000])('joins %i lines as join("\\n") does', (count) => {
    const lines = Array.from({ length: count }, (_, i) => (i % 7 === 0 ? '' : `line ${i}`));
    expect(new Lines().addAll(lines).text()).toBe(lines.join('\n'));
  });

  it('keeps any lines, empty ones and a trailing empty one included', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3000 }), (lines) => {
        const built = new Lines();
        for (const line of lines) built.add(line);
        expect(built.text()).toBe(lines.join('\n'));
      }),
      { numRuns: 50 },
    );
  });

  it('appends another writer\'s lines after its own, the shared runs unchanged', () => {
    for (const [head, tail] of [[0, 0], [3, 0], [0, 3], [5, 2100], [1024, 1024], [2000, 7]]) {
      const first = Array.from({ length: head! }, (_, i) => `head ${i}`);
      const second = Array.from({ length: tail! }, (_, i) => `tail ${i}`);
      const shared = new Lines().addAll(second);
      expect(new Lines().addAll(first).append(shared).text()).toBe([...first, ...second].join('\n'));
      expect(new Lines().add('other').append(shared).text()).toBe(['other', ...second].join('\n'));
    }
  });
});
