/**
 * Manual renewal's forget draw (engine/renewal/manual.ts): a card forgets a term's renewal exactly
 * when its keyed draw for the term, drawn here every time, is below the chance. (A guard for skipping
 * the draw where its outcome is certain, as billing.ts does for the miss draw with mayDrawBelow:
 * tried in issue 17's sixth pass, same results, no gain measured.)
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { NEVER } from '../../engine/fleet.ts';
import { compileArm } from '../../engine/model.ts';
import { Sim } from '../../engine/sim.ts';
import { Stream, cardKey } from '../../engine/rng.ts';
import { cardDraw } from '../../engine/strata.ts';
import { manual } from '../../engine/renewal/manual.ts';
import * as B from '../helpers/build.ts';

const renewal = (forgetChance: number) => ({ kind: 'manual' as const, lagDays: { kind: 'uniform' as const, min: -5, max: 20 }, forgetChance });

/** The block's cards whose renewal of the term is forgotten: by renewalDay (twice, in both orders: the same), and by drawing every card. */
function forgotten(counts: number[], first: number, chance: number, stratify: boolean, term: number): { got: number[]; want: number[] } {
  const r = renewal(chance);
  const model = compileArm(B.arm({ plans: [B.plan({ term: { months: 12, price: 50 } })], policies: B.policies({ renewal: r }), cohorts: counts.map((count, k) => B.cohort({ name: `c${k}`, count })) }));
  const total = counts.reduce((a, b) => a + b, 0), lo = Math.min(first, total - 1), size = total - lo;
  const s = new Sim(model, { seed: 'forget', stratify }, 0, lo, size);
  const got: number[] = [], want: number[] = [];
  for (let i = 0; i < size; i++) {
    s.fleet.key[i] = cardKey(s.key, lo + i);
    s.fleet.expiry[i] = 400;
    s.fleet.term[i] = term;
  }
  // Asked in two passes (the first fills the stratum cache's marks, the second reads them), draws between.
  for (let i = 0; i < size; i++) if (manual.renewalDay(s, i, 0, r) === NEVER) got.push(lo + i);
  for (let i = 0; i < size; i++) if (chance > 0 && cardDraw(s, i, term, Stream.renewForget) < chance) want.push(lo + i);
  const again: number[] = [];
  for (let i = size - 1; i >= 0; i--) if (manual.renewalDay(s, i, 0, r) === NEVER) again.unshift(lo + i);
  expect(again).toEqual(got);
  return { got, want };
}

describe('manual renewal: the forget draw', () => {
  it('a card forgets with the chance: about 1 % of 6,400 cards at 0.01, none at 0, all at 1', () => {
    const f = forgotten([6400], 0, 0.01, true, 1);
    expect(f.got).toEqual(f.want);
    // Stratified: one cell of each 64-card group can fall below 0.01, with chance 0.64 each (100 groups).
    expect(f.got.length).toBeGreaterThan(40);
    expect(f.got.length).toBeLessThan(90);
    expect(forgotten([300], 0, 0, true, 0).got).toEqual([]);
    expect(forgotten([300], 0, 1, true, 2).got).toHaveLength(300);
  });

  test.prop([
    fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 3 }), fc.nat(300),
    fc.constantFrom(0, 0.001, 0.01, 0.02, 1 / 64, 0.1, 0.3, 0.5, 0.99, 1), fc.boolean(), fc.integer({ min: 0, max: 70 }),
  ], { numRuns: 60 })(
    'renewalDay forgets exactly the cards whose keyed draw is below the chance, for any cohorts, block, chance, term and stratification',
    (counts, first, chance, stratify, term) => {
      const f = forgotten(counts, first, chance, stratify, term);
      expect(f.got).toEqual(f.want);
    },
  );
});
