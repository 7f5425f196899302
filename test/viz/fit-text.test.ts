import { describe, expect, it } from 'vitest';
import { fitText } from '../../viz/charts/common.ts';

/** A lone surrogate (half an emoji) is not text: SVG shows it as a replacement box, and it is not valid UTF-8 in an exported SVG. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('fitText cuts between characters', () => {
  it('never inside an emoji', () => {
    for (let width = 10; width <= 120; width += 1) {
      const cut = fitText('🚀'.repeat(20), width, 12);
      expect(cut).not.toMatch(loneSurrogate);
      expect(cut.endsWith('…')).toBe(true);
    }
  });

  it('never inside a grapheme (a flag, a family)', () => {
    expect(fitText('🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷', 40, 12)).toBe('🇫🇷…');
    expect(fitText('👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧', 40, 12)).toBe('👩‍👩‍👧…');
  });

  it('plain text is cut as before', () => {
    expect(fitText('a long arm name', 60, 12)).toBe('a long…');
    expect(fitText('short', 200, 12)).toBe('short');
  });
});
