import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { abandonOpenOutputs, datesProblem, formatSummary, shippedMapping, delimiterOf, encodingOf, earlierOutputs, ENCODINGS, type Delimiter, importExport, importExports, NOTES, outputNames, parseMapping, type Encoding, type ImportSummary, type MultiImportSummary } from '../import/index.ts';
import { parseDate } from '../engine/index.ts';
import { CliError, EXIT } from './errors.ts';
import { checkDistinctInputs, checkOutputFiles, writeError } from './files.ts';
import { trapInterrupts } from './interrupt.ts';
import { readable } from './load.ts';
import { readError } from './read.ts';
import { MAX_SCENARIO_BYTES, readText } from '../scenarios/node.ts';
import { inline, tell } from './terminal.ts';

export { formatSummary };

export interface ImportCommandOptions {
  out: string;
  map?: string;
  start?: string;
  encoding?: Encoding;
  delimiter?: Delimiter;
  luhn: boolean;
  cycleAnchor?: number;
  /** Several exports: the dates of all but the last. */
  dates?: string[];
}

/** `simlapse import`: a platform export → fleet CSV, rejected and repaired rows, fitted profiles; summary on stderr. */
export async function importCommand(fileOrFiles: string | string[], opts: ImportCommandOptions, write = tell): Promise<number> {
  const files = typeof fileOrFiles === 'string' ? [fileOrFiles] : fileOrFiles;
  for (const f of files) readable(f, 'export');
  if (opts.dates && files.length < 2) throw new CliError('--dates is for several exports (the dates of all but the last)', EXIT.usage);
  const start = opts.start ?? new Date().toISOString().slice(0, 10);
  if (opts.dates) {
    const problem = datesProblem(files, opts.dates, start);
    if (problem !== null) throw new CliError(problem, EXIT.usage);
  }
  let mapping;
  // An empty --map (an unset $MAPPING in a script) is no mapping file, not "no mapping": the export would be read with the built-in tables alone.
  if (opts.map === '') throw new CliError('--map: an empty path; give a mapping file or a shipped mapping\'s name (or leave --map out for the built-in tables)', EXIT.usage);
  if (opts.map) {
    // A shipped mapping by name (control-center, onelink, …) unless a file of that name is there.
    if (!existsSync(opts.map) && shippedMapping(opts.map)) opts = { ...opts, map: shippedMapping(opts.map)! };
    // A regular file of UTF-8 text, at most 4 MiB (as a scenario): a GBK-saved mapping's headers would otherwise match nothing, silently.
    readable(opts.map!, 'mapping file');
    let text: string;
    try {
      text = readText(opts.map!, MAX_SCENARIO_BYTES);
    } catch (err) {
      throw readError('mapping file', opts.map!, (err as Error).message);
    }
    try {
      mapping = parseMapping(text, opts.map!);
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.input);
    }
  }
  const inputs = [...files, ...(opts.map ? [opts.map] : [])];
  // The handlers go in before the output check (its probe file is a temporary file too) and stay
  // until the outputs are in place.
  const controller = new AbortController();
  const release = trapInterrupts(controller, abandonOpenOutputs);
  const common = { out: opts.out, start, mapping, encoding: opts.encoding, delimiter: opts.delimiter, luhn: opts.luhn ? undefined : false, cycleAnchorDay: opts.cycleAnchor, signal: controller.signal };
  let s: ImportSummary;
  try {
    // One export given twice would count its usage twice, once as an earlier snapshot.
    checkDistinctInputs(files, 'export');
    checkOutputFiles([outputNames(opts.out), ...earlierOutputs(opts.out, files.length - 1)].flatMap((o) => Object.values(o)), inputs, '--out', [opts.out]);
    if (files.length > 1) {
      const m = await importExports({ ...common, inputs: files, dates: opts.dates });
      write(formatMultiSummary(m, start, opts.start === undefined));
      for (const line of staleEarlier(opts.out, files.length - 1)) write(line);
      const latest = m.parts[m.parts.length - 1];
      return noCards(latest.input, latest.summary, write);
    }
    s = await importExport({ ...common, input: files[0] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'E_IMPORT') throw new CliError(e.message, EXIT.input);
    // A file-system error names its file: an input that could not be read (the importer names the export in a read error), else an output.
    if (typeof e.syscall === 'string' && typeof e.path === 'string') throw files.includes(e.path) ? readError('export', e.path, e) : writeError(e.path, e);
    throw err;
  } finally {
    release();
  }
  write(formatSummary(files[0], start, opts.start === undefined, s));
  for (const line of staleEarlier(opts.out, 0)) write(line);
  return noCards(files[0], s, write);
}

/**
 * Notes on the earlier exports' files beside `out` that this import did not write (`fleet.3.rejected.csv`
 * after an import of four exports, then one of two): the folder keeps them, as run keeps what it did not
 * write, but their rows are not this import's, and fleet.k.rejected.csv reads as this import's rejections.
 */
function staleEarlier(out: string, earlier: number): string[] {
  const { fleet } = outputNames(out), dir = dirname(fleet), stem = basename(fleet).replace(/\.csv$/i, '');
  const own = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.(rejected|repaired)\\.csv$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, k: Number(own.exec(name)?.[1] ?? 0) }))
    .filter(({ k }) => k > earlier)
    .sort((a, b) => a.k - b.k || (a.name < b.name ? -1 : 1))
    .map(({ name, k }) => `simlapse: note: ${inline(join(dir, name))} is not from this import (it gave ${earlier === 0 ? 'no earlier export' : `${earlier} earlier export${earlier === 1 ? '' : 's'}`}; an import of ${k + 1} or more wrote it): its rows are not this import's\n`);
}

/** EXIT.ok, or, when the (latest) export gave no card, a closing line that says so and EXIT.input: its files are written all the same (rejected.csv says why each row was). */
function noCards(input: string, s: ImportSummary, write: (text: string) => void): number {
  if (s.imported > 0) return EXIT.ok;
  const why = s.read === 0 ? 'the export has no rows below its header' : `${s.read === 1 ? 'its only row was' : `all ${s.read.toLocaleString('en')} of its rows were`} rejected (each in ${s.files.rejected})`;
  write(`simlapse: no card imported from ${input}: ${why}\n`);
  return EXIT.input;
}

/** Several exports: each file's summary (its rejected rows named by file and line), the totals, the cards missing from the latest. */
export function formatMultiSummary(m: MultiImportSummary, start: string, startDefaulted: boolean): string {
  const n = (x: number) => x.toLocaleString('en');
  const out: string[] = [];
  m.parts.forEach((p, k) => {
    const latest = k === m.parts.length - 1;
    out.push(`── ${p.input}: ${latest ? 'latest export, the day-0 state' : `earlier export ${k + 1}, dated ${p.date}${m.datesAssumed ? ' (assumed monthly; set --dates)' : ''}, usage history only`}`);
    const text = formatSummary(p.input, p.date, latest && startDefaulted, p.summary)
      .replace(/^ {2}line (\d+): /gm, `  ${p.input}:$1: `);
    out.push(latest ? text.trimEnd() : text.split('\n').filter((l) => !/^(calibration|wrote) /.test(l)).join('\n').trimEnd());
  });
  const byFile = m.parts.map((p) => `${basenameOf(p.input)} ${n(p.summary.read)} = ${n(p.summary.imported)} + ${n(p.summary.rejected)}`).join('; ');
  out.push(`all exports: read ${n(m.read)} = imported ${n(m.imported)} + rejected ${n(m.rejected)} (${byFile})`);
  const latest = m.parts[m.parts.length - 1];
  out.push(`usage history from earlier exports: ${n(m.withSnapshots)} of ${n(latest.summary.imported)} cards of the latest export (start ${start})`);
  if (m.missing.length > 0) {
    out.push(`${n(m.missing.length)} card${m.missing.length > 1 ? 's' : ''} of earlier exports not imported from the latest (not simulated):`);
    for (const c of m.missing.slice(0, NOTES)) out.push(`  ${c.iccid} (last in ${c.input}:${c.line})`);
    if (m.missing.length > NOTES) out.push(`  … and ${n(m.missing.length - NOTES)} more`);
  }
  return out.join('\n') + '\n';
}

function basenameOf(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

