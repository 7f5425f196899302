/**
 * "did you mean …?": the closest known key within edit distance 2. A key of any length is
 * refused at once: keys whose lengths differ by more than 2 are not compared letter by letter.
 */
import { describe, expect, it } from 'vitest';
import { editDistance, suggestKey, SUGGEST_DISTANCE } from '../../scenarios/suggest.ts';

/** The full optimal-string-alignment table, as the distance was first written (the reference). */
function reference(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

describe('suggestKey', () => {
  it('suggests the closest key within distance 2 (a transposition counts 1), case aside', () => {
    expect(suggestKey('qutoaMB', ['quotaMB', 'autoStop'])).toBe('quotaMB');
    expect(suggestKey('AUTOSTP', ['quotaMB', 'autoStop'])).toBe('autoStop');
    expect(suggestKey('quota', ['quotaMB', 'autoStop'])).toBe('quotaMB');
    expect(suggestKey('quo', ['quotaMB', 'autoStop'])).toBeUndefined();
    expect(SUGGEST_DISTANCE).toBe(2);
  });

  it('a key of 10,000,000 characters gets no suggestion, and is not compared letter by letter (that table would hold 10^8 cells per known key)', () => {
    expect(suggestKey('q'.repeat(10_000_000), ['quotaMB', 'autoStop', 'q'.repeat(10)])).toBeUndefined();
    // Lengths 10,000,000 and 7 differ by more than the largest distance asked for: the answer is "past it", at once.
    expect(editDistance('q'.repeat(10_000_000), 'quotaMB', 2)).toBe(3);
    expect(editDistance('quotaMB', 'q'.repeat(10_000_000), 0)).toBe(1);
  });

  it('two keys of 1,000,000 characters and the same length: only the cells near the diagonal are filled (not a table of 10^12 cells)', () => {
    const a = `x${'q'.repeat(1_000_000)}`, b = `y${'q'.repeat(1_000_000)}`, c = `${'q'.repeat(1_000_000)}xy`;
    expect(editDistance(a, b, 2)).toBe(1);
    expect(editDistance(a, c, 2)).toBe(3);
    expect(editDistance(a, b, 0)).toBe(1);
  });

  it('the distance, whole or capped at max + 1, is that of the full table', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () => Array.from({ length: Math.floor(next() * 9) }, () => 'abc'[Math.floor(next() * 3)]).join('');
    for (let k = 0; k < 5000; k++) {
      const a = word(), b = word(), max = Math.floor(next() * 5);
      const d = reference(a, b);
      expect(editDistance(a, b), `${a} ${b}`).toBe(d);
      expect(editDistance(a, b, max), `${a} ${b} ${max}`).toBe(Math.min(d, max + 1));
    }
  });
});
