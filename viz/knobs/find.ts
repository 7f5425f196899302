import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { DEFAULT_CURRENCY, scenarioJsonSchema } from '../../scenarios/index.ts';
import { SKIP, unitOf } from './units.ts';

/** A path into the scenario document: keys and list indexes. */
export type KnobPath = (string | number)[];

interface KnobBase {
  path: KnobPath;
  /** The path as the loader's messages write it: `plans.tracker.quotaMB`. */
  key: string;
  /** Where the value is written in the text: [start, end) offsets. */
  range: [number, number];
}

export interface NumberKnob extends KnobBase {
  kind: 'number';
  value: number;
  /** The slider's range: the schema's bounds, the upper one cut to a span around the value. */
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** `MB`, `%`, `days`, the scenario's currency…; '' when none. */
  unit: string;
}

export interface BooleanKnob extends KnobBase {
  kind: 'boolean';
  value: boolean;
}

export interface ChoiceKnob extends KnobBase {
  kind: 'choice';
  value: string;
  options: string[];
}

export type Knob = NumberKnob | BooleanKnob | ChoiceKnob;

type Schema = Record<string, any>;
let root: Schema | null = null;

/**
 * The numeric, boolean and choice fields written in a scenario's text, in the order they appear,
 * each with what the scenario's JSON Schema says of it (bounds, integer, the kinds a `kind:` may
 * take). Fields a knob would not help with (seed, block size, decision, sensitivity, sweep value
 * lists) are left out. Text that is not YAML gives no knobs.
 */
export function findKnobs(text: string): Knob[] {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  root ??= scenarioJsonSchema() as Schema;
  const currency = String(doc.get('currency') ?? DEFAULT_CURRENCY);
  const out: Knob[] = [];
  walk(doc.contents, root, [], currency, out);
  return out;
}

function walk(node: Node, schema: Schema | null, path: KnobPath, currency: string, out: Knob[]): void {
  if (isMap(node)) {
    const branches = pickBranches(schema, node);
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.value === null) continue;
      const key = pair.key.value as string | number;
      const next = [...path, key];
      if (SKIP.some((re) => re.test(dotted(next)))) continue;
      walk(pair.value as Node, childOf(branches, key), next, currency, out);
    }
  } else if (isSeq(node)) {
    const branches = flatten(schema);
    node.items.forEach((item, i) => walk(item as Node, itemOf(branches, i), [...path, i], currency, out));
  } else if (isScalar(node) && node.range && schema) {
    const knob = leaf(node.value, schema, path, currency, [node.range[0], node.range[1]]);
    if (knob) out.push(knob);
  }
}

function leaf(value: unknown, schema: Schema, path: KnobPath, currency: string, range: [number, number]): Knob | null {
  const key = dotted(path);
  const branches = flatten(schema);
  if (typeof value === 'boolean' && branches.some((b) => b.type === 'boolean')) return { kind: 'boolean', path, key, range, value };
  if (typeof value === 'string' && path.at(-1) === 'kind' && schema.__kinds) return { kind: 'choice', path, key, range, value, options: schema.__kinds };
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const num = branches.find((b) => b.type === 'number' || b.type === 'integer');
  if (!num) return null;
  const integer = num.type === 'integer';
  // A span around the value, within the schema's bounds: 0 (or the schema's minimum) to about 4× the value.
  const around = value === 0 ? 10 : niceCeil(Math.max(Math.abs(value) * 4, integer ? 10 : 0));
  const hardMin = num.minimum ?? num.exclusiveMinimum ?? 0, hardMax = num.maximum ?? Infinity;
  const min = Math.min(value, Math.max(hardMin, -around));
  const max = Math.max(value, hardMax <= 1000 && Math.abs(value) >= hardMax / 20 ? hardMax : Math.min(hardMax, around));
  return { kind: 'number', path, key, range, value, min, max, step: stepFor(min, max, integer), integer, unit: unitOf(path, currency) };
}

/** A slider step: about 200 steps over the range, a round number, 1 at least for integers. */
function stepFor(min: number, max: number, integer: boolean): number {
  const raw = (max - min) / 200 || 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => Number((k * p).toPrecision(6))).find((s) => s >= raw)!;
  return integer ? Math.max(1, Math.round(step)) : step;
}

function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((k) => Number((k * p).toPrecision(6))).find((s) => s >= x)!;
}

export function dotted(path: KnobPath): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

// ── the scenario's JSON Schema, walked alongside the document ─────────────

function deref(s: Schema | null | undefined): Schema | null {
  let out = s ?? null;
  for (let guard = 0; out && out.$ref && guard < 50; guard++) {
    const { $ref, ...rest } = out;
    out = { ...root!.$defs[String($ref).split('/').pop()!], ...rest };
  }
  return out;
}

/** The alternatives a schema allows (anyOf / oneOf), each dereferenced. */
function flatten(s: Schema | null): Schema[] {
  const d = deref(s);
  if (!d) return [];
  const alts = d.anyOf ?? d.oneOf;
  return alts ? (alts as Schema[]).flatMap(flatten) : [d];
}

/** The object alternatives for this mapping; with a `kind:` discriminator, the one its value names (and the kinds, for a choice). */
function pickBranches(s: Schema | null, node: YAMLMap): Schema[] {
  const objects = flatten(s).filter((b) => b.type === 'object' || b.properties || b.additionalProperties);
  const kinds = objects.map((b) => deref(b.properties?.kind)?.const).filter((k): k is string => typeof k === 'string');
  if (kinds.length < 2) return objects;
  const kind = node.get('kind');
  const chosen = objects.filter((b) => deref(b.properties?.kind)?.const === kind);
  return chosen.map((b) => ({ ...b, properties: { ...b.properties, kind: { type: 'string', __kinds: kinds } } }));
}

function childOf(branches: Schema[], key: string | number): Schema | null {
  for (const b of branches) {
    if (b.properties && key in b.properties) return b.properties[key];
  }
  for (const b of branches) {
    if (b.additionalProperties && typeof b.additionalProperties === 'object') return b.additionalProperties;
  }
  return null;
}

function itemOf(branches: Schema[], i: number): Schema | null {
  for (const b of branches) {
    if (b.prefixItems?.[i]) return b.prefixItems[i];
    if (b.items && typeof b.items === 'object') return b.items;
  }
  return null;
}

/**
 * The schema of the mapping at `path` in the document when its `kind:` is `kind` (the branch of
 * its discriminated union), or null when the path or the kind is unknown.
 */
export function kindBranch(text: string, path: KnobPath, kind: string): Schema | null {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return null;
  root ??= scenarioJsonSchema() as Schema;
  let schema: Schema | null = root;
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) schema = childOf(pickBranches(schema, node), key);
    else if (isSeq(node)) schema = itemOf(flatten(schema), key as number);
    else return null;
    node = (node as YAMLMap).get(key, true);
  }
  return flatten(schema).find((b) => deref(b.properties?.kind)?.const === kind) ?? null;
}

/** The value a required field gets when a kind is chosen: its default, else its example, else the least it may be. */
export function fillValue(field: Schema | undefined): number | boolean | string | null {
  const s = deref(field);
  if (!s) return null;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (s.type === 'integer' ? 1 : 0) : 0);
  if (s.type === 'boolean') return false;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  return null;
}
