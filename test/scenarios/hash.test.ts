import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../scenarios/index.ts';
import { canonicalJson } from '../../scenarios/hash.ts';
import { MINIMAL, parse } from './helpers.ts';

describe('content hash', () => {
  it('is stable: the same content gives the same hash', () => {
    expect(parse(MINIMAL).hash).toBe(parse(MINIMAL).hash);
  });

  it('ignores comments, layout and key order', () => {
    const reordered = `# a comment\nquestion: What are the defaults?\nname: Minimal\n${MINIMAL.split('\n').slice(2).join('\n')}`;
    expect(parse(reordered).hash).toBe(parse(MINIMAL).hash);
  });

  it('JSON and YAML of the same content hash the same', () => {
    const json = JSON.stringify({
      name: 'Minimal',
      question: 'What are the defaults?',
      start: '2026-01-01',
      months: 12,
      plans: { basic: { quotaMB: 100 } },
      profiles: { meters: {} },
      cohorts: [{ count: 10, plan: 'basic', profile: 'meters' }],
    });
    expect(parse(json).hash).toBe(parse(MINIMAL).hash);
  });

  it('changes when the content changes', () => {
    expect(parse(MINIMAL.replace('quotaMB: 100', 'quotaMB: 101')).hash).not.toBe(parse(MINIMAL).hash);
  });

  it('covers the contents of trace files', () => {
    const text = MINIMAL.replace('meters: {}', 'meters: {kind: trace, file: t.csv}');
    expect(parse(text, () => '1\n2\n').hash).toBe(parse(text, () => '1\n2\n').hash);
    expect(parse(text, () => '1\n2\n').hash).not.toBe(parse(text, () => '1\n3\n').hash);
  });

  it('is a sha256 of the canonical JSON (pinned)', () => {
    expect(parse('{"name":"N","question":"Q","start":"2026-01-01","months":1,"plans":{"b":{"quotaMB":1}},"profiles":{"p":{}},"cohorts":[{"count":1,"plan":"b","profile":"p"}]}').hash).toBe(
      PINNED,
    );
  });
});

describe('applyOverrides', () => {
  it('replaces seed and replications and keeps the file hash', () => {
    const config = parse(MINIMAL);
    const over = applyOverrides(config, { seed: 7, replications: 3 });
    expect(over).toEqual({ ...config, seed: '7', replications: 3 });
    expect(applyOverrides(config, {})).toEqual(config);
  });

  it('rejects bad values with a clear message', () => {
    expect(() => applyOverrides(parse(MINIMAL), { replications: 0 })).toThrow('--replications: replications: expected an integer 1..10000, got 0');
  });
});

/** sha256 of {"cohorts":[{"count":1,"plan":"b","profile":"p"}],"months":1,"name":"N",...} computed independently with node:crypto. */
const PINNED = 'd57c4b86ad4eb6eb0a62afcf41fbc359ef8cd84e095716cbcc4e0c1e3bc591d9';

/** RFC 8785 (JSON Canonicalization Scheme): its own examples, so that docs/scenario-hash.md's claim holds. */
describe('canonical JSON is RFC 8785 (JCS)', () => {
  it('section 3.2.2: whitespace, literals, numbers and string escapes', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('section 3.2.3: members sorted by UTF-16 code units', () => {
    const input = JSON.parse('{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}');
    expect(canonicalJson(input)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
  });

  it('appendix B: numbers as ECMAScript writes doubles', () => {
    const cases: [number, string][] = [
      [0, '0'], [-0, '0'], [5e-324, '5e-324'], [-5e-324, '-5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'], [-9007199254740992, '-9007199254740992'], [295147905179352830000, '295147905179352830000'],
      [9.999999999999997e22, '9.999999999999997e+22'], [1e23, '1e+23'], [0.000001, '0.000001'], [1e-7, '1e-7'], [1e21, '1e+21'], [100.0, '100'],
    ];
    for (const [x, text] of cases) expect(canonicalJson(x)).toBe(text);
  });
});
