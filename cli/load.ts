import { statSync } from 'node:fs';
import type { ExperimentConfig, ScenarioConfig } from '../engine/index.ts';
import { applyOverrides, type Overrides } from '../scenarios/index.ts';
import { loadScenarioFile, MAX_SCENARIO_BYTES, readText } from '../scenarios/node.ts';
import { CliError, EXIT } from './errors.ts';
import { readCause, readError } from './read.ts';

/**
 * Loads a scenario file for a command: a file that is not there is the user's mistake
 * (`cannot read scenario "x.yaml": no such file`, as is one that is not UTF-8 or past 4 MiB); a bad
 * file throws the loader's ScenarioError.
 * `inputs` receives every file read (the scenario, its trace and fleet files).
 */
export function loadScenario(path: string, overrides: Overrides = {}, inputs?: string[]): ExperimentConfig {
  readable(path, 'scenario');
  // Its text (at most 4 MiB of UTF-8) is read here, so a file that cannot be read is said as any input's is (cli/read.ts).
  let text: string;
  try {
    text = readText(path, MAX_SCENARIO_BYTES);
  } catch (err) {
    throw readError('scenario', path, (err as Error).message);
  }
  const config = loadScenarioFile(path, { inputs, text });
  try {
    return applyOverrides(config, overrides);
  } catch (err) {
    // The option parsers already check these; this is the loader's own check, as a usage error.
    throw new CliError((err as Error).message, EXIT.usage);
  }
}

/** Number of cards in an arm's fleet. */
export function fleetSize(config: ScenarioConfig, arm = 0): number {
  return config.arms[arm].cohorts.reduce((n, c) => n + c.count, 0);
}

/**
 * Checks that `path` is a regular file (not a folder, device, pipe or socket: reading those
 * can hang or never end); else a user error `cannot read <what> "<path>": <reason>` (cli/read.ts).
 */
export function readable(path: string, what: string): void {
  let reason: string | null = null;
  try {
    const s = statSync(path);
    if (s.isDirectory()) reason = readCause({ code: 'EISDIR' });
    else if (!s.isFile()) reason = 'not a regular file (a device, pipe or socket)';
  } catch (err) {
    reason = readCause(err);
  }
  if (reason) throw readError(what, path, reason);
}
