import { isCollection, isScalar, visit, type Node } from 'yaml';
import type { ScenarioIssue } from './error.ts';
import { cutEchoes } from '../csv/index.ts';
import { describeValue, isObject } from './issues.ts';
import { positionAt, TOO_MANY_TOKENS, type Source } from './source.ts';
import { COLLECTION_KEY, flowKeyAt } from './flow-keys.ts';

const WANTED = 'a scenario (a mapping with name, start, months, plans, profiles, cohorts)';

/** The document as plain data if it is well-formed YAML with a mapping at the top, else the problems. */
export function readSyntax(source: Source): { root: Record<string, unknown> } | { issues: ScenarioIssue[] } {
  const { doc, file } = source;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    // The parser's stack ran out: one message, where it first did (it fails again at each deeper level, and
    // what else it reports past there is the overflow's noise; how many such there are depends on the stack's size).
    const overflow = problems.find((e) => STACK_OVERFLOW.test(e.message));
    if (overflow) return { issues: [{ file, ...positionAt(source, overflow.pos[0]), path: 'yaml', message: TOO_DEEP }] };
    // `{path: cohorts[0].count, …}`: the `[` starts a list inside the flow mapping, and the library
    // reports a dozen tokens on that line and the next; the first problem there says to quote it.
    const first = problems.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
    const bracketed = bracketPathAt(source, first.pos[0]);
    if (bracketed) return { issues: [{ file, ...bracketed, path: 'yaml', message: `a value with [ ] inside { } must be quoted: write "${bracketed.value}" (in a flow mapping, [ starts a list)` }] };
    // The same message at the same place once (an unclosed `[` is reported once for each open one).
    const seen = new Set<string>();
    const issues: ScenarioIssue[] = [];
    for (const e of problems) {
      const { line, col } = positionAt(source, e.pos[0]);
      // A list or mapping as a key where the library cannot build the pair: said as where it can (below).
      const message = flowKeyAt(source.text, e.pos[0]) ? COLLECTION_KEY : yamlMessage(e.code, e.message), key = `${line}:${col}:${message}`;
      if (!seen.has(key)) (seen.add(key), issues.push({ file, line, col, path: 'yaml', message }));
    }
    return { issues };
  }
  // A list or mapping as a key (`? [a, b]`) has no name a scenario could mean; JavaScript would stringify it (with a warning).
  // `__proto__` as a key is JavaScript's own: a plain object keeps it as its prototype, not as a name, and
  // a plan, profile or payer so named was dropped by validation and silently read as another.
  let badKey: { node: Node; message: string } | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) badKey = { node: pair.key, message: COLLECTION_KEY };
      else if (isScalar(pair.key) && pair.key.value === '__proto__') badKey = { node: pair.key, message: '"__proto__" cannot be a key or a name (JavaScript reserves it): rename it' };
      if (badKey) return visit.BREAK;
    },
  });
  if (badKey) {
    const { node, message } = badKey as { node: Node; message: string };
    const { line, col } = positionAt(source, node.range?.[0] ?? 0);
    return { issues: [{ file, line, col, path: 'yaml', message }] };
  }
  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null && !contents.source);
  let root: unknown;
  try {
    root = empty ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { issues: [{ file, line: 1, col: 1, path: 'yaml', message: cutEchoes((err as Error).message) }] };
  }
  const depth = isObject(root) ? depthOf(root) : 0;
  if (depth > MAX_DEPTH) return { issues: [{ file, line: 1, col: 1, path: 'scenario', message: TOO_DEEP }] };
  if (isObject(root)) return { root };
  const pos = contents?.range ? positionAt(source, contents.range[0]) : { line: 1, col: 1 };
  const got = empty ? 'an empty file' : describeValue(root);
  return { issues: [{ file, ...(empty ? { line: 1, col: 1 } : pos), path: 'scenario', message: `expected ${WANTED}, got ${got}` }] };
}

/** How deeply lists and mappings may nest. A scenario needs about 6 (mixture parts in an arm's plan); the cap keeps every recursive step (validation, merge, hash) far from the stack's limit. */
export const MAX_DEPTH = 64;

/** V8's message for a stack overflow (Firefox's is "too much recursion"). */
const STACK_OVERFLOW = /Maximum call stack size exceeded|too much recursion/;

const TOO_DEEP = `lists and mappings are nested more than ${MAX_DEPTH} levels deep (a scenario needs about 6)`;

/** The deepest nesting of lists and mappings, walked without recursion. */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_DEPTH) break;
    const children = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
    for (const c of children) if (Array.isArray(c) || isObject(c)) stack.push([c, d + 1]);
  }
  return max;
}

/** The yaml library's message in the scenario's words; an alias, tag or directive it quotes is cut short. */
/**
 * On the line of `offset`: an unquoted plain value with brackets in a flow mapping (`{path:
 * cohorts[0].count}`, as a sensitivity or sweep path is written), with its position; else null.
 */
function bracketPathAt(source: Source, offset: number): { line: number; col: number; value: string } | null {
  const { line } = positionAt(source, offset);
  const text = source.text.split('\n', line)[line - 1] ?? '';
  const m = /[{,][ \t]*[^\s"'{}[\],:]+[ \t]*:[ \t]+([A-Za-z_][\w.]*\[[^\]\s,{}]*\][\w.[\]]*)/.exec(text);
  return m ? { line, col: m.index + m[0].length - m[1].length + 1, value: m[1] } : null;
}

function yamlMessage(code: string, whole: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key (each key may appear once per mapping)';
  if (code === 'MULTIPLE_DOCS') return 'a scenario file holds one YAML document (found a second "---")';
  if (code === TOO_MANY_TOKENS) return whole;
  const message = cutEchoes(whole.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim());
  return code === 'TAG_RESOLVE_FAILED' ? `custom tags are not allowed (${message})` : message;
}
