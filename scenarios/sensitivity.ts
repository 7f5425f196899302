import type { RawIssue } from './issues.ts';
import { pathProblem } from './paths.ts';
import { sensitivitySchema } from './schema-experiment.ts';

/** Problems in `sensitivity:` its schema cannot see: paths, low < high, repeated paths. */
export function sensitivityChecks(root: Record<string, unknown>): RawIssue[] {
  const parsed = sensitivitySchema.safeParse(root.sensitivity);
  if (root.sensitivity === undefined || !parsed.success) return [];
  const issues: RawIssue[] = [];
  const first = new Map<string, number>();
  parsed.data.forEach((p, i) => {
    const problem = pathProblem(p.path, root);
    if (problem) issues.push({ path: ['sensitivity', i, 'path'], anchor: 'value', message: problem });
    if (!(p.low < p.high)) issues.push({ path: ['sensitivity', i, 'high'], anchor: 'value', message: `expected high > low (${p.low}), got ${p.high}` });
    const earlier = first.get(p.path);
    if (earlier !== undefined) issues.push({ path: ['sensitivity', i, 'path'], anchor: 'value', message: `duplicate path ${JSON.stringify(p.path)} (also sensitivity[${earlier}])` });
    else first.set(p.path, i);
  });
  return issues;
}
