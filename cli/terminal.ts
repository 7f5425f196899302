/**
 * What the CLI prints for people. Names come from users' files (scenario names, arm names,
 * an export's headers and statuses), so control characters in them are shown as `\u001b`
 * escapes, never sent raw: a name cannot move the cursor, recolour or retitle the terminal.
 * Machine output (`--json`, `schema`) is JSON, which escapes them itself, and is not touched.
 */
import { writeSync } from 'node:fs';
import { EXIT } from './errors.ts';

/** Control characters but newline and tab, and the bidirectional marks, embeddings, overrides and isolates (a name could display reversed). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character but newline and tab, and every text-direction character, written as a `\uXXXX` escape. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of a value that may hold line breaks or tabs (a path, a `--seed` text): them as `\n`, `\r`, `\t`, so a message stays one line. */
export function inline(text: string): string {
  return text.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** Writes text for a person to stdout. */
export function say(text: string): void {
  process.stdout.write(printable(text));
}

/** Writes text for a person to stderr (messages, progress lines). */
export function tell(text: string): void {
  process.stderr.write(printable(text));
}

/**
 * Closing the reading end of a pipe early (`simlapse run … --json | head -c 100`) ends the
 * command quietly with success, as Unix tools do, instead of an EPIPE stack trace. Any other
 * failure to write stdout or stderr (`simlapse schema > /dev/full`: no space left) ends it with
 * one line on the other stream, if that one still takes it, and exit 1 (output not writable).
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const [stream, name, other] of [[process.stdout, 'stdout', 2], [process.stderr, 'stderr', 1]] as const) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(EXIT.ok);
      try {
        writeSync(other, `simlapse: cannot write ${name}: ${writeFailure(err)}\n`);
      } catch {
        // Neither stream takes it: the exit code alone says so.
      }
      process.exit(EXIT.input);
    });
  }
}

/** A write error in words: "no space left on device (ENOSPC)" from Node's "ENOSPC: no space left on device, write". */
export function writeFailure(err: NodeJS.ErrnoException): string {
  const m = /^([A-Z0-9_]+): ([^,]+)/.exec(err.message);
  return m ? `${m[2]} (${m[1]})` : err.code ? `${err.message} (${err.code})` : err.message;
}
