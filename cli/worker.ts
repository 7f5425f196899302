import { Option, type Command } from 'commander';
import { CliError, EXIT } from './errors.ts';
import { integerOption, MAX_TIMER_MS } from './options.ts';
import { printable, say as out, tell } from './terminal.ts';

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
  /** Delete this run (its key, as --check lists it) from Redis, and exit. */
  drop?: string;
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
    .addOption(new Option('--lock-duration <ms>', 'a job whose worker is silent this long is taken as stalled and run elsewhere (at most 2147483647: 24.8 days)').argParser(integerOption(100, MAX_TIMER_MS)).default(30_000))
    .addOption(new Option('--stalled-interval <ms>', 'how often to look for stalled jobs (at most 2147483647)').argParser(integerOption(100, MAX_TIMER_MS)).default(30_000))
    .addOption(new Option('--claim-ttl <ms>', "a stalled job is not computed again while its first worker's claim lasts [default: 4 × --lock-duration, at most 2147483647]").argParser(integerOption(100, MAX_TIMER_MS)))
    .option('--check', 'connect, check the Redis eviction policy and this checkout\'s engine hash against the runs in Redis, print them, and exit: 0 ready, 1 not')
    .addOption(new Option('--drop <key>', 'delete the run of this key (as --check lists it) from Redis, its stored results and totals, and exit: for a run that will not be run again (refused while its coordinator runs)').argParser(runKeyOption))
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
  simlapse worker --check          # health check: exit 0 if this worker can serve the queue
  simlapse worker --drop 3f0c…     # delete a run --check lists that will not be run again`,
    )
    .action(async (opts: WorkerCommandOptions) => exit(await workerCommand(opts)));
}

/** `simlapse worker`: serves jobs until SIGINT/SIGTERM. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const { queueTrace, queueUrl } = await import('./queue.ts');
  const url = queueUrl(options.queue);
  if (options.check && options.drop !== undefined) throw new CliError('--check and --drop each do one thing and exit: give one of them', EXIT.usage);
  if (options.check) return checkCommand(options.queue);
  if (options.drop !== undefined) return dropCommand(options.queue, options.drop, url.redacted);
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

/** A run key, as `worker --check` lists it: 32 hex digits. */
function runKeyOption(value: string): string {
  if (!/^[0-9a-f]{32}$/.test(value)) throw new CliError(`--drop: expected a run key of 32 hex digits, as \`simlapse worker --check\` lists them, got "${value}"`, EXIT.usage);
  return value;
}

/**
 * `simlapse worker --drop KEY`: deletes one run from Redis (dropQueueRun) and says so on stdout;
 * a run that is not there, or whose coordinator is alive, is one line on stderr, exit 1.
 * Ctrl-C while it waits on the run's lease deletes nothing (exit 130).
 */
async function dropCommand(queue: string, key: string, where: string): Promise<number> {
  const { dropQueueRun } = await import('../node/index.ts');
  const controller = new AbortController();
  const { interrupted } = await import('./interrupt.ts');
  const onSignal = (signal: NodeJS.Signals) => controller.abort(interrupted(signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { name } = await dropQueueRun(queue, key, { signal: controller.signal });
    out(`dropped run ${key}${name ? ` ("${printable(name)}")` : ''} from ${where}: its results and totals are deleted; its jobs still queued are discarded by the workers as they come up\n`);
    return EXIT.ok;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'E_QUEUE') throw new CliError((err as Error).message, EXIT.input);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
