/** Outputs written under a temporary name, renamed over their own once complete (import/outputs.ts, and the CLI's run outputs). */
import { lstatSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary file's path beside `path` (which it is renamed over once complete): hidden, named
 * after it, with this process's id and 8 random hex digits. The random part matters where process
 * ids repeat (a container's command is often process 1): a file left by a run killed outright
 * (SIGKILL, the OOM killer) must not make the next run's exclusive create fail.
 */
export function tempPath(path: string): string {
  const tag = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tag}.tmp`);
}

/**
 * A file-system error set to name `path`, the output the user asked for: a write to a stream or a
 * descriptor names no file (ENOSPC on a full disk), and a temporary file's name means nothing to them.
 */
export function namingOutput<T>(err: T, path: string): T {
  const e = err as NodeJS.ErrnoException;
  if (e !== null && typeof e === 'object' && typeof e.code === 'string' && typeof e.syscall === 'string') e.path = path;
  return err;
}

/** A temporary file, complete, and the output it goes over. */
export interface Placement {
  temp: string;
  target: string;
}

/**
 * Renames each temporary file over its target, all or none. A target that exists is first moved
 * aside (to a temporary name beside it); if any step fails (a file another user owns in a shared
 * folder, a full disk's metadata), the ones done are undone (each new file removed, the old one
 * moved back) before the error is thrown, naming its target: a folder never holds one run's
 * report beside another run's tables. Synchronous, so no interrupt handler runs in between; the
 * temporary files not placed are the caller's to remove.
 */
export function placeAll(placements: readonly Placement[]): void {
  const done: { target: string; old: string | null }[] = [];
  try {
    for (const { temp, target } of placements) {
      let old: string | null = null;
      try {
        if (lstatSync(target).isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, rename '${temp}' -> '${target}'`), { code: 'EISDIR', syscall: 'rename' });
        old = tempPath(target);
        renameSync(target, old);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw namingOutput(err, target);
        old = null;
      }
      done.push({ target, old });
      try {
        renameSync(temp, target);
      } catch (err) {
        throw namingOutput(err, target);
      }
    }
  } catch (err) {
    for (const d of done.reverse()) {
      try {
        rmSync(d.target, { force: true });
        if (d.old !== null) renameSync(d.old, d.target);
      } catch {
        // best effort: the error to report is the one that stopped the placing
      }
    }
    throw err;
  }
  for (const d of done) {
    if (d.old === null) continue;
    try {
      rmSync(d.old, { force: true });
    } catch {
      // an old file moved aside and not removable: left hidden, the outputs are in place
    }
  }
}
