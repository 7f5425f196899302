/**
 * How the CLI says a file could not be read, one wording for every input (a scenario, an export,
 * a mapping file): `cannot read <what> "<path>": <reason>`, the reason in a few words from the
 * OS error code (`no such file`, `permission denied`, `is a directory`…), never Node's message,
 * which repeats the path (it can be any length).
 */
import { cutShort } from '../csv/index.ts';
import { CliError, EXIT } from './errors.ts';

/** Why reading a file failed, in words, from its error code (the error's own words, without the path, for a rarer code). */
export function readCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': case 'ENOTDIR': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'ELOOP': return 'too many symbolic links in the path (a link loop?)';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'EIO': return 'input/output error';
  }
  if (typeof e.code !== 'string') return String(e.message ?? e);
  // `ESTALE: stale file handle, stat '…'` → `stale file handle (ESTALE)`.
  const words = /^[A-Z0-9_]+: ([^,]*)/.exec(String(e.message))?.[1];
  return words ? `${cutShort(words)} (${e.code})` : e.code;
}

/** The user error for a file that cannot be read: `cannot read <what> "<path>": <reason>` (an error: its reason from `readCause`), exit 1. */
export function readError(what: string, path: string, reason: unknown): CliError {
  return new CliError(`cannot read ${what} "${path}": ${typeof reason === 'string' ? reason : readCause(reason)}`, EXIT.input);
}
