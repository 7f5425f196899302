/**
 * The importer's core, pure (no Node API: it runs in the CLI and in the page's Web Worker): an
 * export's rows (import/rows.ts for CSV text, import/sheet.ts for a spreadsheet) in, the fleet
 * CSV, the rejected and repaired rows written to sinks, the fitted profiles and the summary out.
 * Memory stays bounded: no row is kept, only 12 bytes per card for the duplicate check.
 */
import { Calibrator, cycleDaysBefore, profilesYaml, type CardHistory, type FittedProfile, type HistoryMonth } from './calibrate.ts';
import { fleetHeader, fleetLine, RANGE, type FleetCard } from '../scenarios/index.ts';
import { cycleUsageFromHistory, planHeaders, type HeaderPlan } from './headers.ts';
import type { ImportMapping } from './mapping.ts';
import type { Delimiter, Encoding } from './options.ts';
import type { ExportRow } from './rows.ts';
import { convertRow, type RejectKind, type RowOptions } from './row.ts';
import { SeenIccids } from './seen.ts';
import { csvLine } from '../csv/index.ts';
import { widthProblem } from './width.ts';
import { abortReason } from '../engine/index.ts';

/** The output files of one import, by role (their names, as the summary prints them). */
export interface OutputFiles {
  fleet: string;
  rejected: string;
  repaired: string;
  profiles: string;
}

/** Where the core writes the streamed outputs (a file in the CLI, a string in the page). */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

export interface ImportSinks {
  fleet: TextSink;
  rejected: TextSink;
  repaired: TextSink;
}

/** What the core needs besides the rows: everything of ImportOptions but the files. */
export interface CoreOptions {
  /** The export's name, for messages and profiles.yaml's `source` (unless given). */
  input: string;
  /** The day the export describes, `YYYY-MM-DD` (the scenario's start). */
  start: string;
  mapping?: ImportMapping;
  /** Check the Luhn digit of 20-digit ICCIDs. [default: the mapping's, else true] */
  luhn?: boolean;
  /** Billing cycle anchor day, for the calibration from this cycle's usage. [default: 1] */
  cycleAnchorDay?: number;
  /**
   * Called for every imported card with its usage history columns (several exports: earlier ones are read for this),
   * and whether the export has a usage-this-cycle column at all (without one, `card.usedMBThisCycle` is 0, not observed).
   */
  onCard?: (card: FleetCard, months: readonly HistoryMonth[], cycleUsage: boolean) => void;
  /** Replaces a card's history from its own columns (several exports: earlier exports' usage joins it); calibrates by history. */
  historyOf?: (card: FleetCard, months: readonly HistoryMonth[]) => CardHistory | null;
  /** What profiles.yaml says it was fitted from. [default: the input's file name] */
  source?: string;
  /** Aborting stops the import between rows; it rejects with an AbortError. */
  signal?: AbortSignal;
  /** How many rejected and repaired rows the summary keeps (firstRejected, firstRepaired). [default: NOTES] */
  notes?: number;
}

/** How the export was read. */
export interface ExportForm {
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
}

export interface RowNote {
  line: number;
  iccid: string;
  message: string;
}

export interface ImportSummary {
  /** Data rows read (the header is not counted). */
  read: number;
  imported: number;
  rejected: number;
  rejectedBy: Record<RejectKind, number>;
  /** Imported rows with at least one repair. */
  repaired: number;
  /** Cards imported by status; test and silent: before service. */
  status: { online: number; stopped: number; cancelled: number; test: number; silent: number };
  reasons: { manual: number; overQuota: number; arrears: number; expired: number };
  /** `csv`, or `xlsx` (a spreadsheet: no encoding or delimiter). */
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
  headers: HeaderPlan;
  /** 20-digit ICCIDs that failed the Luhn check. */
  luhnFailures: number;
  profiles: FittedProfile[];
  files: OutputFiles;
  /** The billing cycle's anchor day the import assumed (`--cycle-anchor`). [default: 1] */
  cycleAnchorDay: number;
  /** The first rejected and repaired rows (up to `NOTES`), for the terminal. */
  firstRejected: RowNote[];
  firstRepaired: RowNote[];
}

/** How many rejected and repaired rows the summary keeps for printing. */
export const NOTES = 20;

/** An import that cannot go on (no ICCID column, unreadable file…). `code` E_IMPORT. */
export class ImportError extends Error {
  readonly code = 'E_IMPORT';
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * Imports an export's rows: writes the outputs' header lines, then each row to the fleet CSV or
 * the rejected rows (with why), repairs to the repaired rows; returns the summary and the
 * profiles YAML. Throws ImportError when the export cannot be imported (no header, no ICCID column).
 */
export async function importRows(source: AsyncIterable<ExportRow>, o: CoreOptions, form: ExportForm, files: OutputFiles, out: ImportSinks): Promise<{ summary: ImportSummary; profiles: string }> {
  const summary = emptySummary(form, files);
  const cycleDays = cycleDaysBefore(o.start, o.cycleAnchorDay ?? 1);
  const notes = o.notes ?? NOTES;
  let rows: RowReader | null = null;
  for await (const r of source) {
    if (o.signal?.aborted) throw abortReason(o.signal);
    if ('unreadable' in r) await reject(summary, out, notes, r.line, 'invalid', `not readable as CSV: ${r.unreadable}`, '', r.raw ? [r.raw] : []);
    else if (rows) await rows.read(r.line, r.record);
    else rows = await RowReader.start(o, r.record, summary, out, cycleDays, notes);
  }
  if (o.signal?.aborted) throw abortReason(o.signal);
  if (!rows) throw new ImportError(`${o.input}: empty file: expected a header row and one row per card`);
  summary.profiles = rows.calibrator.profiles();
  summary.cycleAnchorDay = o.cycleAnchorDay ?? 1;
  return { summary, profiles: profilesYaml(summary.profiles, { source: o.source ?? baseName(o.input), start: o.start, cycleDays, cycleAnchorDay: summary.cycleAnchorDay }) };
}

/** Reads the data rows after the header: each imported, rejected (with why) or a duplicate. */
class RowReader {
  private readonly seen = new SeenIccids();

  private constructor(
    private readonly o: CoreOptions,
    private readonly row: RowOptions,
    private readonly header: readonly string[],
    readonly calibrator: Calibrator,
    private readonly summary: ImportSummary,
    private readonly out: ImportSinks,
    private readonly notes: number,
  ) {}

  /** Reads the header row, plans the columns and writes the outputs' header lines. */
  static async start(o: CoreOptions, header: string[], summary: ImportSummary, out: ImportSinks, cycleDays: number, notes: number): Promise<RowReader> {
    let headers: HeaderPlan;
    try {
      headers = cycleUsageFromHistory(planHeaders(header, o.mapping), o.start, o.cycleAnchorDay ?? 1);
    } catch (err) {
      throw new ImportError(`${o.input}: ${(err as Error).message}`);
    }
    summary.headers = headers;
    const row: RowOptions = { headers, start: o.start, luhn: o.luhn ?? o.mapping?.luhn ?? true, statuses: o.mapping?.statuses ?? {}, reasons: o.mapping?.reasons ?? {}, decimalComma: summary.delimiter === ';' };
    // An export with no usage-this-cycle column observes no card's usage: its 0 MB is a default, not a fit.
    const calibrator = new Calibrator(headers.history.length > 0 || o.historyOf ? 'history' : 'cycle', headers.fields.usedMBThisCycle ? cycleDays : 0);
    await out.fleet.write(fleetHeader());
    await out.rejected.write(csvLine(['line', 'kind', 'reason', ...header.map((h) => h.replace(/^\uFEFF/, ''))]));
    await out.repaired.write(csvLine(['line', 'iccid', 'field', 'repair']));
    return new RowReader(o, row, header, calibrator, summary, out, notes);
  }

  async read(line: number, record: string[]): Promise<void> {
    const { summary, out, notes } = this;
    if (record.every((c) => c.trim() === '')) return reject(summary, out, notes, line, 'invalid', 'empty row', '', record);
    // A row wider than the header (a non-empty cell past it) or shorter is refused, never shifted (import/width.ts).
    const misfit = widthProblem(record, this.header, summary);
    if (misfit !== null) return reject(summary, out, notes, line, 'invalid', misfit, '', record);
    const r = convertRow(record, line, this.row);
    if (!r.ok) {
      const width = this.header.length;
      const reason = record.length !== width ? `${r.reason}; the row has ${record.length} cells, the header ${width}` : r.reason;
      return reject(summary, out, notes, line, r.kind, reason, r.iccid, record);
    }
    const earlier = this.seen.add(r.card.iccid, line);
    if (earlier) return reject(summary, out, notes, line, 'duplicate', `duplicate ICCID ${r.card.iccid} (first on line ${earlier}, which is kept)`, r.card.iccid, record);
    if (this.o.historyOf) {
      r.history = this.o.historyOf(r.card, r.months);
      if (r.history) {
        r.card.meanDailyMB = r.history.meanDailyMB;
        r.card.historyMonths = r.history.months;
      }
    }
    if (r.card.status === 'test' || r.card.status === 'silent') {
      // A card before service has not carried its device's data: its history fits nothing (the profile draws its level).
      r.history = null;
      r.card.meanDailyMB = null;
      r.card.historyMonths = 0;
    }
    if (r.card.meanDailyMB !== null && r.card.meanDailyMB > RANGE.dailyMB.max) {
      return reject(summary, out, notes, line, 'invalid', `meanDailyMB: its usage is ${r.card.meanDailyMB} MB per day, past the ${RANGE.dailyMB.max} MB per day the simulator takes`, r.card.iccid, record);
    }
    this.o.onCard?.(r.card, r.months, this.row.headers.fields.usedMBThisCycle !== undefined);
    summary.read++;
    summary.imported++;
    summary.status[r.card.status]++;
    for (const reason of r.card.stopReasons) summary.reasons[reason]++;
    if (r.card.status !== 'test' && r.card.status !== 'silent') this.calibrator.add(r.card.plan, r.card.status, r.card.usedMBThisCycle, r.history);
    await out.fleet.write(fleetLine(r.card));
    if (r.repairs.length > 0) {
      summary.repaired++;
      for (const rep of r.repairs) {
        const cut = rep.indexOf(': ');
        if (summary.firstRepaired.length < this.notes) summary.firstRepaired.push({ line, iccid: r.card.iccid, message: rep });
        await out.repaired.write(csvLine([line, r.card.iccid, rep.slice(0, cut), rep.slice(cut + 2)]));
      }
    }
  }
}

function emptySummary(form: ExportForm, files: OutputFiles): ImportSummary {
  return {
    format: form.format, delimiter: form.delimiter,
    read: 0, imported: 0, rejected: 0, rejectedBy: { invalid: 0, notInService: 0, duplicate: 0 }, repaired: 0,
    status: { online: 0, stopped: 0, cancelled: 0, test: 0, silent: 0 }, reasons: { manual: 0, overQuota: 0, arrears: 0, expired: 0 },
    encoding: form.encoding, bom: form.bom, headers: { fields: {}, history: [], ignored: [] }, luhnFailures: 0,
    profiles: [], files, cycleAnchorDay: 1, firstRejected: [], firstRepaired: [],
  };
}

/** A rejected row: counted, kept for the terminal (the first NOTES), written to rejected.csv with its cells. */
async function reject(summary: ImportSummary, out: ImportSinks, notes: number, line: number, kind: RejectKind, reason: string, iccid: string, cells: readonly string[]): Promise<void> {
  summary.read++;
  summary.rejected++;
  summary.rejectedBy[kind]++;
  if (/fails the Luhn check/.test(reason)) summary.luhnFailures++;
  if (summary.firstRejected.length < notes) summary.firstRejected.push({ line, iccid, message: reason });
  await out.rejected.write(csvLine([line, kind, reason, ...cells]));
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
