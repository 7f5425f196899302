import type { ArmConfig, ExperimentConfig, SensitivityCase } from '../engine/index.ts';
import { armChecks, armLimits, crossChecks } from './checks.ts';
import { ScenarioError, type ScenarioIssue } from './error.ts';
import { scenarioHash } from './hash.ts';
import { toArmConfig } from './normalize.ts';
import { fileSchema } from './schema.ts';
import { readSyntax } from './syntax.ts';
import { parseSource } from './source.ts';
import { emptyTraceFiles, readTraces } from './traces.ts';
import { emptyFleetFiles, readFleet } from './fleet.ts';
import { fromZod } from './zod-issues.ts';
import { sweepChecks, sweepParameters } from './sweep.ts';
import { decisionChecks, toDecision } from './decision.ts';
import { sensitivityChecks } from './sensitivity.ts';
import { MAX_ARMS, sweepSchema } from './schema-experiment.ts';
import type { LoadFiles } from './build-arm.ts';
import { explicitArms, sweptArms } from './parse-arms.ts';
import { armsAt, sensitivityCases } from './parse-sensitivity.ts';
import { describer, issueKey, place, sortIssues } from './parse-place.ts';

export interface ParseOptions {
  /** The file's name as shown in messages; trace `file:` paths resolve relative to its folder. */
  file: string;
  /** Reads a trace file by its resolved path. Without it, a scenario that references one is an error. */
  readFile?: (path: string) => string;
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
