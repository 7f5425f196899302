/**
 * `simlapse import`'s engine room (Node): streams an export row by row, writes the fleet CSV,
 * the rejected and repaired rows and the fitted profiles to temporary files next to `out`,
 * and renames them into place only when the whole file has been read. Memory stays bounded:
 * no row is kept, only 12 bytes per card for the duplicate check.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Calibrator, cycleDaysBefore, profilesYaml, type CardHistory, type FittedProfile, type HistoryMonth } from './calibrate.ts';
import { fleetHeader, fleetLine, type FleetCard } from '../scenarios/index.ts';
import { decodeFile, detectEncoding } from './encoding.ts';
import { planHeaders, type HeaderPlan } from './headers.ts';
import type { Encoding, ImportMapping } from './mapping.ts';
import { convertRow, type RejectKind } from './row.ts';
import { SeenIccids } from './seen.ts';
import { csvLine } from '../csv/index.ts';

export interface ImportOptions {
  /** The export to read. */
  input: string;
  /** The fleet CSV to write; the other outputs go next to it (`<stem>.rejected.csv`, …). */
  out: string;
  /** The day the export describes, `YYYY-MM-DD` (the scenario's start). */
  start: string;
  mapping?: ImportMapping;
  /** Overrides the mapping file's and the detection. */
  encoding?: Encoding;
  /** Check the Luhn digit of 20-digit ICCIDs. [default: the mapping's, else true] */
  luhn?: boolean;
  /** Billing cycle anchor day, for the calibration from this cycle's usage. [default: 1] */
  cycleAnchorDay?: number;
  /** Called for every imported card with its usage history columns (several exports: earlier ones are read for this). */
  onCard?: (card: FleetCard, months: readonly HistoryMonth[]) => void;
  /** Replaces a card's history from its own columns (several exports: earlier exports' usage joins it); calibrates by history. */
  historyOf?: (card: FleetCard, months: readonly HistoryMonth[]) => CardHistory | null;
  /** What profiles.yaml says it was fitted from. [default: the input's file name] */
  source?: string;
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
  status: { online: number; stopped: number; cancelled: number };
  reasons: { manual: number; overQuota: number; arrears: number; expired: number };
  encoding: Encoding;
  bom: boolean;
  headers: HeaderPlan;
  /** 20-digit ICCIDs that failed the Luhn check. */
  luhnFailures: number;
  profiles: FittedProfile[];
  files: { fleet: string; rejected: string; repaired: string; profiles: string };
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

export function outputNames(out: string): ImportSummary['files'] {
  const dir = dirname(out);
  const stem = basename(out).replace(/\.csv$/i, '');
  return {
    fleet: out,
    rejected: join(dir, `${stem}.rejected.csv`),
    repaired: join(dir, `${stem}.repaired.csv`),
    profiles: join(dir, `${stem}.profiles.yaml`),
  };
}

export async function importExport(o: ImportOptions): Promise<ImportSummary> {
  const files = outputNames(o.out);
  const detected = o.encoding ?? o.mapping?.encoding ? { encoding: (o.encoding ?? o.mapping?.encoding)!, bom: false } : await detectEncoding(o.input);
  const luhn = o.luhn ?? o.mapping?.luhn ?? true;
  const temps = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, join(dirname(p), `.${basename(p)}.${process.pid}.tmp`)])) as ImportSummary['files'];
  mkdirSync(dirname(o.out), { recursive: true });
  const writers: Writer[] = [];
  const open = (path: string) => {
    const w = new Writer(path);
    writers.push(w);
    return w;
  };
  try {
    const fleet = open(temps.fleet), rejected = open(temps.rejected), repaired = open(temps.repaired);
    const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true });
    const summary: ImportSummary = {
      read: 0, imported: 0, rejected: 0, rejectedBy: { invalid: 0, notInService: 0, duplicate: 0 }, repaired: 0,
      status: { online: 0, stopped: 0, cancelled: 0 }, reasons: { manual: 0, overQuota: 0, arrears: 0, expired: 0 },
      encoding: detected.encoding, bom: detected.bom, headers: { fields: {}, history: [], ignored: [] }, luhnFailures: 0,
      profiles: [], files, firstRejected: [], firstRepaired: [],
    };
    const reject = async (line: number, kind: RejectKind, reason: string, iccid: string, cells: readonly string[]) => {
      summary.read++;
      summary.rejected++;
      summary.rejectedBy[kind]++;
      if (/fails the Luhn check/.test(reason)) summary.luhnFailures++;
      if (summary.firstRejected.length < NOTES) summary.firstRejected.push({ line, iccid, message: reason });
      await rejected.write(csvLine([line, kind, reason, ...cells]));
    };
    const skipped: { line: number; message: string }[] = [];
    parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, message: err.message }));
    Readable.from(decodeFile(o.input, detected.encoding)).on('error', (e) => parser.destroy(e)).pipe(parser);

    let headers: HeaderPlan | null = null;
    let width = 0;
    const seen = new SeenIccids();
    const calibrator: { c: Calibrator | null } = { c: null };
    const row = { headers: null as unknown as HeaderPlan, start: o.start, luhn, statuses: o.mapping?.statuses ?? {}, reasons: o.mapping?.reasons ?? {} };
    const cycleDays = cycleDaysBefore(o.start, o.cycleAnchorDay ?? 1);
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      for (const s of skipped.splice(0)) await reject(s.line, 'invalid', `not readable as CSV: ${s.message}`, '', []);
      let inner = 0;
      for (const c of record) if (c.includes('\n')) inner += c.split('\n').length - 1;
      const line = info.lines - inner;
      if (!headers) {
        try {
          headers = planHeaders(record, o.mapping);
        } catch (err) {
          throw new ImportError(`${o.input}: ${(err as Error).message}`);
        }
        width = record.length;
        row.headers = headers;
        summary.headers = headers;
        calibrator.c = new Calibrator(headers.history.length > 0 || o.historyOf ? 'history' : 'cycle', cycleDays);
        await fleet.write(fleetHeader());
        await rejected.write(csvLine(['line', 'kind', 'reason', ...record.map((h) => h.replace(/^\uFEFF/, ''))]));
        await repaired.write(csvLine(['line', 'iccid', 'field', 'repair']));
        continue;
      }
      if (record.every((c) => c.trim() === '')) {
        await reject(line, 'invalid', 'empty row', '', record);
        continue;
      }
      const r = convertRow(record, line, row);
      if (!r.ok) {
        await reject(line, r.kind, record.length !== width ? `${r.reason}; the row has ${record.length} cells, the header ${width}` : r.reason, r.iccid, record);
        continue;
      }
      const earlier = seen.add(r.card.iccid, line);
      if (earlier) {
        await reject(line, 'duplicate', `duplicate ICCID ${r.card.iccid} (first on line ${earlier}, which is kept)`, r.card.iccid, record);
        continue;
      }
      if (o.historyOf) {
        r.history = o.historyOf(r.card, r.months);
        if (r.history) {
          r.card.meanDailyMB = r.history.meanDailyMB;
          r.card.historyMonths = r.history.months;
        }
      }
      o.onCard?.(r.card, r.months);
      summary.read++;
      summary.imported++;
      summary.status[r.card.status]++;
      for (const reason of r.card.stopReasons) summary.reasons[reason]++;
      calibrator.c!.add(r.card.plan, r.card.status, r.card.usedMBThisCycle, r.history);
      await fleet.write(fleetLine(r.card));
      if (r.repairs.length > 0) {
        summary.repaired++;
        for (const rep of r.repairs) {
          const cut = rep.indexOf(': ');
          if (summary.firstRepaired.length < NOTES) summary.firstRepaired.push({ line, iccid: r.card.iccid, message: rep });
          await repaired.write(csvLine([line, r.card.iccid, rep.slice(0, cut), rep.slice(cut + 2)]));
        }
      }
    }
    for (const s of skipped.splice(0)) await reject(s.line, 'invalid', `not readable as CSV: ${s.message}`, '', []);
    if (!headers) throw new ImportError(`${o.input}: empty file: expected a header row and one row per card`);
    summary.profiles = calibrator.c!.profiles();
    for (const w of writers) await w.close();
    writeFileSync(temps.profiles, profilesYaml(summary.profiles, { source: o.source ?? basename(o.input), start: o.start, cycleDays }));
    for (const k of Object.keys(files) as (keyof ImportSummary['files'])[]) renameSync(temps[k], files[k]);
    return summary;
  } catch (err) {
    for (const w of writers) w.destroy();
    for (const t of Object.values(temps)) rmSync(t, { force: true });
    throw err;
  }
}

/** Appends text to a file in 64 KB writes, waiting when the stream is full. */
class Writer {
  private buf = '';
  private readonly stream: WriteStream;
  private failed: Error | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (e) => (this.failed = e));
  }

  async write(text: string): Promise<void> {
    this.buf += text;
    if (this.buf.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const ok = this.stream.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.buf) await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failed) throw this.failed;
  }

  destroy(): void {
    this.stream.destroy();
  }
}
