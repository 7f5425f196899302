/**
 * The first replication run batch by batch in a keyed random order (engine/sample.ts), so that a
 * provisional answer can be drawn from the first batches back: the pool hands out these batch
 * jobs before any other job of the run, and before them the pilot's units (one task per window,
 * every arm in it), whose results give the first answer and nothing else. Each block is rebuilt from its batches exactly as runJob
 * builds it (sampleBlock) and goes to the session as one block result, so the report's bytes are
 * those of a run block by block.
 */
import type { ScenarioConfig } from '../config.ts';
import type { Job } from '../jobs.ts';
import type { RunSession } from '../session.ts';
import { planBatches } from '../batches.ts';
import { layout } from '../layout.ts';
import { BATCH_WIDTH } from '../batches.ts';
import { SAMPLE_DEFAULTS, batchJobs, batchOrder, pilotUnits, sampleBlock, sampleReport, sampleable, type SampleOptions, type SampleReport } from '../sample.ts';

export interface SampledRun extends SampleOptions {
  /** Called with each provisional answer: from the pilot's `least` units when there is a pilot, from the first `least` paired batches, then each time the sample's cards have grown by `growth`, unless the replication is expected to be complete within `soonMs`; never once it is complete. */
  onSample(sample: SampleReport): void;
}

interface BatchSlot {
  job: Job;
  /** The block job (of the session's plan) the batch belongs to. */
  block: Job;
}

export class Sampler {
  /** The batch jobs in the order they are handed out. */
  private readonly queue: Job[] = [];
  private next = 0;
  /** By arm: the batch slots by grid index, their results, and the order. */
  private readonly slots: BatchSlot[][];
  private readonly results: (Float64Array | undefined)[][];
  private readonly orders: number[][];
  private readonly left = new Map<Job, number>();
  private readonly least: number;
  private readonly growth: number;
  private readonly soonMs: number;
  /** performance.now() when the first batch was handed out. */
  private started = -1;
  private readonly longest: number;
  private prefix = 0;
  /** Cards of the first arm in the batches of the prefix. */
  private prefixCards = 0;
  /** Cards of the first arm in the sample last shown (0: none shown yet). */
  private shownCards = 0;
  /** The pilot's tasks, each some units in every arm (empty: no pilot); the next to hand out, results by arm and unit, and how many units are in. */
  private readonly pilot: Job[][] = [];
  private nextUnit = 0;
  private readonly unitResults: Float64Array[][];
  private unitsIn = 0;
  private pilotUnits = 0;
  private pilotCards = 0;

  /**
   * A sampler for the first replication among `jobs`, or null when the run cannot be sampled: that
   * replication is not wholly among the jobs (a store holds some of it), an arm has fewer than two
   * batches, or a block boundary falls inside a batch. `rest`: the jobs left to run block by block.
   * `workers`: the pilot is cut into that many tasks (one worker call each, so that no worker waits
   * for this thread between units).
   */
  static create(scenario: ScenarioConfig, session: RunSession, jobs: Job[], options: SampledRun, workers = 1): { sampler: Sampler; rest: Job[] } | null {
    if (jobs.length === 0) return null;
    const r0 = jobs[0].replication;
    const first = jobs.filter((j) => j.replication === r0);
    const planned = session.planned.filter((j) => j.replication === r0);
    if (first.length !== planned.length) return null;
    const models = session.models;
    if (models.some((m) => planBatches(m).length < 3 || !sampleable(scenario, m))) return null;
    const sampler = new Sampler(scenario, session, first, options, workers);
    return { sampler, rest: jobs.filter((j) => j.replication !== r0) };
  }

  private constructor(private readonly scenario: ScenarioConfig, private readonly session: RunSession, blocks: Job[], private readonly options: SampledRun, workers: number) {
    const models = session.models;
    this.least = options.least ?? SAMPLE_DEFAULTS.least;
    this.growth = options.growth ?? SAMPLE_DEFAULTS.growth;
    this.soonMs = options.soonMs ?? SAMPLE_DEFAULTS.soonMs;
    const split = options.pilotSplit ?? SAMPLE_DEFAULTS.pilotSplit, r0 = blocks[0].replication;
    const units = models.map((m) => pilotUnits(scenario.seed, m, split, this.least));
    if (units.every((u) => u !== null)) {
      // Unit k goes to task k mod tasks, in every arm.
      const tasks = Math.max(1, Math.min(workers, this.least));
      for (let t = 0; t < tasks; t++) this.pilot.push([]);
      for (let k = 0; k < this.least; k++) this.pilot[k % tasks].push(...units.map((u, arm) => ({ arm, replication: r0, block: -1, start: u![k][0], end: u![k][1], part: k })));
      this.pilotUnits = this.least;
      this.pilotCards = units[0]!.reduce((x, [a, b]) => x + b - a, 0);
    }
    this.unitResults = models.map(() => []);
    this.slots = models.map(() => []);
    this.results = models.map((m) => new Array(planBatches(m).length - 1));
    for (const block of blocks) {
      const batches = batchJobs(scenario, models[block.arm], block)!;
      for (const b of batches) this.slots[block.arm][b.part!] = { job: b, block };
      this.left.set(block, batches.length);
    }
    this.orders = models.map((m) => batchOrder(scenario.seed, planBatches(m).length - 1));
    this.longest = Math.max(...this.orders.map((o) => o.length));
    for (let k = 0; k < this.longest; k++) {
      this.orders.forEach((order, a) => {
        if (k < order.length) this.queue.push(this.slots[a][order[k]].job);
      });
    }
  }

  hasNext(): boolean {
    return this.nextUnit < this.pilot.length || this.next < this.queue.length;
  }

  /** The next pilot task to hand out (its units' jobs in every arm, one worker call), or null when none is left. */
  takeUnits(): Job[] | null {
    return this.nextUnit < this.pilot.length ? this.pilot[this.nextUnit++] : null;
  }

  /** A pilot task's results (its jobs', packed one after the other): the first answer once every unit is in, unless batches gave one already. */
  deliverUnits(jobs: Job[], packed: Float64Array): void {
    let at = 0;
    for (const job of jobs) {
      const n = layout(this.session.models[job.arm].months).length + BATCH_WIDTH;
      this.unitResults[job.arm][job.part!] = packed.subarray(at, at + n);
      at += n;
      if (job.arm === 0) this.unitsIn++;
    }
    if (this.unitsIn < this.pilotUnits || this.shownCards > 0) return;
    this.show(this.unitResults, this.pilotCards, this.pilotUnits, true);
  }

  /** The next batch job to hand out (after the pilot's units). */
  take(): Job {
    if (this.started < 0) this.started = performance.now();
    return this.queue[this.next++];
  }

  /** A batch job's result: its block goes to the session once all its batches are in; a provisional answer when the paired prefix has grown enough. */
  deliver(job: Job, result: Float64Array): void {
    const slot = this.slots[job.arm][job.part!];
    this.results[job.arm][job.part!] = result;
    const left = this.left.get(slot.block)! - 1;
    this.left.set(slot.block, left);
    if (left > 0) this.session.advance((job.end - job.start) * this.session.models[job.arm].days);
    else {
      const { block } = slot, model = this.session.models[block.arm];
      const grid = planBatches(model), g = grid.indexOf(block.start), n = grid.indexOf(block.end) - g;
      const batches = Array.from({ length: n }, (_, k) => this.results[block.arm][g + k]!);
      // Its other batches' card-days were reported as they came (advance).
      this.session.accept(block, sampleBlock(this.scenario, model, block, batches), (block.end - block.start - (job.end - job.start)) * model.days);
    }
    const before = this.prefix, first = this.orders[0], grid0 = planBatches(this.session.models[0]);
    while (this.prefix < this.longest && this.orders.every((o, a) => this.prefix >= o.length || this.results[a][o[this.prefix]] !== undefined)) {
      if (this.prefix < first.length) this.prefixCards += grid0[first[this.prefix] + 1] - grid0[first[this.prefix]];
      this.prefix++;
    }
    if (this.prefix === before || this.prefix < this.least || this.prefix >= this.longest) return;
    if (this.shownCards > 0 && this.prefixCards < this.shownCards * this.growth) return;
    if (this.shownCards > 0 && ((performance.now() - this.started) * (this.longest - this.prefix)) / this.prefix < this.soonMs) return;
    const sampled = this.orders.map((o, a) => o.slice(0, Math.min(this.prefix, o.length)).map((g) => this.results[a][g]!));
    this.show(sampled, this.prefixCards, this.prefix, false);
  }

  private show(sampled: Float64Array[][], cards: number, units: number, pilot: boolean): void {
    this.shownCards = cards;
    this.options.onSample({ report: sampleReport(this.scenario, this.session.models, sampled), units, pilot, cards, of: this.session.models[0].cards });
  }
}
