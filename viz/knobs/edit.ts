import { isScalar, parseDocument } from 'yaml';
import type { KnobPath } from './find.ts';

/**
 * The text with the scalar at `path` replaced by `value`, and nothing else changed: the value's
 * characters are spliced in where the YAML Document API says the old value was written, so
 * comments, flow mappings, spacing and key order stay as they were. Null when the path does not
 * lead to a scalar in this text.
 */
export function setKnob(text: string, path: KnobPath, value: number | boolean | string): string | null {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return null;
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return null;
  const [start, end] = node.range;
  return text.slice(0, start) + scalarText(value) + text.slice(end);
}

/** How a knob's value is written: numbers without float noise (0.1 + 0.2 → 0.3), plain words. */
export function scalarText(value: number | boolean | string): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(12)));
  if (typeof value === 'boolean') return String(value);
  return /^[A-Za-z][\w-]*$/.test(value) ? value : JSON.stringify(value);
}
