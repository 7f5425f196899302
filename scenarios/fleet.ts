/**
 * `fleet:` in a scenario: cards imported from a platform export (the canonical fleet CSV
 * written by `simlapse import`). Reading each CSV once per load and checking it against the
 * scenario; fleet-cohorts.ts turns its cards into cohorts.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { readFleetCsv, type FleetCard } from './fleet-csv.ts';
import { isRealDate } from './dates.ts';
import { cutText, describeValue, isObject, nameList, type RawIssue } from './issues.ts';
import { DEFAULT_PAYERS } from './schema.ts';
import { firstPayerUnknown } from './cohort-checks.ts';
import { resolvePath, type ReadFile } from './traces.ts';
import { preServiceChecks } from './schema-preservice.ts';

/** Fleet CSVs read during one load, keyed by the path as written. */
export type FleetFiles = Map<string, FleetCard[]>;

export function emptyFleetFiles(): FleetFiles {
  return new Map();
}

/** How many problems of one fleet CSV are listed before "… and N more". */
const MAX_LISTED = 20;

/**
 * Reads the raw (merged) scenario's `fleet.csv` into `into` and checks it against the
 * scenario: every export plan is mapped to a scenario plan, names exist, a pool's cards are
 * on one scenario plan, expired cards are on plans with a term. Records each file's sha256
 * in `hashes` (for the scenario hash). A scenario needs cohorts or a fleet.
 */
export function readFleet(raw: Record<string, unknown>, scenarioFile: string, readFile: ReadFile | undefined, into: FleetFiles, hashes: Map<string, string>): RawIssue[] {
  const fleet = raw.fleet;
  if (fleet === undefined || fleet === null) {
    return raw.cohorts === undefined ? [{ path: ['cohorts'], anchor: 'parent', message: 'missing required field; expected a list of at least one cohort, or a fleet: {csv, profile, plans}' }] : [];
  }
  if (!isObject(fleet) || typeof fleet.csv !== 'string' || fleet.csv === '') return [];
  const written = fleet.csv;
  const path = ['fleet', 'csv'];
  if (!into.has(written)) {
    if (!readFile) return [{ path, anchor: 'value', message: `cannot read fleet file ${describeValue(written)}: no file reader (use loadScenarioFile, or pass readFile to parseScenario)` }];
    const resolved = resolvePath(scenarioFile, written);
    let text: string;
    try {
      text = readFile(resolved);
    } catch (err) {
      return [{ path, anchor: 'value', message: `cannot read fleet file ${describeValue(resolved)}: ${(err as Error).message}` }];
    }
    // Each card's expiry against its status on the start (scenarios/fleet-states.ts); an arm cannot change the start.
    const start = typeof raw.start === 'string' && isRealDate(raw.start) ? raw.start : undefined;
    const { cards, problems } = readFleetCsv(text, { start });
    if (problems.length > 0) {
      const listed = problems.slice(0, MAX_LISTED).map((p): RawIssue => ({ path, anchor: 'value', at: { file: resolved, line: p.line, col: 1 }, message: p.message }));
      if (problems.length > MAX_LISTED) listed.push({ path, anchor: 'value', at: { file: resolved, line: problems[MAX_LISTED].line, col: 1 }, message: `… and ${problems.length - MAX_LISTED} more problems` });
      return listed;
    }
    if (cards.length === 0) return [{ path, anchor: 'value', message: `expected a fleet CSV with at least one card, got none (${cutText(resolved)})` }];
    into.set(written, cards);
    hashes.set(`fleet:${written}`, bytesToHex(sha256(utf8ToBytes(text))));
  }
  return fleetChecks(raw, fleet, into.get(written)!);
}

function fleetChecks(raw: Record<string, unknown>, fleet: Record<string, unknown>, cards: FleetCard[]): RawIssue[] {
  const issues: RawIssue[] = [];
  const plans = isObject(raw.plans) ? raw.plans : {};
  const profiles = isObject(raw.profiles) ? raw.profiles : {};
  const payers = raw.payers === undefined ? DEFAULT_PAYERS : isObject(raw.payers) ? raw.payers : {};
  const known = (names: Record<string, unknown>, name: unknown, kind: string, path: (string | number)[]) => {
    if (typeof name === 'string' && !Object.hasOwn(names, name)) issues.push({ path, anchor: 'value', message: `unknown ${kind} ${describeValue(name)}; ${kind}s are: ${nameList(Object.keys(names)) || '(none)'}` });
  };
  known(profiles, fleet.profile, 'profile', ['fleet', 'profile']);
  known(payers, fleet.payer, 'payer', ['fleet', 'payer']);
  const unordered = fleet.payer === undefined ? firstPayerUnknown(payers) : null;
  if (unordered && isObject(fleet.plans) && Object.values(fleet.plans).some((t) => !isObject(t) || t.payer === undefined)) {
    issues.push({ path: ['fleet'], anchor: 'key', message: `no payer named, and the default (the first payer) cannot be told: ${unordered}; give fleet a payer` });
  }
  const mapping = isObject(fleet.plans) ? fleet.plans : {};
  for (const [exportPlan, target] of Object.entries(mapping)) {
    const t = typeof target === 'string' ? { plan: target } : isObject(target) ? target : {};
    known(plans, t.plan, 'plan', ['fleet', 'plans', exportPlan, ...(typeof target === 'string' ? [] : ['plan'])]);
    known(profiles, t.profile, 'profile', ['fleet', 'plans', exportPlan, 'profile']);
    known(payers, t.payer, 'payer', ['fleet', 'plans', exportPlan, 'payer']);
  }
  if (!isObject(fleet.plans)) return issues;
  issues.push(...preServiceChecks(['fleet', 'preService'], fleet.preService, false));
  const pooledPre = cards.find((c) => (c.status === 'test' || c.status === 'silent') && c.pool !== '');
  if (pooledPre) issues.push({ path: ['fleet', 'csv'], anchor: 'value', message: `the fleet has a card before service (${pooledPre.status}) in pool ${describeValue(pooledPre.pool)} (line ${pooledPre.line} of the export); cards before service are simulated as individual cards: clear their pool in the fleet CSV` });
  const unmapped = new Map<string, { n: number; line: number }>();
  const poolPlan = new Map<string, { plan: string; how: string; exportPlan: string; line: number }>();
  const expiredNoTerm = new Map<string, { n: number; line: number }>();
  for (const c of cards) {
    const target = planOf(Object.hasOwn(mapping, c.plan) ? mapping[c.plan] : undefined);
    if (target === null) {
      const u = unmapped.get(c.plan) ?? { n: 0, line: c.line };
      u.n++;
      unmapped.set(c.plan, u);
      continue;
    }
    if (c.pool !== '') {
      // A pool runs as one cohort (scenarios/fleet-cohorts.ts): its cards share a plan, and a profile and payer too, or it would be cut in two.
      const how = runsAs(mapping[c.plan], fleet, payers);
      const p = poolPlan.get(c.pool);
      if (!p) poolPlan.set(c.pool, { plan: target, how, exportPlan: c.plan, line: c.line });
      else if (p.plan !== target) {
        issues.push({ path: ['fleet', 'plans'], anchor: 'value', message: `pool ${describeValue(c.pool)} has cards on plans ${describeValue(p.plan)} (line ${p.line}) and ${describeValue(target)} (line ${c.line}); a pool's cards share one plan` });
        Object.assign(p, { plan: target, how, exportPlan: c.plan });
      } else if (p.how !== how) {
        issues.push({ path: ['fleet', 'plans', c.plan], anchor: 'value', message: `pool ${describeValue(c.pool)} has cards that would run with ${p.how} (line ${p.line}, export plan ${describeValue(p.exportPlan)}) and with ${how} (line ${c.line}, export plan ${describeValue(c.plan)}); a pool's cards share one allowance and run as one cohort: map their export plans to the same profile and payer` });
        Object.assign(p, { how, exportPlan: c.plan });
      }
    }
    const plan = Object.hasOwn(plans, target) ? plans[target] : undefined;
    if (c.stopReasons.includes('expired') && isObject(plan) && (plan.term === undefined || plan.term === null)) {
      const e = expiredNoTerm.get(target) ?? { n: 0, line: c.line };
      e.n++;
      expiredNoTerm.set(target, e);
    }
  }
  for (const [p, u] of unmapped) {
    issues.push({ path: ['fleet', 'plans'], anchor: 'value', message: `export plan ${describeValue(p)} (${u.n} card${u.n > 1 ? 's' : ''}, first on line ${u.line} of the export) has no scenario plan; add ${describeValue(p)}: <plan> to fleet.plans` });
  }
  for (const [p, e] of expiredNoTerm) {
    issues.push({ path: ['plans', p], anchor: 'key', message: `${e.n} imported card${e.n > 1 ? 's are' : ' is'} expired (first on line ${e.line} of the export) but plan ${describeValue(p)} has no term, so ${e.n > 1 ? 'they' : 'it'} would run as if never expired; give the plan a term` });
  }
  const start = raw.start;
  if (typeof start === 'string' && isRealDate(start)) {
    const late = cards.find((c) => c.activationDate !== null && c.activationDate > start);
    if (late) issues.push({ path: ['start'], anchor: 'value', message: `the fleet has a card activated on ${late.activationDate} (line ${late.line} of the export), after the start ${start}; start the scenario on the export's date` });
  }
  return issues;
}

/** The profile and payer a mapping target runs its cards with, as a pool's message names them. */
function runsAs(target: unknown, fleet: Record<string, unknown>, payers: Record<string, unknown>): string {
  const t = isObject(target) ? target : {};
  const profile = typeof t.profile === 'string' ? t.profile : typeof fleet.profile === 'string' ? fleet.profile : null;
  // No payer named: the arm's first (fleet-cohorts.ts).
  const payer = typeof t.payer === 'string' ? t.payer : typeof fleet.payer === 'string' ? fleet.payer : (Object.keys(payers)[0] ?? null);
  return `profile ${profile === null ? "(the fleet's)" : describeValue(profile)}, payer ${payer === null ? '(the first)' : describeValue(payer)}`;
}

function planOf(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (isObject(target) && typeof target.plan === 'string') return target.plan;
  return null;
}
