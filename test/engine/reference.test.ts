/**
 * The fast kernel against the slow reference model (tools/reference/model.ts),
 * on small random fleets and scenarios: integer metrics exactly, every other
 * metric and every monthly series value to a relative 1e-9.
 * fast-check prints the seed and path of a failure; replay with
 * `fc.assert(..., { seed, path })`.
 */
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { runReference } from '../../tools/reference/model.ts';
import { differences, runEngine } from '../reference/engine.ts';
import { armArb, armWithActionsArb } from '../reference/arbitrary.ts';

const seedArb = fc.string({ minLength: 1, maxLength: 6 });

describe('the engine agrees with the reference model', () => {
  test.prop([armArb, seedArb, fc.integer({ min: 1, max: 40 })], { numRuns: 1000 })(
    'on random fleets of 1–40 cards over 1–14 months, any block size',
    (arm, seed, blockSize) => {
      expect(differences(runReference(arm, seed, 0), runEngine(arm, seed, 0, blockSize))).toEqual([]);
    },
  );

  test.prop([armWithActionsArb, seedArb, fc.integer({ min: 1, max: 40 })], { numRuns: 300 })(
    'on random fleets with operator actions (stop, resume, renew, pay, plan change on dates)',
    (arm, seed, blockSize) => {
      expect(differences(runReference(arm, seed, 0), runEngine(arm, seed, 0, blockSize))).toEqual([]);
    },
  );

  it('past 255 runaway faults a card keys its fault draws on the day, as the reference does', () => {
    const runaway = { dailyHazard: 0.6, factor: { kind: 'uniform' as const, min: 2, max: 30 }, durationDays: { kind: 'uniform' as const, min: 1, max: 2 } };
    const arm = B.arm({ months: 24, plans: [B.plan({ autoStop: true })], profiles: [B.constant(1, { runaway })], cohorts: [B.cohort({ count: 3 })] });
    expect(differences(runReference(arm, 'many', 0), runEngine(arm, 'many', 0))).toEqual([]);
  });

  // Cohorts of up to 283 cards cross the 64-card stratum windows (engine/strata.ts), with and without stratification.
  const widerArb = armArb.map((a) => ({ ...a, months: Math.min(a.months, 4), cohorts: a.cohorts.map((c) => ({ ...c, count: c.count * 7 + 3 })) }));
  test.prop([widerArb, seedArb, fc.integer({ min: 1, max: 300 }), fc.boolean()], { numRuns: 25 })(
    'on fleets whose cohorts cross stratum windows, stratified or not',
    (arm, seed, blockSize, stratify) => {
      expect(differences(runReference(arm, seed, 0, stratify), runEngine(arm, seed, 0, blockSize, stratify))).toEqual([]);
    },
  );

  test.prop([armArb, seedArb, fc.integer({ min: 1, max: 4 })], { numRuns: 150 })(
    'in later replications too',
    (arm, seed, replication) => {
      expect(differences(runReference(arm, seed, replication), runEngine(arm, seed, replication))).toEqual([]);
    },
  );
});
