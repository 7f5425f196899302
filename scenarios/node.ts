import { readFileSync, statSync } from 'node:fs';
import type { ExperimentConfig } from '../engine/index.ts';
import { ScenarioError } from './error.ts';
import { cutText } from './issues.ts';
import { parseScenario } from './parse.ts';

/** The largest scenario file read: 4 MiB (the largest example is 3 KB). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** The largest trace or fleet CSV a scenario may reference: 256 MiB (a fleet CSV of about 2 million cards). */
export const MAX_REFERENCED_BYTES = 256 * 1024 * 1024;

export interface LoadOptions {
  /** Receives the path of every file read: the scenario, then its trace and fleet files. */
  inputs?: string[];
  /** The scenario's text, already read with readText (the CLI reads it first, to say a failure as for any input). [default: read here] */
  text?: string;
}

/**
 * Reads a scenario file (and the trace and fleet files it names) from disk and parses it.
 * Node only. Every file must be a regular file (not a device, pipe or folder) of UTF-8 text
 * within the size limits above. Throws `ScenarioError`.
 */
export function loadScenarioFile(path: string, options: LoadOptions = {}): ExperimentConfig {
  let text: string;
  try {
    text = options.text ?? readText(path, MAX_SCENARIO_BYTES);
  } catch (err) {
    throw new ScenarioError([{ file: path, line: 0, col: 0, path: 'scenario', message: `cannot read the scenario file: ${(err as Error).message}` }]);
  }
  options.inputs?.push(path);
  return parseScenario(text, {
    file: path,
    readFile: (p) => {
      const t = readText(p, MAX_REFERENCED_BYTES);
      options.inputs?.push(p);
      return t;
    },
  });
}

/** A regular file's UTF-8 text, or an Error saying in a few words why not. */
export function readText(path: string, maxBytes: number): string {
  let size: number;
  try {
    const s = statSync(path);
    if (s.isDirectory()) throw new Error('is a directory');
    if (!s.isFile()) throw new Error('not a regular file (a device, pipe or socket)');
    size = s.size;
  } catch (err) {
    throw new Error(cause(err));
  }
  if (size > maxBytes) throw new Error(mib(size) === mib(maxBytes) ? `the file is ${size.toLocaleString('en')} bytes; the most read is ${maxBytes.toLocaleString('en')} bytes (${mib(maxBytes)})` : `the file is ${mib(size)}; the most read is ${mib(maxBytes)}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(cause(err));
  }
  const bad = invalidUtf8(bytes);
  if (bad >= 0) {
    const line = 1 + bytes.subarray(0, bad).reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
    throw new Error(`not UTF-8 text: byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')} at byte offset ${bad} (line ${line}) is not valid UTF-8; save the file as UTF-8`);
  }
  return bytes.toString('utf8');
}

/**
 * Why a file cannot be read, in a few words that do not repeat its path (Node's message names
 * the path, which can be any length): `no such file`, `the path is too long`, else the error's
 * own words without the path (`ESTALE: stale file handle, stat '…'` → `stale file handle (ESTALE)`).
 */
function cause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  if (code === 'ELOOP') return 'too many symbolic links in the path (a link loop?)';
  if (code === 'EMFILE' || code === 'ENFILE') return 'too many open files';
  if (code === 'EIO') return 'input/output error';
  if (typeof code !== 'string') return (err as Error).message;
  const words = /^[A-Z0-9_]+: ([^,]*)/.exec((err as Error).message)?.[1];
  return words ? `${cutText(words)} (${code})` : code;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
function invalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    // Overlong 3- and 4-byte forms, surrogates and code points past U+10FFFF.
    if ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] > 0x9f) || (c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] > 0x8f)) return i;
    i += n;
  }
  return -1;
}
