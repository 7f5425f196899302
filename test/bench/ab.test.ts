import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarise } from '../../bench/ab.ts';

describe('bench/ab summarise', () => {
  it('gives the median, the mean of the middle half and the range of hand-checkable ratios', () => {
    // Sorted: 0.5 0.9 1 1.1 3 → median 1; the middle half drops one at each end: (0.9 + 1 + 1.1) / 3 = 1.
    expect(summarise([1.1, 3, 0.5, 1, 0.9])).toEqual({ median: 1, iqMean: 1, min: 0.5, max: 3 });
    // Eight rounds 1…8: two dropped at each end, (3 + 4 + 5 + 6) / 4 = 4.5; the median is the upper middle.
    const s = summarise([8, 1, 7, 2, 6, 3, 5, 4]);
    expect(s.iqMean).toBe(4.5);
    expect(s.median).toBe(5);
    expect(() => summarise([])).toThrow('no rounds');
  });

  it('lies within the range and ignores order; one outlier does not move the interquartile mean past the rest', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 4, maxLength: 40 }), (xs) => {
      const s = summarise(xs), r = summarise([...xs].reverse());
      expect(r).toEqual(s);
      expect(s.min).toBeLessThanOrEqual(s.iqMean + 1e-12);
      expect(s.iqMean).toBeLessThanOrEqual(s.max + 1e-12);
      const t = summarise([...xs, 1e9]);
      expect(t.iqMean).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
    }));
  });
});
