import { statSync } from 'node:fs';
import type { ExperimentConfig, ScenarioConfig } from '../engine/index.ts';
import { applyOverrides, type Overrides } from '../scenarios/index.ts';
import { loadScenarioFile } from '../scenarios/node.ts';
import { CliError, EXIT } from './errors.ts';

/**
 * Loads a scenario file for a command: a file that is not there is the user's mistake
 * (`cannot read scenario "x.yaml": no such file`); a bad file throws the loader's ScenarioError.
 * `inputs` receives every file read (the scenario, its trace and fleet files).
 */
export function loadScenario(path: string, overrides: Overrides = {}, inputs?: string[]): ExperimentConfig {
  readable(path, 'scenario');
  const config = loadScenarioFile(path, { inputs });
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
 * can hang or never end); else a user error `cannot read <what> "<path>": <reason>`.
 */
export function readable(path: string, what: string): void {
  let reason: string | null = null;
  try {
    const s = statSync(path);
    if (s.isDirectory()) reason = 'is a directory';
    else if (!s.isFile()) reason = 'not a regular file (a device, pipe or socket)';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  }
  if (reason) throw new CliError(`cannot read ${what} "${path}": ${reason}`, EXIT.input);
}
