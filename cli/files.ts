/**
 * Where commands may write: checked before any long work starts. An output must not be one of
 * the command's inputs, must be a regular file (or not exist yet), its folder must exist or be
 * creatable and writable; every file-system error is one line naming the path and the cause.
 */
import { closeSync, existsSync, mkdirSync, openSync, rmdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError, EXIT } from './errors.ts';
import { inline } from './terminal.ts';
import { tempPath } from '../import/index.ts';

/** Why a file-system call failed, in words. */
export function fsCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'EEXIST': return 'already exists';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'EIO': return 'input/output error';
    case 'EFBIG': return 'file too large (past the file-size limit: ulimit -f)';
    // Node's message already starts with its code ("EXDEV: cross-device link not permitted, rename"): said once.
    default: return e.code && !String(e.message).startsWith(`${e.code}:`) ? `${e.code}: ${e.message}` : String(e.message ?? e);
  }
}

/** A user error for a failed write: `cannot write "<path>": <cause>`. */
export function writeError(path: string, err: unknown): CliError {
  return new CliError(`cannot write ${quoted(path)}: ${fsCause(err)}`, EXIT.input);
}

/** A path in double quotes, a line break or tab in it escaped (`\n`): the message stays one line. */
export function quoted(path: string): string {
  return `"${inline(path)}"`;
}

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw writeError(path, err);
  }
}

/** The same file, whatever the path that names it (links, `./`, `..`). */
function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Refuses a file given twice among `paths` (by identity: a link or another spelling of the path is the same file). `what` names them in the message. */
export function checkDistinctInputs(paths: readonly string[], what: string): void {
  const seen: { path: string; s: Stats }[] = [];
  for (const path of paths) {
    const s = stat(path);
    if (!s) continue;
    const earlier = seen.find((x) => sameFile(x.s, s));
    if (earlier) throw new CliError(`"${path}" and "${earlier.path}" are the same file: give each ${what} once`, EXIT.usage);
    seen.push({ path, s });
  }
}

/**
 * Checks that each of `paths` can be written as an output file: not an input, a regular file
 * or absent, in a folder that exists (or can be made) and takes a new file (each folder is
 * probed once). `option` names the option in messages (`--out`). `named`: the paths the user
 * gave [default: all of `paths`]; the others are derived from the first of them (import's
 * `<stem>.rejected.csv` beside its --out).
 */
export function checkOutputFiles(paths: readonly string[], inputs: readonly string[], option = '--out', named: readonly string[] = paths): void {
  for (const path of paths) if (path === '') throw new CliError(`${option}: an empty path; name the file to write`, EXIT.usage);
  // `-` is stdout to many tools; a file of that name is more likely a mistake than a wish.
  for (const path of paths) if (path === '-') throw new CliError(`${option} -: this command writes files, not stdout; name the file to write (e.g. ${option} fleet/fleet.csv)`, EXIT.usage);
  // A trailing separator names a folder (one that may not exist yet): the file itself is wanted.
  for (const path of paths) if (/[\\/]$/.test(path)) throw new CliError(`${option} "${path}" ends with "${path.slice(-1)}", so it names a folder; name the file to write (e.g. ${join(path, 'fleet.csv')})`, EXIT.usage);
  for (const path of paths) checkFile(path, inputs, option, named.includes(path) ? 'named' : { beside: named[0] ?? paths[0] });
  for (const dir of new Set(paths.map((p) => dirname(resolve(p))))) probeFolder(dir);
}

/**
 * Where an output file's name comes from: `named`, the user named the file (import's --out), so a
 * folder there is a mistake in the name; `inFolder`, the command names the files in the folder the
 * user gave (run's --out); `beside`, the command names it after the file the user named (import's
 * `<stem>.rejected.csv`). In the last two, a folder of that name is in its way.
 */
type Place = 'named' | 'inFolder' | { beside: string };

/** An output file that exists must be a regular file and none of the inputs. */
function checkFile(path: string, inputs: readonly string[], option: string, place: Place): void {
  const s = stat(path);
  if (s) {
    if (s.isDirectory()) {
      throw new CliError(
        place === 'named'
          ? `${option} "${path}" is a directory; name the file to write (e.g. ${join(path, 'fleet.csv')})`
          : place === 'inFolder'
            ? `${option} "${path}" is a directory, where this command writes a file of that name: move it, or give another --out folder`
            : `a folder is in the way of the output file "${path}" (written beside ${option} "${place.beside}"): move or rename that folder, or give another ${option}`,
        EXIT.input,
      );
    }
    if (!s.isFile()) throw new CliError(`${option} "${path}" is not a regular file (a device, pipe or socket); name a file to write`, EXIT.input);
    for (const input of inputs) {
      const i = stat(input);
      if (i && sameFile(i, s)) {
        // A file named after the one the user gave (import's <stem>.rejected.csv beside its --out): say which --out writes it.
        const what = typeof place === 'object' && place.beside !== path ? `"${place.beside}" writes "${path}", which` : `"${path}"`;
        throw new CliError(`${option} ${what} is an input of this command ("${input}"); it would be overwritten: write somewhere else`, EXIT.input);
      }
    }
  }
}

/**
 * Checks that `dir` can be an output folder for the files `names`: a folder or absent, each
 * file a regular file or absent and not an input, and the folder takes a new file.
 */
export function checkOutputDir(dir: string, names: readonly string[], inputs: readonly string[], option = '--out'): void {
  if (dir === '') throw new CliError(`${option}: an empty path; give the folder to write into ("." for this one)`, EXIT.usage);
  if (dir === '-') throw new CliError(`${option} -: a folder to write files into, not stdout; for the report on stdout use --json, or name a folder (./- if you mean one called "-")`, EXIT.usage);
  const s = stat(dir);
  if (s && !s.isDirectory()) throw new CliError(`cannot write to ${option} "${dir}": not a directory`, EXIT.input);
  for (const name of names) checkFile(join(dir, name), inputs, `${option} file`, 'inFolder');
  probeFolder(resolve(dir));
}

/**
 * Makes a folder and its missing parents, one at a time (Node's recursive mkdir loops forever
 * on some paths, such as under /proc); a failure names the folder that could not be made (and
 * removes those made before it). Returns the folders it made, outermost first.
 */
export function makeFolder(dir: string): string[] {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  const made: string[] = [];
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        removeFolders(made);
        throw writeError(d, err);
      }
    }
  }
  return made;
}

/** Removes folders made by makeFolder, innermost first, while they are empty: a command that writes nothing leaves no folder behind. */
export function removeFolders(made: readonly string[]): void {
  for (let k = made.length - 1; k >= 0; k--) {
    try {
      rmdirSync(made[k]);
    } catch {
      return; // not empty (something else wrote there meanwhile) or gone: left as it is
    }
  }
}

/**
 * Makes the folder if missing and writes and removes a probe file in it, so a read-only or
 * missing folder is found now; then removes the folders it made (the writing makes them again).
 */
function probeFolder(dir: string): void {
  const made = makeFolder(dir);
  const probe = tempPath(join(dir, 'simlapse-probe'));
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    throw new CliError(`cannot write in ${quoted(dir)}: ${fsCause(err)}`, EXIT.input);
  } finally {
    rmSync(probe, { force: true });
    removeFolders(made);
  }
}
