/**
 * The files `simlapse import` writes next to `--out`: each to a temporary file in the same
 * folder first, renamed into place only when the whole export has been read, so an
 * interrupted or failed import leaves nothing half-written (and removes its temporary files,
 * and the folders it made for them).
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

import type { OutputFiles } from './core.ts';
import { namingOutput, placeAll, tempPath, type Placement } from './temp.ts';

export type { OutputFiles };

/** `fleet.csv` → `fleet.csv`, `fleet.rejected.csv`, `fleet.repaired.csv`, `fleet.profiles.yaml`, in the same folder. */
export function outputNames(out: string): OutputFiles {
  const dir = dirname(out);
  const stem = basename(out).replace(/\.csv$/i, '');
  return {
    fleet: out,
    rejected: join(dir, `${stem}.rejected.csv`),
    repaired: join(dir, `${stem}.repaired.csv`),
    profiles: join(dir, `${stem}.profiles.yaml`),
  };
}

/** Outputs not yet committed or aborted, for `abandonOpenOutputs`. */
const open = new Set<ImportOutputs>();

/**
 * Removes the temporary files of every import still under way in this process: for a command
 * that must exit at once (a second Ctrl-C), synchronously.
 */
export function abandonOpenOutputs(): void {
  for (const o of open) o.abort();
}

/** The streamed outputs (fleet, rejected, repaired) open on temporary files; profiles are written at commit. */
export class ImportOutputs {
  readonly fleet: Writer;
  readonly rejected: Writer;
  readonly repaired: Writer;
  private readonly temps: OutputFiles;
  private readonly writers: Writer[] = [];
  /** The folders made for the outputs, innermost first: removed again, when empty, by abort. */
  private readonly made: string[];

  constructor(private readonly files: OutputFiles) {
    this.temps = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, tempPath(p)])) as unknown as OutputFiles;
    this.made = missingFolders(dirname(files.fleet));
    mkdirSync(dirname(files.fleet), { recursive: true });
    this.fleet = this.open('fleet');
    this.rejected = this.open('rejected');
    this.repaired = this.open('repaired');
    open.add(this);
  }

  /** Writes the profiles, closes the streams, and renames every temporary file over its name. */
  async commit(profiles: string): Promise<void> {
    this.place(await this.stage(Object.keys(this.files) as (keyof OutputFiles)[], profiles));
  }

  /**
   * Closes the streams and renames only the `kept` outputs into place; the others' temporary files
   * go, and their files (an earlier import's) stay as they were. An export that gave no card keeps
   * its rejected rows only; an earlier export of several keeps its rejected and repaired rows.
   */
  async commitOnly(kept: readonly (keyof OutputFiles)[]): Promise<void> {
    this.place(await this.stage(kept));
  }

  /**
   * Everything of a commit but the renames: closes the streams, writes the profiles (when given),
   * and returns the `kept` outputs' placements. Several exports stage each, then place all their
   * files together (import/multi.ts), so that a failure leaves none of them in place.
   */
  async stage(kept: readonly (keyof OutputFiles)[], profiles?: string): Promise<Placement[]> {
    for (const w of this.writers) await w.close();
    if (profiles !== undefined) {
      try {
        writeFileSync(this.temps.profiles, profiles);
      } catch (err) {
        throw namingOutput(err, this.files.profiles);
      }
    }
    this.kept = kept;
    return kept.map((k) => ({ temp: this.temps[k], target: this.files[k] }));
  }

  /** After the staged placements are in place: removes the temporary files not kept. */
  settle(): void {
    for (const k of Object.keys(this.files) as (keyof OutputFiles)[]) if (!this.kept.includes(k)) rmSync(this.temps[k], { force: true });
    open.delete(this);
  }
  private kept: readonly (keyof OutputFiles)[] = [];

  private place(placements: Placement[]): void {
    placeAll(placements);
    this.settle();
  }

  /** Stops writing and removes every temporary file, and the folders made for them. */
  abort(): void {
    for (const w of this.writers) w.destroy();
    for (const t of Object.values(this.temps)) rmSync(t, { force: true });
    removeEmptyFolders(this.made);
    open.delete(this);
  }

  private open(k: keyof OutputFiles): Writer {
    const w = new Writer(this.temps[k], this.files[k]);
    this.writers.push(w);
    return w;
  }
}

/** The folders of `dir`'s path that do not exist yet, innermost first. */
export function missingFolders(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) break;
  }
  return out;
}

/** Removes `folders` in order (innermost first) while they are empty: what a failed import made for its outputs goes with them. */
export function removeEmptyFolders(folders: readonly string[]): void {
  for (const d of folders) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (something else wrote there meanwhile) or gone: left as it is
    }
  }
}

/** Appends text to a file in 64 KB writes, waiting when the stream is full. */
export class Writer {
  private buf = '';
  private readonly stream: WriteStream;
  private failed: Error | null = null;

  /** Writes to `path`; a file-system error names `shown` (the output a temporary file stands for): a stream's write error names no file. */
  constructor(path: string, shown = path) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (e) => (this.failed = namingOutput(e, shown)));
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
