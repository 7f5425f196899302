/** Parsers for the bench's option values: validated once here, with the option named in the error. */
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join, resolve } from 'node:path';

/** `--workers 1,2,4`: a comma-separated list of positive integers, in the order given, no repeats. */
export function parseWorkerList(text: string, option = '--workers'): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const list = parts.map((p) => {
    if (!/^[0-9]+$/.test(p) || Number(p) < 1 || !Number.isSafeInteger(Number(p))) {
      throw new RangeError(`invalid ${option} "${text}": expected a comma-separated list of positive integers such as 1,2,4, got "${p}"`);
    }
    return Number(p);
  });
  const repeated = list.find((n, i) => list.indexOf(n) !== i);
  if (repeated !== undefined) throw new RangeError(`invalid ${option} "${text}": ${repeated} appears twice`);
  return list;
}

/** A positive integer option such as `--rounds 3`; `fallback` when the option is absent. */
export function parsePositive(text: string | undefined, fallback: number, option: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`invalid ${option} "${text}": expected a positive integer`);
  }
  return n;
}

/**
 * node:util parseArgs for a bench entry point, with `--help` (or `-h`): prints `usage` and exits 0;
 * an unknown option or a missing value is a usage error (usageOrExit: one line, exit 2), not a stack.
 */
export function benchArgs<T extends ParseArgsConfig>(config: T, usage: string) {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage.trim());
    process.exit(0);
  }
  return usageOrExit(() => {
    try {
      return parseArgs(config);
    } catch (err) {
      if (!String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw err;
      throw new RangeError(`${(err as Error).message.split('\n')[0]} (--help lists the options)`);
    }
  });
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
