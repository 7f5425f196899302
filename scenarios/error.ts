/** One problem found in a scenario file, with the position of the offending node. */
export interface ScenarioIssue {
  file: string;
  /** 1-based; 0 when the problem has no position (a command-line override). */
  line: number;
  /** 1-based. */
  col: number;
  /** Field path such as `plans.basic.quotaMB` or `arms[1].cohorts[0].plan`. */
  path: string;
  message: string;
}

/** Thrown by the loader; lists every problem found, one per line as `file:line:col: path: message`. */
export class ScenarioError extends Error {
  readonly code = 'E_SCENARIO';
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return `${where}: ${issue.path}: ${issue.message}`;
}
