/**
 * `fleet:` in a scenario: cards imported from a platform export (the canonical fleet CSV
 * written by `simlapse import`) become cohorts with `cards` (engine/config.ts ImportedCards).
 * Cohorts group cards by (scenario plan, profile, payer, pooled or not, auto-renew or not),
 * in order of first appearance; pooled cards are sorted by pool id so that each pool's cards
 * are consecutive. With `autoRenew: platform` (the default), cards the export marks
 * auto-renew get cohorts with `renewal: {kind: auto}` (a pool only if all its cards are);
 * with `policy` the flag is ignored.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { STATE, addMonths, flagsOf, parseDate, type ArmConfig, type Cohort, type Dist, type ImportedCards } from '../engine/index.ts';
import { readFleetCsv, type FleetCard } from './fleet-csv.ts';
import { dayIndex, isRealDate } from './dates.ts';
import { describeValue, isObject, type RawIssue } from './issues.ts';
import { RANGE } from './schema-kit.ts';
import { DEFAULT_PAYERS } from './schema.ts';
import { firstPayerUnknown } from './checks.ts';
import { resolvePath, type ReadFile } from './traces.ts';
import { preServiceChecks, toPreService, type PreServiceInput } from './schema-preservice.ts';

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
    if (!readFile) return [{ path, anchor: 'value', message: `cannot read fleet file ${JSON.stringify(written)}: no file reader (use loadScenarioFile, or pass readFile to parseScenario)` }];
    const resolved = resolvePath(scenarioFile, written);
    let text: string;
    try {
      text = readFile(resolved);
    } catch (err) {
      return [{ path, anchor: 'value', message: `cannot read fleet file ${JSON.stringify(resolved)}: ${(err as Error).message}` }];
    }
    const { cards, problems } = readFleetCsv(text);
    if (problems.length > 0) {
      const listed = problems.slice(0, MAX_LISTED).map((p): RawIssue => ({ path, anchor: 'value', at: { file: resolved, line: p.line, col: 1 }, message: p.message }));
      if (problems.length > MAX_LISTED) listed.push({ path, anchor: 'value', at: { file: resolved, line: problems[MAX_LISTED].line, col: 1 }, message: `… and ${problems.length - MAX_LISTED} more problems` });
      return listed;
    }
    if (cards.length === 0) return [{ path, anchor: 'value', message: `expected a fleet CSV with at least one card, got none (${resolved})` }];
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
    if (typeof name === 'string' && !Object.hasOwn(names, name)) issues.push({ path, anchor: 'value', message: `unknown ${kind} ${describeValue(name)}; ${kind}s are: ${Object.keys(names).join(', ') || '(none)'}` });
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
  const poolPlan = new Map<string, { plan: string; line: number }>();
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
      const p = poolPlan.get(c.pool);
      if (!p) poolPlan.set(c.pool, { plan: target, line: c.line });
      else if (p.plan !== target) {
        issues.push({ path: ['fleet', 'plans'], anchor: 'value', message: `pool ${describeValue(c.pool)} has cards on plans ${describeValue(p.plan)} (line ${p.line}) and ${describeValue(target)} (line ${c.line}); a pool's cards share one plan` });
        p.plan = target;
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

function planOf(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (isObject(target) && typeof target.plan === 'string') return target.plan;
  return null;
}

export interface FleetSpec {
  csv: string;
  profile: string;
  payer?: string;
  plans: Record<string, string | { plan: string; profile?: string; payer?: string }>;
  /** platform: honour the export's auto-renew flag; policy: ignore it. [default: platform] */
  autoRenew?: 'platform' | 'policy';
  /** How the export's cards before service (test, silent) run. [default: the defaults of preService] */
  preService?: PreServiceInput;
}

/** The arm with the fleet's cohorts appended after its own (the scenario already checked). */
export function withFleet(arm: ArmConfig, spec: FleetSpec | undefined, fleets: FleetFiles): ArmConfig {
  if (!spec) return arm;
  const cards = fleets.get(spec.csv) ?? [];
  const honourAutoRenew = (spec.autoRenew ?? 'platform') === 'platform';
  // A pool's cards stay in one cohort (they share one allowance), so they share one renewal
  // policy: auto-renew only if every card of the pool is set to auto-renew.
  const poolAuto = new Map<string, boolean>();
  if (honourAutoRenew) for (const c of cards) if (c.pool !== '') poolAuto.set(c.pool, (poolAuto.get(c.pool) ?? true) && c.autoRenew === true);
  const groups = new Map<string, { plan: string; profile: string; payer: string; pooled: boolean; autoRenew: boolean; cards: FleetCard[] }>();
  for (const c of cards) {
    const t = spec.plans[c.plan];
    const target = typeof t === 'string' ? { plan: t } : t;
    const plan = target.plan;
    const profile = target.profile ?? spec.profile;
    const payer = target.payer ?? spec.payer ?? arm.payers[0].name;
    const pooled = c.pool !== '';
    const autoRenew = honourAutoRenew && (pooled ? poolAuto.get(c.pool) === true : c.autoRenew === true);
    const key = JSON.stringify([plan, profile, payer, pooled, autoRenew]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { plan, profile, payer, pooled, autoRenew, cards: [] }));
    g.cards.push(c);
  }
  const taken = new Set(arm.cohorts.map((c) => c.name));
  const cohorts: Cohort[] = [];
  for (const g of groups.values()) {
    const list = g.pooled ? [...g.cards].sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0)) : g.cards;
    const profile = arm.profiles.find((p) => p.name === g.profile)!;
    const scale = meanOf(profile.noise) * (profile.trace ? average(profile.trace) : average(profile.weekly));
    let name = `fleet ${g.plan}${g.profile !== spec.profile ? ` ${g.profile}` : ''}${g.payer !== (spec.payer ?? arm.payers[0].name) ? ` ${g.payer}` : ''}${g.pooled ? ' pooled' : ''}${g.autoRenew ? ' auto-renew' : ''}`;
    while (taken.has(name)) name += "'";
    taken.add(name);
    const cards = importedCards(list, arm.start, scale, arm.plans.find((p) => p.name === g.plan)?.term?.months ?? 0);
    cohorts.push({
      name, count: list.length, plan: g.plan, profile: g.profile, payer: g.payer, poolSize: 0, termStart: 'spread',
      cards,
      renewal: g.autoRenew ? { kind: 'auto' } : null,
      ...(cards.phase && spec.preService ? { preService: toPreService(spec.preService) } : {}),
    });
  }
  return { ...arm, cohorts: [...arm.cohorts, ...cohorts] };
}

/**
 * The engine's day-0 columns. A calibrated mean is an observed average of MB per day; the
 * engine multiplies a card's mean by the day's noise and weekday factor, so it is divided by
 * their means (`scale`) to give the same average. A card in service on a plan with a term of
 * `termMonths` and no expiry in the export expires at the first anniversary of its activation
 * after the start (terms run from activation); without an activation date its expiry stays
 * null, and the engine spreads it over the term (docs/rules.md, "Imported fleets").
 */
function importedCards(list: FleetCard[], start: string, scale: number, termMonths: number): ImportedCards {
  const pooled = list.length > 0 && list[0].pool !== '';
  return {
    id: list.map((c) => c.iccid),
    flags: list.map((c) => (c.status === 'cancelled' ? STATE.cancelled.bit : flagsOf(c.stopReasons))),
    expiryDay: list.map((c) => (c.expiryDate !== null ? dayIndex(start, c.expiryDate) : termMonths > 0 && c.activationDate !== null && c.status !== 'test' && c.status !== 'silent' && c.status !== 'cancelled' ? anniversaryAfter(c.activationDate, termMonths, start) : null)),
    usedMB: list.map((c) => c.usedMBThisCycle),
    // A profile whose noise averages near 0 would need an absurd level: capped at the daily range, so figures stay finite.
    meanDailyMB: list.map((c) => (c.meanDailyMB === null ? null : Math.min(scale > 0 ? c.meanDailyMB / scale : c.meanDailyMB, RANGE.dailyMB.max))),
    pool: list.map((c) => (pooled ? c.pool : null)),
    ...(list.some((c) => c.status === 'test' || c.status === 'silent') ? { phase: list.map((c) => PHASE[c.status]) } : {}),
  };
}

/** Days from `start` to the first date activation + k × termMonths (k ≥ 1) after `start`: the end of the term under way. */
function anniversaryAfter(activation: string, termMonths: number, start: string): number {
  const a = parseDate(activation), s = parseDate(start);
  // The k-th anniversary is counted from the activation each time (no clamping drift: 01-31 + 1 month is 02-28, + 2 months 03-31).
  let k = Math.max(1, Math.floor((s - a) / 366 / (termMonths / 12)));
  while (addMonths(a, k * termMonths) <= s) k++;
  while (k > 1 && addMonths(a, (k - 1) * termMonths) > s) k--;
  return addMonths(a, k * termMonths) - s;
}

/** A card's phase on day 0 (engine/preservice.ts): in service, test, silent. */
const PHASE: Record<FleetCard['status'], number> = { online: 0, stopped: 0, cancelled: 0, test: 1, silent: 2 };

/** The mean of a distribution. */
export function meanOf(d: Dist): number {
  switch (d.kind) {
    case 'fixed': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'normal': return d.mean;
    case 'lognormal': return d.median * Math.exp((d.spread * d.spread) / 2);
    case 'empirical': return weighted(d.values, d.weights);
    case 'mixture': return weighted(d.parts.map(meanOf), d.weights);
  }
}

function weighted(values: number[], weights: number[]): number {
  const w = weights.reduce((a, b) => a + b, 0);
  return w > 0 ? values.reduce((a, v, i) => a + v * weights[i], 0) / w : 0;
}

function average(xs: readonly number[]): number {
  return xs.length === 0 ? 1 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
