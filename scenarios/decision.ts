import { METRICS, type Constraint, type Decision, type MetricName } from '../engine/index.ts';
import { cutText, describeValue, isObject, type RawIssue } from './issues.ts';
import { CONSTRAINT_WHAT, decisionSchema } from './schema-experiment.ts';
import { suggestKey } from './suggest.ts';

const PATTERN = /^\s*([A-Za-z][\w.]*)\s*(>=|<=|==|=|>|<|≥|≤)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*(%))?\s*$/;
const OPS: Record<string, Constraint['op']> = { '>=': '>=', '≥': '>=', '<=': '<=', '≤': '<=', '==': '==', '=': '==', '>': '>', '<': '<' };

/** A constraint's text → the constraint, or what is wrong with it. `99.5 %` means 0.995. */
export function parseConstraint(text: string): Constraint | string {
  const m = PATTERN.exec(text);
  if (!m) return `expected ${CONSTRAINT_WHAT}, got ${describeValue(text)}`;
  const problem = metricProblem(m[1]);
  if (problem) return problem;
  const value = Number(m[3]) / (m[4] ? 100 : 1);
  if (!Number.isFinite(value)) return `the bound ${cutText(m[3])} is past the largest number (about 1.8e308): expected a finite bound, got ${describeValue(text)}`;
  if (m[4] && m[1] !== 'availability') return `a % bound is for availability only (${m[1]} is not a share), got ${describeValue(text)}`;
  // Availability is a share 0..1: 99.5 without % would ask for 99.5 (no arm meets it), 150 % for more than all.
  if (m[1] === 'availability' && (value < 0 || value > 1)) return `availability is a share from 0 to 1 (0 % to 100 %): write ${m[4] ? 'a percentage from 0 % to 100 %' : value < 0 || value > 100 ? 'a share from 0 to 1, or a percentage from 0 % to 100 %' : `${cutText(m[3])} % or ${+(value / 100).toPrecision(12)}`}, got ${describeValue(text)}`;
  return { metric: m[1] as MetricName, op: OPS[m[2]], value: +value.toPrecision(12) };
}

/** Problems in `decision:` its schema cannot see (metric names, constraint syntax), whatever else is wrong with it. */
export function decisionChecks(root: Record<string, unknown>): RawIssue[] {
  const d = root.decision;
  if (!isObject(d)) return [];
  const issues: RawIssue[] = [];
  const problem = typeof d.objective === 'string' ? metricProblem(d.objective) : null;
  if (problem) issues.push({ path: ['decision', 'objective'], anchor: 'value', message: problem });
  if (Array.isArray(d.constraints)) {
    d.constraints.forEach((text, i) => {
      const c = typeof text === 'string' ? parseConstraint(text) : null;
      if (typeof c === 'string') issues.push({ path: ['decision', 'constraints', i], anchor: 'value', message: c });
    });
  }
  return issues;
}

/** The decision of a valid file (absent: none, the engine's default applies). */
export function toDecision(root: Record<string, unknown>): Decision | undefined {
  if (root.decision === undefined) return undefined;
  const d = decisionSchema.parse(root.decision);
  return { objective: d.objective as MetricName, direction: d.direction, constraints: d.constraints.map((t) => parseConstraint(t) as Constraint) };
}

function metricProblem(name: string): string | null {
  if ((METRICS as readonly string[]).includes(name)) return null;
  const guess = suggestKey(name, METRICS);
  return `unknown metric ${describeValue(name)}${guess ? ` (did you mean ${guess}?)` : `; metrics are: ${METRICS.join(', ')}`}`;
}
