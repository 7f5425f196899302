/** Outputs written under a temporary name, renamed over their own once complete (import/outputs.ts, and the CLI's run outputs). */
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
