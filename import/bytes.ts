/**
 * An export held in memory (the page's File), imported with the core: its encoding and delimiter
 * detected as the CLI does, the outputs collected as text. Pure (runs in the page's Web Worker).
 */
import { parse } from 'csv-parse/sync';
import { importRows, type CoreOptions, type ImportSummary, type OutputFiles, type RowNote, type TextSink } from './core.ts';
import { decodeChunks, detectEncoding } from './encoding.ts';
import type { Delimiter, Encoding } from './options.ts';
import { detectDelimiter } from './delimiter.ts';
import { exportRows, type ExportRow } from './rows.ts';
import { withFile } from './lines.ts';

export interface BytesImportOptions extends CoreOptions {
  /** The output names the summary prints (as `simlapse import --out` would name them). */
  files: OutputFiles;
  /** Overrides the mapping file's and the detection. */
  encoding?: Encoding;
  /** Overrides the mapping file's and the detection (from the header line). */
  delimiter?: Delimiter;
}

export interface BytesImport {
  summary: ImportSummary;
  /** The outputs' text, byte for byte as the CLI writes the files. */
  fleet: string;
  rejected: string;
  repaired: string;
  profiles: string;
  /** Every rejected row and every repair (the summary keeps the first NOTES), with the CLI's messages. */
  rejectedRows: RowNote[];
  repairedRows: RowNote[];
}

/**
 * Imports an export's bytes (a CSV), or a spreadsheet's rows already read (`sheet`: import/sheet.ts).
 * Throws ImportError as the CLI's import does.
 */
export async function importBytes(input: Uint8Array | { sheet: ExportRow[] }, o: BytesImportOptions): Promise<BytesImport> {
  const out = { fleet: new Collect(), rejected: new Collect(), repaired: new Collect() };
  let result: { summary: ImportSummary; profiles: string };
  if (input instanceof Uint8Array) {
    const given = o.encoding ?? o.mapping?.encoding;
    const detected = given ? { encoding: given, bom: false } : await detectEncoding([input]);
    const text = () => decodeChunks(chunks(input), detected.encoding);
    const delimiter = o.delimiter ?? o.mapping?.delimiter ?? (await withFile(o.input, () => detectDelimiter(text())));
    result = await withFile(o.input, () => importRows(exportRows(text(), delimiter), o, { format: 'csv', ...detected, delimiter }, o.files, out));
  } else {
    const rows = input.sheet;
    result = await importRows((async function* () { yield* rows; })(), o, { format: 'xlsx', encoding: 'utf-8', bom: false, delimiter: ',' }, o.files, out);
  }
  const rejected = out.rejected.text(), repaired = out.repaired.text();
  return {
    summary: result.summary,
    fleet: out.fleet.text(),
    rejected,
    repaired,
    profiles: result.profiles,
    rejectedRows: records(rejected).map((r) => ({ line: Number(r[0]), iccid: '', message: r[2] })),
    repairedRows: records(repaired).map((r) => ({ line: Number(r[0]), iccid: r[1], message: `${r[2]}: ${r[3]}` })),
  };
}

/** The bytes in 64 KB views, as a file stream would give them. */
function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 16) yield bytes.subarray(at, at + (1 << 16));
}

/** A CSV output's data rows (after the header), cells as text. */
function records(csv: string): string[][] {
  return (parse(csv, { relax_column_count: true }) as string[][]).slice(1);
}

class Collect implements TextSink {
  private readonly parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  text(): string {
    return this.parts.join('');
  }
}
