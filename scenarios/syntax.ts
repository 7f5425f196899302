import { isScalar } from 'yaml';
import type { ScenarioIssue } from './error.ts';
import { describeValue, isObject } from './issues.ts';
import { positionAt, type Source } from './source.ts';

const WANTED = 'a scenario (a mapping with name, start, months, plans, profiles, cohorts)';

/** The document as plain data if it is well-formed YAML with a mapping at the top, else the problems. */
export function readSyntax(source: Source): { root: Record<string, unknown> } | { issues: ScenarioIssue[] } {
  const { doc, file } = source;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      issues: problems.map((e) => {
        const { line, col } = positionAt(source, e.pos[0]);
        return { file, line, col, path: 'yaml', message: yamlMessage(e.code, e.message) };
      }),
    };
  }
  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null && !contents.source);
  let root: unknown;
  try {
    root = empty ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { issues: [{ file, line: 1, col: 1, path: 'yaml', message: (err as Error).message }] };
  }
  if (isObject(root)) return { root };
  const pos = contents?.range ? positionAt(source, contents.range[0]) : { line: 1, col: 1 };
  const got = empty ? 'an empty file' : describeValue(root);
  return { issues: [{ file, ...(empty ? { line: 1, col: 1 } : pos), path: 'scenario', message: `expected ${WANTED}, got ${got}` }] };
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key (each key may appear once per mapping)';
  if (code === 'MULTIPLE_DOCS') return 'a scenario file holds one YAML document (found a second "---")';
  if (code === 'TAG_RESOLVE_FAILED') return `custom tags are not allowed (${message})`;
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
