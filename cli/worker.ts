import { Option, type Command } from 'commander';
import { CliError, EXIT } from './errors.ts';
import { integerOption } from './options.ts';
import { say as out, tell } from './terminal.ts';

export interface WorkerCommandOptions {
  queue: string;
  /** Jobs at once, one worker thread each. [default: available cores] */
  concurrency?: number;
  /** Milliseconds before a dead worker's job counts as stalled. [default: 30000] */
  lockDuration?: number;
  /** Milliseconds between checks for stalled jobs. [default: 30000] */
  stalledInterval?: number;
  /** Milliseconds a job's claim outlives its worker's last renewal. [default: 4 × lockDuration] */
  claimTtl?: number;
  /** Check Redis and the engine hash, print what was found, and exit. */
  check?: boolean;
  /** One line per job computed. */
  verbose?: boolean;
}

/** Adds `simlapse worker` to the program. */
export function registerWorker(program: Command, exit: (code: number) => void): void {
  program
    .command('worker')
    .description('serve the jobs of runs started with `simlapse run --queue` (on this or any machine)')
    .addOption(new Option('--queue <url>', 'Redis: redis://[user[:password]@]host[:port][/db], rediss://… for TLS').env('SIMLAPSE_QUEUE').makeOptionMandatory())
    .addOption(new Option('--concurrency <n>', 'jobs at once, one worker thread each [default: the available cores]').argParser(integerOption(1, 256)))
    .addOption(new Option('--lock-duration <ms>', 'a job whose worker is silent this long is taken as stalled and run elsewhere').argParser(integerOption(100)).default(30_000))
    .addOption(new Option('--stalled-interval <ms>', 'how often to look for stalled jobs').argParser(integerOption(100)).default(30_000))
    .addOption(new Option('--claim-ttl <ms>', "a stalled job is not computed again while its first worker's claim lasts [default: 4 × --lock-duration]").argParser(integerOption(100)))
    .option('--check', 'connect, check the Redis eviction policy and this checkout\'s engine hash against the runs in Redis, print them, and exit: 0 ready, 1 not')
    .option('-v, --verbose', 'print a line per job computed')
    .addHelpText(
      'after',
      `
Runs until stopped: Ctrl-C (or SIGTERM) finishes the jobs in hand, then exits; a second
Ctrl-C exits at once (those jobs are run again elsewhere). A worker killed mid-job loses
nothing: its jobs are retried by the other workers. A worker refuses jobs planned by another
engine (another checkout: the hash of the engine's code differs) and a Redis that may evict
keys (maxmemory-policy must be noeviction). The password is never printed; to keep it out of
the process list too, give the URL in SIMLAPSE_QUEUE instead of --queue. Deployment
(systemd, pm2, autoscaling): docs/queue.md.

Examples:
  simlapse worker --queue redis://queue.example:6379
  simlapse worker --queue rediss://:password@queue.example:6380/2 --concurrency 8
  simlapse worker --check          # health check: exit 0 if this worker can serve the queue`,
    )
    .action(async (opts: WorkerCommandOptions) => exit(await workerCommand(opts)));
}

/** `simlapse worker`: serves jobs until SIGINT/SIGTERM. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const { queueTrace, queueUrl } = await import('./queue.ts');
  const url = queueUrl(options.queue);
  if (options.check) return checkCommand(options.queue);
  const { defaultWorkers, startWorker } = await import('../node/index.ts');
  const concurrency = options.concurrency ?? defaultWorkers();
  const say = (line: string) => tell(`simlapse worker: ${line}\n`);
  let worker;
  try {
    worker = await startWorker({
      url: options.queue,
      concurrency,
      lockDurationMs: options.lockDuration,
      stalledIntervalMs: options.stalledInterval,
      claimTtlMs: options.claimTtl,
      log: say,
      trace: queueTrace('worker'),
      onJob: options.verbose ? (job, ms) => say(`computed ${job.key}-${job.arm}-${job.replication}-${job.block} in ${ms.toFixed(0)} ms`) : undefined,
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'E_QUEUE') throw new CliError((err as Error).message, EXIT.input);
    throw err;
  }
  say(`serving ${url.redacted} with ${concurrency} thread${concurrency === 1 ? '' : 's'} as ${worker.id}, engine ${worker.engine}`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        say('stopped at once');
        process.exit(EXIT.interrupted);
      }
      stopping = true;
      say(`${signal}: finishing the jobs in hand (again to stop at once)`);
      void worker.close().then(resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  say('stopped');
  return EXIT.ok;
}

/**
 * `simlapse worker --check`: what a deployment's health check runs. Prints what it found on
 * stdout; each problem (Redis out of reach, an evicting policy, a run needing another engine)
 * as one line on stderr, exit 1.
 */
async function checkCommand(queue: string): Promise<number> {
  const { checkWorker } = await import('../node/index.ts');
  let found;
  try {
    found = await checkWorker(queue);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'E_QUEUE') throw new CliError((err as Error).message, EXIT.input);
    throw err;
  }
  for (const line of found.lines) out(`${line}\n`);
  if (found.problems.length === 0) {
    out('ok: this worker can serve the queue\n');
    return EXIT.ok;
  }
  for (const problem of found.problems) tell(`simlapse: ${problem}\n`);
  return EXIT.input;
}
