/**
 * The kernel's no-result-change check (issue 17): runs every example scenario and CLI test
 * fixture in this thread, traces a few cards of each, and runs the bench fleet and the peers'
 * reference fleet at a small size, then prints the sha256 of each report's canonical JSON (and
 * of each trace and block result). `--save FILE` writes them; `--check FILE` compares with a
 * saved run and exits 1 on any difference.
 *
 *   npx tsx bench/report-hashes.ts --save /tmp/kernel-hashes.json
 *   npx tsx bench/report-hashes.ts --check /tmp/kernel-hashes.json
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, compileArm, mergeBlocks, planJobs, runExperiment, runJob, runScenario, traceCard } from '../engine/index.ts';
import type { ScenarioConfig } from '../engine/index.ts';
import { loadScenarioFile } from '../scenarios/node.ts';
import { benchScenario } from './fleet.ts';
import { scaleFleet } from './peer-fleet.ts';

const sha = (x: unknown) => createHash('sha256').update(typeof x === 'string' ? x : canonicalJson(x)).digest('hex');

/** sha256 of the merged block results of every job of a scenario (arm by arm). */
function blocksHash(scenario: ScenarioConfig): string {
  const h = createHash('sha256');
  const models = scenario.arms.map(compileArm);
  const jobs = planJobs(scenario, models);
  for (let a = 0; a < models.length; a++) {
    const total = mergeBlocks(jobs.filter((j) => j.arm === a).map((j) => runJob(scenario, models[a], j)));
    h.update(Buffer.from(total.buffer, total.byteOffset, total.byteLength));
  }
  return h.digest('hex');
}

async function main(): Promise<void> {
  const out: Record<string, string> = {};
  const files = [
    ...readdirSync('scenarios/examples').filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => join('scenarios/examples', f)),
    ...readdirSync('test/fixtures/cli').filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => join('test/fixtures/cli', f)),
  ];
  for (const file of files) {
    let scenario;
    try {
      scenario = loadScenarioFile(file);
    } catch (err) {
      out[file] = `load error: ${(err as Error).message.slice(0, 80)}`;
      continue;
    }
    const report = await runExperiment(scenario, runScenario);
    out[file] = sha(report);
    // Traced cards exercise the kernel's logging paths: the first, a middle and the last card of each arm.
    for (let arm = 0; arm < scenario.arms.length; arm++) {
      const n = compileArm(scenario.arms[arm]).cards;
      for (const card of [...new Set([0, n >> 1, n - 1, 7 % n, 31 % n])]) out[`${file} trace arm ${arm} card ${card}`] = sha(traceCard(scenario, { arm, card }));
    }
  }
  out['bench fleet 20000 × 36'] = blocksHash(benchScenario(20000, 36, 2, 2));
  const ref = '../shared/peers/reference-100k.yaml';
  if (existsSync(ref)) out['reference fleet 20000'] = blocksHash(scaleFleet(loadScenarioFile(ref), 20000));
  const args = process.argv.slice(2);
  if (args[0] === '--save') {
    writeFileSync(args[1], JSON.stringify(out, null, 1) + '\n');
    console.log(`saved ${Object.keys(out).length} hashes to ${args[1]}`);
  } else if (args[0] === '--check') {
    const old = JSON.parse(readFileSync(args[1], 'utf8')) as Record<string, string>;
    const keys = [...new Set([...Object.keys(old), ...Object.keys(out)])];
    const bad = keys.filter((k) => old[k] !== out[k]);
    for (const k of bad) console.log(`DIFFERS: ${k}: ${old[k]} → ${out[k]}`);
    console.log(bad.length === 0 ? `all ${keys.length} hashes identical` : `${bad.length} of ${keys.length} differ`);
    process.exitCode = bad.length === 0 ? 0 : 1;
  } else {
    for (const [k, v] of Object.entries(out)) console.log(`${v}  ${k}`);
  }
}

await main();
