import { describe, expect, it } from 'vitest';
import type { Report } from '../../engine/index.ts';
import { ARM_COLOURS, fitText, nameMargin, percent, rounded } from '../../viz/charts/common.ts';
import { sweepGrid } from '../../viz/charts/heatmap.ts';

describe('labels', () => {
  it('a rounded value says so; an exact one does not', () => {
    expect(rounded(187_100)).toBe('187,100');
    expect(rounded(187_123.5)).toBe('≈187,100');
    expect(rounded(0.25)).toBe('0.25');
    expect(rounded(1 / 3)).toBe('≈0.3333');
  });

  it('a percentage drops the trailing zeros of its fraction, never those of a whole number', () => {
    expect(percent(0.999876, 6)).toBe('99.9876 %');
    expect(percent(1, 6)).toBe('100 %');
    expect(percent(0, 3)).toBe('0 %');
    expect(percent(0.5, 1)).toBe('50 %');
    expect(percent(1, 0)).toBe('100 %'); // the regex it replaces made this '1 %'
    expect(percent(0.1, 0)).toBe('10 %');
    expect(percent(0.00105, 3)).toBe('0.105 %');
  });

  it('a name too wide is cut with …, and one that fits is kept whole', () => {
    expect(fitText('no alerts', 200, 12)).toBe('no alerts');
    const cut = fitText('alert 80 % × pack 100 MB', 72, 12); // 72 px: 10 characters at 7.2 px
    expect(cut).toBe('alert 80…'); // 9 characters (the trailing space dropped) and the ellipsis
  });

  it('the name margin fits the longest name, within 80 px and 30 % of the width', () => {
    expect(nameMargin(['a'], 12, 800)).toBe(80);
    expect(nameMargin(['x'.repeat(20)], 12, 800)).toBe(20 * 7.2 + 14);
    expect(nameMargin(['x'.repeat(100)], 12, 800)).toBe(240);
  });

  it('24 distinct arm colours', () => {
    expect(new Set(ARM_COLOURS.map((c) => c.toLowerCase())).size).toBe(24);
  });
});

describe('sweepGrid', () => {
  const report = (names: string[]) => ({ arms: names.map((name) => ({ name })) }) as unknown as Report;

  it('lays the arms a two-factor sweep names out as rows × columns, the baseline left out', () => {
    const g = sweepGrid(report(['no alerts', 'alert 60 % × pack 50 MB', 'alert 60 % × pack 100 MB', 'alert 70 % × pack 50 MB', 'alert 70 % × pack 100 MB']))!;
    expect(g.rows).toEqual(['alert 60 %', 'alert 70 %']);
    expect(g.cols).toEqual(['pack 50 MB', 'pack 100 MB']);
    expect(g.cells.map((r) => r.map((a) => a?.name))).toEqual([['alert 60 % × pack 50 MB', 'alert 60 % × pack 100 MB'], ['alert 70 % × pack 50 MB', 'alert 70 % × pack 100 MB']]);
  });

  it('is null for a one-factor sweep or plain arms', () => {
    expect(sweepGrid(report(['a', 'b', 'c']))).toBeNull();
    expect(sweepGrid(report(['x × 1', 'x × 2', 'x × 3']))).toBeNull();
  });
});
