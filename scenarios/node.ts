import { readFileSync } from 'node:fs';
import type { ExperimentConfig } from '../engine/index.ts';
import { ScenarioError } from './error.ts';
import { parseScenario } from './parse.ts';

/** Reads a scenario file (and its trace files) from disk and parses it. Node only. Throws `ScenarioError`. */
export function loadScenarioFile(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ScenarioError([{ file: path, line: 0, col: 0, path: 'scenario', message: `cannot read the scenario file: ${reason}` }]);
  }
  return parseScenario(text, { file: path, readFile: (p) => readFileSync(p, 'utf8') });
}
