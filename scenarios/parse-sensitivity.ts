/** The loader's `sensitivity:` arms: every arm at each parameter's low and high, and at a design point of them all. */
import type { ArmConfig, SensitivityCase } from '../engine/index.ts';
import { ScenarioError, type ScenarioIssue } from './error.ts';
import { cutText, describeValue, formatPath, valueAt } from './issues.ts';
import type { Source } from './source.ts';
import { sweepArms } from './sweep.ts';
import { integerField, reachedArms, unchangedProblem } from './sensitivity.ts';
import { parsePath, setAt } from './paths.ts';
import { sensitivitySchema } from './schema-experiment.ts';
import { buildArm, type LoadFiles } from './build-arm.ts';
import { mergeArm } from './arms.ts';
import { place, type Built } from './parse-place.ts';

/**
 * Every arm again with each sensitivity parameter at its low and at its high value (set at scenario
 * level); a parameter whose arms come out the same at both (every arm sets it itself) is refused.
 */
export function sensitivityCases(root: Record<string, unknown>, source: Source, files: LoadFiles): Built<SensitivityCase> {
  const issues: ScenarioIssue[] = [];
  const items = sensitivitySchema.parse(root.sensitivity).map((p, i) => {
    const path = parsePath(p.path)!;
    const reached = { low: [] as unknown[], high: [] as unknown[] };
    const variant = (side: 'low' | 'high'): ArmConfig[] => {
      const doc = setAt(root, path, p[side]);
      const sources = Array.isArray(doc.arms) ? (doc.arms as Record<string, unknown>[]) : doc.sweep === undefined ? [{ name: 'baseline' }] : [];
      const out: ArmConfig[] = [];
      for (const arm of [...sources, ...sweepArms(doc).map((a) => ({ name: a.name, ...a.overrides }))]) {
        const built = buildArm(doc, arm, arm.name as string, files, (_path, value) => describeValue(value));
        if (built.config) {
          out.push(built.config);
          reached[side].push(valueAt(mergeArm(doc, arm), path));
          continue;
        }
        const r = built.issues[0];
        issues.push(place(source, { path: ['sensitivity', i, side], anchor: 'value', message: `${side} ${p[side]} makes arm ${describeValue(arm.name)} invalid: ${formatPath(r.path)}: ${r.message}` }));
        break;
      }
      return out;
    };
    const before = issues.length;
    const lowArms = variant('low'), highArms = variant('high');
    const reaches = reachedArms(reached);
    const unchanged = issues.length === before ? unchangedProblem(p, { low: lowArms, high: highArms }, reaches) : null;
    if (unchanged) issues.push(place(source, { path: ['sensitivity', i, 'path'], anchor: 'value', message: unchanged }));
    return { path: p.path, low: p.low, high: p.high, integer: integerField(path), lowArms, highArms, reached: reaches };
  });
  return { items, issues };
}

/**
 * Every arm with all the sensitivity parameters set at once (ExperimentConfig.armsAt, for global
 * sensitivity). A point that makes an arm invalid throws the scenario's error, at `sensitivity:`.
 */
export function armsAt(root: Record<string, unknown>, paths: string[], files: LoadFiles, source: Source): (values: number[]) => ArmConfig[] {
  return (values) => {
    let doc = root;
    paths.forEach((p, i) => (doc = setAt(doc, parsePath(p)!, values[i])));
    const sources = Array.isArray(doc.arms) ? (doc.arms as Record<string, unknown>[]) : doc.sweep === undefined ? [{ name: 'baseline' }] : [];
    return [...sources, ...sweepArms(doc).map((a) => ({ name: a.name, ...a.overrides }))].map((arm) => {
      const built = buildArm(doc, arm, arm.name as string, files, (_path, value) => describeValue(value));
      if (built.config) return built.config;
      const r = built.issues[0];
      const at = paths.map((p, i) => `${cutText(p)} = ${values[i]}`).join(', ');
      throw new ScenarioError([place(source, {
        path: ['sensitivity'],
        anchor: 'key',
        message: `the design point ${at} makes arm ${describeValue(arm.name)} invalid: ${formatPath(r.path)}: ${r.message} (each range is valid alone; the Morris and Sobol designs set them together: narrow the ranges)`,
      })]);
    });
  };
}
