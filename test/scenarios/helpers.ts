import { expect } from 'vitest';
import { parseScenario, type ScenarioError } from '../../scenarios/index.ts';

/** A valid minimal scenario as YAML lines, to append fields to. */
export const MINIMAL = `name: Minimal
question: What are the defaults?
start: 2026-01-01
months: 12
plans:
  basic: {quotaMB: 100}
profiles:
  meters: {}
cohorts:
  - {count: 10, plan: basic, profile: meters}
`;

export function parse(text: string, readFile?: (path: string) => string) {
  return parseScenario(text, { file: 'test.yaml', readFile });
}

/** The full error message parsing `text` throws (fails the test if it parses). */
export function errorOf(text: string, readFile?: (path: string) => string): string {
  try {
    parse(text, readFile);
  } catch (err) {
    expect((err as ScenarioError).code).toBe('E_SCENARIO');
    return (err as Error).message;
  }
  throw new Error('expected a ScenarioError');
}
