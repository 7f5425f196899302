/**
 * `simlapse import a.csv b.csv c.csv --out fleet.csv`: monthly snapshots of one fleet. The
 * last file given is the latest export: it gives the day-0 state (dated `start`). Each earlier
 * export is imported on its own (its rows counted, its rejections written to
 * `<stem>.<k>.rejected.csv`), and gives each card one usage observation: its cycle usage to
 * date over the cycle's days before the export's date, if the card was online in it. These
 * join the cards' usage history columns for the fit (README, "Importing a fleet" → "Several
 * exports"). Cards of an earlier export that are not in the latest are listed, not simulated.
 * Every file's outputs wait in temporary files and go into place together once all are read.
 * Memory: one entry per card of the earlier exports (its snapshots and history months).
 */
import { basename, dirname, join } from 'node:path';
import { addMonths as addDayMonths, formatDate, parseDate } from '../engine/index.ts';
import { cardHistory, cycleDaysBefore, type HistoryMonth, type Snapshot } from './calibrate.ts';
import { importPending, ImportError, outputNames, type ImportOptions, type ImportSummary, type PendingImport } from './run.ts';
import { missingFolders, removeEmptyFolders, type OutputFiles } from './outputs.ts';
import { placeAll, type Placement } from './temp.ts';

export interface MultiImportOptions extends Omit<ImportOptions, 'input' | 'onCard' | 'historyOf' | 'source'> {
  /** The exports, oldest first; the last is the latest (dated `start`). */
  inputs: string[];
  /** The dates of the earlier exports (one per input but the last), oldest first. [default: monthly: the k-th before the last is `start` − k months] */
  dates?: string[];
}

export interface ExportPart {
  input: string;
  date: string;
  summary: ImportSummary;
}

/** A card of an earlier export that is not in the latest. */
export interface MissingCard {
  iccid: string;
  /** The last earlier export that has it, and its line there. */
  input: string;
  line: number;
}

export interface MultiImportSummary {
  /** One per input, in the order given; the last is the latest export. */
  parts: ExportPart[];
  /** Totals over every file: read = imported + rejected. */
  read: number;
  imported: number;
  rejected: number;
  /** Whether the earlier exports' dates were assumed (monthly) rather than given. */
  datesAssumed: boolean;
  /** Cards of the latest export with at least one observation from an earlier export. */
  withSnapshots: number;
  missing: MissingCard[];
}

interface Seen {
  snapshots: Snapshot[];
  months: Map<string, number>;
  input: string;
  line: number;
}

/**
 * What is wrong with the dates of the exports before the latest (`--dates`), oldest first, for
 * exports `inputs` (the latest last) starting on `start`; null when nothing is. The CLI asks it
 * before reading any export, as a mistake on the command line.
 */
export function datesProblem(inputs: readonly string[], dates: readonly string[], start: string): string | null {
  const earlier = inputs.slice(0, -1);
  if (dates.length !== earlier.length) return `--dates: expected ${earlier.length} date${earlier.length === 1 ? '' : 's'} (one per export before the latest, oldest first), got ${dates.length}`;
  for (let k = 0; k < dates.length; k++) {
    const next = k + 1 < dates.length ? dates[k + 1] : start;
    if (dates[k] >= next) return `${earlier[k]}: dated ${dates[k]}, not before ${k + 1 < dates.length ? `${earlier[k + 1]} (${next})` : `the latest export's start ${next}`}; give the exports oldest first`;
  }
  return null;
}

export async function importExports(o: MultiImportOptions): Promise<MultiImportSummary> {
  if (o.inputs.length === 0) throw new ImportError('no export given');
  const earlier = o.inputs.slice(0, -1);
  const dates = o.dates ?? earlier.map((_, k) => addMonths(o.start, -(earlier.length - k)));
  const problem = datesProblem(o.inputs, dates, o.start);
  if (problem !== null) throw new ImportError(problem);
  const anchor = o.cycleAnchorDay ?? 1;
  const earlierOuts = earlierOutputs(o.out, earlier.length);
  const made = missingFolders(dirname(outputNames(o.out).fleet));
  // Every export's outputs wait in temporary files until all are read, then go into place together:
  // a failed or interrupted import leaves nothing of its own, and an earlier import's files as they were.
  const pending: PendingImport[] = [];
  try {
    const summary = await importAll(o, earlier, dates, earlierOuts, anchor, pending);
    // Staged one by one (streams closed, profiles written), placed all at once: a failure part-way puts back what was replaced.
    const placements: Placement[] = [];
    for (let k = 0; k < pending.length - 1; k++) placements.push(...(await pending[k].stageRows()));
    placements.push(...(await pending[pending.length - 1].stage()));
    placeAll(placements);
    for (const p of pending) p.settle();
    return summary;
  } catch (err) {
    for (const p of pending) p.abort();
    removeEmptyFolders(made);
    throw err;
  }
}

/** Where the k-th earlier export's outputs go (`fleet.1.rejected.csv`, …): its rejected and repaired rows are kept. */
export function earlierOutputs(out: string, count: number): OutputFiles[] {
  const { fleet } = outputNames(out);
  const stem = basename(fleet).replace(/\.csv$/i, '');
  return Array.from({ length: count }, (_, k) => outputNames(join(dirname(fleet), `${stem}.${k + 1}.csv`)));
}

async function importAll(o: MultiImportOptions, earlier: string[], dates: string[], earlierOuts: OutputFiles[], anchor: number, pending: PendingImport[]): Promise<MultiImportSummary> {
  const datesAssumed = o.dates === undefined;
  const cards = new Map<string, Seen>();
  const parts: ExportPart[] = [];
  for (let k = 0; k < earlier.length; k++) {
    const input = earlier[k], date = dates[k];
    const cycleDays = cycleDaysBefore(date, anchor);
    const out = earlierOuts[k].fleet;
    const p = await importPending({
      ...o, input, out, start: date,
      onCard: (card, months, cycleUsage) => {
        let s = cards.get(card.iccid);
        if (!s) cards.set(card.iccid, (s = { snapshots: [], months: new Map(), input, line: card.line }));
        s.input = input;
        s.line = card.line;
        // An export without a usage-this-cycle column gives no snapshot: its cards' 0 MB was never read.
        if (cycleUsage && card.status === 'online' && cycleDays > 0) s.snapshots.push({ date, mb: card.usedMBThisCycle, days: cycleDays });
        for (const m of months) if (m.mb !== null) s.months.set(m.month, m.mb);
      },
    });
    // The earlier export's own fleet CSV and profiles are not outputs (commitRows): its cards are simulated from the latest.
    pending.push(p);
    parts.push({ input, date, summary: p.summary });
  }
  let withSnapshots = 0;
  const latest = o.inputs[o.inputs.length - 1];
  const inLatest = new Set<string>();
  const last = await importPending({
    ...o, input: latest,
    source: o.inputs.map((f) => basename(f)).join(', '),
    historyOf: (card, own) => {
      inLatest.add(card.iccid);
      const s = cards.get(card.iccid);
      if (!s) return cardHistory(own, o.start);
      if (s.snapshots.length > 0) withSnapshots++;
      const months = new Map(s.months);
      for (const m of own) if (m.mb !== null) months.set(m.month, m.mb);
      const list: HistoryMonth[] = [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, mb]) => ({ month, mb }));
      return cardHistory(list, o.start, s.snapshots);
    },
  });
  pending.push(last);
  parts.push({ input: latest, date: o.start, summary: last.summary });
  const missing: MissingCard[] = [];
  for (const [iccid, s] of cards) if (!inLatest.has(iccid)) missing.push({ iccid, input: s.input, line: s.line });
  return {
    parts,
    read: parts.reduce((n, p) => n + p.summary.read, 0),
    imported: parts.reduce((n, p) => n + p.summary.imported, 0),
    rejected: parts.reduce((n, p) => n + p.summary.rejected, 0),
    datesAssumed,
    withSnapshots,
    missing,
  };
}

/** `date` + n calendar months, the day clamped to the month's length (the engine's calendar). */
export function addMonths(date: string, n: number): string {
  return formatDate(addDayMonths(parseDate(date), n));
}
