import type { ArmConfig, ExperimentConfig, SensitivityCase } from '../engine/index.ts';
import { mergeArm } from './arms.ts';
import { armChecks, crossChecks } from './checks.ts';
import { ScenarioError, formatIssue, type ScenarioIssue } from './error.ts';
import { scenarioHash } from './hash.ts';
import { describeValue, formatPath, isObject, type RawIssue } from './issues.ts';
import { toArmConfig } from './normalize.ts';
import { armScenarioSchema, fileSchema } from './schema.ts';
import { readSyntax } from './syntax.ts';
import { locate, numberAsWritten, parseSource, type Position, type Segment, type Source } from './source.ts';
import { emptyTraceFiles, readTraces } from './traces.ts';
import { emptyFleetFiles, readFleet } from './fleet.ts';
import { fromZod } from './zod-issues.ts';
import { sweepArms, sweepChecks } from './sweep.ts';
import { decisionChecks, toDecision } from './decision.ts';
import { sensitivityChecks } from './sensitivity.ts';
import { parsePath, setAt } from './paths.ts';
import { sensitivitySchema, sweepSchema } from './schema-experiment.ts';

export interface ParseOptions {
  /** The file's name as shown in messages; trace `file:` paths resolve relative to its folder. */
  file: string;
  /** Reads a trace file by its resolved path. Without it, a scenario that references one is an error. */
  readFile?: (path: string) => string;
}

/**
 * Parses, validates and normalizes a scenario's text: explicit arms first, then the arms a
 * `sweep:` generates; with `decision:` and `sensitivity:`, those too. Pure and browser-safe.
 * Throws `ScenarioError`.
 */
export function parseScenario(text: string, opts: ParseOptions): ExperimentConfig {
  const source = parseSource(text, opts.file);
  const syntax = readSyntax(source);
  if ('issues' in syntax) throw new ScenarioError(syntax.issues);
  const root = syntax.root;

  const traces = emptyTraceFiles();
  const fleets = emptyFleetFiles();
  const issues: ScenarioIssue[] = [];
  const arms: ArmConfig[] = [];

  const base = fileSchema.safeParse(root);
  const baseIssues = [
    ...(base.success ? [] : fromZod(base.error.issues, root, describer(source))),
    ...armChecks(root),
    ...crossChecks(root),
    ...readTraces(root, opts.file, opts.readFile, traces),
    ...readFleet(root, opts.file, opts.readFile, fleets, traces.contents),
    ...sweepChecks(root),
    ...decisionChecks(root),
    ...sensitivityChecks(root),
  ];
  issues.push(...baseIssues.map((r) => place(source, r)));

  if (!Array.isArray(root.arms)) {
    if (base.success && baseIssues.length === 0 && root.sweep === undefined) arms.push(toArmConfig('baseline', base.data, traces.numbers, fleets));
  } else {
    const seen = new Set(baseIssues.map((r) => `${formatPath(r.path)}\u0000${r.message}`));
    root.arms.forEach((arm, i) => {
      if (!isObject(arm)) return;
      const merged = mergeArm(root, arm);
      const parsed = armScenarioSchema.safeParse(merged);
      const own = [
        ...(parsed.success ? [] : fromZod(parsed.error.issues, merged, describer(source, i))),
        ...crossChecks(merged),
        ...readTraces(merged, opts.file, opts.readFile, traces),
        ...readFleet(merged, opts.file, opts.readFile, fleets, traces.contents),
      ].filter((r) => !seen.has(`${formatPath(r.path)}\u0000${r.message}`));
      issues.push(...own.map((r) => place(source, r, i)));
      if (parsed.success && own.length === 0 && typeof arm.name === 'string') {
        arms.push(toArmConfig(arm.name, parsed.data, traces.numbers, fleets));
      }
    });
  }

  const baseSeen = new Set(baseIssues.map((r) => `${formatPath(r.path)}\u0000${r.message}`));
  if (root.sweep !== undefined && sweepSchema.safeParse(root.sweep).success && !baseIssues.some((r) => r.path[0] === 'sweep')) {
    const named = new Set(Array.isArray(root.arms) ? root.arms.map((a) => (isObject(a) ? a.name : undefined)) : []);
    for (const arm of sweepArms(root)) {
      const checked = checkArm(root, { name: arm.name, ...arm.overrides });
      const parsed = checked.parsed;
      const own = checked.own.filter((r) => !baseSeen.has(`${formatPath(r.path)}\u0000${r.message}`));
      if (named.has(arm.name)) own.unshift({ path: [], anchor: 'value', message: `arm name ${JSON.stringify(arm.name)} is taken by an arm in arms` });
      for (const r of own) {
        const blame = r.path.length === 0 ? null : (arm.keys.find((k) => isPrefix(parsePath(k)!, r.path) || isPrefix(r.path, parsePath(k)!)) ?? null);
        const message = blame && formatPath(r.path) === formatPath(parsePath(blame)!) ? `a swept value is invalid: ${r.message}` : `arm ${JSON.stringify(arm.name)}: ${formatPath(r.path)}: ${r.message}`;
        issues.push(place(source, { path: blame ? ['sweep', blame] : ['sweep'], anchor: blame ? 'value' : 'key', message }));
      }
      if (parsed && checked.own.length === 0) arms.push(toArmConfig(arm.name, parsed, traces.numbers, fleets));
      named.add(arm.name);
    }
  }

  let sensitivity: SensitivityCase[] | undefined;
  if (issues.length === 0 && root.sensitivity !== undefined) {
    sensitivity = sensitivitySchema.parse(root.sensitivity).map((p, i) => {
      const variant = (side: 'low' | 'high'): ArmConfig[] => {
        const root2 = setAt(root, parsePath(p.path)!, p[side]);
        const sources = Array.isArray(root2.arms)
          ? (root2.arms as Record<string, unknown>[])
          : root2.sweep === undefined ? [{ name: 'baseline' }] : [];
        const out: ArmConfig[] = [];
        for (const arm of [...sources, ...sweepArms(root2).map((a) => ({ name: a.name, ...a.overrides }))]) {
          const { parsed, own } = checkArm(root2, arm);
          if (parsed && own.length === 0) out.push(toArmConfig(arm.name as string, parsed, traces.numbers, fleets));
          else {
            const r = own[0];
            issues.push(place(source, { path: ['sensitivity', i, side], anchor: 'value', message: `${side} ${p[side]} makes arm ${JSON.stringify(arm.name)} invalid: ${formatPath(r.path)}: ${r.message}` }));
            break;
          }
        }
        return out;
      };
      return { path: p.path, low: p.low, high: p.high, lowArms: variant('low'), highArms: variant('high') };
    });
  }

  function checkArm(doc: Record<string, unknown>, arm: Record<string, unknown>) {
    const merged = mergeArm(doc, arm);
    const result = armScenarioSchema.safeParse(merged);
    const own = [
      ...(result.success ? [] : fromZod(result.error.issues, merged, (_path, value) => describeValue(value))),
      ...crossChecks(merged),
      ...readTraces(merged, opts.file, opts.readFile, traces),
      ...readFleet(merged, opts.file, opts.readFile, fleets, traces.contents),
    ];
    return { parsed: result.success ? result.data : null, own };
  }

  if (issues.length > 0) throw new ScenarioError(sortIssues(issues, opts.file));
  const data = base.data!;
  const decision = toDecision(root);
  return {
    name: data.name,
    question: data.question,
    seed: String(data.seed),
    replications: data.replications,
    blockSize: data.blockSize,
    arms,
    hash: scenarioHash(root, traces.contents),
    ...(decision && { decision }),
    ...(sensitivity && { sensitivity }),
  };
}

function isPrefix(a: readonly Segment[], b: readonly Segment[]): boolean {
  return a.length <= b.length && a.every((s, k) => s === b[k]);
}

function describer(source: Source, arm?: number) {
  return (path: Segment[], value: unknown) =>
    describeValue(
      value,
      (arm === undefined ? null : numberAsWritten(source, ['arms', arm, ...path], value)) ?? numberAsWritten(source, path, value),
    );
}

/**
 * Gives an issue its position: in an arm, at the arm's own node when the arm wrote that path,
 * else at the scenario's node; failing both, at the nearest enclosing node that is written.
 */
function place(source: Source, r: RawIssue, arm?: number): ScenarioIssue {
  const label = (arm === undefined ? '' : `arms[${arm}].`) + formatPath(r.path);
  if (r.at) return { ...r.at, path: label, message: r.message };
  const armPath: Segment[] = arm === undefined ? [] : ['arms', arm];
  const candidates = arm === undefined ? [r.path] : [[...armPath, ...r.path], r.path];
  let pos: Position | null = null;
  for (const c of candidates) pos ??= locate(source, c, r.anchor);
  const target = r.anchor === 'parent' ? r.path.slice(0, -1) : r.path;
  for (let len = target.length - 1; len >= 0 && !pos; len--) {
    if (arm !== undefined && len > 0) pos = locate(source, [...armPath, ...target.slice(0, len)], 'value');
    pos ??= len > 0 || arm === undefined ? locate(source, target.slice(0, len), 'value') : null;
  }
  pos ??= locate(source, armPath, 'value') ?? { line: 1, col: 1 };
  return { file: source.file, line: pos.line, col: pos.col, path: label, message: r.message };
}

/** Scenario-file issues by line and column, then other files' (trace files); duplicates dropped. */
function sortIssues(issues: ScenarioIssue[], file: string): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const key = formatIssue(i);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => Number(a.file !== file) - Number(b.file !== file) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
