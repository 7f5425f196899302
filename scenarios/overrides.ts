import type { ScenarioConfig } from '../engine/index.ts';
import { ScenarioError } from './error.ts';

export interface Overrides {
  seed?: string | number;
  replications?: number;
}

/**
 * The CLI's --seed and --replications over a loaded scenario. Nothing else is re-derived; the
 * hash stays the file's hash (the report records seed and replications next to it).
 */
export function applyOverrides<T extends ScenarioConfig>(config: T, overrides: Overrides): T {
  const { seed, replications } = overrides;
  const problems: string[][] = [];
  if (seed !== undefined && (typeof seed === 'number' ? !Number.isSafeInteger(seed) : seed === '')) {
    problems.push(['--seed', 'seed', `expected a non-empty string or an integer, got ${typeof seed === 'string' ? '""' : seed}`]);
  }
  if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1 && replications <= 10000)) {
    problems.push(['--replications', 'replications', `expected an integer 1..10000, got ${replications}`]);
  }
  if (problems.length) throw new ScenarioError(problems.map(([file, path, message]) => ({ file, line: 0, col: 0, path, message })));
  return {
    ...config,
    seed: seed === undefined ? config.seed : String(seed),
    replications: replications ?? config.replications,
  };
}
