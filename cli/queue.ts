import type { Report, RunOptions, ScenarioConfig } from '../engine/index.ts';
import { parseRedisUrl, runOnQueue, type RedisUrl } from '../node/index.ts';
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
export async function runQueued(scenario: ScenarioConfig, run: RunOptions, url: string): Promise<Report> {
  try {
    return await runOnQueue(scenario, { ...run, url, trace: queueTrace('coordinator'), log: (line) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${printable(`simlapse: ${line}`)}\n`) });
  } catch (err) {
    const e = err as { code?: unknown; message?: string };
    if (e?.code === 'E_QUEUE') throw new CliError(e.message!, EXIT.input);
    if (e?.code === 'E_JOB') throw new CliError(e.message!, EXIT.software);
    throw err;
  }
}
