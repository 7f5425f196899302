import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_ID, reportJsonSchema, runExperiment, runScenario, type ExperimentConfig } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

const EXAMPLES = 'scenarios/examples';
const PUBLISHED = 'docs/report.schema.json';

/** An example made small: 2 replications, generated cohorts cut to 100 cards (imported cards kept, they are few), 2 sensitivity parameters. */
function small(config: ExperimentConfig): ExperimentConfig {
  const arms = config.arms.map((arm) => ({ ...arm, cohorts: arm.cohorts.map((c) => (c.cards ? c : { ...c, count: Math.min(c.count, 100) })) }));
  const sensitivity = config.sensitivity?.slice(0, 2).map((s) => ({ ...s, lowArms: s.lowArms.map(cut), highArms: s.highArms.map(cut) }));
  return { ...config, replications: 2, arms, ...(sensitivity && { sensitivity }) };
}

function cut<T extends ExperimentConfig['arms'][number]>(arm: T): T {
  return { ...arm, cohorts: arm.cohorts.map((c) => (c.cards ? c : { ...c, count: Math.min(c.count, 100) })) };
}

const validate = new Ajv({ allErrors: true, strict: true }).compile(reportJsonSchema());

/** The optional top-level fields the example reports held, to check that the examples reach them all. */
const seen = new Set<string>();

describe('report.json schema', () => {
  it('the published schema is the one the catalog builds (npx tsx tools/write-schema.ts), and names format version 1', () => {
    expect(JSON.parse(readFileSync(PUBLISHED, 'utf8'))).toEqual(reportJsonSchema());
    expect(REPORT_SCHEMA_ID).toBe('urn:simlapse:report:1');
  });

  const files = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  it.each(files)('the report of %s validates', async (file) => {
    const config = small(loadScenarioFile(join(EXAMPLES, file)));
    const report = await runExperiment(config, runScenario, config.arms.length > 1 ? { precision: 1e9, maxReplications: 3 } : {});
    // Through JSON, as a reader of report.json sees it.
    const json = JSON.parse(JSON.stringify(report));
    const ok = validate(json);
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
    for (const k of Object.keys(json)) seen.add(k);
  }, 60_000);

  it('the examples reach every optional field: ranking, pareto, sensitivity, stopping', () => {
    expect([...seen].filter((k) => ['ranking', 'pareto', 'sensitivity', 'stopping'].includes(k)).sort()).toEqual(['pareto', 'ranking', 'sensitivity', 'stopping']);
  });

  it('a report with a missing metric, an extra field or another version does not validate', async () => {
    const config = small(loadScenarioFile(join(EXAMPLES, 'hand-check.yaml')));
    const report = JSON.parse(JSON.stringify(await runScenario(config)));
    expect(validate(report)).toBe(true);
    const without = structuredClone(report);
    delete without.arms[0].metrics['cost.total'];
    expect(validate(without)).toBe(false);
    expect(validate({ ...report, extra: 1 })).toBe(false);
    expect(validate({ ...report, version: 2 })).toBe(false);
  });
});
