/** scenarios/: the scenario file format and its loader. Browser-safe; `loadScenarioFile` is in `./node.ts`. */
export { parseScenario } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export { ScenarioError, formatIssue } from './error.ts';
export type { ScenarioIssue } from './error.ts';
export { scenarioJsonSchema } from './json-schema.ts';
export { applyOverrides } from './overrides.ts';
export type { Overrides } from './overrides.ts';
export { RANGE } from './schema-kit.ts';
export { DEFAULT_CURRENCY } from './currency.ts';
export { CANONICAL_COLUMNS, fleetHeader, fleetLine, readFleetCsv } from './fleet-csv.ts';
export type { FleetCard, FleetCsvProblem } from './fleet-csv.ts';
