import { z } from 'zod';

/**
 * Building blocks for the file schema. Every schema carries, as its error message, what
 * it expects ("a number 0..1000000"); `zod-issues.ts` turns that into `expected …, got …`.
 */

/** Marks the message of an unknown-key issue: the object's known keys follow, comma-separated. */
export const KNOWN_KEYS = '\u0000known:';

/** A strict mapping: unknown keys are errors. */
export function mapping<T extends z.ZodRawShape>(shape: T, what = 'a mapping') {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? KNOWN_KEYS + Object.keys(shape).join(',') : what),
  });
}

export interface NumberRange {
  int?: boolean;
  min?: number;
  max?: number;
  /** Strictly greater than. */
  above?: number;
}

/**
 * Ranges shared by many fields (FORMAT.md, "Ranges"): generous for real fleets, and small enough
 * that every figure the engine computes from a valid scenario stays finite.
 */
export const RANGE = {
  /** A price, fee or cost per unit (per card, MB, month, term, pack or card-day), in the scenario's currency. */
  money: { min: 0, max: 1e6 },
  /** An allowance per billing cycle, MB (plan quota, add-on pack). */
  allowanceMB: { min: 0, max: 1e9 },
  /** A volume per card per day or per event, MB (constant or trace daily MB, a firmware update). */
  dailyMB: { min: 0, max: 1e6 },
  /** A delay or a span in whole days: up to ten years. */
  days: { int: true, min: 0, max: 3650 },
  /** An integer seed: any integer a double holds exactly. */
  seed: { int: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
} as const satisfies Record<string, NumberRange>;

/** Cards in one arm, and entries a card keeps a one-byte index of (engine/fleet.ts). */
export { MAX_CARDS, MAX_BYTE_INDEX as MAX_PER_CARD_BYTE } from '../engine/index.ts';
/** Cards per block: a block's fleet columns are allocated at once (engine/fleet.ts, 62 bytes a card). */
export const MAX_BLOCK_SIZE = 1048576;

/** A finite number with bounds; the message states them ("an integer 1..600", "a number > 0 and ≤ 1000000000"). */
export function number(range: NumberRange = {}) {
  const what = describeRange(range);
  let schema = z.number({ error: what });
  if (range.int) schema = schema.int({ error: what });
  if (range.min !== undefined) schema = schema.min(range.min, { error: what });
  if (range.max !== undefined) schema = schema.max(range.max, { error: what });
  if (range.above !== undefined) schema = schema.gt(range.above, { error: what });
  return schema;
}

export const date = () => z.iso.date({ error: 'a real date YYYY-MM-DD' });
export const money = () => number(RANGE.money);
export const days = () => number(RANGE.days);
/** What a field that can be switched off also accepts. */
export const OFF = 'false or null (off)';

export function string(what = 'a string') {
  return z.string({ error: what });
}

export function nonEmptyString(what = 'a non-empty string') {
  return z.string({ error: what }).min(1, { error: what });
}

export function boolean() {
  return z.boolean({ error: 'true or false' });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: listWords(values.map((v) => JSON.stringify(v))) });
}

/** A map name → item with at least one entry. */
export function namedMap<T extends z.ZodType>(item: T, noun: string) {
  const what = `a mapping of ${noun} names to ${noun}s`;
  return z
    .record(z.string(), item, { error: what })
    .refine((m) => Object.keys(m).length > 0, { error: `a mapping with at least one ${noun}` });
}

/** "a, b or c" */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** What a number with these bounds is, in words: "a number 0..1000000", "an integer ≥ 1", "a number > 0 and ≤ 1000000000". */
export function describeRange({ int, min, max, above }: NumberRange): string {
  const noun = int ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${noun} ${min}..${max}`;
  if (above !== undefined && max !== undefined) return `${noun} > ${above} and ≤ ${max}`;
  if (min !== undefined) return `${noun} ≥ ${min}`;
  if (above !== undefined) return `${noun} > ${above}`;
  if (max !== undefined) return `${noun} ≤ ${max}`;
  return noun;
}
