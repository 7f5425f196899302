/**
 * The JSON Schema (draft-07) of report.json, format version 1, built from the metric catalog so
 * a new metric or series is in the schema as soon as it is in the report. Published as
 * docs/report.schema.json (a test keeps the file equal to this); README, "The report".
 */
import { METRICS, SERIES } from './metrics.ts';

/** The schema's id: the format and its version. */
export const REPORT_SCHEMA_ID = 'urn:simlapse:report:1';

type Schema = Record<string, unknown>;

const num: Schema = { type: 'number' };
const int = (minimum = 0): Schema => ({ type: 'integer', minimum });
const str: Schema = { type: 'string' };
const numbers: Schema = { type: 'array', items: num };
const numOrNull: Schema = { type: ['number', 'null'] };
const date: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const metric: Schema = { enum: [...METRICS] };
const probability: Schema = { type: 'number', minimum: 0, maximum: 1 };

/** A mapping with exactly these fields (all required unless named in `optional`). */
function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)), additionalProperties: false };
}

/** A mapping with one field per name, each of the same shape. */
function record(names: readonly string[], value: Schema): Schema {
  return object(Object.fromEntries(names.map((n) => [n, value])));
}

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
/** A best arm and its objective mean, or neither (no arm meets the constraints). */
const bestAt: Schema = { oneOf: [object({ best: str, objective: num }), object({ best: { type: 'null' }, objective: { type: 'null' } })] };

export function reportJsonSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: REPORT_SCHEMA_ID,
    title: 'simlapse report.json, format version 1',
    description: 'The report of a simlapse run (README, "The report"). Figures are rounded to 10 significant digits.',
    definitions: {
      estimate: {
        ...object({ mean: num, lo: numOrNull, hi: numOrNull, constant: { const: true } }, ['constant']),
        description: 'A mean and its 95 % interval (the one report.intervals.headline names); lo = hi = null when none can be computed; constant: true when the values had no spread.',
      },
      metrics: record(METRICS, ref('estimate')),
      batchMeans: {
        oneOf: [
          { type: 'null' },
          object({ blocks: int(1), batches: int(2), metrics: ref('metrics'), diff: { oneOf: [{ type: 'null' }, ref('metrics')] } }),
        ],
      },
      diagnostics: object({
        skewness: record(METRICS, numOrNull),
        skewed: { type: 'array', items: object({ metric, skewness: num, replications: int(3), needed: int(1) }) },
        noSpread: { type: 'array', items: metric },
      }),
      arm: object({
        name: str,
        metrics: ref('metrics'),
        series: record(SERIES, numbers),
        downtimeHistogram: object({ edges: numbers, cards: numbers }),
        diff: { oneOf: [{ type: 'null' }, ref('metrics')] },
        replications: record(METRICS, numbers),
        batchMeans: ref('batchMeans'),
        diagnostics: ref('diagnostics'),
        controlled: ref('controlled'),
      }, ['controlled']),
      controlled: {
        ...object({
          controls: { type: 'array', items: str },
          diff: {
            type: 'object',
            propertyNames: metric,
            additionalProperties: {
              oneOf: [
                object({ trusted: { const: true }, mean: num, lo: numOrNull, hi: numOrNull, constant: { const: true }, controls: int(), varianceRatio: numOrNull, residualSkewness: numOrNull }, ['constant']),
                object({ trusted: { const: false }, reason: str, controls: int(), residualSkewness: numOrNull }),
              ],
            },
          },
          plain: { type: 'object', propertyNames: metric, additionalProperties: ref('estimate') },
        }, ['plain']),
        description: 'Control-variate estimates of the paired money differences (docs/statistics.md, "Control variates"): use one only where trusted is true.',
      },
    },
    ...object(
      {
        format: { const: 'simlapse-report' },
        version: { const: 1 },
        engine: object({ name: { const: 'simlapse' }, version: str }),
        rng: str,
        scenario: object({
          name: str, question: str, hash: { type: 'string', pattern: '^[0-9a-f]{64}$' }, seed: str, replications: int(1),
          start: date, months: int(1), days: int(1), cards: int(), blockSize: int(1), currency: str,
        }),
        months: { type: 'array', items: date, minItems: 1 },
        intervals: object({ confidence: { const: 0.95 }, headline: { enum: ['replications', 'batchMeans', 'none'] }, blockSize: int(1) }),
        arms: { type: 'array', items: ref('arm'), minItems: 1 },
        ranking: object({
          objective: metric,
          direction: { enum: ['minimize', 'maximize'] },
          constraints: { type: 'array', items: str },
          checkedOn: { const: 'interval' },
          arms: {
            type: 'array',
            items: object({
              rank: int(1), arm: str, objective: ref('estimate'), status: { enum: ['feasible', 'infeasible', 'undetermined'] },
              feasible: { type: 'boolean' }, violated: { type: 'array', items: str }, undetermined: { type: 'array', items: str },
              pBest: { oneOf: [{ type: 'null' }, probability] }, inSubset: { type: ['boolean', 'null'] },
            }),
          },
          best: {
            oneOf: [
              { type: 'null' },
              object({
                arm: str,
                runnerUp: { type: ['string', 'null'] },
                margin: { oneOf: [{ type: 'null' }, ref('estimate')] },
                separated: { type: ['boolean', 'null'] },
              }),
            ],
          },
          undetermined: { type: 'array', items: str },
          suggestedReplications: { oneOf: [{ type: 'null' }, int(2)] },
          selection: {
            oneOf: [
              { type: 'null' },
              object({
                method: { const: 'mcb-subset' }, confidence: { const: 0.95 }, over: { enum: ['replications', 'batches'] }, units: int(2),
                subset: { type: 'array', items: str }, resamples: int(1),
              }),
            ],
          },
        }),
        pareto: object({
          x: { const: 'cost.total' },
          y: { const: 'downtime.cardDays' },
          arms: { type: 'array', items: object({ arm: str, x: num, y: num }) },
          onFront: { oneOf: [{ type: 'null' }, { type: 'array', items: object({ arm: str, p: probability }) }] },
        }),
        sensitivity: object({
          objective: metric,
          direction: { enum: ['minimize', 'maximize'] },
          base: bestAt,
          parameters: {
            type: 'array',
            items: object({
              path: str, low: num, high: num, atLow: bestAt, atHigh: bestAt, swing: num, swingArm: str, bestChanges: { type: 'boolean' },
              arms: { type: 'array', items: object({ arm: str, reached: { type: 'boolean' }, low: num, high: num, effect: ref('estimate') }) },
            }),
          },
        }),
        indifference: object({
          method: { const: 'kn' }, objective: metric, direction: { enum: ['minimize', 'maximize'] }, delta: num, alpha: { const: 0.05 },
          firstStage: int(2), replications: int(1), maxReplications: int(1), chosen: { type: ['string', 'null'] },
          survivors: { type: 'array', items: str }, eliminated: { type: 'array', items: object({ arm: str, at: int(2) }) },
          reason: { enum: ['selected', 'maximum'] },
        }),
        morris: object({
          method: { const: 'morris-radial' }, objective: metric, direction: { enum: ['minimize', 'maximize'] }, arm: str,
          trajectories: int(1), runs: int(1), bestChanges: probability,
          parameters: {
            type: 'array',
            items: object({
              path: str, low: num, high: num, muStar: num, mu: num, sigma: numOrNull,
              arms: { type: 'array', items: object({ arm: str, reached: { type: 'boolean' }, muStar: num, mu: num, sigma: numOrNull }) },
            }),
          },
        }),
        sobol: object({
          method: { const: 'saltelli-jansen' }, objective: metric, direction: { enum: ['minimize', 'maximize'] }, arm: str,
          samples: int(1), runs: int(1), variance: num, bestChanges: probability,
          parameters: {
            type: 'array',
            items: object({
              path: str, low: num, high: num, first: numOrNull, total: numOrNull,
              arms: { type: 'array', items: object({ arm: str, reached: { type: 'boolean' }, first: numOrNull, total: numOrNull }) },
            }),
          },
        }),
        stopping: object({
          metric, arm: str, baseline: str, target: num, halfWidth: numOrNull, replications: int(1), maxReplications: int(1),
          reason: { enum: ['target', 'maximum', 'constant'] },
          batches: { type: 'array', items: int(1) },
          precision: numOrNull, relativePrecision: numOrNull, firstBatch: int(1), skewed: { type: 'boolean' },
        }),
      },
      ['ranking', 'pareto', 'sensitivity', 'stopping', 'morris', 'sobol', 'indifference'],
    ),
  };
}
