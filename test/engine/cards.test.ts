import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { compileArm, metricsOf, planJobs, runJob, traceCard, METRICS, type MetricName } from '../../engine/index.ts';
import { UNIT_FIELDS, UNIT_HEAD, cardRows, cardUnits } from '../../engine/cards.ts';
import { armArb } from '../reference/arbitrary.ts';
import { close, INTEGER_METRICS } from '../reference/engine.ts';
import { arm, cohort, plan, policies, scenario } from '../helpers/build.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

const H = UNIT_HEAD.length;
const field = (rows: Float64Array, n: number, name: (typeof UNIT_HEAD)[number] | MetricName) =>
  rows[n * UNIT_FIELDS + ((UNIT_HEAD as readonly string[]).includes(name) ? UNIT_HEAD.indexOf(name as (typeof UNIT_HEAD)[number]) : H + METRICS.indexOf(name as MetricName))];

/** Every additive metric of a job's per-card rows, summed, against the job's own block result. */
function sumsDiffer(sc: ReturnType<typeof scenario>, a: number): string[] {
  const model = compileArm(sc.arms[a]);
  const out: string[] = [];
  for (const job of planJobs(sc, sc.arms.map(compileArm)).filter((j) => j.arm === a)) {
    const block = metricsOf(runJob(sc, model, job), model);
    const rows = cardRows(sc, model, job);
    const units = rows.length / UNIT_FIELDS;
    let cards = 0;
    for (let n = 0; n < units; n++) cards += field(rows, n, 'cards');
    if (cards !== job.end - job.start) out.push(`job ${job.block}: ${cards} cards in rows, ${job.end - job.start} in the block`);
    for (const name of METRICS) {
      if (name === 'availability') continue;
      let x = 0;
      for (let n = 0; n < units; n++) x += field(rows, n, name);
      const same = INTEGER_METRICS.includes(name) ? x === block[name] : close(x, block[name]);
      if (!same) out.push(`job ${job.block} ${name}: rows sum to ${x}, the block has ${block[name]}`);
    }
  }
  return out;
}

describe('per-card results', () => {
  it('a hand-checked card: a 1-month term never renewed is cancelled three months after it expires', () => {
    // Bought 2026-01-01 for one month, manual renewal that is always forgotten: expires 2026-02-01,
    // cancelled after the default 3 months of grace, on 2026-05-01 = day 120 of a 6-month run.
    const a = arm({
      months: 6,
      plans: [plan({ name: 'p', quotaMB: 100, monthlyFee: 0, term: { months: 1, price: 10 } })],
      policies: policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 } }),
      cohorts: [cohort({ count: 2, plan: 'p' })],
    });
    const sc = scenario([a]);
    const model = compileArm(a);
    const rows = cardRows(sc, model, { arm: 0, replication: 0, block: 0, start: 0, end: 2 });
    expect(rows.length).toBe(2 * UNIT_FIELDS);
    for (const n of [0, 1]) {
      expect(field(rows, n, 'card')).toBe(n);
      expect(field(rows, n, 'cards')).toBe(1);
      expect(field(rows, n, 'pool')).toBe(-1);
      expect(field(rows, n, 'cancelled')).toBe(1);
      expect(field(rows, n, 'cancelledFrom')).toBe(120);
      expect(field(rows, n, 'cost.plan')).toBe(10);
    }
  });

  test.prop([armArb, fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 })], { numRuns: 150 })(
    'on random fleets, the cards of every block add up to the block (any block size)',
    (a, seed, blockSize) => {
      expect(sumsDiffer(scenario([a], { seed, blockSize }), 0)).toEqual([]);
    },
  );

  test.prop([armArb, fc.string({ minLength: 1, maxLength: 6 })], { numRuns: 60 })(
    'a card that ends cancelled is cancelled from the day of its last cancellation in its trace',
    (a, seed) => {
      const sc = scenario([a], { seed });
      const model = compileArm(a);
      const rows = cardRows(sc, model, { arm: 0, replication: 0, block: 0, start: 0, end: model.cards });
      for (let n = 0; n < rows.length / UNIT_FIELDS; n++) {
        if (field(rows, n, 'cards') !== 1) continue;
        const events = traceCard(sc, { card: field(rows, n, 'card') });
        const last = events.filter((e) => e.kind === 'cancellation' || e.kind === 'replacement').at(-1);
        expect(field(rows, n, 'cancelledFrom')).toBe(last?.kind === 'cancellation' ? last.day : -1);
      }
    },
  );

  it('a card imported already cancelled, never replaced, has no cancellation date: the run did not cancel it (its trace has no cancellation)', () => {
    // The imported example's fleet holds cards cancelled before the start; without replacement they stay cancelled.
    const base = loadScenarioFile('scenarios/examples/imported-fleet.yaml');
    const sc = { ...base, replications: 1, arms: base.arms.map((a) => ({ ...a, policies: { ...a.policies, replacement: null } })) };
    const model = compileArm(sc.arms[0]);
    let before = 0;
    for (const job of planJobs(sc, [model]).filter((j) => j.arm === 0)) {
      const rows = cardRows(sc, model, job);
      for (let n = 0; n < rows.length / UNIT_FIELDS; n++) {
        const card = field(rows, n, 'card'), events = traceCard(sc, { card });
        const last = events.filter((e) => e.kind === 'cancellation').at(-1);
        if (events.some((e) => e.kind === 'imported' && e.cancelled)) before++;
        expect(field(rows, n, 'cancelledFrom'), `card ${card}`).toBe(last?.kind === 'cancellation' ? last.day : -1);
      }
    }
    expect(before).toBeGreaterThan(0);
  });

  it('on the pools example, a pool is one unit with its card count', () => {
    const sc = loadScenarioFile('scenarios/examples/pools.yaml');
    const pooled = sc.arms.findIndex((a) => a.cohorts.some((c) => c.poolSize > 0));
    const model = compileArm(sc.arms[pooled]);
    const units = cardUnits(model, 0, model.cards);
    const pools = units.filter((u) => u.pool >= 0);
    expect(pools.length).toBe(20);
    for (const u of pools) expect(u.end - u.first).toBeGreaterThan(1);
    expect(units.reduce((x, u) => x + u.end - u.first, 0)).toBe(model.cards);
    expect(sumsDiffer({ ...sc, replications: 1, blockSize: 700 }, pooled)).toEqual([]);
  });
});
