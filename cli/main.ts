/** The simlapse command line: `simlapse run | validate | trace | import | schema`. Entry of `npm run sim` and `cli/bin.mjs`. */
import { Command, CommanderError, Option } from 'commander';
import { ENGINE_VERSION } from '../engine/index.ts';
import { EXIT, reportError } from './errors.ts';
import { exitQuietlyOnClosedPipe, tell } from './terminal.ts';
import { dateOption, datesOption, delimiterOption, encodingOption } from './import-options.ts';
import { integerOption, positiveNumberOption, progressIntervalOption, seedOption } from './options.ts';
import { registerWorker } from './worker.ts';

// Each command's code is loaded when it runs (dynamic import), so `--help` loads none of it.

/** Runs the CLI on `args` (without node and script) and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  // `simlapse experiment --help`: commander would show the general help and exit 0 for a command
  // that does not exist; without the help flag it says "unknown command" (with the nearest), exit 2.
  const names = new Set(['help', ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])]);
  if (args.length > 0 && !args[0].startsWith('-') && !names.has(args[0])) args = args.filter((a) => a !== '-h' && a !== '--help');
  // `simlapse help nosuch`: the same unknown command (commander printed the general help, with no word of it).
  else if (args[0] === 'help' && args.length > 1 && !names.has(args[1])) args = args.slice(1).filter((a) => a !== '-h' && a !== '--help');
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportError(err, tell);
  }
}

function buildProgram(exit: (code: number) => void): Command {
  const program = new Command('simlapse')
    .description('Deterministic simulator and policy lab for fleets of IoT SIM cards.')
    .version(ENGINE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'simlapse: ')) })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples:
  simlapse run scenarios/examples/auto-stop.yaml
  simlapse run scenarios/examples/auto-stop.yaml --out results/ --seed 7
  simlapse validate my-fleet.yaml
  simlapse trace scenarios/examples/hand-check.yaml --card 0
  simlapse schema > scenario.schema.json
  simlapse import export.csv --start 2026-01-15 --out fleet.csv

Exit codes: 0 ok, 1 bad scenario or file, 2 bad command line, 70 internal error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).`,
    );

  program
    .command('run')
    .description('run a scenario and print cost, downtime and availability per arm with 95 % intervals')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-o, --out <dir>', 'write report.json, monthly.csv and replications.csv into this folder (created if missing)')
    .option('--json', 'print the report JSON to stdout instead of tables')
    .addOption(new Option('--seed <seed>', "override the scenario's seed").argParser(seedOption))
    .addOption(new Option('--replications <n>', "override the scenario's number of replications (with --precision, --relative-precision or --indifference: the first batch, at least 10, at most --max-replications)").argParser(integerOption(1, 10000)))
    .addOption(new Option('--workers <n>', 'worker threads (0: run in this thread) [default: the available cores]; with --queue, those of the --cards pass, which runs here (refused without --cards)').argParser(integerOption(0, 256)))
    .option('--queue <url>', 'run the jobs on a Redis queue served by `simlapse worker` processes (redis://…, rediss://… for TLS)')
    .addOption(new Option('--precision <halfwidth>', 'replicate until the 95 % half-width of the watched paired difference is at most this (in the metric\'s unit; availability as a share of 1: 0.01 is 1 percentage point)').argParser(positiveNumberOption))
    .addOption(new Option('--relative-precision <share>', 'or until it is at most this share of the difference (0.05: within 5 %); with --precision, either suffices').argParser(positiveNumberOption))
    .addOption(new Option('--indifference <delta>', 'instead: replicate until one arm is left by the KN procedure; it is the best with 95 % probability when the best leads by at least delta (objective units)').argParser(positiveNumberOption))
    .option('--metric <name>', 'with --precision or --relative-precision: the metric watched [default: the scenario\'s decision.objective, else cost.total]')
    .option('--arm <arm>', 'with --precision or --relative-precision: the arm (name or index) whose difference from the baseline is watched [default: the arm other than the baseline that the ranking puts first (meeting the constraints first, then by the objective)]')
    .addOption(new Option('--max-replications <n>', 'with --precision, --relative-precision or --indifference: stop here if the target is not reached [default: 1000]').argParser(integerOption(2, 10000)))
    .addOption(new Option('--morris <r>', 'with sensitivity: in the scenario: also Morris elementary effects from r base points of a Latin hypercube (r × (parameters + 1) more runs)').argParser(integerOption(2, 1000)))
    .addOption(new Option('--sobol <n>', 'with sensitivity: in the scenario: also Sobol first-order and total indices from n base samples of two Latin hypercubes (n × (parameters + 2) more runs)').argParser(integerOption(2, 100000)))
    .addOption(new Option('--progress-interval <seconds>', 'when stderr is not a terminal (CI, a log): seconds between plain progress lines, 0.1 to 86400; 0: none [default: 5]').argParser(progressIntervalOption))
    .option('--allow-large', 'run a scenario past 10^11 card-days or 10^6 jobs (refused without it, with its estimated time and memory)')
    .option('--parquet', 'with --out: also write replications.parquet (the rows of replications.csv), and cards.parquet with --cards')
    .option('--cards', 'with --out: also write cards.csv, one row per card (a pool: one row), arm and replication (cost by category, downtime by reason, cancellation date); takes about as long again as the run')
    .option('--excel', 'with --out: start each CSV with a UTF-8 byte-order mark, so Excel reads non-ASCII names right')
    .option('--bom', 'the same as --excel')
    .addHelpText(
      'after',
      `
Jobs (arm × replication × block of cards) run on worker threads; the report does not
depend on the number of workers. Progress goes to stderr: on a terminal, a bar (done,
rate, time left as h:mm:ss) once the run takes over a second; elsewhere (CI, a log), a
plain line every --progress-interval seconds, saying so when nothing moves. Ctrl-C stops
the run and writes nothing. The same scenario and seed always give the same report.json bytes.
With --queue, the jobs run on \`simlapse worker\` processes, and the finished runs stay in
Redis until the outputs are written: if writing fails, the same command writes them from
Redis (kept 3 days) without computing a job again.

Examples:
  simlapse run scenarios/examples/auto-stop.yaml
  simlapse run scenarios/examples/auto-stop.yaml --out results/auto-stop
  simlapse run scenarios/examples/auto-stop.yaml --replications 50 --seed 7 --json > report.json
  simlapse run scenarios/examples/auto-stop.yaml --workers 1
  simlapse run scenarios/examples/alert-pack-sweep.yaml --precision 200 --max-replications 100

With --precision (or --relative-precision), replications run in batches (finished ones are
kept), the first of at least 10, until the 95 % half-width of the watched paired difference
(default: the objective of the best arm other than the baseline, minus the baseline) is at
most the target, or --max-replications is reached; stderr and report.stopping say which. Scenarios with decision: rank the arms under
their constraints; with sensitivity: every arm is also run at each parameter's low and high.`,
    )
    .action(async (file: string, opts) => exit(await (await import('./run.ts')).runCommand(file, opts)));

  registerWorker(program, exit);

  program
    .command('validate')
    .description('check a scenario file and print a one-line summary')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--all-problems', 'print every problem of a bad scenario [default: the first 50, then how many more]')
    .addHelpText(
      'after',
      `
Every problem is listed as file:line:col: field.path: message; the exit code is 1 if any.
A scenario with more than 50 problems prints the first 50 and "… and N more problems (M in all)";
--all-problems prints them all. (run and trace print the first 50 too.)

Examples:
  simlapse validate scenarios/examples/auto-stop.yaml`,
    )
    .action(async (file: string, opts) => exit((await import('./validate.ts')).validateCommand(file, opts)));

  program
    .command('trace')
    .description("print one card's dated timeline: bills, payments, stops and why, resumes, renewals")
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .addOption(new Option('--card <k>', 'card index, 0-based, cohorts in file order').argParser(integerOption(0)).makeOptionMandatory())
    .option('--arm <arm>', 'arm name or index (default: the baseline, the first arm)')
    .addOption(new Option('--replication <r>', 'replication index, 0-based').argParser(integerOption(0)).default(0))
    .addOption(new Option('--replications <n>', "the run's number of replications, as run's --replications: a replication of a run with more than the scenario's (or of a --precision run) is then in range [default: the scenario's]").argParser(integerOption(1, 10000)))
    .addOption(new Option('--seed <seed>', "override the scenario's seed").argParser(seedOption))
    .addHelpText(
      'after',
      `
The card sees the same random draws as in a full run, so its timeline is the one behind the report.

Examples:
  simlapse trace scenarios/examples/hand-check.yaml --card 0
  simlapse trace scenarios/examples/auto-stop.yaml --card 17 --arm "auto-stop off" --replication 3
  simlapse trace scenarios/examples/auto-stop.yaml --card 17 --replications 50 --replication 42`,
    )
    .action(async (file: string, opts) => exit((await import('./trace.ts')).traceCommand(file, opts)));

  program
    .command('import')
    .description("turn a carrier platform's card export (CSV or .xlsx) into a fleet CSV for scenarios, with rejected rows and fitted usage profiles")
    .argument('<exports...>', 'the export: CSV (`,` `;` or tab; UTF-8 with or without BOM, GBK or UTF-16) or .xlsx; several: monthly exports of one fleet, oldest first, the last is the day-0 state')
    .requiredOption('-o, --out <fleet.csv>', 'the fleet CSV to write; <stem>.rejected.csv, <stem>.repaired.csv and <stem>.profiles.yaml go next to it')
    .option('--map <mapping.yaml|name>', 'headers, statuses and stop reasons the built-in tables do not know; or a shipped mapping: control-center, 1nce, twilio, emnify, onelink, unicom, telecom')
    .addOption(new Option('--start <YYYY-MM-DD>', "the day the export describes: the scenario's start [default: today]").argParser(dateOption))
    .addOption(new Option('--encoding <name>', 'utf-8, gbk, gb18030, utf-16le or utf-16be [default: detected]').argParser(encodingOption))
    .addOption(new Option('--delimiter <d>', '",", ";" or tab [default: detected from the header line]').argParser(delimiterOption))
    .option('--no-luhn', "don't check the Luhn digit of 20-digit ICCIDs")
    .addOption(new Option('--dates <dates>', 'with several exports: the dates of the exports before the last, oldest first, comma-separated [default: monthly before --start]').argParser(datesOption))
    .addOption(new Option('--cycle-anchor <day>', 'billing cycle start day, for calibrating from this cycle\'s usage [default: 1]').argParser(integerOption(1, 28)))
    .addHelpText(
      'after',
      `
Rows are streamed (bounded memory for million-row exports); outputs are written to
temporary files and renamed into place at the end. Every row read is imported or
rejected (read = imported + rejected, on stderr); repairs are listed. Column aliases,
the status table and the canonical columns: README, "Importing a fleet".

Examples:
  simlapse import scenarios/imports/sample-export.csv --start 2026-01-15 --out scenarios/imports/sample-fleet.csv
  simlapse import export.csv --map mapping.yaml --encoding gbk --out fleet/fleet.csv
  simlapse import nov.csv dec.csv jan.csv --start 2026-01-15 --dates 2025-11-14,2025-12-15 --out fleet/fleet.csv`,
    )
    .action(async (files: string[], opts) => exit(await (await import('./import.ts')).importCommand(files, opts)));

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (for editors)')
    .addHelpText(
      'after',
      `
Examples:
  simlapse schema > scenario.schema.json
  # then, first line of a scenario file: # yaml-language-server: $schema=scenario.schema.json`,
    )
    .action(async () => {
      const { scenarioJsonSchema } = await import('../scenarios/index.ts');
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
      exit(EXIT.ok);
    });

  return program;
}

exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
