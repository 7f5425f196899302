/**
 * Generated command lines (test/fuzz/fuzz.test.ts): each command's options (the worker's with a
 * --queue it must refuse, so that it never starts serving) with values valid,
 * out of range and malformed, paths to the sandbox's files (a small scenario, an export, an empty
 * and a binary file, a folder, an existing output folder, missing paths, the inputs themselves as
 * outputs), unknown options and stray arguments, in any order. Run by the real CLI in a sandbox
 * folder of its own (sandbox below); what every such run must give is checked by checkCommand.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';

/** The sandbox's input files: their bytes must be the same after every command. */
export const INPUTS = ['s.yaml', 'h.yaml', 'e.csv', 'empty.yaml', 'bin.dat', 'out/keep.txt'] as const;

/** Paths a command line may name: the inputs, a folder, an output folder that exists, paths that do not, and odd ones. */
const PATHS = [...INPUTS, 'sub', 'out', 'new', 'new/fleet.csv', 'out/fleet.csv', 's.yaml/x', 'missing.yaml', '.', '-', ''];

/** The choose-policy example (3 arms, a decision, a sensitivity section) cut to 40 cards, 2 months and 3 replications. */
function smallScenario(): string {
  const text = readFileSync('scenarios/examples/choose-policy.yaml', 'utf8');
  const small = text.replace('count: 1500', 'count: 40').replace(/^months: 12$/m, 'months: 2').replace(/^replications: 10$/m, 'replications: 3');
  if (small === text || !small.includes('count: 40') || !small.includes('months: 2\n') || !small.includes('replications: 3\n')) throw new Error('argv.ts: choose-policy.yaml changed: update smallScenario');
  return small;
}

/** Writes the sandbox's files into folder `dir`. */
export function sandbox(dir: string): void {
  writeFileSync(join(dir, 's.yaml'), smallScenario());
  writeFileSync(join(dir, 'h.yaml'), readFileSync('scenarios/examples/hand-check.yaml'));
  writeFileSync(join(dir, 'e.csv'), readFileSync('scenarios/imports/sample-export.csv'));
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'bin.dat'), Buffer.from(Array.from({ length: 256 }, (_, k) => (k * 167 + 13) & 255)));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'keep.txt'), 'an earlier file the analyst keeps\n');
}

/** Every file under `dir` (relative path → SHA-256 of its bytes) and every folder (→ 'dir'). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name), rel = relative(dir, p);
      if (statSync(p).isDirectory()) {
        out.set(rel, 'dir');
        walk(p);
      } else out.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** A value: one of the valid ones four times in five, else one of the others (out of range, malformed, empty). */
const value = (valid: string[], invalid: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 4 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
const numbers = (valid: string[]) => value(valid, ['0', '-1', 'NaN', 'Infinity', 'abc', '', '1,5']);
const path = fc.constantFrom(...PATHS);
const outPath = value(['out', 'new', 'sub', 'new/deeper'], PATHS);

/** An option and its value: [flag] or [flag, value]; the valid values kept small where a large one would make a long run. */
const option = (pairs: Array<[string, fc.Arbitrary<string> | null]>) =>
  fc.oneof(...pairs.map(([flag, v]): fc.Arbitrary<string[]> => (v === null ? fc.constant([flag]) : v.map((x) => [flag, x]))));

const runOptions = option([
  ['--out', outPath], ['-o', outPath], ['--json', null], ['--seed', value(['7', 'abc', '12345'], ['', '-1', '1.5', 'x'.repeat(300)])],
  ['--replications', value(['1', '2', '3'], ['0', '-2', '10001', 'x', '', '2.5'])], ['--workers', value(['0', '1', '2'], ['-1', '257', 'x', ''])],
  ['--queue', fc.constantFrom('http://localhost', 'x', '', 'redis//127.0.0.1')],
  ['--precision', numbers(['5', '50', '1000'])], ['--relative-precision', numbers(['0.05', '0.5'])], ['--indifference', numbers(['10', '100'])],
  ['--metric', value(['cost.total', 'availability', 'downtime.cardDays'], ['nope', '', 'cost'])],
  ['--arm', value(['auto-stop', 'overage (auto-stop off)', 'auto-stop + alert at 80 %'], ['nope', '', '0', '7'])],
  ['--max-replications', value(['2', '3', '4'], ['1', '10001', 'x'])], ['--morris', value(['2', '3'], ['1', 'x'])],
  ['--sobol', value(['2', '4'], ['1', 'x'])], ['--progress-interval', value(['0', '5', '0.001'], ['-1', 'x'])],
  ['--allow-large', null], ['--parquet', null], ['--cards', null], ['--excel', null], ['--bom', null],
]);
const traceOptions = option([
  ['--card', value(['0', '1', '39'], ['40', '-1', 'x', '1e9', ''])], ['--arm', value(['0', '1', '2', 'auto-stop'], ['3', 'nope', ''])],
  ['--replication', value(['0', '2'], ['3', '-1', 'x'])], ['--seed', value(['7', 'abc'], [''])],
]);
const importOptions = option([
  ['--out', value(['fleet.csv', 'new/fleet.csv', 'out/fleet.csv'], PATHS)], ['-o', value(['fleet.csv', 'out/fleet.csv'], PATHS)],
  ['--map', fc.oneof(path, fc.constantFrom('nope', 'onelink', 'control-center'))],
  ['--start', value(['2026-01-15', '2026-03-01'], ['2026-02-30', '2026-13-01', '15/01/2026', 'x', ''])],
  ['--encoding', value(['gbk', 'gb18030', 'utf-8'], ['utf-16le', 'utf-16be', 'latin1', ''])],
  ['--delimiter', value([','], [';', '\t', 'tab', '|', '', ',,'])], ['--no-luhn', null],
  ['--dates', value(['2026-01-15,2026-02-15', '2026-01-15'], ['x,y', ''])], ['--cycle-anchor', value(['1', '15', '31'], ['0', '32', 'x'])],
]);
// The worker serves until stopped: its --queue is always one it must refuse (a scheme not Redis's, a one-slash typo with a password), so each line ends.
const workerOptions = option([
  ['--queue', fc.constantFrom('http://localhost', 'x', '', 'redis:/:hunter2@localhost', 'redis://u:p%ZZ@localhost')],
  ['--concurrency', value(['1', '2'], ['0', '-1', 'x', '1e9'])], ['--lock-duration', value(['2000', '30000'], ['0', '-5', 'x'])],
  ['--stalled-interval', value(['1000'], ['0', 'x'])], ['--claim-ttl', value(['60000'], ['-1', 'x'])], ['--check', null], ['-v', null],
]);
const stray = option([['--nope', null], ['-x', null], ['--help', null], ['--', null], ['--seed=5', null], ['--out=', null], ['-', null]]);

/** One generated command line. */
export interface CommandCase {
  args: string[];
}

/** A command (or none, or an unknown one) with 0–3 path arguments and options of its own (and now and then another command's, or a stray one) in any order. */
export const commandCase: fc.Arbitrary<CommandCase> = fc
  .record({
    command: fc.constantFrom('run', 'run', 'run', 'validate', 'trace', 'trace', 'import', 'import', 'import', 'worker', 'schema', 'help', 'nope', ''),
    // The command's own input (the scenario, the export) nine times in ten, and now and then other paths.
    input: fc.boolean().chain((scenario) => value([scenario ? 's.yaml' : 'h.yaml'], PATHS)),
    export: value(['e.csv'], PATHS),
    paths: fc.oneof({ arbitrary: fc.constant([]), weight: 6 }, { arbitrary: fc.array(path, { minLength: 1, maxLength: 2 }), weight: 1 }),
    // The options a command needs (trace's card, import's output), nine times in ten.
    card: fc.option(value(['0', '1', '39'], ['40', '-1', 'x', '1e9', '']), { freq: 10 }),
    output: fc.option(value(['fleet.csv', 'new/fleet.csv', 'out/fleet.csv'], PATHS), { freq: 10 }),
    precision: fc.option(numbers(['5', '50', '1000']), { freq: 2 }),
    own: fc.array(fc.nat(), { maxLength: 4 }),
    other: fc.oneof({ arbitrary: fc.constant([]), weight: 5 }, { arbitrary: fc.array(fc.oneof(runOptions, traceOptions, importOptions, stray), { minLength: 1, maxLength: 1 }), weight: 1 }),
    order: fc.array(fc.nat(), { maxLength: 10 }),
  })
  .chain(({ command, input, export: csv, paths, card, output, precision, own, other, order }) => {
    const mine = command === 'run' ? runOptions : command === 'trace' ? traceOptions : command === 'import' ? importOptions : command === 'worker' ? workerOptions : stray;
    const first = command === 'import' ? [csv] : ['run', 'validate', 'trace'].includes(command) ? [input] : [];
    return fc.array(mine, { minLength: own.length, maxLength: own.length }).map((opts) => {
      const needed =
        command === 'trace' && card !== null ? [['--card', card]]
        : command === 'import' && output !== null ? [['--out', output]]
        : command === 'run' && precision !== null ? [['--precision', precision]]
        : command === 'worker' ? [['--queue', 'http://localhost']]
        : [];
      const items: string[][] = [...[...first, ...paths].map((p) => [p]), ...needed, ...opts, ...other];
      // A shuffle from the generated order: item k moves to a place drawn for it.
      for (let k = items.length - 1; k > 0; k--) {
        const j = (order[k % Math.max(order.length, 1)] ?? 0) % (k + 1);
        [items[k], items[j]] = [items[j], items[k]];
      }
      const args = command === '' ? items.flat() : [command, ...items.flat()];
      // A run writes in this thread unless the line asks for workers: worker threads are tested elsewhere, and each costs a start-up.
      if (command === 'run' && !args.includes('--workers')) args.push('--workers', '0');
      return { args };
    });
  });

/** How a command ended: its exit status (null: killed, or past its time), stdout and stderr. */
export interface Ended {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A stack trace's lines (`    at fn (file:12:5)`, `    at file:12:5`), or a TypeScript source
 * position (`x.ts:12`), in the CLI's output. Help text wrapped before "at most" is not a stack.
 */
function hasStack(text: string): boolean {
  return /^\s+at (?:async )?\S.*:\d+:\d+\)?$/m.test(text) || /\.ts:\d+/.test(text);
}

/** The value of the last of `flags` in args (commander keeps the last), or undefined. */
function lastValue(args: string[], flags: string[]): string | undefined {
  let value: string | undefined;
  for (let k = 0; k + 1 < args.length; k++) if (flags.includes(args[k])) value = args[k + 1];
  return value;
}

/**
 * What every command line must give, or an Error saying what it did instead: exit 0, 1 (bad
 * input) or 2 (bad command line), never an internal error or a signal; no stack, no Redis
 * password; a refusal says why on stderr, first as `simlapse: …` (or as `file: …`,
 * `file:line:col: …`, or the usage); the sandbox's inputs the same bytes; no temporary file
 * left; after a refusal nothing new or changed in the sandbox; after a run with --out, its
 * report.json there.
 */
export function checkCommand(dir: string, args: string[], ended: Ended, before: Map<string, string>): void {
  const line = `simlapse ${args.map((a) => JSON.stringify(a)).join(' ')}`;
  const fail = (what: string) => new Error(`${line}: ${what}\nexit ${ended.status}\nstdout: ${ended.stdout.slice(0, 2000)}\nstderr: ${ended.stderr.slice(0, 4000)}`);
  if (ended.status === null) throw fail('killed or past its time');
  if (![0, 1, 2].includes(ended.status)) throw fail(`exit ${ended.status}, not 0, 1 or 2`);
  if (hasStack(ended.stderr) || hasStack(ended.stdout)) throw fail('a stack trace or source position in the output');
  if (/hunter2/.test(ended.stderr + ended.stdout)) throw fail("a Redis URL's password in the output");
  const said = ended.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('simlapse: no up-to-date build'));
  if (ended.status !== 0) {
    if (said.length === 0) throw fail('a refusal that says nothing on stderr');
    if (!/^(simlapse: \S|Usage: simlapse|\S[^\n]*?: \S)/.test(said[0])) throw fail(`a refusal whose first line does not say simlapse: …: ${JSON.stringify(said[0])}`);
  }
  const after = snapshot(dir);
  // A file named as the output (and not read by the command) may be written over: the analyst asked for it.
  const out = lastValue(args, ['--out', '-o']), read = [...args.filter((a) => !a.startsWith('-')), lastValue(args, ['--map'])];
  for (const f of INPUTS) {
    if (f === out && !read.some((r) => r !== out && r === f)) continue;
    if (after.get(f) !== before.get(f)) throw fail(`input ${f} changed (${before.get(f)} → ${after.get(f) ?? 'gone'})`);
  }
  for (const p of after.keys()) if (/\.tmp|\.partial|~$/.test(p)) throw fail(`a temporary file left: ${p}`);
  if (ended.status !== 0) {
    for (const [p, h] of after) if (before.get(p) !== h) throw fail(`refused, yet ${p} is ${before.has(p) ? 'changed' : 'new'}`);
  }
  if (ended.status === 0 && args[0] === 'run' && out !== undefined && !args.includes('--help') && !args.includes('-h')) {
    const report = join(out, 'report.json');
    if (after.get(report) === undefined) throw fail(`a run that exits 0 with --out ${out} but no ${report}`);
    JSON.parse(readFileSync(join(dir, report), 'utf8'));
  }
}
