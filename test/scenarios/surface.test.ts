import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
});
