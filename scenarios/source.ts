import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

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
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    merge: false,
    prettyErrors: false,
    lineCounter: lines,
  });
  return { file, text, doc, lines };
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
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
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
  return isScalar(key) ? String(key.value) : null;
}

function firstContentOffset(source: Source): number {
  return source.doc.contents?.range?.[0] ?? 0;
}
