import { isObject } from './issues.ts';
import { ARM_OVERRIDABLE } from './schema-arm.ts';
import { DIST_KINDS } from './schema-dist.ts';

/**
 * Objects merge key by key; lists, scalars and null replace. An object of another kind
 * replaces the whole object too: another `kind:` (a renewal policy, a profile) or another
 * distribution family (`{uniform: …}` over `{normal: …}`), since the old kind's fields mean
 * nothing to the new one. Inputs are not modified.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override) || otherKind(base, override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = Object.hasOwn(base, k) ? deepMerge(base[k], v) : v;
  return out;
}

/** The only object with a default `kind` is a profile (lognormal); renewal policies always name theirs. */
const DEFAULT_KIND = 'lognormal';

function otherKind(base: Record<string, unknown>, override: Record<string, unknown>): boolean {
  if (Object.hasOwn(override, 'kind')) return (Object.hasOwn(base, 'kind') ? base.kind : DEFAULT_KIND) !== override.kind;
  const a = family(base), b = family(override);
  return a !== null && b !== null && a !== b;
}

/** Keys that name an object's kind like a distribution family: a pre-service `silent` period in `months` or in `days`. */
const UNIT_KEYS = ['months', 'days'];

/** A distribution's family (its one key among the distribution kinds), or a silent period's unit; null for other objects. */
function family(o: Record<string, unknown>): string | null {
  if (Object.keys(o).length === 1 && UNIT_KEYS.includes(Object.keys(o)[0])) return Object.keys(o)[0];
  const keys = Object.keys(o).filter((k) => (DIST_KINDS as readonly string[]).includes(k));
  return keys.length === 1 ? keys[0] : null;
}

/** The scenario an arm runs: the file without `arms` and the experiment sections, with the arm's overrides merged over it. */
export function mergeArm(root: Record<string, unknown>, arm: Record<string, unknown>): Record<string, unknown> {
  const { arms: _arms, sweep: _sweep, decision: _decision, sensitivity: _sensitivity, ...base } = root;
  const overrides = Object.fromEntries(ARM_OVERRIDABLE.filter((k) => Object.hasOwn(arm, k)).map((k) => [k, arm[k]]));
  return deepMerge(base, overrides) as Record<string, unknown>;
}
