import { isMap, isScalar, parseDocument } from 'yaml';
import { scalarText, setKnob } from './edit.ts';
import { fillValue, kindBranch, type KnobPath } from './find.ts';

/**
 * The text with the `kind:` at `path` set to `kind`, and its mapping made valid for that kind:
 * keys the new kind does not take are dropped, and its required fields are added with their
 * default (else the schema's example, else the least value allowed: `batch` gets `dayOfMonth: 1`).
 * The mapping keeps its style (flow or block) and the other keys' text; the rest of the text is
 * untouched. Null when the path does not lead to a `kind:` scalar.
 */
export function setKind(text: string, path: KnobPath, kind: string): string | null {
  const branch = kindBranch(text, path.slice(0, -1), kind);
  if (!branch) return setKnob(text, path, kind);
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
  const map = doc.getIn(path.slice(0, -1), true);
  if (!isMap(map) || !map.range || map.items.length === 0) return null;
  const props: Record<string, unknown> = branch.properties ?? {};
  // Each key kept with its text as written (a nested block value keeps its lines).
  const pairs: [string, string][] = [];
  let end = map.range[0];
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    const value = pair.value as { range?: [number, number, number] } | null;
    const to = value?.range ? value.range[1] : pair.key.range[1];
    end = Math.max(end, to);
    if (key === String(path.at(-1))) pairs.push([key, `${key}: ${scalarText(kind)}`]);
    else if (Object.hasOwn(props, key)) pairs.push([key, text.slice(pair.key.range[0], to)]);
  }
  for (const field of (branch.required ?? []) as string[]) {
    const fill = fillValue(props[field] as Record<string, unknown> | undefined);
    if (!pairs.some(([k]) => k === field) && fill !== null) pairs.push([field, `${field}: ${scalarText(fill)}`]);
  }
  const items = pairs.map(([, t]) => t);
  if (map.flow) return text.slice(0, map.range[0]) + `{${items.join(', ')}}` + text.slice(map.range[1]);
  const start = map.range[0];
  const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
  return text.slice(0, start) + items.join(`\n${indent}`) + text.slice(end);
}
