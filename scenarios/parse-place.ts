/**
 * Where the loader reports a problem: its position in the file (an arm's own node or the
 * scenario's), a value as written, and the order of the list, duplicates dropped.
 */
import { formatIssue, type ScenarioIssue } from './error.ts';
import { describeValue, formatPath, type RawIssue } from './issues.ts';
import { locate, numberAsWritten, type Position, type Segment, type Source } from './source.ts';

/** Arms built, and the problems found building them, positioned in the file. */
export interface Built<T> {
  items: T[];
  issues: ScenarioIssue[];
}

export function issueKey(r: RawIssue): string {
  return `${JSON.stringify(r.path)}\u0000${r.message}`;
}

export function describer(source: Source, arm?: number) {
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
export function place(source: Source, r: RawIssue, arm?: number): ScenarioIssue {
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
export function sortIssues(issues: ScenarioIssue[], file: string): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const key = formatIssue(i);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => Number(a.file !== file) - Number(b.file !== file) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
