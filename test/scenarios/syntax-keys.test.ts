/** A list or mapping written as a key gets the loader's one message at the key, wherever it is written (the yaml library builds some such pairs and refuses others in its own words). */
import { describe, expect, it } from 'vitest';
import { MINIMAL, errorOf, parse } from './helpers.ts';

const KEY = 'yaml: a key must be a name or a number, not a list or mapping';

describe('a flow list or mapping as a key', () => {
  it('at the top, in an indented mapping after another key, in a list item, over two lines, with a comment or a quoted bracket inside: one message at its [ or {', () => {
    expect(errorOf(`[a, b]: 1\n${MINIMAL}`)).toBe(`test.yaml:1:1: ${KEY}`);
    expect(errorOf(`${MINIMAL}{a: 1}: 2\n`)).toBe(`test.yaml:11:1: ${KEY}`);
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  [x, y]: {quotaMB: 5}\n'))).toBe(`test.yaml:7:3: ${KEY}`);
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  {x: 1}:\n    quotaMB: 5\n'))).toBe(`test.yaml:7:3: ${KEY}`);
    expect(errorOf(MINIMAL.replace('  - {count: 10, plan: basic, profile: meters}\n', '  - count: 10\n    [plan]: basic\n'))).toBe(`test.yaml:11:5: ${KEY}`);
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  [x, # a comment ]\n   "y]"]: 1\n'))).toBe(`test.yaml:7:3: ${KEY}`);
    expect(errorOf(`${MINIMAL}[a,\n b]: 1\n`)).toBe(`test.yaml:11:1: ${KEY}`);
  });

  it('a [ or { that is not a key keeps the library\'s message', () => {
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  [x] 1\n'))).not.toContain('a key must be');
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: [1, 2\n  other: 1\n'))).toBe('test.yaml:7:3: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });
});

describe('a path with brackets unquoted in a flow mapping', () => {
  it('one message at the value, saying to quote it (the library reported a dozen tokens on its line and the next)', () => {
    const sens = (entry: string) => `${MINIMAL}arms:\n  - name: a\n  - name: b\nsensitivity:\n  - ${entry}\n  - {path: downtimeCostPerCardDay, low: 0, high: 10}\n`;
    expect(errorOf(sens('{path: cohorts[0].count, low: 1, high: 3}'))).toBe(
      'test.yaml:15:12: yaml: a value with [ ] inside { } must be quoted: write "cohorts[0].count" (in a flow mapping, [ starts a list)',
    );
    // Quoted, it reads.
    expect(parse(sens('{path: "cohorts[0].count", low: 1, high: 3}')).sensitivity?.map((c) => c.path)).toEqual(['cohorts[0].count', 'downtimeCostPerCardDay']);
    // A flow list as a value keeps its own reading.
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: [1, 2}\n'))).not.toContain('must be quoted');
  });
});
