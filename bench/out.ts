/**
 * Where the bench writes its figures (--out): checked before anything runs, and written through
 * a temporary file beside the target that is removed on any failure, so nothing is left
 * half-written. The bench only replaces a file it wrote itself: no input of the project
 * (package.json, a source file), no folder, device, pipe, socket or link.
 */
import { accessSync, constants, lstatSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A refused --out: a RangeError, so usageOrExit prints it as one line and exits 2. */
function refuse(path: string, reason: string): RangeError {
  return new RangeError(`cannot write "${path}": ${reason}`);
}

/** Why a file-system call failed, in words. */
export function fsCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'EISDIR': return 'is a folder';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'ENAMETOOLONG': return 'the name is too long';
    default: return e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
  }
}

/** Whether `text` is what the bench writes: a JSON object with its date, engine version and machine. */
export function isBenchResult(text: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return typeof d.date === 'string' && typeof d.engine === 'string' && typeof d.machine === 'object' && d.machine !== null && !Array.isArray(d.machine);
}

/**
 * Checks that the bench may write its figures to `path`: a file name (not empty, not ending in
 * "/"), in a folder that exists and is writable; the file itself absent, or a regular file (not a
 * link) holding an earlier bench result. Throws a RangeError `cannot write "<path>": <reason>`.
 */
export function checkOut(path: string): string {
  if (path === '') throw refuse(path, 'an empty path; name the file to write (e.g. bench/results.json)');
  if (/[\\/]$/.test(path)) throw refuse(path, `it ends with "${path.slice(-1)}", so it names a folder; name the file to write (e.g. ${join(path, 'results.json')})`);
  const dir = dirname(path);
  let folder;
  try {
    folder = statSync(dir);
  } catch (err) {
    throw refuse(path, `its folder "${dir}": ${fsCause(err)} (the bench makes no folders)`);
  }
  if (!folder.isDirectory()) throw refuse(path, `"${dir}" is not a folder`);
  checkExisting(path);
  try {
    accessSync(dir, constants.W_OK); // the temporary file and the rename need it
  } catch (err) {
    throw refuse(path, `its folder "${dir}": ${fsCause(err)}`);
  }
  return path;
}

/** An existing --out file must be a regular file holding an earlier bench result. */
function checkExisting(path: string): void {
  let s;
  try {
    s = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw refuse(path, fsCause(err));
  }
  if (s.isDirectory()) throw refuse(path, `it is a folder; name the file to write (e.g. ${join(path, 'results.json')})`);
  if (s.isSymbolicLink()) throw refuse(path, 'it is a symbolic link; name the file itself or a new file');
  if (!s.isFile()) throw refuse(path, 'it is not a regular file (a device, pipe or socket); name a file to write');
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw refuse(path, fsCause(err));
  }
  if (!isBenchResult(text)) throw refuse(path, 'it exists and is not a bench result (JSON with date, engine and machine); the bench only replaces its own results: name a new file');
}

/**
 * Writes `data` as JSON to `path` (checked again by checkOut first: minutes may have passed):
 * into a uniquely named temporary file beside it, then renamed over it; on any failure the
 * temporary file is removed and the error is a RangeError `cannot write "<path>": <reason>`.
 */
export function writeResults(path: string, data: unknown): void {
  const text = JSON.stringify(data, null, 2) + '\n';
  checkOut(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' }); // wx: never through a file or link of that name
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the write's own cause is the one to report
    }
    throw refuse(path, fsCause(err));
  }
}
