import { constraintText, KN_FIRST_STAGE, METRIC, METRICS, type ExperimentConfig, type Indifference, type MetricName, type Stopping } from '../engine/index.ts';
import { CliError, EXIT } from './errors.ts';

/** --max-replications when not given. */
export const DEFAULT_MAX_REPLICATIONS = 1000;

export interface ExperimentOptions {
  precision?: number;
  relativePrecision?: number;
  metric?: MetricName;
  arm?: string;
  maxReplications: number;
  morris?: number;
  sobol?: number;
  indifference?: number;
}

/**
 * Checks `run`'s --precision, --metric, --arm, --max-replications and --indifference against each other and
 * the scenario; a mistake is a usage error (exit 2) naming the option, the value and what was expected.
 */
export function experimentOptions(
  scenario: ExperimentConfig,
  o: { precision?: number; relativePrecision?: number; metric?: string; arm?: string; maxReplications?: number; morris?: number; sobol?: number; indifference?: number; replications?: number },
): ExperimentOptions {
  if (o.indifference !== undefined && (o.precision !== undefined || o.relativePrecision !== undefined)) {
    throw new CliError('--indifference replaces --precision and --relative-precision: give one of them', EXIT.usage);
  }
  if (o.indifference !== undefined && scenario.arms.length < 2) {
    throw new CliError(`--indifference picks the best of two arms or more; this scenario has one ("${scenario.arms[0].name}")`, EXIT.usage);
  }
  if (o.indifference !== undefined && o.maxReplications !== undefined && o.maxReplications < KN_FIRST_STAGE) {
    throw new CliError(`--max-replications ${o.maxReplications}: --indifference starts with ${KN_FIRST_STAGE} replications (the KN procedure's first stage); give ${KN_FIRST_STAGE} or more`, EXIT.usage);
  }
  const constraints = scenario.decision?.constraints ?? [];
  if (o.indifference !== undefined && constraints.length > 0) {
    // runToSelection refuses them too; said here before any run, with what to do instead.
    throw new CliError(
      `--indifference chooses on ${scenario.decision!.objective} alone, and this scenario's decision has constraints (${constraints.map(constraintText).join(', ')}): ` +
        'KN\'s 95 % guarantee does not cover choosing among the arms that meet them, which needs a feasibility check with a tolerance on each constraint (Andradóttir & Kim 2010); ' +
        'use --precision (the ranking then judges the constraints) or a decision without constraints',
      EXIT.usage,
    );
  }
  if (o.morris !== undefined && !scenario.sensitivity) {
    throw new CliError('--morris needs sensitivity: ranges in the scenario (FORMAT.md, "Experiments")', EXIT.usage);
  }
  if (o.sobol !== undefined && !scenario.sensitivity) {
    throw new CliError('--sobol needs sensitivity: ranges in the scenario (FORMAT.md, "Experiments")', EXIT.usage);
  }
  const loose = (['metric', 'arm', 'maxReplications'] as const).filter((k) => o[k] !== undefined);
  if (o.precision === undefined && o.relativePrecision === undefined && loose.length > 0 && !(o.indifference !== undefined && loose.every((k) => k === 'maxReplications'))) {
    const flag = loose[0] === 'maxReplications' ? '--max-replications' : `--${loose[0]}`;
    throw new CliError(`${flag} goes with --precision or --relative-precision${flag === '--max-replications' ? ' (or --indifference)' : ''} (it sets what sequential stopping watches)`, EXIT.usage);
  }
  if (o.metric !== undefined && !(METRICS as readonly string[]).includes(o.metric)) {
    throw new CliError(`--metric: unknown metric "${o.metric}"; metrics are: ${METRICS.join(', ')}`, EXIT.usage);
  }
  let arm = o.arm;
  if (arm !== undefined) {
    const names = scenario.arms.map((a) => a.name);
    // A name, or an index (as trace's --arm takes it) when no arm has that name.
    let at = names.indexOf(arm);
    if (at < 0 && /^\d+$/.test(arm) && Number(arm) < names.length) at = Number(arm);
    if (at < 0) throw new CliError(`--arm: no arm "${arm}"; arms are: ${names.map((n, i) => `${i} "${n}"`).join(', ')}`, EXIT.usage);
    if (at === 0) throw new CliError(`--arm: "${names[0]}" is the baseline; name another arm (its paired difference from the baseline is watched)`, EXIT.usage);
    arm = names[at];
  }
  const sequential = o.precision !== undefined || o.relativePrecision !== undefined || o.indifference !== undefined;
  const maxReplications = o.maxReplications ?? DEFAULT_MAX_REPLICATIONS;
  // At odds (also with the default maximum): the first batch (--replications) would be cut to the maximum in silence.
  if (sequential && o.replications !== undefined && o.replications > maxReplications) {
    const by = o.indifference !== undefined ? '--indifference' : o.precision !== undefined ? '--precision' : '--relative-precision';
    const max = o.maxReplications === undefined ? `the default --max-replications ${maxReplications}` : `--max-replications ${maxReplications}`;
    throw new CliError(`--replications ${o.replications} is the first batch with ${by}, more than ${max}: give --max-replications ${o.replications} or more, or fewer --replications`, EXIT.usage);
  }
  return { precision: o.precision, relativePrecision: o.relativePrecision, metric: o.metric as MetricName | undefined, arm, maxReplications, morris: o.morris, sobol: o.sobol, indifference: o.indifference };
}

/** Whether the run replicates in batches (--precision, --relative-precision or --indifference). */
export function sequential(o: ExperimentOptions): boolean {
  return o.precision !== undefined || o.relativePrecision !== undefined || o.indifference !== undefined;
}

/** How an --indifference run chose. */
export function formatIndifference(s: Indifference): string {
  const out = s.eliminated.map((e) => `"${e.arm}" at ${e.at}`).join(', ');
  return s.chosen !== null
    ? `KN chose "${s.chosen}" after ${s.replications} replications: the best by ${s.objective} with 95 % probability if it leads the others by at least ${fmt(s.delta)} (eliminated: ${out || 'none'})`
    : `KN stopped at the maximum of ${s.maxReplications} replications with ${s.survivors.length} arms left: ${s.survivors.map((a) => `"${a}"`).join(', ')}`;
}

/** One line about sequential stopping: a batch (final = false) or how it stopped. */
export function formatStopping(s: Stopping, final: boolean): string {
  // A fraction (availability) is watched as a share of 1, where its tables print percentage points: said, so a target is not read 100 times too wide.
  const share = Object.hasOwn(METRIC, s.metric) && METRIC[s.metric as MetricName].unit === 'fraction' ? ' (as a share of 1: 0.01 is 1 percentage point)' : '';
  const what = (s.arm === s.baseline ? `${s.metric} of "${s.arm}"` : `${s.metric} of "${s.arm}" minus "${s.baseline}"`) + share;
  const hw = s.halfWidth === null ? 'no interval' : `half-width ${fmt(s.halfWidth)}`;
  const skew = s.skewed ? ' (the values are too skewed for their number to stop yet: Cochran\'s n > 25 G1²)' : '';
  if (!final) return `${s.replications} replications: ${hw} for ${what}, target ${fmt(s.target)}${skew}; running more`;
  const batches = `(batches: ${s.batches.join(', ')})`;
  if (s.reason === 'constant') return `stopped: ${what} was the same in every one of ${s.replications} replications, so it has no interval ${batches}`;
  return s.reason === 'target'
    ? `stopped at the target: ${hw} ≤ ${fmt(s.target)} for ${what} after ${s.replications} replications ${batches}`
    : s.halfWidth !== null && s.halfWidth <= s.target
    ? `stopped at the maximum of ${s.maxReplications} replications: ${hw} is within the target ${fmt(s.target)} for ${what}, but the values are too skewed for their number to stop (Cochran's n > 25 G1²) ${batches}`
    : `stopped at the maximum of ${s.maxReplications} replications: ${hw} is still above the target ${fmt(s.target)} for ${what}${skew} ${batches}`;
}

function fmt(x: number): string {
  return String(+x.toPrecision(4));
}
