/** simlapse engine: the one public entry. Pure TypeScript, no DOM, no Node APIs. */
export type { Action, ActionKind, ArmConfig, Alerts, Cohort, PreService, Dist, FirmwareEvent, ImportedCards, Payer, Plan, Policies, Profile, Renewal, Replacement, Rules, RunawaySpec, ScenarioConfig } from './config.ts';
export type { ArmReport, BatchMeans, ConstraintStatus, Controlled, ControlledEstimate, Diagnostics, Estimate, Interval, Intervals, MetricName, Report, SeriesName, SkewWarning } from './report.ts';
export {
  METRICS, METRIC, SERIES, STATES, STATE, GROUPS, STOP_REASONS, DOWNTIME_REASONS, COST_CATEGORIES, STOP_COUNTERS,
  downtimeMetric, downtimeLabel, flagsOf, reasonsOf, isStopReason, seriesInfo, unitText,
} from './metrics.ts';
export type { CardState, DowntimeReason, GroupInfo, MetricGroup, MetricInfo, StateInfo, StopReason, Unit } from './metrics.ts';
export type { Job } from './jobs.ts';
export type { Progress, RunOptions } from './run.ts';
export type {
  TraceEvent, TraceEventKind, RenewalEvent, StopEvent, ResumeEvent, RefusedEvent, InvoiceEvent, PaymentEvent, RetentionEvent,
  CancellationEvent, ReplacementEvent, RunawayEvent, AlertEvent, AddonEvent, ThrottleEvent, ImportedEvent, ActionEvent,
  PreServiceEvent, TestEndEvent, ActivationEvent,
} from './events.ts';
export { describeEvent } from './events.ts';
export type { DescribeOptions } from './events.ts';
export type { TraceOptions } from './trace.ts';
export type { Model } from './model.ts';
export { compileArm } from './model.ts';
export { jobParts, planBlocks, planJobs, runJob, runKernel } from './jobs.ts';
export { mergeParts, planParts, PART_DEFAULTS } from './parts.ts';
export type { PartOptions } from './parts.ts';
export { mergeBlocks, metricsOf, seriesIntervals, seriesOf, summarize } from './summarize.ts';
export { REPORT_SCHEMA_ID, reportJsonSchema } from './report-schema.ts';
export { runScenario } from './run.ts';
export { LARGE_RUN, designRuns, isLarge, runSize } from './size.ts';
export type { DesignSize, RunSize } from './size.ts';
export { largeRunText, type LargeRunWords } from './size-text.ts';
export { abortReason, startRun } from './session.ts';
export type { RunSession } from './session.ts';
export { traceCard } from './trace.ts';
export { quantile, normalQuantile } from './dist.ts';
export { addMonths, daysInMonth, formatDate, LAST_DATE, parseDate } from './calendar.ts';
export { RNG_NAME, replicationKey, uniform } from './rng.ts';
export { BYTES_PER_CARD, MAX_BYTE_INDEX, MAX_CARDS } from './fleet.ts';
export { canonicalJson } from './json.ts';
export { ENGINE_VERSION } from './version.ts';
export { runParallel } from './parallel/one-shot.ts';
export type { ParallelOptions } from './parallel/one-shot.ts';
export { createWorkerPool } from './parallel/pool.ts';
export type { PoolOptions, PoolRunOptions, WorkerHandle, WorkerPool } from './parallel/types.ts';
export type { SampledRun } from './parallel/sampler.ts';
export { SAMPLE_DEFAULTS, batchOrder, sampleReport } from './sample.ts';
export type { SampleOptions, SampleReport } from './sample.ts';
export { JobError, PoolClosedError } from './parallel/errors.ts';
export { runCards } from './parallel/cards.ts';
export type { CardsOptions } from './parallel/cards.ts';
export { Stopper, guard, stopperOf } from './parallel/guard.ts';
export { UNIT_FIELDS, UNIT_HEAD, cardRows, cardUnits } from './cards.ts';
export type { WorkerApi } from './parallel/api.ts';
export type { BestArm, Indifference, Morris, MorrisEffect, ParetoFront, RankedArm, Ranking, Selection, Sensitivity, SensitivityParameter, Sobol, SobolIndex, Stopping } from './report.ts';
export type { ResultStore } from './collect.ts';
export { Collector, mergeInOrder } from './collect.ts';
export type { InOrder } from './collect.ts';
export { createWorkerApi } from './parallel/api.ts';
export type { Constraint, Decision } from './experiments/decision.ts';
export { DEFAULT_DECISION, constraintText, holds } from './experiments/decision.ts';
export type { ExperimentConfig, SensitivityCase, SweepParameters } from './experiments/experiment.ts';
export { runnable } from './experiments/experiment.ts';
export { rankArms } from './experiments/ranking.ts';
export { paretoFront } from './experiments/pareto.ts';
export type { PrecisionOptions } from './experiments/sequential.ts';
export { runToPrecision } from './experiments/sequential.ts';
export type { SensitivityOptions } from './experiments/sensitivity.ts';
export { runSensitivity } from './experiments/sensitivity.ts';
export type { MorrisOptions } from './experiments/morris.ts';
export { runMorris } from './experiments/morris.ts';
export type { SobolDesign, SobolOptions } from './experiments/sobol.ts';
export { runSobol, sobolDesign, sobolIndices } from './experiments/sobol.ts';
export type { SelectionRunOptions } from './experiments/indifference.ts';
export { KN_FIRST_STAGE, runToSelection } from './experiments/indifference.ts';
export type { ExperimentPhase, ExperimentRunOptions, Runner } from './experiments/sequence.ts';
export { checkDesigns, runExperiment } from './experiments/sequence.ts';
export { welchDifference } from './experiments/welch.ts';
