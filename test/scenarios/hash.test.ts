import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../scenarios/index.ts';
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
