import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values, for commander's `argParser`. A bad value becomes commander's
 * `option '--x <n>' argument 'v' is invalid. <expectation>` and exit 2.
 */
export function integerOption(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  return (value) => {
    const digits = /^[+-]?\d+$/.test(value.trim());
    const n = digits ? Number(value) : NaN;
    // Whole but past what a number holds exactly: "≥ 0" alone would read as wrong about 10^20.
    if (digits && n > max && max === Number.MAX_SAFE_INTEGER) throw new InvalidArgumentError(`Expected ${expected}, at most ${max.toLocaleString('en')}: ${value.trim()} is larger.`);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected ${expected}.`);
    return n;
  };
}

/**
 * A seed: any non-empty text, read as the scenario file reads its `seed:` (YAML 1.2 core schema):
 * text that YAML reads as a number is that number (`007`, `+7`, `7.0`, `7e0`, `0x7`, `0o7` are the
 * seed "7", as `seed: 007` is), and must be an integer, as in the file; other text is kept as written,
 * as a quoted `seed: "…"` is (`true`, `null` and `[7]` are those texts: a command line has no YAML types but numbers here).
 */
export function seedOption(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a non-empty string or an integer.');
  const n = yamlNumber(value.trim());
  if (n === null) return value;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`Expected a non-empty string or an integer: a scenario file reads ${value} as the number ${n}, not an integer.`);
  return String(n);
}

/** The number YAML 1.2's core schema reads from a plain scalar, or null when it reads text (yaml's core tags, not imported here: --help stays light). */
function yamlNumber(t: string): number | null {
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(t)) return Number(t);
  if (/^0o[0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(t)) return NaN;
  return null;
}

/** A plain decimal number, spaces around it allowed (not `0x10`, `Infinity` or an empty string, which Number() would read). */
const NUMBER = /^\s*\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A number ≥ 0, for --progress-interval. */
export function nonNegativeNumberOption(value: string): number {
  const n = NUMBER.test(value) ? Number(value) : NaN;
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number ≥ 0.');
  return n;
}

/** The longest a Node timer waits, ms (2^31 − 1, 24.8 days): a longer one runs every millisecond. The worker's --lock-duration, --stalled-interval and --claim-ttl stop here (as node/queue/worker-options.ts MAX_TIMER_MS, which startWorker checks). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest --progress-interval, seconds (a day): a timer takes at most 2^31 − 1 ms, and Node runs a longer one every millisecond. */
export const MAX_PROGRESS_INTERVAL = 86_400;
/** The shortest non-zero --progress-interval, seconds: shorter would fill a log with a line a millisecond. */
export const MIN_PROGRESS_INTERVAL = 0.1;

/** Seconds between plain progress lines, for --progress-interval: 0 (none), or MIN_PROGRESS_INTERVAL..MAX_PROGRESS_INTERVAL. */
export function progressIntervalOption(value: string): number {
  const n = nonNegativeNumberOption(value);
  if (n !== 0 && (n < MIN_PROGRESS_INTERVAL || n > MAX_PROGRESS_INTERVAL)) {
    throw new InvalidArgumentError(`Expected 0 (no progress lines) or ${MIN_PROGRESS_INTERVAL} to ${MAX_PROGRESS_INTERVAL.toLocaleString('en')} seconds (a day).`);
  }
  return n;
}

/** A number > 0, for --precision. */
export function positiveNumberOption(value: string): number {
  const n = NUMBER.test(value) ? Number(value) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number > 0.');
  return n;
}
