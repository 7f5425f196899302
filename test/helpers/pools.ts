/**
 * Shared by the batch and sampling tests: a two-arm fleet (auto-stop on, off) with a heavy-tailed
 * profile, and pools of in-thread workers (the real worker API, no thread) that answer after a
 * keyed random delay, so that results arrive out of order.
 */
import type { Remote } from 'comlink';
import { createWorkerApi, createWorkerPool, type ArmConfig, type ScenarioConfig, type WorkerApi, type WorkerHandle, type WorkerPool } from '../../engine/index.ts';
import { arm, cohort, constant, plan, scenario } from './build.ts';

/** Lognormal daily use with noise and rare runaway faults (10–100× for 5 days). */
export const lognormal = constant(0, {
  meanDailyMB: { kind: 'lognormal', median: 3.5, spread: 0.5 },
  noise: { kind: 'lognormal', median: 1, spread: 0.3 },
  runaway: { dailyHazard: 0.002, factor: { kind: 'uniform', min: 10, max: 100 }, durationDays: { kind: 'fixed', value: 5 } },
});

/** Two arms (auto-stop on, off) of `cards` cards in one cohort, pooled by `poolSize` when it is not 0. */
export function twoArms(cards: number, s: Partial<ScenarioConfig>, poolSize = 0, months = 2): ScenarioConfig {
  const arms: ArmConfig[] = [true, false].map((autoStop) => arm({
    name: autoStop ? 'on' : 'off', months,
    plans: [plan({ monthlyFee: 5, quotaMB: 100, autoStop })],
    profiles: [lognormal],
    cohorts: [cohort({ count: cards, poolSize })],
  }));
  return scenario(arms, s);
}

const pools: WorkerPool[] = [];

/** A pool of `size` in-thread workers answering after a delay of 0–3 ms drawn from `seed`; closed by closeDelayedPools. */
export function delayedPool(size: number, seed: number): WorkerPool {
  let x = seed >>> 0 || 1;
  const delay = () => new Promise((r) => setTimeout(r, (x = (Math.imul(x, 48271) >>> 0) % 2147483647) % 4));
  const spawn = (): WorkerHandle => {
    const api = createWorkerApi();
    return {
      api: {
        ping: async () => api.ping(),
        load: async (s: ScenarioConfig) => api.load(s),
        run: async (job: Parameters<WorkerApi['run']>[0]) => { await delay(); return api.run(job); },
        units: async (jobs: Parameters<WorkerApi['units']>[0]) => { await delay(); return api.units(jobs); },
      } as unknown as Remote<WorkerApi>,
      dead: new Promise<never>(() => {}),
      terminate: () => {},
    };
  };
  const p = createWorkerPool({ spawn, size });
  pools.push(p);
  return p;
}

/** Closes every pool delayedPool made (call in afterAll). */
export function closeDelayedPools(): void {
  for (const p of pools.splice(0)) p.close();
}
