/** simlapse engine: the one public entry. Pure TypeScript, no DOM, no Node APIs. */
export type { ArmConfig, Alerts, Cohort, Dist, FirmwareEvent, Payer, Plan, Policies, Profile, Renewal, Replacement, Rules, RunawaySpec, ScenarioConfig } from './config.ts';
export type { ArmReport, Estimate, MetricName, Report, SeriesName } from './report.ts';
export { METRICS, SERIES } from './report.ts';
export type { Job } from './jobs.ts';
export type { Progress, RunOptions } from './run.ts';
export type { TraceEvent } from './sim.ts';
export type { TraceOptions } from './trace.ts';
export type { Model } from './model.ts';
export { compileArm } from './model.ts';
export { planBlocks, planJobs, runJob } from './jobs.ts';
export { mergeBlocks, metricsOf, seriesOf, summarize } from './summarize.ts';
export { runScenario } from './run.ts';
export { traceCard } from './trace.ts';
export { quantile, normalQuantile } from './dist.ts';
export { addMonths, formatDate, parseDate } from './calendar.ts';
export { RNG_NAME, replicationKey, uniform } from './rng.ts';
export { BYTES_PER_CARD } from './fleet.ts';
export { ENGINE_VERSION } from './version.ts';
