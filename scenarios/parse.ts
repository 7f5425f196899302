import type { ArmConfig, ExperimentConfig, SensitivityCase } from '../engine/index.ts';
import { armChecks, armLimits, crossChecks } from './checks.ts';
import { ScenarioError, formatIssue, type ScenarioIssue } from './error.ts';
import { scenarioHash } from './hash.ts';
import { describeValue, formatPath, isObject, valueAt, type RawIssue } from './issues.ts';
import { toArmConfig } from './normalize.ts';
import { fileSchema } from './schema.ts';
import { readSyntax } from './syntax.ts';
import { locate, numberAsWritten, parseSource, type Position, type Segment, type Source } from './source.ts';
import { emptyTraceFiles, readTraces } from './traces.ts';
import { emptyFleetFiles, readFleet } from './fleet.ts';
import { fromZod } from './zod-issues.ts';
import { sweepArms, sweepChecks, sweepParameters } from './sweep.ts';
import { decisionChecks, toDecision } from './decision.ts';
import { integerField, reachedArms, sensitivityChecks, unchangedProblem } from './sensitivity.ts';
import { parsePath, setAt } from './paths.ts';
import { MAX_ARMS, sensitivitySchema, sweepSchema } from './schema-experiment.ts';
import { buildArm, type LoadFiles } from './build-arm.ts';
import { mergeArm } from './arms.ts';

export interface ParseOptions {
  /** The file's name as shown in messages; trace `file:` paths resolve relative to its folder. */
  file: string;
  /** Reads a trace file by its resolved path. Without it, a scenario that references one is an error. */
  readFile?: (path: string) => string;
}

/** Arms built, and the problems found building them, positioned in the file. */
interface Built<T> {
  items: T[];
  issues: ScenarioIssue[];
}

/**
 * Parses, validates and normalizes a scenario's text: explicit arms first, then the arms a
 * `sweep:` generates; with `decision:` and `sensitivity:`, those too. Every arm is built by
 * `buildArm` (merge → validate → check → convert). Pure and browser-safe. Throws `ScenarioError`.
 */
export function parseScenario(text: string, opts: ParseOptions): ExperimentConfig {
  const source = parseSource(text, opts.file);
  const syntax = readSyntax(source);
  if ('issues' in syntax) throw new ScenarioError(syntax.issues);
  const root = syntax.root;
  const files: LoadFiles = { file: opts.file, readFile: opts.readFile, traces: emptyTraceFiles(), fleets: emptyFleetFiles() };

  const base = fileSchema.safeParse(root);
  const baseIssues = [
    ...(base.success ? [] : fromZod(base.error.issues, root, describer(source))),
    ...armChecks(root),
    ...crossChecks(root),
    ...readTraces(root, files.file, files.readFile, files.traces),
    ...readFleet(root, files.file, files.readFile, files.fleets, files.traces.contents),
    ...sweepChecks(root),
    ...decisionChecks(root),
    ...sensitivityChecks(root),
  ];
  // An arm's problem that the scenario itself already has is reported once, at the scenario's line.
  const reported = new Set(baseIssues.map(issueKey));
  const issues: ScenarioIssue[] = baseIssues.map((r) => place(source, r));
  const arms: ArmConfig[] = [];

  if (!Array.isArray(root.arms)) {
    if (base.success && baseIssues.length === 0 && root.sweep === undefined) {
      const config = toArmConfig('baseline', base.data, files.traces.numbers, files.fleets);
      // As in buildArm: the cohorts an imported fleet adds are checked on the converted arm.
      const limits = armLimits(config);
      if (limits.length === 0) arms.push(config);
      else issues.push(...limits.map((r) => place(source, r)));
    }
  } else {
    const explicit = explicitArms(root, root.arms, source, files, reported);
    arms.push(...explicit.items);
    issues.push(...explicit.issues);
  }
  if (root.sweep !== undefined && sweepSchema.safeParse(root.sweep).success && !baseIssues.some((r) => r.path[0] === 'sweep')) {
    const swept = sweptArms(root, source, files, reported);
    arms.push(...swept.items);
    issues.push(...swept.issues);
  }
  let sensitivity: SensitivityCase[] | undefined;
  if (issues.length === 0 && root.sensitivity !== undefined) {
    // Each entry builds every arm twice (low, high) before anything runs: bounded as the sweep's arms are.
    const entries = Array.isArray(root.sensitivity) ? root.sensitivity.length : 0;
    if (entries * arms.length > MAX_ARMS) {
      issues.push(place(source, { path: ['sensitivity'], anchor: 'key', message: `expected at most ${MAX_ARMS} entries × arms, got ${entries} entries × ${arms.length} arms (each entry runs every arm at its low and its high): fewer entries, or fewer arms` }));
    } else {
      const cases = sensitivityCases(root, source, files);
      sensitivity = cases.items;
      issues.push(...cases.issues);
    }
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
    commonRandomNumbers: data.commonRandomNumbers,
    stratify: data.stratify,
    arms,
    hash: scenarioHash(root, files.traces.contents),
    ...(decision && { decision }),
    ...(sensitivity && { sensitivity, armsAt: armsAt(root, sensitivity.map((c) => c.path), files, source) }),
    ...(root.sweep !== undefined && { parameters: sweepParameters(root) }),
  };
}

/** The arms listed under `arms:`, each at its own line. */
function explicitArms(root: Record<string, unknown>, list: unknown[], source: Source, files: LoadFiles, reported: Set<string>): Built<ArmConfig> {
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
function sweptArms(root: Record<string, unknown>, source: Source, files: LoadFiles, reported: Set<string>): Built<ArmConfig> {
  const out: Built<ArmConfig> = { items: [], issues: [] };
  const named = new Set(Array.isArray(root.arms) ? root.arms.map((a) => (isObject(a) ? a.name : undefined)) : []);
  for (const arm of sweepArms(root)) {
    const { config, issues } = buildArm(root, arm.overrides, arm.name, files, (_path, value) => describeValue(value));
    const own = issues.filter((r) => !reported.has(issueKey(r)));
    if (named.has(arm.name)) own.unshift({ path: [], anchor: 'value', message: `arm name ${JSON.stringify(arm.name)} is taken by an arm in arms` });
    for (const r of own) {
      const blame = r.path.length === 0 ? null : (arm.keys.find((k) => isPrefix(parsePath(k)!, r.path) || isPrefix(r.path, parsePath(k)!)) ?? null);
      const message = blame && formatPath(r.path) === formatPath(parsePath(blame)!) ? `a swept value is invalid: ${r.message}` : `arm ${JSON.stringify(arm.name)}: ${formatPath(r.path)}: ${r.message}`;
      out.issues.push(place(source, { path: blame ? ['sweep', blame] : ['sweep'], anchor: blame ? 'value' : 'key', message }));
    }
    if (config) out.items.push(config);
    named.add(arm.name);
  }
  return out;
}

/**
 * Every arm again with each sensitivity parameter at its low and at its high value (set at scenario
 * level); a parameter whose arms come out the same at both (every arm sets it itself) is refused.
 */
function sensitivityCases(root: Record<string, unknown>, source: Source, files: LoadFiles): Built<SensitivityCase> {
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
        issues.push(place(source, { path: ['sensitivity', i, side], anchor: 'value', message: `${side} ${p[side]} makes arm ${JSON.stringify(arm.name)} invalid: ${formatPath(r.path)}: ${r.message}` }));
        break;
      }
      return out;
    };
    const before = issues.length;
    const lowArms = variant('low'), highArms = variant('high');
    const unchanged = issues.length === before ? unchangedProblem(p, { low: lowArms, high: highArms }, reached) : null;
    if (unchanged) issues.push(place(source, { path: ['sensitivity', i, 'path'], anchor: 'value', message: unchanged }));
    return { path: p.path, low: p.low, high: p.high, integer: integerField(path), lowArms, highArms, reached: reachedArms(reached) };
  });
  return { items, issues };
}

/**
 * Every arm with all the sensitivity parameters set at once (ExperimentConfig.armsAt, for global
 * sensitivity). A point that makes an arm invalid throws the scenario's error, at `sensitivity:`.
 */
function armsAt(root: Record<string, unknown>, paths: string[], files: LoadFiles, source: Source): (values: number[]) => ArmConfig[] {
  return (values) => {
    let doc = root;
    paths.forEach((p, i) => (doc = setAt(doc, parsePath(p)!, values[i])));
    const sources = Array.isArray(doc.arms) ? (doc.arms as Record<string, unknown>[]) : doc.sweep === undefined ? [{ name: 'baseline' }] : [];
    return [...sources, ...sweepArms(doc).map((a) => ({ name: a.name, ...a.overrides }))].map((arm) => {
      const built = buildArm(doc, arm, arm.name as string, files, (_path, value) => describeValue(value));
      if (built.config) return built.config;
      const r = built.issues[0];
      const at = paths.map((p, i) => `${p} = ${values[i]}`).join(', ');
      throw new ScenarioError([place(source, {
        path: ['sensitivity'],
        anchor: 'key',
        message: `the design point ${at} makes arm ${JSON.stringify(arm.name)} invalid: ${formatPath(r.path)}: ${r.message} (each range is valid alone; the Morris and Sobol designs set them together: narrow the ranges)`,
      })]);
    });
  };
}

function issueKey(r: RawIssue): string {
  return `${formatPath(r.path)}\u0000${r.message}`;
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
