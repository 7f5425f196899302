import { Option, type Command } from 'commander';
import { defaultWorkers, startWorker } from '../node/index.ts';
import { CliError, EXIT } from './errors.ts';
import { integerOption } from './options.ts';
import { tell } from './terminal.ts';
import { queueUrl } from './queue.ts';

export interface WorkerCommandOptions {
  queue: string;
  /** Jobs at once, one worker thread each. [default: available cores] */
  concurrency?: number;
  /** Milliseconds before a dead worker's job counts as stalled. [default: 30000] */
  lockDuration?: number;
  /** Milliseconds between checks for stalled jobs. [default: 30000] */
  stalledInterval?: number;
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
    .option('-v, --verbose', 'print a line per job computed')
    .addHelpText(
      'after',
      `
Runs until stopped: Ctrl-C (or SIGTERM) finishes the jobs in hand, then exits; a second
Ctrl-C exits at once (those jobs are run again elsewhere). A worker killed mid-job loses
nothing: its jobs are retried by the other workers. The password is never printed; to keep
it out of the process list too, give the URL in SIMLAPSE_QUEUE instead of --queue.

Examples:
  simlapse worker --queue redis://queue.example:6379
  simlapse worker --queue rediss://:password@queue.example:6380/2 --concurrency 8`,
    )
    .action(async (opts: WorkerCommandOptions) => exit(await workerCommand(opts)));
}

/** `simlapse worker`: serves jobs until SIGINT/SIGTERM. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const url = queueUrl(options.queue);
  const concurrency = options.concurrency ?? defaultWorkers();
  const say = (line: string) => tell(`simlapse worker: ${line}\n`);
  let worker;
  try {
    worker = await startWorker({
      url: options.queue,
      concurrency,
      lockDurationMs: options.lockDuration,
      stalledIntervalMs: options.stalledInterval,
      log: say,
      onJob: options.verbose ? (job, ms) => say(`computed ${job.key}-${job.arm}-${job.replication}-${job.block} in ${ms.toFixed(0)} ms`) : undefined,
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'E_QUEUE') throw new CliError((err as Error).message, EXIT.input);
    throw err;
  }
  say(`serving ${url.redacted} with ${concurrency} thread${concurrency === 1 ? '' : 's'}`);
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
