/**
 * `fleet:` in a scenario: cards imported from a platform export (the canonical fleet CSV
 * written by `simlapse import`, read and checked in fleet.ts) become cohorts with `cards`
 * (engine/config.ts ImportedCards).
 * Cohorts group cards by (scenario plan, profile, payer, pooled or not, auto-renew or not),
 * in order of first appearance; pooled cards are sorted by pool id so that each pool's cards
 * are consecutive. With `autoRenew: platform` (the default), cards the export marks
 * auto-renew get cohorts with `renewal: {kind: auto}` (a pool only if all its cards are);
 * with `policy` the flag is ignored.
 */
import { STATE, addMonths, flagsOf, parseDate, type ArmConfig, type Cohort, type Dist, type ImportedCards } from '../engine/index.ts';
import type { FleetCard } from './fleet-csv.ts';
import type { FleetFiles } from './fleet.ts';
import { dayIndex } from './dates.ts';
import { RANGE } from './schema-kit.ts';
import { toPreService, type PreServiceInput } from './schema-preservice.ts';

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
