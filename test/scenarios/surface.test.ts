import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import * as scenarios from '../../scenarios/index.ts';
import * as node from '../../scenarios/node.ts';

describe('public surface', () => {
  it('index.ts exports exactly the loader API, the fleet CSV format and the default currency (browser-safe)', () => {
    expect(Object.keys(scenarios).sort()).toEqual(['CANONICAL_COLUMNS', 'DEFAULT_CURRENCY', 'RANGE', 'ScenarioError', 'applyOverrides', 'fleetHeader', 'fleetLine', 'formatIssue', 'parseScenario', 'readFleetCsv', 'scenarioJsonSchema']);
    expect(Object.keys(node).sort()).toEqual(['MAX_REFERENCED_BYTES', 'MAX_SCENARIO_BYTES', 'loadScenarioFile', 'readText']);
  });

  it('scenario.schema.json is up to date (npx tsx tools/write-schema.ts)', () => {
    const written = JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(scenarios.scenarioJsonSchema())));
  });

  it('the JSON Schema is strict and lists the required top-level fields', () => {
    const schema = scenarios.scenarioJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    // cohorts may be left out when the cards come from a fleet CSV (fleet:).
    expect(schema.required.sort()).toEqual(['months', 'name', 'plans', 'profiles', 'question', 'start']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('arms');
  });

  it('scenarios/ imports no Node API outside node.ts', () => {
    const core = readdirSync('scenarios').filter((f) => f.endsWith('.ts') && f !== 'node.ts');
    expect(core).toContain('parse.ts');
    for (const file of core) expect(readFileSync(`scenarios/${file}`, 'utf8'), file).not.toMatch(/from 'node:|require\(/);
  });

  it('the JSON Schema accepts what the loader accepts in arms: any part of a nested override (objects merge key by key), and still flags a key no field has', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(scenarios.scenarioJsonSchema());
    const base = 'name: t\nquestion: q\nstart: 2026-01-01\nmonths: 3\nplans:\n  basic: {quotaMB: 100, term: {months: 12, price: 96}}\nprofiles:\n  meters: {meanDailyMB: {lognormal: {median: 2, spread: 1}}}\ncohorts:\n  - {count: 10, plan: basic, profile: meters}\npolicies:\n  alerts: {thresholdPct: 80}\n  renewal: {kind: manual, lagDays: 5}\narms:\n  - name: a\n  - name: b\n';
    const arms = [
      '    policies: {alerts: {reactionDays: 3}}',
      '    plans: {basic: {term: {price: 50}}}',
      '    profiles: {meters: {meanDailyMB: {lognormal: {median: 4}}}}',
      '    policies: {renewal: {forgetChance: 0.1}}',
      '    fleet: {autoRenew: policy}',
    ];
    for (const arm of arms) {
      const text = base + arm + '\n';
      if (!arm.includes('fleet')) expect(() => scenarios.parseScenario(text, { file: 'arm.yaml' }), arm).not.toThrow();
      expect(validate(parseYaml(text, { schema: 'core' })), `${arm}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate(parseYaml(base + '    policies: {alert: {reactionDays: 3}}\n', { schema: 'core' }))).toBe(false);
    expect(validate(parseYaml(base + '    plans: {basic: {quota: 5}}\n', { schema: 'core' }))).toBe(false);
    // Every example the loader reads is valid for editors too.
    for (const f of readdirSync('scenarios/examples').filter((x) => x.endsWith('.yaml'))) {
      expect(validate(parseYaml(readFileSync(`scenarios/examples/${f}`, 'utf8'), { schema: 'core' })), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
