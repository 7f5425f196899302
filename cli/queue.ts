import type { Report, RunOptions, ScenarioConfig } from '../engine/index.ts';
import { deleteQueueRuns, parseRedisUrl, runOnQueue, scrub, type RedisUrl } from '../node/index.ts';
import { CliError, EXIT } from './errors.ts';
import { printable } from './terminal.ts';

/** The --queue URL, checked before any work; a bad one is a usage error whose message never holds the password. */
export function queueUrl(text: string): RedisUrl {
  try {
    return parseRedisUrl(text);
  } catch (err) {
    throw new CliError(`--queue: ${(err as Error).message}`, EXIT.usage);
  }
}

/**
 * With SIMLAPSE_DEBUG=queue in the environment, the queue's step-by-step lines (runOnQueue's and
 * startWorker's `trace`) on stderr, each stamped with the time: for a run or worker that hangs.
 */
export function queueTrace(who: string): ((line: string) => void) | undefined {
  if (!(process.env.SIMLAPSE_DEBUG ?? '').split(',').includes('queue')) return undefined;
  return (line) => process.stderr.write(`${printable(`simlapse debug ${new Date().toISOString().slice(11, 23)} ${who}: ${line}`)}\n`);
}

/**
 * `simlapse run --queue URL`: the run's jobs go to the queue and `simlapse worker` processes
 * serve them; notes (resume, refusals, stalls, connection trouble) go to stderr. Each failure
 * is one clean line, not a stack: exit 1 for Redis out of reach, a database index it does not
 * have, a Redis that may evict keys, a full Redis (maxmemory reached), another coordinator
 * running the same scenario, the run's lease lost, or no connected worker able to compute the
 * run (all on another engine); exit 70 for a job failing every attempt. Ctrl-C at any point,
 * setup included, is the CLI's interrupt (an AbortError: exit 130, 143 after SIGTERM).
 */
export async function runQueued(scenario: ScenarioConfig, run: RunOptions, url: string, keep = false): Promise<Report> {
  try {
    return await runOnQueue(scenario, { ...run, url, keep, trace: queueTrace('coordinator'), log });
  } catch (err) {
    const e = err as { code?: unknown; message?: string };
    if (e?.code === 'E_QUEUE') throw new CliError(e.message!, EXIT.input);
    if (e?.code === 'E_JOB') throw new CliError(e.message!, EXIT.software);
    throw err;
  }
}

/** A line on stderr, over the progress bar on a terminal. */
function log(line: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${printable(`simlapse: ${line}`)}\n`);
}

/**
 * The runs of one `simlapse run --queue` (an experiment's main run, its --precision batches, its
 * sensitivity runs), each kept in Redis once done, so that nothing is lost if the command fails
 * before its outputs are written (a disk full, a folder gone): the same command then gives the
 * report again from Redis without computing a job. `forget` deletes them once the outputs are written.
 */
export class QueuedRuns {
  private readonly done: ScenarioConfig[] = [];

  constructor(private readonly url: string) {}

  /** The experiment's runner: each run on the queue, kept. */
  readonly run = async (scenario: ScenarioConfig, options: RunOptions): Promise<Report> => {
    const report = await runQueued(scenario, options, this.url, true);
    this.done.push(scenario);
    return report;
  };

  /** Whether a finished run is kept in Redis. */
  get kept(): boolean {
    return this.done.length > 0;
  }

  /** Where the finished runs stay, and what brings them back: for a failure after them. */
  get where(): string {
    return `the finished queue ${this.done.length === 1 ? "run's" : "runs'"} results stay in Redis at ${queueUrl(this.url).redacted} for 3 days: the same command, run again, resumes from them without computing any job again`;
  }

  /**
   * Deletes the finished runs from Redis, under their leases (a run that another coordinator took
   * up meanwhile is left to it). The outputs are written by then: a failure, Ctrl-C included, is
   * a note on stderr (the runs expire in 3 days), never the command's.
   */
  async forget(signal: AbortSignal): Promise<void> {
    try {
      await deleteQueueRuns(this.done, { url: this.url, log, trace: queueTrace('coordinator'), signal });
    } catch (err) {
      const why = (err as Error)?.name === 'AbortError' ? 'interrupted' : scrub((err as Error)?.message ?? String(err), queueUrl(this.url));
      log(`the finished run${this.done.length === 1 ? ' was' : 's were'} not deleted from Redis at ${queueUrl(this.url).redacted} (${why}): ${this.done.length === 1 ? 'it expires' : 'they expire'} in 3 days`);
    }
  }
}
