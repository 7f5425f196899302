/** The ranking's closing lines (cli/experiment-text.ts) say what the report holds, without contradicting it. */
import { describe, expect, it } from 'vitest';
import { runScenario, type ExperimentConfig } from '../../engine/index.ts';
import { formatExperiments } from '../../cli/experiment-text.ts';
import * as B from '../helpers/build.ts';

const base = B.arm({ months: 2, downtimeCostPerCardDay: 2, plans: [B.plan({ autoStop: true })], profiles: [B.constant(4)], cohorts: [B.cohort({ count: 100 })] });
const text = async (s: ExperimentConfig) => formatExperiments(await runScenario(s), 80).replace(/\s+/g, ' ');

describe('the best arm and the selection, in words', () => {
  it('two arms alike in every replication are "not told apart", not "one replication", when there were two', async () => {
    const s = B.scenario([base, { ...base, name: 'same again' }], { replications: 2 });
    const out = await text(s);
    expect(out).toContain('gave the same cost.total in every replication: not told apart');
    expect(out).not.toContain('one replication');
  });

  it('with one replication and no batches to pair, the line says one replication', async () => {
    const small = { ...base, cohorts: [B.cohort({ count: 10 })], profiles: [B.constant(4, { runaway: { dailyHazard: 0.05, factor: { kind: 'fixed', value: 20 }, durationDays: { kind: 'fixed', value: 3 } } })] };
    const out = await text(B.scenario([small, { ...small, name: 'off', plans: [B.plan({ autoStop: false })] }], { replications: 1 }));
    expect(out).toContain('(one replication: no paired interval).');
  });

  it('with no feasible arm no subset is named (not "among (marked *)" with an empty list)', async () => {
    const s: ExperimentConfig = { ...B.scenario([base, { ...base, name: 'off', plans: [B.plan({ autoStop: false })] }], { replications: 3 }), decision: { objective: 'cost.total', direction: 'minimize', constraints: [{ metric: 'cancelled', op: '<', value: 0 }] } };
    const out = await text(s);
    expect(out).toContain('No arm is feasible');
    expect(out).not.toMatch(/among\s+\(marked \*\)/);
    expect(out).not.toContain('among ""');
  });
});
