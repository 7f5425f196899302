/**
 * The generator: mutated example scenarios and damaged export rows must each give a clean
 * rejection or, accepted, a run (or an import) whose figures hold; generated command lines, a
 * clean exit that leaves the inputs alone (argv.ts). FUZZ_RUNS sets how many of each (`npm run
 * fuzz` runs 10,000 scenarios and exports, 500 command lines); FUZZ_SEED replays a run. The seed
 * and the tallies are printed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasStack } from '../cli/helpers.ts';
import { checkExport, checkScenario, tally, unbalanced } from './check.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { runScenario, runnable } from '../../engine/index.ts';
import { exportCase, fleetCase, mappingCase, scenarioCase, traceCase, xlsxCase } from './mutate.ts';
import { checkCommand, commandCase, sandbox, snapshot } from './argv.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const LONG = RUNS > 1000 ? 3_600_000 : 120_000;
/** Command lines: each is a process of its own (about 0.2–1 s), so fewer of them: 30 by default, 500 in `npm run fuzz`. */
const COMMANDS = Math.max(30, Math.round(RUNS / 20));

/** Node process warnings while parsing or running (a user would see them on stderr): none is allowed. */
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));

afterAll(() => {
  const s = tally.scenarios, e = tally.exports;
  console.log(
    `fuzz (seed ${SEED}, ${RUNS} runs each): scenarios and fleet CSVs ${s.rejected + s.accepted} (${tally.fleets} of them fleet CSVs) = rejected ${s.rejected} + accepted and run ${s.accepted}; ` +
      `trace files ${tally.traces.refused + tally.traces.read} = refused ${tally.traces.refused} + read and run ${tally.traces.read} (not among the scenarios above); ` +
      `mapping files ${tally.mappings.refused + tally.mappings.used} = refused ${tally.mappings.refused} + used ${tally.mappings.used}; ` +
      `command lines ${tally.commands.run} (exit 0: ${tally.commands.ok}, 1: ${tally.commands.input}, 2: ${tally.commands.usage}); ` +
      `exports ${e.files + e.refused} = imported ${e.files} (${e.imported} rows imported, ${e.rejectedRows} rejected; every line accounted for in the ${e.linesChecked} without quotes) + refused ${e.refused}; ` +
      `0 crashes, 0 stacks, 0 accepted-but-unrunnable, 0 non-finite figures, 0 reports that do not add up (any would have failed the test); ${warnings.length} Node warnings`,
  );
  expect(warnings).toEqual([]);
});

describe('generated inputs', () => {
  it('mutated scenarios: a clean rejection, or a one-card few-day run with finite figures', async () => {
    const before = tally.scenarios.rejected + tally.scenarios.accepted;
    await fc.assert(fc.asyncProperty(scenarioCase, async ({ file, text }) => void (await checkScenario(file, text))), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    expect(tally.scenarios.rejected + tally.scenarios.accepted - before).toBe(RUNS);
  }, LONG);

  it("edited fleet CSVs under the imported-fleet example: a rejection naming the file's line, or a run whose report adds up", async () => {
    const yaml = readFileSync('scenarios/examples/imported-fleet.yaml', 'utf8');
    const before = tally.scenarios.rejected + tally.scenarios.accepted;
    await fc.assert(
      fc.asyncProperty(fleetCase, async (csv) => void (await checkScenario('imported-fleet.yaml', yaml, { 'scenarios/imports/sample-fleet.csv': csv }))),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    tally.fleets = tally.scenarios.rejected + tally.scenarios.accepted - before;
    expect(tally.fleets).toBe(RUNS);
  }, LONG);

  it('generated trace files: each bad cell named at its line and column (three, then a count), or the values they hold, in order, and a run', async () => {
    const scenario = ['name: Trace', 'question: Does the trace read?', 'start: 2026-01-01', 'months: 2', 'plans:', '  basic: {quotaMB: 100}', 'profiles:', '  meters: {kind: trace, file: trace.csv}', 'cohorts:', '  - {count: 2, plan: basic, profile: meters}', ''].join('\n');
    const where = 'scenarios/examples/trace.csv', file = 'trace-fuzz.yaml';
    await fc.assert(
      fc.asyncProperty(traceCase, async ({ text, values, bad }) => {
        const load = () => parseScenario(scenario, { file: `scenarios/examples/${file}`, readFile: (p) => { if (normalize(p) !== where) throw new Error(`not given: ${p}`); return text; } });
        if (bad.length === 0 && values.length > 0) {
          expect(load().arms[0].profiles[0].trace).toEqual(values);
          expect(await checkScenario(file, scenario, { [where]: text })).toBe('accepted');
          tally.scenarios.accepted--;
          tally.traces.read++;
          return;
        }
        let message = '';
        try {
          load();
        } catch (err) {
          message = (err as Error).message;
        }
        const lines = message.split('\n');
        if (bad.length === 0) {
          expect(lines).toEqual([expect.stringMatching(/: profiles\.meters\.file: expected a trace file with at least one number, got an empty file/)]);
        } else {
          expect(lines).toHaveLength(Math.min(bad.length, 3) + (bad.length > 3 ? 1 : 0));
          bad.slice(0, 3).forEach((b, k) => expect(lines[k].startsWith(`${where}:${b.line}:${b.col}: profiles.meters.file: expected a number 0..1000000 (MB per day), got `), `${lines[k]} for ${JSON.stringify(b.token)}`).toBe(true));
          if (bad.length > 3) expect(lines[3]).toBe(`${where}:${bad[3].line}:${bad[3].col}: profiles.meters.file: … and ${bad.length - 3} more cells that are not numbers 0..1000000: is this a trace file (MB per day, one number per line or comma-separated)?`);
        }
        expect(await checkScenario(file, scenario, { [where]: text })).toBe('rejected');
        tally.scenarios.rejected--;
        tally.traces.refused++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(tally.traces.refused + tally.traces.read).toBe(RUNS);
  }, LONG);

  it('damaged exports: a one-line refusal, or every row imported or rejected and the fleet CSV reads back', async () => {
    const before = tally.exports.files + tally.exports.refused;
    await fc.assert(fc.asyncProperty(exportCase, async ({ bytes }) => void (await checkExport(bytes))), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    expect(tally.exports.files + tally.exports.refused - before).toBe(RUNS);
  }, LONG);

  it('damaged .xlsx exports: a one-line refusal, or every row imported or rejected and the fleet CSV reads back', async () => {
    const before = tally.exports.files + tally.exports.refused;
    await fc.assert(fc.asyncProperty(xlsxCase, async (bytes) => void (await checkExport(bytes, undefined, 'export.xlsx'))), { numRuns: Math.max(30, Math.round(RUNS / 10)), seed: SEED, endOnFailure: true });
    expect(tally.exports.files + tally.exports.refused - before).toBe(Math.max(30, Math.round(RUNS / 10)));
  }, LONG);

  it("edited mapping files, each with its shipped mapping's sample export: refused one problem a line naming the file, or an import that accounts for every row", async () => {
    const before = tally.mappings.refused + tally.mappings.used;
    await fc.assert(
      fc.asyncProperty(mappingCase, async ({ name, text }) => void (await checkExport(readFileSync(`import/mappings/samples/${name}.csv`), text))),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(tally.mappings.refused + tally.mappings.used - before).toBe(RUNS);
  }, LONG);

  it('generated command lines through the real CLI (cli/bin.mjs) in a sandbox: exit 0, 1 or 2, no stack, a refusal says why, inputs untouched, nothing half-written', () => {
    fc.assert(
      fc.property(commandCase, ({ args }) => {
        const dir = mkdtempSync(join(tmpdir(), 'simlapse-fuzz-argv-'));
        try {
          sandbox(dir);
          const before = snapshot(dir);
          const r = spawnSync(process.execPath, [resolve('cli/bin.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } });
          checkCommand(dir, args, { status: r.status, stdout: r.stdout, stderr: r.stderr }, before);
          tally.commands.run++;
          if (r.status === 0) tally.commands.ok++;
          else if (r.status === 1) tally.commands.input++;
          else tally.commands.usage++;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: COMMANDS, seed: SEED, endOnFailure: true },
    );
    expect(tally.commands.run).toBe(COMMANDS);
  }, LONG);

  it('a sample through the real CLI: validate exits 0 or 1, and stderr holds no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simlapse-fuzz-cli-'));
    try {
      const cases = fc.sample(scenarioCase.filter((c) => c.file !== 'imported-fleet.yaml'), { numRuns: 12, seed: SEED });
      for (const [k, c] of cases.entries()) {
        const path = join(dir, `case${k}.yaml`);
        writeFileSync(path, c.text);
        const r = cli('validate', path);
        expect([0, 1], `${c.file} mutated: ${r.stderr}`).toContain(r.status);
        expect(hasStack(r.stderr), r.stderr).toBe(false);
        expect(r.stderr).not.toMatch(/Warning:/);
        if (r.status === 1) for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^(simlapse: .+|.+:\d+:\d+: .+: .+|… and [\d,]+ more problems \([\d,]+ in all\))$/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the checks themselves', () => {
  it('a report that adds up passes; each kind of imbalance is named', async () => {
    const config = parseScenario(readFileSync('scenarios/examples/throttle.yaml', 'utf8'), { file: 'scenarios/examples/throttle.yaml' });
    const report = await runScenario({ ...runnable(config), replications: 2 });
    expect(unbalanced(report, config.arms.map((a) => a.downtimeCostPerCardDay))).toBeNull();
    const tampered = (edit: (r: Record<string, number[]>, s: Record<string, number[]>) => void) => {
      const copy = structuredClone(report);
      edit(copy.arms[0].replications as Record<string, number[]>, copy.arms[0].series as Record<string, number[]>);
      return unbalanced(copy, config.arms.map((a) => a.downtimeCostPerCardDay));
    };
    expect(tampered((r) => (r['cost.plan'][1] += 10))).toMatch(/replication 1: cost.total .* the sum of its parts/);
    expect(tampered((r) => (r['downtime.cardDays.throttled'][0] += 1))).toMatch(/replication 0: downtime .* the sum of its reasons/);
    expect(tampered((r) => (r['stops.overQuota'][0] = -1))).toMatch(/stops.overQuota = -1 < 0/);
    expect(tampered((r) => (r.availability[0] = 1.5))).toMatch(/availability 1.5 outside/);
    expect(tampered((r) => { r['cost.downtime'][0] += 3; r['cost.total'][0] += 3; })).toMatch(/replication 0: cost.downtime .* a card-day/);
    expect(tampered((_, s) => (s['usageMB'][0] += 5))).toMatch(/the monthly usageMB sum to/);
  }, 60_000);

  it("the fleet CSV given to checkScenario is the one the scenario reads: a bad ICCID on its line 2 is rejected there; the file's own cards run", async () => {
    const yaml = readFileSync('scenarios/examples/imported-fleet.yaml', 'utf8');
    const [header, first] = readFileSync('scenarios/imports/sample-fleet.csv', 'utf8').split('\n');
    const fleet = (row: string) => ({ 'scenarios/imports/sample-fleet.csv': `${header}\n${row}\n` });
    expect(await checkScenario('imported-fleet.yaml', yaml, fleet(first.replace(/^\d+/, '1234')))).toBe('rejected');
    let message = '';
    try {
      parseScenario(yaml, { file: 'scenarios/examples/imported-fleet.yaml', readFile: () => `${header}\n${first.replace(/^\d+/, '1234')}\n` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/sample-fleet\.csv:2:1: fleet\.csv: iccid: expected 19 or 20 digits, got "1234"/);
    expect(await checkScenario('imported-fleet.yaml', yaml, fleet(first))).toBe('accepted');
  }, 60_000);
});
