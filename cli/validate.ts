import { cutShort, lengthSaid } from '../csv/index.ts';
import { EXIT, reportError } from './errors.ts';
import { inline, say, tell } from './terminal.ts';
import { fleetSize, loadScenario } from './load.ts';
import type { ExperimentConfig } from '../engine/index.ts';

export interface ValidateOptions {
  /** Print every problem of a bad scenario, not the first 50 (cli/errors.ts PROBLEMS_SHOWN). [default: false] */
  allProblems?: boolean;
}

/** `simlapse validate`: loads and checks a scenario, prints a one-line summary (or its problems: the first 50 unless `allProblems`). */
export function validateCommand(file: string, options: ValidateOptions = {}): number {
  let s: ExperimentConfig;
  try {
    s = loadScenario(file);
  } catch (err) {
    if (options.allProblems && (err as { code?: unknown }).code === 'E_SCENARIO') return reportError(err, tell, { problems: Infinity });
    throw err;
  }
  const base = s.arms[0];
  say(
    // A one-line summary: a name past 60 characters is cut, with its length said (as messages quote values).
    `ok: ${inline(file)}: ${cutShort(s.name)}${lengthSaid(s.name)} — ${plural(s.arms.length, 'arm')}, ${plural(fleetSize(s), 'card')}, ${plural(base.months, 'month')}, ${plural(s.replications, 'replication')}, hash ${s.hash.slice(0, 12)}\n`,
  );
  return EXIT.ok;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
