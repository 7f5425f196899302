import type { ArmConfig } from '../engine/index.ts';
import { mergeArm } from './arms.ts';
import { armLimits, crossChecks } from './checks.ts';
import { readFleet, type FleetFiles } from './fleet.ts';
import type { RawIssue } from './issues.ts';
import { toArmConfig } from './normalize.ts';
import { armScenarioSchema } from './schema.ts';
import { readTraces, type ReadFile, type TraceFiles } from './traces.ts';
import type { Segment } from './source.ts';
import { fromZod } from './zod-issues.ts';

/** What one load reads besides the scenario's text: trace and fleet files, cached across arms. */
export interface LoadFiles {
  /** The scenario file's name; trace and fleet paths resolve relative to its folder. */
  file: string;
  readFile?: ReadFile;
  traces: TraceFiles;
  fleets: FleetFiles;
}

/** How a zod issue shows the offending value (the number as written, where it can be found). */
export type Describe = (path: Segment[], value: unknown) => string;

/**
 * One arm, the one way every arm is built (explicit, swept, or a sensitivity variant):
 * its overrides merged over the scenario, validated, checked across fields, its trace and
 * fleet files read, and converted to the engine's ArmConfig — only when the merged config has
 * no problem at all, so a problem the scenario already reported never lets a broken arm through.
 */
export function buildArm(doc: Record<string, unknown>, arm: Record<string, unknown>, name: string, files: LoadFiles, describe: Describe): { config: ArmConfig | null; issues: RawIssue[] } {
  const merged = mergeArm(doc, arm);
  const parsed = armScenarioSchema.safeParse(merged);
  const issues = [
    // An unknown key at the top came from the scenario (an arm sets only the keys it may override): the
    // scenario's own check names it once, with the keys a file may have; the arm's would name it again per arm.
    ...(parsed.success ? [] : fromZod(parsed.error.issues, merged, describe).filter((r) => !(r.anchor === 'key' && r.path.length === 1))),
    ...crossChecks(merged),
    ...readTraces(merged, files.file, files.readFile, files.traces),
    ...readFleet(merged, files.file, files.readFile, files.fleets, files.traces.contents),
  ];
  const config = parsed.success && issues.length === 0 ? toArmConfig(name, parsed.data, files.traces.numbers, files.fleets) : null;
  // Checked on the converted arm, which holds the cohorts an imported fleet adds.
  const limits = config ? armLimits(config) : [];
  return limits.length > 0 ? { config: null, issues: limits } : { config, issues };
}
