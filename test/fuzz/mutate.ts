/**
 * Generated malformed inputs, as an attacker and a careless user would write them: the example
 * scenarios with keys deleted, duplicated and retyped, values swapped across types, numbers out
 * of range or extreme, JavaScript built-in names, random Unicode and truncation; export rows
 * with broken quotes, extra cells, other delimiters, BOMs in the middle and mixed encodings.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { parseDocument, stringify } from 'yaml';
import { gbk } from '../../tools/gbk.ts';

const EXAMPLES = 'scenarios/examples';
export const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const TEXTS = new Map(EXAMPLE_FILES.map((f) => [f, readFileSync(`${EXAMPLES}/${f}`, 'utf8')]));

/** Names that have broken lookups written as `name in table`. */
const BUILT_INS = ['constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', 'prototype', 'then', 'length'];

const extremeNumber = fc.constantFrom(
  0, -0, -1, 1, 0.5, 255, 256, 65535, 32767, 32768, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e12, 1e15, 1e308, -1e308, 5e-324, 1e-300,
  Number.MAX_SAFE_INTEGER, 600, 601, 10000, 10001, 1e6 + 1, 1e9 + 1, Infinity, -Infinity, NaN,
);
const weirdString = fc.oneof(
  fc.constantFrom(...BUILT_INS),
  fc.constantFrom('', ' ', '\t', '\u0000', '\x1b[31mred', '‮evil', '😀', '中文', 'ｆｕｌｌ', '=1+2', '-', '@x', '../../etc/passwd', '/dev/zero', 'a'.repeat(300)),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
/** Any value of another type, to put where a field expects something else. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  extremeNumber,
  weirdString,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(extremeNumber, weirdString), { maxLength: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...BUILT_INS), fc.string({ maxLength: 6 })), fc.oneof(extremeNumber, weirdString), { maxKeys: 3 }),
);

type Path = (string | number)[];

/** Every path to a node of plain data (objects and arrays), the root excluded. */
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...at, i], ...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...at, k], ...paths(v, [...at, k]));
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | unknown[] | null {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) {
    node = node?.[seg] as Record<string | number, unknown>;
    if (node === null || typeof node !== 'object') return null;
  }
  return node;
}

/**
 * One structural edit of the parsed document. `pick` in [0, 1) chooses the path. `long`, `longKey`
 * and `duplicateItem` put a long run (longRun, below) where a value or a key is, or repeat a list's
 * item (two arms or cohorts of one long name): messages must quote them cut short.
 */
type Edit = { kind: 'delete' | 'retype' | 'extreme' | 'builtinName' | 'swap' | 'renameKey' | 'long' | 'longKey' | 'duplicateItem'; pick: number; pick2: number; value: unknown; name: string; long: string };

function applyEdit(root: Record<string, unknown>, e: Edit, extreme: number): void {
  const all = paths(root);
  if (all.length === 0) return;
  const path = all[Math.floor(e.pick * all.length)];
  const parent = parentOf(root, path);
  if (!parent) return;
  const key = path[path.length - 1] as string & number;
  switch (e.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'retype':
      parent[key] = e.value;
      break;
    case 'extreme':
      // A number where a number is, or anywhere.
      parent[key] = extreme;
      break;
    case 'builtinName':
      // A built-in name where a name is written (plan, profile, payer, arm names), or as a value.
      parent[key] = e.name;
      break;
    case 'swap': {
      const other = all[Math.floor(e.pick2 * all.length)];
      const p2 = parentOf(root, other);
      if (!p2) return;
      const k2 = other[other.length - 1] as string & number;
      const v = parent[key];
      parent[key] = p2[k2];
      p2[k2] = v;
      break;
    }
    case 'renameKey':
    case 'longKey':
      if (!Array.isArray(parent)) {
        const v = parent[key];
        delete parent[key];
        parent[e.kind === 'longKey' ? e.long : e.name] = v;
      }
      break;
    case 'long':
      // A long text where a value is: a name, a date, a plan reference, a constraint, a path.
      parent[key] = e.long;
      break;
    case 'duplicateItem':
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key]));
      break;
  }
}

/**
 * A long run of one piece (digits, spaces, tabs, a word, `1.`, a Chinese character, a quote),
 * 1,000 to 200,000 characters, with an ending that makes it fail to parse or not: what finds a
 * pattern that backtracks over a run, a loop that is quadratic in a line, or a message that
 * echoes its input whole.
 */
export const longRun: fc.Arbitrary<string> = fc
  .record({ piece: fc.constantFrom('9', ' ', '\t', 'x', '1.', '卡', '"', '_ '), n: fc.integer({ min: 1000, max: 200_000 }), end: fc.constantFrom('', 'x', 'E', ')', '>0', '%', '(MB)') })
  .map(({ piece, n, end }) => piece.repeat(Math.ceil(n / piece.length)) + end);

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'retype', 'extreme', 'builtinName', 'swap', 'renameKey', 'long', 'longKey', 'duplicateItem'),
  pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  pick2: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  value: anyValue,
  name: fc.constantFrom(...BUILT_INS),
  long: longRun,
});

/** A text edit: truncate, duplicate a line, insert random text, change indentation, write a number with 1,000 to 200,000 digits. */
type TextEdit = { kind: 'truncate' | 'duplicateLine' | 'insert' | 'indent' | 'longNumber' | 'none'; at: number; text: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  kind: fc.constantFrom('truncate', 'duplicateLine', 'insert', 'indent', 'longNumber', 'none', 'none'),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  text: fc.oneof({ weight: 1, arbitrary: longRun }, { weight: 8, arbitrary: weirdString }, { weight: 8, arbitrary: fc.constantFrom(': x', '- ', '&a [*a, *a]', ' &s {x: *s}', '!!js/function x', '{', ']', '"', "'", '\n  ', '---\n', '<<: *a', '~', '.nan', '.inf', '0x10', '1_000', '2026-02-30') }),
});

function applyTextEdit(text: string, e: TextEdit): string {
  const at = Math.floor(e.at * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(e.at * lines.length);
  switch (e.kind) {
    case 'truncate': return text.slice(0, at);
    case 'duplicateLine': return [...lines.slice(0, line + 1), lines[line], ...lines.slice(line + 1)].join('\n');
    case 'insert': return text.slice(0, at) + e.text + text.slice(at);
    case 'indent': return [...lines.slice(0, line), ` ${lines[line]}`, ...lines.slice(line + 1)].join('\n');
    // The first number from here on, written with a long run of digits (months, a seed, a count, a bound).
    case 'longNumber': return text.slice(0, at) + text.slice(at).replace(/\d+/, '9'.repeat(1000 + Math.floor(e.at * 199_000)));
    case 'none': return text;
  }
}

export interface ScenarioCase {
  file: string;
  /** The mutated scenario's text. */
  text: string;
}

/** A mutated example scenario: a few structural edits of its data, then a few edits of its text. */
export const scenarioCase: fc.Arbitrary<ScenarioCase> = fc
  .record({
    file: fc.constantFrom(...EXAMPLE_FILES),
    edits: fc.array(fc.tuple(edit, extremeNumber), { minLength: 0, maxLength: 3 }),
    textEdits: fc.array(textEdit, { maxLength: 2 }),
    json: fc.boolean(),
  })
  .map(({ file, edits, textEdits, json }) => ({ file, text: edited(TEXTS.get(file)!, edits, textEdits, json) }));

/** A YAML text with structural edits of its data, written back (as YAML, or JSON), then text edits. */
function edited(yaml: string, edits: [Edit, number][], textEdits: TextEdit[], json = false): string {
  const root = (parseDocument(yaml).toJS() ?? {}) as Record<string, unknown>;
  for (const [e, x] of edits) applyEdit(root, e, x);
  let text = json ? JSON.stringify(root, null, 1) ?? '' : stringify(root);
  for (const t of textEdits) text = applyTextEdit(text, t);
  return text;
}

// ── export rows ──────────────────────────────────────────────────────────────

const SAMPLE = readFileSync('scenarios/imports/sample-export.csv');
const SAMPLE_TEXT = new TextDecoder('gb18030').decode(SAMPLE);
const SAMPLE_LINES = SAMPLE_TEXT.split(/\r?\n/).filter((l) => l !== '');

type RowEdit = { kind: 'quote' | 'extraCell' | 'delimiter' | 'bom' | 'cell' | 'dropCells' | 'empty' | 'lineBreak' | 'none'; at: number; text: string };

const rowEdit: fc.Arbitrary<RowEdit> = fc.record({
  kind: fc.constantFrom('quote', 'extraCell', 'delimiter', 'bom', 'cell', 'dropCells', 'empty', 'lineBreak', 'none'),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  text: fc.oneof({ weight: 1, arbitrary: longRun }, { weight: 8, arbitrary: weirdString }, { weight: 8, arbitrary: fc.constantFrom('"', '""', '12,5MB', ';', '\t', '8.986E+19', '2026-02-30', '-5', '1e308', '正常', '销户', '库存', '欠费停机') }),
});

function applyRowEdit(line: string, e: RowEdit): string {
  const at = Math.floor(e.at * (line.length + 1));
  const cells = line.split(',');
  const c = Math.floor(e.at * cells.length);
  switch (e.kind) {
    case 'quote': return line.slice(0, at) + '"' + line.slice(at);
    case 'extraCell': return `${line},${e.text}`;
    case 'delimiter': return cells.join(e.text.length === 1 ? e.text : ';');
    case 'bom': return line.slice(0, at) + '\uFEFF' + line.slice(at);
    case 'cell': return [...cells.slice(0, c), e.text, ...cells.slice(c + 1)].join(',');
    case 'dropCells': return cells.slice(0, c).join(',');
    case 'empty': return '';
    // A stray line break inside the row (a bare \r, as a cell pasted from an old Mac program can hold).
    case 'lineBreak': return line.slice(0, at) + ['\r', '\n', '\r\n'][Math.floor(e.at * 997) % 3] + line.slice(at);
    case 'none': return line;
  }
}

export interface ExportCase {
  /** The export's bytes. */
  bytes: Uint8Array;
  /** How many data lines it has (non-empty lines after the header, a stray line break splitting its row). */
  rows: number;
}

/** A small export: the sample's header and a few of its rows, some damaged, in UTF-8 or GBK, with LF, CRLF or CR (classic Mac) line endings. */
export const exportCase: fc.Arbitrary<ExportCase> = fc
  .record({
    rows: fc.array(fc.tuple(fc.integer({ min: 1, max: SAMPLE_LINES.length - 1 }), fc.array(rowEdit, { maxLength: 2 })), { minLength: 1, maxLength: 12 }),
    encoding: fc.constantFrom('utf-8', 'gbk', 'utf-8-bom'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    headerEdit: fc.option(rowEdit, { freq: 4 }),
  })
  .map(({ rows, encoding, eol, headerEdit }) => {
    const header = headerEdit ? applyRowEdit(SAMPLE_LINES[0], headerEdit) : SAMPLE_LINES[0];
    const lines = [header, ...rows.map(([k, edits]) => edits.reduce(applyRowEdit, SAMPLE_LINES[k]))];
    const text = lines.join(eol) + eol;
    let bytes: Uint8Array;
    if (encoding === 'gbk') {
      try {
        bytes = gbk(text);
      } catch {
        bytes = new TextEncoder().encode(text); // a character GBK lacks: the file stays UTF-8
      }
    } else bytes = new TextEncoder().encode(encoding === 'utf-8-bom' ? `\uFEFF${text}` : text);
    return { bytes, rows: lines.slice(1).join('\n').split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length };
  });

// ── fleet CSVs ───────────────────────────────────────────────────────────────

const FLEET_LINES = readFileSync('scenarios/imports/sample-fleet.csv', 'utf8').split(/\r?\n/).filter((l) => l !== '');
const FLEET_COLUMNS = FLEET_LINES[0].split(',');

/**
 * What a hand edit (careful or careless) may leave in each column of a fleet CSV: values valid
 * but odd (a card expiring on the start day, used past its quota, a duplicate ICCID, a pool named
 * like a built-in) and values the reader must refuse.
 */
const FLEET_VALUES: Record<string, string[]> = {
  iccid: ['89860419200000000002', '8986041920000000000', '898604192000000000021', '1234', '', '8.98604E+19', ' 89860419200000999990'],
  msisdn: ['', '0', '=1+2', '1440006000000'],
  status: ['online', 'stopped', 'cancelled', 'test', 'silent', 'ONLINE', '', 'expired'],
  stopReasons: ['', 'arrears', 'overQuota', 'manual', 'expired', 'arrears;overQuota', 'arrears;arrears', 'expired;manual', ';', 'x'],
  plan: ['P1001', 'P1002', 'P2001', 'P9999', '', ...BUILT_INS.slice(0, 2)],
  pool: ['', 'POOL-A', 'POOL-B', ...BUILT_INS.slice(0, 3)],
  activationDate: ['', '2026-01-15', '2026-01-16', '1970-01-01', '2025-02-29', '2024-02-29', '2026-1-5', '9999-12-31'],
  expiryDate: ['', '2026-01-15', '2026-01-14', '2026-01-16', '2026-02-28', '1970-01-01', '2099-12-31', '2026-13-01'],
  usedMBThisCycle: ['0', '30', '29.999', '500', '1e6', '-1', '', 'NaN', '1e308'],
  quotaMB: ['', '0', '30', '1e6', '-5'],
  thresholdMB: ['', '0', '1', '30', '31', '1e6'],
  autoRenew: ['', 'true', 'false', 'yes'],
  meanDailyMB: ['', '0', '0.001', '1e4', '1e5', '-1'],
  historyMonths: ['', '0', '1', '1200', '1201', '2.5'],
  statusRaw: ['', '正常', 'quoted, with a comma', '=cmd|x'],
  line: ['', '1', '0', '999999', '-3', '2.5'],
};

/** A cell as CSV: quoted when it holds a comma, a quote or a line break. */
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

type FleetEdit =
  | { kind: 'cell'; row: number; column: number; value: number }
  | { kind: 'duplicate'; row: number }
  | { kind: 'dropColumn'; column: number }
  | { kind: 'swapColumns'; column: number; other: number }
  | { kind: 'row'; row: number; edit: RowEdit };

const fleetEdit: fc.Arbitrary<FleetEdit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), value: fc.nat() }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), row: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dropColumn' as const), column: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('swapColumns' as const), column: fc.nat(), other: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('row' as const), row: fc.nat(), edit: rowEdit }), weight: 1 },
);

/** A fleet CSV for the imported-fleet example: the header and a few of sample-fleet.csv's cards, with cells set to odd or wrong values, rows repeated, columns dropped or swapped, rows damaged. */
export const fleetCase: fc.Arbitrary<string> = fc
  .record({
    rows: fc.array(fc.integer({ min: 1, max: FLEET_LINES.length - 1 }), { minLength: 1, maxLength: 12 }),
    edits: fc.array(fleetEdit, { maxLength: 6 }),
  })
  .map(({ rows, edits }) => {
    let header = [...FLEET_COLUMNS];
    let cells = rows.map((k) => FLEET_LINES[k].split(','));
    const damaged = new Map<number, RowEdit[]>();
    for (const e of edits) {
      if (e.kind === 'cell') {
        const row = cells[e.row % cells.length], c = e.column % header.length, values = FLEET_VALUES[header[c]] ?? ['', 'x'];
        row[c] = values[e.value % values.length];
      } else if (e.kind === 'duplicate') cells.push([...cells[e.row % cells.length]]);
      else if (e.kind === 'dropColumn') {
        const c = e.column % header.length;
        header = header.filter((_, k) => k !== c);
        cells = cells.map((r) => r.filter((_, k) => k !== c));
      } else if (e.kind === 'swapColumns') {
        const a = e.column % header.length, b = e.other % header.length;
        [header[a], header[b]] = [header[b], header[a]];
        for (const r of cells) [r[a], r[b]] = [r[b], r[a]];
      } else damaged.set(e.row % cells.length, [...(damaged.get(e.row % cells.length) ?? []), e.edit]);
    }
    const lines = [header.join(','), ...cells.map((r, k) => (damaged.get(k) ?? []).reduce(applyRowEdit, r.map(csvCell).join(',')))];
    return lines.join('\n') + '\n';
  });

// ── mapping files ────────────────────────────────────────────────────────────

const MAPPINGS = 'import/mappings';
export const MAPPING_NAMES = readdirSync(MAPPINGS).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
const MAPPING_TEXTS = new Map(MAPPING_NAMES.map((n) => [n, readFileSync(`${MAPPINGS}/${n}.yaml`, 'utf8')]));

export interface MappingCase {
  /** The shipped mapping it was made from; its sample export (import/mappings/samples/<name>.csv) is imported with it. */
  name: string;
  text: string;
}

/** A shipped mapping file with the scenarios' structural and text edits (keys deleted, retyped, renamed to built-ins, values swapped, text truncated…). */
export const mappingCase: fc.Arbitrary<MappingCase> = fc
  .record({
    name: fc.constantFrom(...MAPPING_NAMES),
    edits: fc.array(fc.tuple(edit, extremeNumber), { minLength: 0, maxLength: 3 }),
    textEdits: fc.array(textEdit, { maxLength: 2 }),
  })
  .map(({ name, edits, textEdits }) => ({ name, text: edited(MAPPING_TEXTS.get(name)!, edits, textEdits) }));

// ── .xlsx files ──────────────────────────────────────────────────────────────

const XLSX = readFileSync('test/fixtures/import/control-center.xlsx');

/** The Control Center .xlsx fixture cut short, with bytes overwritten, or with bytes inserted: a damaged zip, sheet or shared-strings part. */
export const xlsxCase: fc.Arbitrary<Uint8Array> = fc
  .record({
    kind: fc.constantFrom('truncate', 'overwrite', 'insert', 'none'),
    at: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 8 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  })
  .map(({ kind, at, bytes }) => {
    const b = Buffer.from(XLSX), pos = at.map((x) => Math.floor(x * b.length));
    if (kind === 'truncate') return b.subarray(0, pos[0]);
    if (kind === 'overwrite') {
      pos.forEach((p, k) => (b[p] = bytes[k % bytes.length]));
      return b;
    }
    if (kind === 'insert') return Buffer.concat([b.subarray(0, pos[0]), bytes, b.subarray(pos[0])]);
    return b;
  });

// ── trace files ──────────────────────────────────────────────────────────────

/** Cells a trace file may hold, with the MB they read as (a decimal number 0..1000000, as a spreadsheet writes it). */
const TRACE_GOOD: [string, number][] = [['12', 12], ['0', 0], ['0.5', 0.5], ['.5', 0.5], ['5.', 5], ['+2', 2], ['1.2E+03', 1200], ['1e-2', 0.01], ['1000000', 1e6], ['007', 7]];
/** Cells that are not: other notations, out of range, words, a comment after a number, full-width digits, quotes. */
const TRACE_BAD = ['9'.repeat(100_000) + 'x', '1.'.repeat(50_000), '0x10', '0b11', '0o7', '-1', '1000001', '1e7', 'NaN', 'Infinity', 'abc', '1_000', '１２', '3 # note', '1 2', '"3"', '--1', '.', 'e5', '1.2.3', '½'];

export interface TraceCase {
  /** The file's text. */
  text: string;
  /** The values it reads as, in order (what an accepted file must give). */
  values: number[];
  /** Each cell that must be refused, at its 1-based line and column, in file order. */
  bad: { line: number; col: number; token: string }[];
}

const traceCell = fc.record({
  token: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...TRACE_GOOD.map(([t]) => t)) }, { weight: 1, arbitrary: fc.constantFrom(...TRACE_BAD) }, { weight: 1, arbitrary: fc.constant('') }),
  before: fc.constantFrom('', '', ' ', '\t', '  '),
  after: fc.constantFrom('', '', ' ', '\t'),
});
const traceLine = fc.oneof(
  { weight: 6, arbitrary: fc.array(traceCell, { minLength: 1, maxLength: 5 }).map((cells) => ({ kind: 'cells' as const, cells })) },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', '\t').map((blank) => ({ kind: 'blank' as const, blank })) },
  { weight: 1, arbitrary: fc.constantFrom('# site A', '  # MB per day', '#,1,2').map((comment) => ({ kind: 'comment' as const, comment })) },
);

/**
 * A trace file: lines of cells (good, bad or empty, padded with spaces and tabs), blank lines and
 * comment lines, one line ending for the whole file (LF, CRLF or CR; a bare CR followed by an LF
 * would be one CRLF), a final line ending or none, a BOM or none. Its expected reading is worked
 * out here from how it was built, not by the parser under test.
 */
export const traceCase: fc.Arbitrary<TraceCase> = fc
  .record({
    lines: fc.array(traceLine, { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    final: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ lines, eol, final, bom }) => {
    const values: number[] = [], bad: TraceCase['bad'] = [];
    const texts = lines.map((l, k) => {
      if (l.kind === 'blank') return l.blank;
      if (l.kind === 'comment') return l.comment;
      let col = 1;
      const cells = l.cells.map(({ token, before, after }) => {
        const cell = before + token + after;
        if (token !== '') {
          const good = TRACE_GOOD.find(([t]) => t === token);
          if (good) values.push(good[1]);
          else bad.push({ line: k + 1, col: col + before.length, token });
        }
        col += cell.length + 1;
        return cell;
      });
      return cells.join(',');
    });
    // A BOM is trimmed with the white space around the first cell, and moves line 1's columns by one.
    const at = bom ? bad.map((b) => (b.line === 1 ? { ...b, col: b.col + 1 } : b)) : bad;
    return { text: (bom ? '\uFEFF' : '') + texts.join(eol) + (final && texts.length > 0 ? eol : ''), values, bad: at };
  });
