/** The loader's arms: those listed under `arms:` and those a `sweep:` generates, each built by `buildArm`. */
import type { ArmConfig } from '../engine/index.ts';
import { describeValue, formatPath, isObject } from './issues.ts';
import type { Segment, Source } from './source.ts';
import { sweepArms } from './sweep.ts';
import { parsePath } from './paths.ts';
import { buildArm, type LoadFiles } from './build-arm.ts';
import { describer, issueKey, place, type Built } from './parse-place.ts';
import { lookalike, nameProblem } from './name-checks.ts';

/** The arms listed under `arms:`, each at its own line. */
export function explicitArms(root: Record<string, unknown>, list: unknown[], source: Source, files: LoadFiles, reported: Set<string>): Built<ArmConfig> {
  const out: Built<ArmConfig> = { items: [], issues: [] };
  list.forEach((arm, i) => {
    if (!isObject(arm)) return;
    const name = typeof arm.name === 'string' ? arm.name : null;
    const { config, issues } = buildArm(root, arm, name ?? '', files, describer(source, i));
    out.issues.push(...issues.filter((r) => !reported.has(issueKey(r))).map((r) => place(source, r, i)));
    if (config && name !== null) out.items.push(config);
  });
  return out;
}

/** The arms a `sweep:` generates; a problem is blamed on the swept key that causes it. */
export function sweptArms(root: Record<string, unknown>, source: Source, files: LoadFiles, reported: Set<string>): Built<ArmConfig> {
  const out: Built<ArmConfig> = { items: [], issues: [] };
  const named = new Set(Array.isArray(root.arms) ? root.arms.map((a) => (isObject(a) ? a.name : undefined)) : []);
  const listed = new Set(named);
  // A generated name is held to the listed names' rules (name-checks.ts): no hidden character, no look-alike of another.
  const looks = new Map<string, string>();
  for (const n of named) if (typeof n === 'string') looks.set(lookalike(n), n);
  for (const arm of sweepArms(root)) {
    const { config, issues } = buildArm(root, arm.overrides, arm.name, files, (_path, value) => describeValue(value));
    const own = issues.filter((r) => !reported.has(issueKey(r)));
    const problem = nameProblem(arm.name, looks, 'arm');
    if (named.has(arm.name)) own.unshift({ path: [], anchor: 'value', message: `arm name ${describeValue(arm.name)} is taken by ${listed.has(arm.name) ? 'an arm in arms' : 'another arm of the sweep (a repeated name is numbered: "x", "x (2)")'}` });
    else if (problem !== null) own.unshift({ path: [], anchor: 'value', message: problem });
    if (!looks.has(lookalike(arm.name))) looks.set(lookalike(arm.name), arm.name);
    for (const r of own) {
      const blame = r.path.length === 0 ? null : (arm.keys.find((k) => isPrefix(parsePath(k)!, r.path) || isPrefix(r.path, parsePath(k)!)) ?? null);
      const message = blame && JSON.stringify(r.path) === JSON.stringify(parsePath(blame)) ? `a swept value is invalid: ${r.message}` : `arm ${describeValue(arm.name)}: ${formatPath(r.path)}: ${r.message}`;
      out.issues.push(place(source, { path: blame ? ['sweep', blame] : ['sweep'], anchor: blame ? 'value' : 'key', message }));
    }
    if (config) out.items.push(config);
    named.add(arm.name);
  }
  return out;
}

function isPrefix(a: readonly Segment[], b: readonly Segment[]): boolean {
  return a.length <= b.length && a.every((s, k) => s === b[k]);
}
