import { isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, YAMLParseError, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** A parsed YAML/JSON text that can tell where each field path was written. */
export interface Source {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export type Segment = string | number;
export interface Position {
  line: number;
  col: number;
}

/** YAML 1.2 core schema, no custom tags, duplicate keys are errors. JSON parses the same way. */
export function parseSource(raw: string, file: string): Source {
  // A bare CR ends a line (classic Mac files; YAML 1.2 counts it a line break too), as in fleet CSVs: the
  // yaml library reads it as part of a line. CR → LF keeps every offset, so positions stay right.
  const text = raw.includes('\r') ? raw.replace(/\r(?!\n)/g, '\n') : raw;
  const lines = new LineCounter();
  // Counted before the document is built: the library's nodes take about 1 KB each, so a 4 MiB list
  // of numbers took 20 s and 2 GB to build before any check could refuse it.
  if (tooManyTokens(text)) {
    const empty = parseDocument('', { version: '1.2', lineCounter: lines });
    empty.errors.push(new YAMLParseError([0, 1], TOO_MANY_TOKENS as never, `the file holds more than ${MAX_TOKENS.toLocaleString('en')} YAML tokens (keys, values and punctuation); a scenario needs far fewer (a long series of numbers belongs in a trace file that a profile's trace: names)`));
    return { file, text, doc: empty, lines };
  }
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    customTags: [],
    // Duplicate keys are errors, found by duplicateKeys: the library's own check compares each key
    // with every earlier one of its mapping (100,000 keys in a 1 MB file took minutes to refuse).
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
    lineCounter: lines,
  });
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) doc.errors = [...doc.errors, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0]);
  return { file, text, doc, lines };
}

/** The most YAML tokens a scenario file may hold: 1,000 arms of overrides or a 10-year inline trace take a small part of it. */
export const MAX_TOKENS = 1_000_000;

/** The code of the error for a file past MAX_TOKENS (its message is said as it is: syntax.ts). */
export const TOO_MANY_TOKENS = 'TOO_MANY_TOKENS';

/** Whether `text` lexes into more than MAX_TOKENS tokens (the count stops there; about 0.2 µs a token). */
function tooManyTokens(text: string): boolean {
  // Fewer characters than the cap cannot make more tokens than it.
  if (text.length <= MAX_TOKENS) return false;
  let n = 0;
  for (const _ of new Lexer().lex(text)) if (++n > MAX_TOKENS) return true;
  return false;
}

/**
 * Duplicate keys as the library's `uniqueKeys: true` reports them (DUPLICATE_KEY at the later key; two
 * scalar keys are the same when their values are: `1` and `1.0`, `null` and `~`), with one Set per
 * mapping. Walked without recursion (nesting is checked later).
 */
function duplicateKeys(doc: Document): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        if (isScalar(k)) {
          const id = `${typeof k.value}:${String(k.value)}`;
          if (!seen.has(id)) seen.add(id);
          else if (k.value === k.value) {
            // (NaN is no key twice: the library compares with ===.)
            const at = k.range?.[0] ?? 0;
            out.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      // One push at a time: a spread of a list of 900,000 items overflows the call stack.
      for (const item of node.items) stack.push(item);
    }
  }
  return out;
}

export function positionAt(source: Source, offset: number): Position {
  const { line, col } = source.lines.linePos(offset);
  return { line, col };
}

export interface Found {
  node: Node | null;
  /** The key of the pair holding the node, when the last segment is a mapping key. */
  key: Node | null;
}

/** The node at `path`, or null if the path is not written in the file. */
export function findNode(source: Source, path: readonly Segment[]): Found | null {
  let node: unknown = source.doc.contents;
  let key: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(seg));
      if (!pair) return null;
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      if (seg >= node.items.length) return null;
      key = null;
      node = node.items[seg];
    } else {
      return null;
    }
  }
  return { node: (node as Node | null) ?? null, key };
}

/** Where to point for a problem: `value` = the node, `key` = its key, `parent` = the mapping a field is missing from. */
export type Anchor = 'value' | 'key' | 'parent';

/** Position of the path's node for the anchor, or null if the path is not written in the file. */
export function locate(source: Source, path: readonly Segment[], anchor: Anchor): Position | null {
  const found = findNode(source, anchor === 'parent' ? path.slice(0, -1) : path);
  if (!found) return null;
  const pick = anchor === 'value' ? found.node ?? found.key : found.key ?? found.node;
  const offset = pick?.range?.[0] ?? (path.length === 0 || anchor === 'parent' ? firstContentOffset(source) : null);
  return offset === null ? null : positionAt(source, offset);
}

/** The source text of a scalar number as written (`1e3`, `-5.0`), else null. */
export function numberAsWritten(source: Source, path: readonly Segment[], value: unknown): string | null {
  const found = findNode(source, path);
  const node = found?.node;
  if (!isScalar(node) || typeof node.value !== 'number' || node.value !== value || !node.range) return null;
  return source.text.slice(node.range[0], node.range[1]).trim();
}

function keyText(key: unknown): string | null {
  // A null key (`~`) is "" in the parsed object, as the yaml library writes it.
  return isScalar(key) ? (key.value === null ? '' : String(key.value)) : null;
}

function firstContentOffset(source: Source): number {
  return source.doc.contents?.range?.[0] ?? 0;
}

/** A mapping's pairs by key text, the first of each (findNode's lookups, once per issue placed: a scan of each mapping would make a file of many keys with many issues quadratic). */
const pairCache = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(node: YAMLMap): Map<string, Pair> {
  let m = pairCache.get(node);
  if (!m) {
    m = new Map();
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const k = keyText(p.key);
      if (k !== null && !m.has(k)) m.set(k, p as Pair);
    }
    pairCache.set(node, m);
  }
  return m;
}
