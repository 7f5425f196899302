/**
 * The next event day is kept as the event columns change (engine/fleet.ts), not rescanned on
 * every event day: at every slow step of the kernel it must equal the full rescan. The rescan
 * here is the test's own: the earliest of the eleven event columns (expiry not while expired),
 * and of the five rare ones for `rare`.
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { EXPIRED } from '../../engine/metrics.ts';
import { Fleet, NEVER } from '../../engine/fleet.ts';
import { compileArm } from '../../engine/model.ts';
import { Sim } from '../../engine/sim.ts';
import { runBlock } from '../../engine/kernel.ts';
import { armArb, armWithActionsArb } from '../reference/arbitrary.ts';
import type { ArmConfig } from '../../engine/index.ts';
import * as B from '../helpers/build.ts';

/** The earliest rare event day and the next event day of card i, from every column. */
function rescan(f: Fleet, i: number): { rare: number; ev: number } {
  const rare = Math.min(f.replace[i], f.retNext[i], f.cancel[i], f.alert[i], f.qstop[i]);
  const expiry = f.flags[i] & EXPIRED ? NEVER : f.expiry[i];
  return { rare, ev: Math.min(rare, f.runAt[i], expiry, f.renew[i], f.pay[i], f.due[i], f.react[i]) };
}

/** Runs every block of the arm (block size `size`, the card `trace` traced) with the audit on; returns the first disagreement, if any, and the checks made. */
function audit(arm: ArmConfig, seed: string, size: number, trace: number | null): { bad: string | null; checks: number } {
  const model = compileArm(arm), cards = model.cohorts.at(-1)!.end;
  let bad: string | null = null, checks = 0;
  for (let first = 0; first < cards; first += size) {
    const s = new Sim(model, { seed, stratify: true }, 0, first, Math.min(size, cards - first), trace);
    const f = s.fleet;
    f.audit = (i, d) => {
      checks++;
      const want = rescan(f, i);
      if (bad === null && (f.ev[i] !== want.ev || f.rare[i] !== want.rare)) {
        bad = `card ${first + i} day ${d}: ev ${f.ev[i]} rare ${f.rare[i]}, rescan ev ${want.ev} rare ${want.rare}`;
      }
    };
    runBlock(s);
  }
  return { bad, checks };
}

describe('the next event day kept incrementally', () => {
  it('Fleet.next takes the earliest column, skips the expiry of an expired card, and keeps the rare columns apart', () => {
    const f = new Fleet(0, 2);
    f.pay[0] = 40; f.alert[0] = 30; f.expiry[0] = 10; f.flags[0] = EXPIRED;
    f.next(0);
    expect([f.ev[0], f.rare[0]]).toEqual([30, 30]);
    f.flags[0] = 0;
    f.next(0);
    expect([f.ev[0], f.rare[0]]).toEqual([10, 30]);
    // A rare day brought earlier lowers both; a later one neither.
    f.qstop[0] = 5;
    f.lowerRare(0, 5);
    expect([f.ev[0], f.rare[0]]).toEqual([5, 5]);
    f.lowerRare(0, 20);
    expect([f.ev[0], f.rare[0]]).toEqual([5, 5]);
    // The rare columns cleared: nextRare, then the common columns.
    f.qstop[0] = f.alert[0] = NEVER;
    f.nextRare(0);
    f.nextCommon(0);
    expect([f.ev[0], f.rare[0]]).toEqual([10, NEVER]);
    // The other card is untouched.
    expect([f.ev[1], f.rare[1]]).toEqual([NEVER, NEVER]);
  });

  it('a card expiring past its grace, cancelled and replaced (rare days set by common events) stays exact at every step', () => {
    // 1-month terms, forgotten renewals: expiry (common) sets retention and cancellation (rare), the cancellation the replacement.
    const arm = B.arm({
      months: 8,
      plans: [B.plan({ quotaMB: 1000, term: { months: 1, price: 20 } })],
      cohorts: [B.cohort({ count: 5 })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 3 }, forgetChance: 0.5 }, replacement: { delayDays: 0, simCost: 10, visitCost: 50 } }),
      rules: B.rules({ graceMonths: 1 }),
    });
    const r = audit(arm, 'grace', 16384, null);
    expect(r.bad).toBeNull();
    expect(r.checks).toBeGreaterThan(5 * 8);
  });

  test.prop([armArb, fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.nat(40), { nil: null })], { numRuns: 300 })(
    'equals the full rescan at every slow step and after every event day, on random fleets, blocks and traced cards',
    (arm, seed, size, trace) => {
      // (A pooled card is checked after its event days only: the pool's days are not runCard's slow steps.)
      expect(audit(arm, seed, size, trace).bad).toBeNull();
    },
  );

  test.prop([armWithActionsArb, fc.string({ minLength: 1, maxLength: 6 })], { numRuns: 150 })(
    'equals the full rescan with operator actions (renewals, payments and stops on dates)',
    (arm, seed) => {
      expect(audit(arm, seed, 16384, null).bad).toBeNull();
    },
  );
});
