/** Parsers for the bench's option values: validated once here, with the option named in the error. */
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join, resolve } from 'node:path';

/** The most worker threads a bench run takes: the CLI's own bound (cli/main.ts run --workers). */
export const MAX_WORKERS = 256;

/** `--workers 1,2,4`: a comma-separated list of integers 1..MAX_WORKERS, in the order given, no repeats. */
export function parseWorkerList(text: string, option = '--workers'): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const list = parts.map((p) => {
    if (!/^[0-9]+$/.test(p) || Number(p) < 1 || Number(p) > MAX_WORKERS) {
      throw new RangeError(`invalid ${option} "${text}": expected a comma-separated list of whole numbers 1..${MAX_WORKERS} such as 1,2,4, got "${p}"`);
    }
    return Number(p);
  });
  const repeated = list.find((n, i) => list.indexOf(n) !== i);
  if (repeated !== undefined) throw new RangeError(`invalid ${option} "${text}": ${repeated} appears twice`);
  return list;
}

/** The largest value a counted option takes, and what it counts (plural: `cards`). */
export interface Bound {
  max: number;
  unit: string;
}

/**
 * A positive integer option such as `--rounds 3`; `fallback` when the option is absent. With a
 * `bound`, 1..bound.max and the message says so (`expected a whole number of cards 1..100,000,000`).
 */
export function parsePositive(text: string | undefined, fallback: number, option: string, bound?: Bound): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || (bound !== undefined && n > bound.max)) {
    const expected = bound ? `a whole number of ${bound.unit} 1..${bound.max.toLocaleString('en-US')}` : 'a positive integer';
    throw new RangeError(`invalid ${option} "${text}": expected ${expected}`);
  }
  return n;
}

/**
 * node:util parseArgs for a bench entry point, with `--help` (or `-h`): prints `usage` and exits 0;
 * an unknown option or a missing value is a usage error (usageOrExit: one line, exit 2), not a stack.
 */
export function benchArgs<T extends ParseArgsConfig>(config: T, usage: string) {
  const args = joinNegatives(config.args ?? process.argv.slice(2), config.options ?? {});
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage.trim());
    process.exit(0);
  }
  return usageOrExit(() => {
    try {
      return parseArgs({ ...config, args });
    } catch (err) {
      if (!String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw err;
      throw new RangeError(`${(err as Error).message.split('\n')[0]} (--help lists the options)`);
    }
  });
}

/**
 * `--months -1` as `--months=-1`: parseArgs takes a value starting with "-" for an option and
 * calls it ambiguous; joined, the value reaches its parser, which says what it expected.
 */
export function joinNegatives(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...out, ...args.slice(i)]; // the rest are operands
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    const string = Object.hasOwn(options, name) && options[name].type === 'string';
    if (string && /^-[0-9.]/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

/** Runs the option parsers; on a bad value prints the message and exits with 2 (a usage error), before any bench runs. */
export function usageOrExit<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    console.error(`bench: ${err.message}`);
    process.exit(2);
  }
}

/** `--peers-dir`: a folder holding the peers' reference-100k.yaml (relative to the current folder). */
export function parsePeersDir(dir: string): string {
  if (!existsSync(join(dir, 'reference-100k.yaml'))) {
    throw new RangeError(`invalid --peers-dir "${dir}": no reference-100k.yaml in ${resolve(dir)} (give the folder of the peers with --peers-dir)`);
  }
  return dir;
}
