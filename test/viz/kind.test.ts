import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/index.ts';
import { findKnobs, setKind } from '../../viz/knobs/index.ts';

const dir = new URL('../../scenarios/examples/', import.meta.url);
const example = (file: string) => readFileSync(new URL(file, dir), 'utf8');

describe('setKind: choosing a kind in the knobs menu leaves a valid mapping', () => {
  it('manual → batch in a flow mapping: the manual-only keys go, dayOfMonth comes with the least value allowed (1), the rest of the text is untouched', () => {
    const text = 'policies:\n  renewal: {kind: manual, lagDays: 3, forgetChance: 0.1}   # kept\nseed: 7\n';
    expect(setKind(text, ['policies', 'renewal', 'kind'], 'batch')).toBe('policies:\n  renewal: {kind: batch, dayOfMonth: 1}   # kept\nseed: 7\n');
  });

  it('batch → manual keeps nothing batch-only and adds nothing (manual needs only kind); auto likewise', () => {
    const text = 'policies:\n  renewal: {kind: batch, dayOfMonth: 10, coverDays: 5}\n';
    expect(setKind(text, ['policies', 'renewal', 'kind'], 'manual')).toBe('policies:\n  renewal: {kind: manual}\n');
    expect(setKind(text, ['policies', 'renewal', 'kind'], 'auto')).toBe('policies:\n  renewal: {kind: auto}\n');
  });

  it('a block mapping stays a block mapping at its indentation; keys both kinds take keep their text', () => {
    const text = 'policies:\n  renewal:\n    kind: batch\n    dayOfMonth: 10\n    coverDays: 5\n  idle: {kind: none}\nseed: 7\n';
    expect(setKind(text, ['policies', 'renewal', 'kind'], 'auto')).toBe('policies:\n  renewal:\n    kind: auto\n  idle: {kind: none}\nseed: 7\n');
    const manual = 'policies:\n  renewal:\n    kind: manual\n    lagDays: 3\nseed: 7\n';
    expect(setKind(manual, ['policies', 'renewal', 'kind'], 'batch')).toBe('policies:\n  renewal:\n    kind: batch\n    dayOfMonth: 1\nseed: 7\n');
  });

  // Every example with a renewal kind: each kind chosen from the menu parses (the bug: batch stayed invalid until dayOfMonth was typed).
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const text = example(file);
    const menus = findKnobs(text).filter((k) => k.kind === 'choice' && k.key.endsWith('renewal.kind'));
    if (menus.length === 0 || /renewal\.(lagDays|forgetChance|dayOfMonth|coverDays)/.test(text)) continue;
    it(`${file}: every renewal kind chosen in the menu gives a valid scenario`, () => {
      for (const k of menus) {
        for (const option of k.kind === 'choice' ? k.options : []) {
          const next = setKind(text, k.path, option)!;
          expect(() => parseScenario(next, { file, readFile: (p) => readFileSync(new URL(p, dir), 'utf8') }), `${k.key} = ${option}`).not.toThrow();
        }
      }
    });
  }
});
