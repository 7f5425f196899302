import { describe, expect, it } from 'vitest';
import {
  runExperiment, runnable, runScenario, runSensitivity, runToPrecision,
  type ExperimentPhase, type ResultStore, type RunOptions, type ScenarioConfig,
} from '../../engine/index.ts';
import { parse } from '../scenarios/helpers.ts';

/** 40 cards of varied use on a 100 MB plan in blocks of 16, two arms, one sensitivity parameter. */
const HAND = `name: Hand
question: Does auto-stop pay?
start: 2026-01-01
months: 2
replications: 2
plans:
  basic: {quotaMB: 100, autoStop: false, overagePerMB: 0.29}
profiles:
  sensor: {kind: lognormal, meanDailyMB: {lognormal: {median: 3, spread: 0.8}}}
cohorts:
  - {count: 40, plan: basic, profile: sensor, termStart: fresh}
blockSize: 16
arms:
  - name: auto-stop off
  - name: auto-stop on
    plans: {basic: {autoStop: true}}
sensitivity:
  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}
`;

/** A runner that notes every run it is given, and runs it in this thread. */
function recording() {
  const runs: Array<{ replications: number; arms: number; partial: boolean; store: boolean }> = [];
  const runner = (s: ScenarioConfig, o: RunOptions) => {
    runs.push({ replications: s.replications, arms: s.arms.length, partial: o.onPartial !== undefined, store: o.store !== undefined });
    return runScenario(s, o);
  };
  return { runs, runner };
}

describe('runExperiment: one sequence, any runner', () => {
  it('is the main run without the sensitivity cases, then runSensitivity: the same bytes as the two by hand', async () => {
    const config = parse(HAND);
    const byHand = await runScenario(runnable(config));
    byHand.sensitivity = await runSensitivity(config, byHand, { run: (s) => runScenario(s) });
    expect(JSON.stringify(await runExperiment(config, runScenario))).toBe(JSON.stringify(byHand));
  });

  it('names each run as it begins, ends it before the next, and gives the main report before any sensitivity run', async () => {
    const config = parse(HAND);
    const events: string[] = [];
    const name = (p: ExperimentPhase) => (p.kind === 'sensitivity' ? `sensitivity ${p.variant}/${p.variants} ${p.label}` : p.kind);
    const { runs, runner } = recording();
    const report = await runExperiment(config, runner, {
      onPhase: (p) => {
        events.push(`begin ${name(p)}`);
        return () => events.push(`end ${name(p)}`);
      },
      onProgress: (p, phase) => {
        if (p.done === p.total) events.push(`all of ${name(phase)}`);
      },
      onPartial: (r) => events.push(`partial ${r.scenario.replications}`),
      onMain: (r) => events.push(`main ${r.sensitivity === undefined}`),
    });
    expect(events).toEqual([
      'begin main', 'partial 1', 'all of main', 'end main', 'main true',
      'begin sensitivity 1/2 plans.basic.overagePerMB = 0.2', 'all of sensitivity 1/2 plans.basic.overagePerMB = 0.2', 'end sensitivity 1/2 plans.basic.overagePerMB = 0.2',
      'begin sensitivity 2/2 plans.basic.overagePerMB = 0.5', 'all of sensitivity 2/2 plans.basic.overagePerMB = 0.5', 'end sensitivity 2/2 plans.basic.overagePerMB = 0.5',
    ]);
    expect(runs).toEqual([
      { replications: 2, arms: 2, partial: true, store: false },
      { replications: 2, arms: 2, partial: false, store: false },
      { replications: 2, arms: 2, partial: false, store: false },
    ]);
    expect(report.sensitivity?.parameters.map((p) => p.path)).toEqual(['plans.basic.overagePerMB']);
  });

  it('with precision, runs batches through one store (as runToPrecision), numbered from 1, then the sensitivity at the final count', async () => {
    const config = parse(HAND);
    const phases: ExperimentPhase[] = [];
    const batches: number[] = [];
    const { runs, runner } = recording();
    const options = { precision: 1e-9, maxReplications: 5, firstBatch: 2 };
    const report = await runExperiment(config, runner, { ...options, onPhase: (p) => void phases.push(p), onBatch: (s) => batches.push(s.replications) });
    const alone = await runToPrecision(runnable(config), { ...options, run: (s: ScenarioConfig, store: ResultStore) => runScenario(s, { store }) });
    expect(report.stopping).toEqual(alone.stopping);
    expect(report.stopping).toMatchObject({ reason: 'maximum', replications: 5, batches: [2, 5] });
    expect(batches).toEqual([2]);
    expect(phases.slice(0, 2)).toEqual([{ kind: 'batch', batch: 1, replications: 2 }, { kind: 'batch', batch: 2, replications: 5 }]);
    expect(phases.slice(2).map((p) => p.kind)).toEqual(['sensitivity', 'sensitivity']);
    expect(runs.map((r) => [r.replications, r.store])).toEqual([[2, true], [5, true], [5, false], [5, false]]);
    const { sensitivity, ...main } = report;
    const { stopping: _s, ...plain } = main;
    expect(JSON.stringify(plain)).toBe(JSON.stringify(await runScenario({ ...runnable(config), replications: 5 })));
    expect(sensitivity?.parameters).toHaveLength(1);
  });

  it('an aborted signal reaches the runner and rejects the experiment', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('Cancelled', 'AbortError'));
    await expect(runExperiment(parse(HAND), runScenario, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
