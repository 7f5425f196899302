import { isObject } from './issues.ts';
import { ARM_OVERRIDABLE } from './schema.ts';

/** Objects merge key by key; lists, scalars and null replace. Inputs are not modified. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = Object.hasOwn(base, k) ? deepMerge(base[k], v) : v;
  return out;
}

/** The scenario an arm runs: the file without `arms` and the experiment sections, with the arm's overrides merged over it. */
export function mergeArm(root: Record<string, unknown>, arm: Record<string, unknown>): Record<string, unknown> {
  const { arms: _arms, sweep: _sweep, decision: _decision, sensitivity: _sensitivity, ...base } = root;
  const overrides = Object.fromEntries(ARM_OVERRIDABLE.filter((k) => Object.hasOwn(arm, k)).map((k) => [k, arm[k]]));
  return deepMerge(base, overrides) as Record<string, unknown>;
}
