/**
 * `simlapse import`'s file side (Node): reads an export from disk (detecting its encoding and
 * delimiter), runs the importer's core (import/core.ts) on its rows, writes the fleet CSV, the
 * rejected and repaired rows and the fitted profiles to temporary files next to `out`, and
 * renames them into place only when the whole file has been read (when no card was imported, only
 * the rejected rows: an earlier import's fleet CSV is not replaced by an empty one).
 */
import { importRows, ImportError, type CoreOptions, type ImportSummary } from './core.ts';
import { fileChunks, fileEncoding, fileDelimiter } from './files.ts';
import { exportRows, type ExportRow } from './rows.ts';
import { withFile } from './lines.ts';
import type { Delimiter, Encoding } from './options.ts';
import { ImportOutputs, outputNames } from './outputs.ts';
import type { Placement } from './temp.ts';
import { decodeChunks } from './encoding.ts';
import { isXlsx, xlsxRows } from './xlsx.ts';

export { outputNames, ImportError };
export { NOTES, type ImportSummary, type RowNote } from './core.ts';

export interface ImportOptions extends Omit<CoreOptions, 'input'> {
  /** The export to read. */
  input: string;
  /** The fleet CSV to write; the other outputs go next to it (`<stem>.rejected.csv`, …). */
  out: string;
  /** Overrides the mapping file's and the detection. */
  encoding?: Encoding;
  /** The CSV cell separator; overrides the mapping file's and the detection (from the header line). */
  delimiter?: Delimiter;
}

export async function importExport(o: ImportOptions): Promise<ImportSummary> {
  const pending = await importPending(o);
  try {
    await pending.commit();
  } catch (err) {
    pending.abort();
    throw err;
  }
  return pending.summary;
}

/** An export read, its outputs in temporary files next to `out`, not yet in place. */
export interface PendingImport {
  summary: ImportSummary;
  /** Renames the outputs into place: all four, or, when no card was imported, the rejected rows only (an earlier fleet CSV is not replaced by an empty one). */
  commit(): Promise<void>;
  /** Renames only the rejected and repaired rows into place (an earlier export of several: its cards are simulated from the latest). */
  commitRows(): Promise<void>;
  /** commit's and commitRows' work but the renames (ImportOutputs.stage): their placements, for several exports to place together; then `settle`. */
  stage(): Promise<Placement[]>;
  stageRows(): Promise<Placement[]>;
  /** After the staged files are in place: removes the temporary files not kept. */
  settle(): void;
  /** Removes the temporary files. */
  abort(): void;
}

/** Reads the export and writes its outputs to temporary files; nothing is in place until `commit` (several exports commit together, import/multi.ts). */
export async function importPending(o: ImportOptions): Promise<PendingImport> {
  try {
    return await pendingImport(o);
  } catch (err) {
    throw namedRead(err, o.input);
  }
}

/**
 * A failed read (Node's error for a `read` names no file; only the export is read, the outputs
 * are written) with the export as its `path`, so that the CLI can say which file it could not read.
 */
function namedRead(err: unknown, input: string): unknown {
  const e = err as NodeJS.ErrnoException | null;
  if (e instanceof Error && e.syscall === 'read' && typeof e.code === 'string' && e.path === undefined) e.path = input;
  return err;
}

async function pendingImport(o: ImportOptions): Promise<PendingImport> {
  const files = outputNames(o.out);
  const xlsx = isXlsx(o.input);
  const given = o.encoding ?? o.mapping?.encoding;
  const detected = xlsx ? { encoding: 'utf-8' as const, bom: false } : given ? { encoding: given, bom: false } : await fileEncoding(o.input);
  const delimiter = xlsx ? ',' : (o.delimiter ?? o.mapping?.delimiter ?? (await withFile(o.input, () => fileDelimiter(o.input, detected.encoding))));
  const out = new ImportOutputs(files);
  try {
    let source: AsyncIterable<ExportRow>;
    try {
      source = xlsx ? await openXlsx(o.input) : exportRows(decodeChunks(fileChunks(o.input), detected.encoding, given !== undefined), delimiter);
    } catch (err) {
      throw new ImportError(`${o.input}: ${(err as Error).message}`);
    }
    const { summary, profiles } = await withFile(o.input, () => importRows(source, o, { format: xlsx ? 'xlsx' : 'csv', ...detected, delimiter }, files, out));
    return {
      summary,
      // No card imported: its rejected rows are the only output; an earlier fleet CSV is not replaced by an empty one.
      commit: () => (summary.imported === 0 ? out.commitOnly(['rejected']) : out.commit(profiles)),
      commitRows: () => out.commitOnly(['rejected', 'repaired']),
      stage: () => (summary.imported === 0 ? out.stage(['rejected']) : out.stage(['fleet', 'rejected', 'repaired', 'profiles'], profiles)),
      stageRows: () => out.stage(['rejected', 'repaired']),
      settle: () => out.settle(),
      abort: () => out.abort(),
    };
  } catch (err) {
    out.abort();
    throw err;
  }
}

/** An .xlsx's rows; the sheet is read (and a broken file refused) before any output is written. */
async function openXlsx(input: string): Promise<AsyncGenerator<ExportRow>> {
  const rows: ExportRow[] = [];
  for await (const r of xlsxRows(input)) rows.push(r);
  return (async function* () {
    yield* rows;
  })();
}
