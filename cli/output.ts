import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from './errors.ts';

export interface OutputFile {
  name: string;
  content: string;
}

/**
 * Checks before a run that `dir` can be an output folder (absent, or a folder), so a long
 * run does not end in a mistake the user could have fixed first.
 */
export function checkOutputDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new CliError(`cannot write to --out "${dir}": not a directory`, EXIT.input);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Writes the files into `dir` (created if missing) so that none is ever half-written:
 * each goes to a temporary file in the same folder, and only once all are complete are
 * they renamed over their names (rename is atomic within a file system). Synchronous, so
 * a Ctrl-C handler cannot run in between.
 */
export function writeFilesAtomic(dir: string, files: OutputFile[]): string[] {
  const temps: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const temp = join(dir, `.${f.name}.${process.pid}.tmp`);
      temps.push(temp);
      writeFileSync(temp, f.content, { flag: 'wx' });
    }
    return files.map((f, i) => {
      const path = join(dir, f.name);
      renameSync(temps[i], path);
      return path;
    });
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`cannot write to --out "${dir}": ${e.code === 'EACCES' ? 'permission denied' : e.message}`, EXIT.input);
  }
}
