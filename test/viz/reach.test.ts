import { describe, expect, it } from 'vitest';
import { notReachedLine } from '../../viz/charts/reach.ts';

describe('the tooltip line for arms a sensitivity parameter does not reach', () => {
  it('names the arms whose reached is false, one or several; none for a report that predates the field', () => {
    expect(notReachedLine([{ arm: 'a', reached: true }, { arm: 'own price', reached: false }])).toBe('not reached (sets the field itself, effect 0): "own price"');
    expect(notReachedLine([{ arm: 'x', reached: false }, { arm: 'y', reached: false }])).toBe('not reached (set the field itself, effect 0): "x", "y"');
    expect(notReachedLine([{ arm: 'a', reached: true }])).toBeNull();
    expect(notReachedLine([{ arm: 'a' }])).toBeNull();
    expect(notReachedLine(undefined)).toBeNull();
  });
});
