/**
 * The mapping file (`--map mapping.yaml`): what the built-in aliases and status table do not
 * know. Every key is optional:
 *
 *   encoding: gbk                       # utf-8 | gbk | gb18030 | utf-16le | utf-16be
 *   delimiter: ';'                      # , | ; | tab [default: detected from the header line]
 *   luhn: false                         # 20-digit ICCIDs carry no Luhn digit on this platform
 *   columns:                            # canonical field → export header
 *     iccid: SIM No.
 *     usedMBThisCycle: {header: Data used, unit: KB}
 *   history:                            # month → export header of that month's usage
 *     2025-10: {header: Oct, unit: MB}
 *   statuses:                           # export status → online | stopped | cancelled | test | silent | notInService
 *     Live: online                      #   or {status: stopped, stopReasons: [arrears]}
 *     Blocked: {status: stopped, stopReasons: [manual]}
 *   reasons:                            # stop-reason word → manual | overQuota | arrears | expired | none
 *     "9": arrears
 *   ignore: [Data Left (MB)]            # columns known not to be wanted: no usage-like warning
 */
import { isCollection, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { FIELDS, type ColumnOverrides, type Field } from './headers.ts';
import { ignoredAndRead } from './mapping-ignore.ts';
import { reasonKey, statusKey, STOP_REASONS, type StatusClass, type StopReason } from './statuses.ts';
import { unitOf, type Unit } from './values.ts';
import { delimiterOf, encodingOf, ENCODINGS, type Delimiter, type Encoding } from './options.ts';
import { cutEchoes, cutShort, lengthSaid, quoted, SHOWN } from './quote.ts';

export { DELIMITERS, ENCODINGS, delimiterOf, encodingOf, type Delimiter, type Encoding } from './options.ts';

export interface ImportMapping extends ColumnOverrides {
  encoding?: Encoding;
  delimiter?: Delimiter;
  luhn?: boolean;
  statuses: Record<string, StatusClass>;
  reasons: Record<string, StopReason | null>;
}

/** Parses a mapping file's text; throws an Error whose message lists every problem as `file: path: message`. */
export function parseMapping(text: string, file: string): ImportMapping {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  const raw = readYaml(text, file);
  const out: ImportMapping = { statuses: {}, reasons: {} };
  if (!isObject(raw)) throw new Error(`${file}: expected a mapping with columns, history, statuses, reasons, encoding, delimiter or luhn`);
  for (const key of Object.keys(raw)) {
    if (!['encoding', 'delimiter', 'luhn', 'columns', 'history', 'statuses', 'reasons', 'ignore'].includes(key)) fail(key.length > SHOWN ? quoted(key) : key, 'unknown key; keys are: encoding, delimiter, luhn, columns, history, statuses, reasons, ignore');
  }
  if (raw.encoding !== undefined) {
    const e = encodingOf(String(raw.encoding));
    if (e) out.encoding = e;
    else fail('encoding', `expected ${ENCODINGS.join(', ')}, got ${shown(raw.encoding)}`);
  }
  if (raw.delimiter !== undefined) {
    const d = typeof raw.delimiter === 'string' ? delimiterOf(raw.delimiter) : null;
    if (d) out.delimiter = d;
    else fail('delimiter', `expected ",", ";" or tab, got ${shown(raw.delimiter)}`);
  }
  if (raw.ignore !== undefined) {
    if (Array.isArray(raw.ignore) && raw.ignore.every((h) => typeof h === 'string' || typeof h === 'number')) out.ignore = raw.ignore.map(String);
    else fail('ignore', `expected a list of headers, got ${shown(raw.ignore)}`);
  }
  if (raw.luhn !== undefined) {
    if (typeof raw.luhn === 'boolean') out.luhn = raw.luhn;
    else fail('luhn', `expected true or false, got ${shown(raw.luhn)}`);
  }
  const column = (path: string, v: unknown): { header: string; unit?: Unit } | null => {
    if (typeof v === 'string' || typeof v === 'number') return { header: String(v) };
    if (isObject(v) && (typeof v.header === 'string' || typeof v.header === 'number')) {
      const extra = Object.keys(v).filter((k) => k !== 'header' && k !== 'unit');
      if (extra.length > 0) fail(path, `unknown key ${extra[0].length > SHOWN ? quoted(extra[0]) : extra[0]}; keys are: header, unit`);
      if (v.unit === undefined) return { header: String(v.header) };
      const unit = unitOf(String(v.unit));
      if (!unit) fail(`${path}.unit`, `expected KB, MB or GB, got ${shown(v.unit)}`);
      return unit ? { header: String(v.header), unit } : null;
    }
    fail(path, `expected a header name or {header, unit}, got ${shown(v)}`);
    return null;
  };
  if (raw.columns !== undefined) {
    if (!isObject(raw.columns)) fail('columns', 'expected a mapping of fields to headers');
    else {
      out.columns = {};
      for (const [field, v] of Object.entries(raw.columns)) {
        if (!(FIELDS as readonly string[]).includes(field)) fail(keyPath('columns', field), `unknown field; fields are: ${FIELDS.join(', ')}`);
        else {
          const c = column(keyPath('columns', field), v);
          if (c) out.columns[field as Field] = c;
        }
      }
    }
  }
  if (raw.history !== undefined) {
    if (!isObject(raw.history)) fail('history', 'expected a mapping of months (YYYY-MM) to headers');
    else {
      out.history = {};
      for (const [month, v] of Object.entries(raw.history)) {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) fail(keyPath('history', month), 'expected a month YYYY-MM as the key');
        const c = column(keyPath('history', month), v);
        if (c) out.history[month] = c;
      }
    }
  }
  // A header named twice would be read as one field only, the other entry dropped without a word.
  const named = new Map<string, string>();
  const columnPaths = [
    ...Object.entries(out.columns ?? {}).map(([field, c]) => [keyPath('columns', field), c] as const),
    ...Object.entries(out.history ?? {}).map(([month, c]) => [keyPath('history', month), c] as const),
  ];
  for (const [path, c] of columnPaths) {
    if (!c) continue;
    const header = c.header.trim(), earlier = named.get(header);
    if (earlier) fail(path, `names the header ${quoted(header)}, as ${earlier} does: a column is read as one field; name each column once`);
    else named.set(header, path);
  }
  // A header both read and ignored would be read, its ignore entry dropped without a word.
  for (const [path, message] of ignoredAndRead(out.ignore ?? [], columnPaths.flatMap(([p, c]) => (c ? [[p, c.header] as const] : [])))) fail(path, message);
  // Words are compared as statusKey/reasonKey compare them (case, width, spaces, _ and -): two that compare equal are one entry.
  const sameWord = (list: string, key: (w: string) => string) => {
    const seen = new Map<string, string>();
    return (word: string): boolean => {
      const k = key(word), earlier = seen.get(k);
      if (earlier === undefined) {
        seen.set(k, word);
        return false;
      }
      fail(keyPath(list, word), `is the same word as ${keyPath(list, earlier)} (words are compared ignoring case, width, spaces, _ and -): give it once`);
      return true;
    };
  };
  if (raw.statuses !== undefined) {
    if (!isObject(raw.statuses)) fail('statuses', 'expected a mapping of export statuses to online, stopped, cancelled, test, silent or notInService');
    else {
      const again = sameWord('statuses', statusKey);
      for (const [word, v] of Object.entries(raw.statuses)) {
        if (again(word)) continue;
        const cls = statusClass(v);
        if (cls) out.statuses[statusKey(word)] = cls;
        else fail(keyPath('statuses', word), `expected online, stopped, cancelled, test, silent, notInService or {status: stopped, stopReasons: [${STOP_REASONS.join(', ')}]}, got ${shown(v)}`);
      }
    }
  }
  if (raw.reasons !== undefined) {
    if (!isObject(raw.reasons)) fail('reasons', 'expected a mapping of stop-reason words to a stop reason');
    else {
      const again = sameWord('reasons', reasonKey);
      for (const [word, v] of Object.entries(raw.reasons)) {
        if (again(word)) continue;
        if (v === 'none' || v === null) out.reasons[reasonKey(word)] = null;
        else if ((STOP_REASONS as readonly unknown[]).includes(v)) out.reasons[reasonKey(word)] = v as StopReason;
        else fail(keyPath('reasons', word), `expected ${STOP_REASONS.join(', ')} or none, got ${shown(v)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return out;
}

/**
 * The mapping file's YAML as plain data (an empty file: {}), or an Error listing its syntax
 * problems as `file:line:col: message`: YAML 1.2 core schema, no custom tags, duplicate keys
 * refused, and warnings (an unknown tag such as `!!js/function`, an ambiguous alias) refused
 * too rather than printed by Node; no list or mapping as a key; at most 100 aliases expanded.
 */
function readYaml(text: string, file: string): unknown {
  const lines = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  let doc;
  try {
    doc = parseDocument(text, { version: '1.2', schema: 'core', customTags: [], uniqueKeys: true, merge: false, prettyErrors: false, lineCounter: lines });
  } catch (err) {
    throw new Error(`${file}: ${tooDeep(err) ?? cutEchoes((err as Error).message.split('\n')[0])}`);
  }
  const problems = new Set([...doc.errors, ...doc.warnings].map((e) => `${at(e.pos[0])}: ${tooDeep(e) ?? cutEchoes(e.message.split('\n')[0])}`));
  if (problems.size > 0) throw new Error([...problems].join('\n'));
  let key: Node | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        key = pair.key;
        return visit.BREAK;
      }
    },
  });
  if (key !== null) throw new Error(`${at((key as Node).range?.[0] ?? 0)}: a key must be a name or a number, not a list or mapping`);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw new Error(`${file}: ${tooDeep(err) ?? cutEchoes((err as Error).message.split('\n')[0])}`);
  }
  // An alias inside the node it names (`a: &x {b: *x}`) makes a cycle: deeper than any nesting.
  if (deeperThan(raw, MAX_DEPTH)) throw new Error(`${file}: lists and mappings are nested more than ${MAX_DEPTH} levels deep, or an alias refers to itself (a mapping file needs 3 levels)`);
  return raw;
}

/** How deeply a mapping file's lists and mappings may nest (it needs 3). */
const MAX_DEPTH = 16;

/** Whether lists and mappings nest more than `max` levels (a cycle always does), walked without recursion. */
function deeperThan(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return false;
}

/** A value as JSON, cut short with its length said: a mapping file can hold anything, which is not echoed back whole. */
function shown(v: unknown): string {
  if (typeof v === 'string') return quoted(v);
  const t = JSON.stringify(v) ?? String(v);
  return `${cutShort(t)}${lengthSaid(t)}`;
}

/**
 * A key's path in a message, `statuses.Live`; a key longer than SHOWN characters (a key, too, can
 * be a whole file) quoted cut with its length said: `statuses["zzz…" (100,000 characters)]`.
 */
function keyPath(parent: string, key: string): string {
  return key.length > SHOWN ? `${parent}[${quoted(key)}]` : `${parent}.${key}`;
}

/** The message for nesting deep enough to exhaust the stack (a mapping file needs 3 levels), or null for another error. */
function tooDeep(err: unknown): string | null {
  return err instanceof Error && /Maximum call stack size exceeded/.test(err.message) ? 'lists and mappings are nested far too deeply (a mapping file needs 3 levels)' : null;
}

function statusClass(v: unknown): StatusClass | null {
  if (v === 'online' || v === 'cancelled' || v === 'test' || v === 'silent' || v === 'notInService') return { kind: v };
  if (v === 'stopped') return { kind: 'stopped', reasons: [] };
  if (isObject(v) && v.status === 'stopped' && Object.keys(v).every((k) => k === 'status' || k === 'stopReasons')) {
    const list = v.stopReasons === undefined ? [] : Array.isArray(v.stopReasons) ? v.stopReasons : [v.stopReasons];
    if (list.every((r) => (STOP_REASONS as readonly unknown[]).includes(r))) return { kind: 'stopped', reasons: STOP_REASONS.filter((r) => list.includes(r)) };
  }
  if (isObject(v) && Object.keys(v).length === 1 && typeof v.status === 'string' && v.status !== 'stopped') return statusClass(v.status);
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
