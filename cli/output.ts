import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, removeFolders, writeError } from './files.ts';
import { placeAll, tempPath } from '../import/index.ts';

export type OutputFile =
  | {
      name: string;
      /** Text (written as UTF-8) or bytes (a Parquet file). */
      content: string | Uint8Array;
    }
  | {
      name: string;
      /** A temporary file in `dir`, already written (a file streamed while the run went on): renamed with the others. */
      temp: string;
    };

/**
 * Writes the files into `dir` (created if missing) so that none is ever half-written:
 * each goes to a temporary file in the same folder, and only once all are complete are
 * they renamed over their names, all or none (placeAll: a failure part-way puts back the files
 * already replaced). Synchronous, so an interrupt's handler cannot run in between; a failure
 * removes the temporary files and is one line naming the path and the cause. Files given as an already written `temp` are
 * renamed with the others (and removed on a failure).
 */
export function writeFilesAtomic(dir: string, files: OutputFile[]): string[] {
  const temps: string[] = [];
  // The path an error names: the folder, then the output being written (not its hidden temporary file).
  let at = dir, made: string[] = [], placing = false;
  try {
    made = makeFolder(dir);
    for (const f of files) {
      if ('temp' in f) {
        temps.push(f.temp);
        continue;
      }
      at = join(dir, f.name);
      const temp = tempPath(at);
      temps.push(temp);
      writeFileSync(temp, f.content, { flag: 'wx' });
    }
    const targets = files.map((f) => join(dir, f.name));
    placing = true;
    placeAll(targets.map((target, i) => ({ temp: temps[i], target })));
    return targets;
  } catch (err) {
    // Best effort: the folder may be gone or a file now (ENOTDIR), and the write's error is the one to report.
    for (const t of temps) {
      try {
        rmSync(t, { force: true });
      } catch {
        // nothing to remove there
      }
    }
    removeFolders(made);
    // placeAll names the output its error is about.
    const named = (err as NodeJS.ErrnoException).path;
    throw writeError(placing && typeof named === 'string' ? named : at, err);
  }
}
