import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values, for commander's `argParser`. A bad value becomes commander's
 * `option '--x <n>' argument 'v' is invalid. <expectation>` and exit 2.
 */
export function integerOption(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  return (value) => {
    const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected ${expected}.`);
    return n;
  };
}

/**
 * A seed: any non-empty text. A whole number is read as the scenario file reads one (YAML reads
 * `seed: 007` and `seed: +7` as the number 7, so the seed is "7"), so `--seed 007` draws as the file's
 * `seed: 007` does; other text is kept as written.
 */
export function seedOption(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a non-empty string or an integer.');
  if (/^[+-]?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return String(Number(value));
  return value;
}

/** A plain decimal number, spaces around it allowed (not `0x10`, `Infinity` or an empty string, which Number() would read). */
const NUMBER = /^\s*\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A number ≥ 0, for --progress-interval. */
export function nonNegativeNumberOption(value: string): number {
  const n = NUMBER.test(value) ? Number(value) : NaN;
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number ≥ 0.');
  return n;
}

/** A number > 0, for --precision. */
export function positiveNumberOption(value: string): number {
  const n = NUMBER.test(value) ? Number(value) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number > 0.');
  return n;
}
