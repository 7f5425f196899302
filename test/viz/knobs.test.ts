import { readdirSync, readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findKnobs, scalarText, setKnob } from '../../viz/knobs/index.ts';

const dir = new URL('../../scenarios/examples/', import.meta.url);
const EXAMPLES = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((file) => ({ file, text: readFileSync(new URL(file, dir), 'utf8') }));

const TEXT = `# a comment
plans:
  small: {quotaMB: 100, monthlyFee: 5}   # flow style kept
  big:
    quotaMB: 1000   # trailing comment
    autoStop: false
policies:
  renewal: {kind: manual, lagDays: 3}
seed: 7
`;

describe('findKnobs', () => {
  it('finds the numbers, booleans and kinds with their paths, units and schema bounds', () => {
    const knobs = findKnobs(TEXT);
    expect(knobs.map((k) => `${k.key}=${k.value}`)).toEqual([
      'plans.small.quotaMB=100', 'plans.small.monthlyFee=5', 'plans.big.quotaMB=1000', 'plans.big.autoStop=false',
      'policies.renewal.kind=manual', 'policies.renewal.lagDays=3',
    ]);
    const quota = knobs[0];
    expect(quota.kind === 'number' && [quota.min, quota.max, quota.unit]).toEqual([0, 500, 'MB']);
    const kind = knobs[4];
    expect(kind.kind === 'choice' && kind.options).toEqual(['auto', 'manual', 'batch']);
  });

  it('gives no knobs for text that is not YAML', () => {
    expect(findKnobs('plans: {small: [')).toEqual([]);
  });
});

describe('setKnob', () => {
  it('rewrites only the value: comments, flow style and spacing stay', () => {
    expect(setKnob(TEXT, ['plans', 'small', 'quotaMB'], 250)).toBe(TEXT.replace('{quotaMB: 100,', '{quotaMB: 250,'));
    expect(setKnob(TEXT, ['plans', 'big', 'quotaMB'], 0.1 + 0.2)).toBe(TEXT.replace('quotaMB: 1000 ', 'quotaMB: 0.3 '));
    expect(setKnob(TEXT, ['plans', 'big', 'autoStop'], true)).toBe(TEXT.replace('autoStop: false', 'autoStop: true'));
    expect(setKnob(TEXT, ['policies', 'renewal', 'kind'], 'auto')).toBe(TEXT.replace('kind: manual', 'kind: auto'));
    expect(setKnob(TEXT, ['plans', 'nope'], 1)).toBeNull();
  });

  test.prop([fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })])('in every example, any number knob set to any value in its range reads back, the rest of the text unchanged', (pick, u) => {
    const { text } = EXAMPLES[pick % EXAMPLES.length];
    const numbers = findKnobs(text).filter((k) => k.kind === 'number');
    const k = numbers[Math.floor(pick / EXAMPLES.length) % numbers.length];
    if (k.kind !== 'number') return;
    const v = Number((k.min + u * (k.max - k.min)).toPrecision(6));
    const out = setKnob(text, k.path, v)!;
    const written = scalarText(v);
    expect(out.slice(0, k.range[0])).toBe(text.slice(0, k.range[0]));
    expect(out.slice(k.range[0] + written.length)).toBe(text.slice(k.range[1]));
    expect(findKnobs(out).find((x) => x.key === k.key)?.value).toBe(v);
  });
});
