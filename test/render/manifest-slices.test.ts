// Texts are hashed and written in pieces; the pieces must give the bytes of the whole text, also
// when a character outside the BMP (a surrogate pair) straddles the place of a cut.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, textSlices } from '../../src/render/manifest.ts';

const whole = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('texts in pieces', () => {
  it('never cuts a surrogate pair: the pieces join to the text, each valid on its own', () => {
    const text = `ab${'😀'}cd${'😀'}`; // the pairs start at offsets 2 and 6
    const pieces = [...textSlices(text, 3)];
    expect(pieces.join('')).toBe(text);
    expect(pieces).toEqual(['ab😀', 'cd😀']);
    expect(Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8')))).toEqual(Buffer.from(text, 'utf8'));
  });

  it('hashes a text in pieces as a whole, whatever the size of the pieces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 16 }), (text, size) => {
        expect(sha256Hex(text, size)).toBe(whole(text));
        expect([...textSlices(text, size)].join('')).toBe(text);
      }),
    );
  });

  it('gives an empty text no piece, and its hash is the empty one', () => {
    expect([...textSlices('')]).toEqual([]);
    expect(sha256Hex('')).toBe(whole(''));
  });
});
