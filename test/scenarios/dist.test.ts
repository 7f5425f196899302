import { describe, expect, it } from 'vitest';
import { MINIMAL, errorOf, parse } from './helpers.ts';

/** The payer delay parsed from a written distribution. */
function delay(written: string) {
  return parse(`${MINIMAL}payers:\n  p: {delayDays: ${written}}\n`).arms[0].payers[0].delayDays;
}

describe('distributions', () => {
  it('a bare number is fixed', () => expect(delay('5')).toEqual({ kind: 'fixed', value: 5 }));
  it('{fixed: x}', () => expect(delay('{fixed: -2}')).toEqual({ kind: 'fixed', value: -2 }));
  it('{uniform: [a, b]}', () => expect(delay('{uniform: [5, 40]}')).toEqual({ kind: 'uniform', min: 5, max: 40 }));
  it('{normal: {mean, sd}}', () => expect(delay('{normal: {mean: 5, sd: 10}}')).toEqual({ kind: 'normal', mean: 5, sd: 10 }));
  it('{lognormal: {median, spread}}', () =>
    expect(delay('{lognormal: {median: 2, spread: 1}}')).toEqual({ kind: 'lognormal', median: 2, spread: 1 }));
  it('{empirical: [[v, w], ...]}', () =>
    expect(delay('{empirical: [[0, 8], [30, 2]]}')).toEqual({ kind: 'empirical', values: [0, 30], weights: [8, 2] }));
  it('{mixture: [...]}: each part is weight plus one distribution', () =>
    expect(delay('{mixture: [{weight: 0.8, fixed: 0}, {weight: 0.2, uniform: [5, 40]}]}')).toEqual({
      kind: 'mixture',
      weights: [0.8, 0.2],
      parts: [
        { kind: 'fixed', value: 0 },
        { kind: 'uniform', min: 5, max: 40 },
      ],
    }));

  it('uniform needs a ≤ b', () => {
    expect(errorOf(`${MINIMAL}payers:\n  p: {delayDays: {uniform: [40, 5]}}\n`)).toBe(
      'test.yaml:12:28: payers.p.delayDays.uniform: expected two numbers [a, b] with a ≤ b, got a list of 2',
    );
  });

  it('a mixture part with a bad distribution is reported inside that part', () => {
    expect(errorOf(`${MINIMAL}payers:\n  p: {delayDays: {mixture: [{weight: 1, normal: {mean: 1, sd: -1}}]}}\n`)).toBe(
      'test.yaml:12:63: payers.p.delayDays.mixture[0].normal.sd: expected a number 0..1000000000, got -1',
    );
  });

  it('something that is no distribution names every form', () => {
    expect(errorOf(`${MINIMAL}payers:\n  p: {delayDays: {poisson: 3}}\n`)).toBe(
      'test.yaml:12:18: payers.p.delayDays: expected a distribution (a number, {fixed: x}, {uniform: [a, b]}, {normal: {mean, sd}}, ' +
        '{lognormal: {median, spread}}, {empirical: [[value, weight], ...]} or {mixture: [...]}), got a mapping',
    );
  });
});
