/**
 * How the CLI fails: a user's mistake gets one clean line (or the scenario's list of
 * problems) and an exit code; anything unexpected is a bug and gets its stack, exit 70.
 */

/** Exit codes (sysexits-style where one fits). */
export const EXIT = {
  ok: 0,
  /** Bad scenario file, missing file, unwritable output. */
  input: 1,
  /** Bad command line: unknown option, bad option value. */
  usage: 2,
  /** A bug: an error nobody expected (EX_SOFTWARE). */
  software: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + SIGTERM). */
  terminated: 143,
} as const;

/** An error the user can fix; printed as `simlapse: <message>` without a stack. */
export class CliError extends Error {
  readonly code = 'E_CLI';
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.input) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** How many of a scenario's problems are printed before `… and N more problems (M in all)`. */
export const PROBLEMS_SHOWN = 50;

export interface ReportOptions {
  /** A scenario's problems printed, at most (`simlapse validate --all-problems`: Infinity). [default: PROBLEMS_SHOWN] */
  problems?: number;
}

/** Prints `err` for the user and returns the exit code. Branches on `code`/`name`, not classes. */
export function reportError(err: unknown, write: (text: string) => void, options: ReportOptions = {}): number {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; exitCode?: unknown; stack?: unknown } | null;
  if (e?.code === 'E_CLI') {
    write(`simlapse: ${e.message}\n`);
    return e.exitCode as number;
  }
  if (e?.code === 'E_SCENARIO') {
    write(problemList(String(e.message), options.problems ?? PROBLEMS_SHOWN));
    return EXIT.input;
  }
  if (e?.name === 'AbortError') {
    write('simlapse: interrupted; no output written\n');
    return /SIGTERM/.test(String(e.message)) ? EXIT.terminated : EXIT.interrupted;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  write(`simlapse: internal error (please report it with the command and scenario):\n${detail}\n`);
  return EXIT.software;
}

/**
 * A scenario error's message (one problem a line: scenarios/error.ts) with at most `shown` of its
 * problems, then `… and N more problems (M in all)`: a file of 100,000 bad keys prints 51 lines.
 */
export function problemList(message: string, shown: number): string {
  const lines = message.split('\n');
  if (lines.length <= shown) return `${message}\n`;
  const n = (x: number) => x.toLocaleString('en');
  return `${lines.slice(0, shown).join('\n')}\n… and ${n(lines.length - shown)} more problems (${n(lines.length)} in all)\n`;
}
