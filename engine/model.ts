import type { ArmConfig, Cohort, ImportedCards, Opening, Policies, Renewal, Rules } from './config.ts';
import { addMonths, makeCalendar, type Calendar } from './calendar.ts';
import { FIXED, compileDist, quantileTable, TABLE_SIZE, type Sampler } from './dist.ts';
import { MIN_CYCLE_DAYS, quietBelow } from './quiet.ts';
import { Stream, dayKey } from './rng.ts';
import { strategyOf } from './renewal/index.ts';
import { canonicalJson } from './json.ts';
import { MAX_BYTE_INDEX } from './fleet.ts';
import { cycleElapsed, openingTables, type OpeningTables } from './opening.ts';
import { compileActions, type ActionTable } from './actions.ts';
import { preServiceRange, type PreServiceRange } from './preservice.ts';

export interface CohortRange {
  /** First card (global index) and one past the last. */
  start: number;
  end: number;
  plan: number;
  profile: number;
  payer: number;
  /** Pool boundaries (global card indexes: pool k is [pools[k], pools[k+1])), or null for individual cards. */
  pools: number[] | null;
  termStart: 'spread' | 'fresh';
  /** Imported day-0 state, or null. */
  cards: ImportedCards | null;
  /** How generated cards stand on day 0 (docs/rules.md, "In-service opening"). */
  opening: Opening;
  /** Index of the cohort's renewal policy in Model.renewals. */
  renewal: number;
  /** Pre-service settings of the cohort's cards (preservice.ts), or null: in service from day 0. */
  preService: PreServiceRange | null;
}

/**
 * One arm compiled into flat tables indexed by plan, profile or day, so the
 * kernel reads numbers, never walks config objects. Built once per arm.
 */
export interface Model extends OpeningTables {
  cal: Calendar;
  days: number;
  months: number;
  cards: number;
  // Plans, by plan index.
  quota: Float64Array;
  monthlyFee: Float64Array;
  /** Term in months; 0 = no expiry. */
  termMonths: Int32Array;
  termPrice: Float64Array;
  autoStop: Uint8Array;
  overagePerMB: Float64Array;
  /** MB a day served past the allowance on a throttled plan; -1: not throttled. */
  throttleMB: Float64Array;
  /** The stop level as a fraction of the allowance (1 for auto-stop; Infinity: none). See usage.ts stopLevel. */
  stopFrac: Float64Array;
  /** The stop level as MB past the allowance (the overage cap ÷ the MB price; Infinity: none). */
  stopOverMB: Float64Array;
  /** 1: the quota covers the whole term (quotaPer: term), not each cycle. */
  termQuota: Uint8Array;
  addonMB: Float64Array;
  addonPrice: Float64Array;
  // Profiles, by profile index.
  /** Mean daily demand, MB (compiled). */
  meanDist: Sampler[];
  /** profile × TABLE_SIZE noise quantiles. */
  noise: Float64Array;
  /** profile × day demand factor (weekly pattern or trace, 0 in idle months). */
  dayFactor: Float64Array;
  /** profile × day additive MB (firmware updates). */
  dayAdd: Float64Array;
  /** profile × (day + 1): the first day ≥ d with firmware MB (dayAdd ≠ 0), or days; the kernel's lean loop runs up to it. */
  nextAdd: Int32Array;
  /** 1 for a profile whose day factor is 1 on every day (no weekly pattern, trace or idle month). */
  flatFactor: Uint8Array;
  /** The profile's least noise quantile and least day factor (0 if any is NaN): a card whose mean × both is above 0 has demand above 0 every day (rounding is monotone), so the kernel's lean loops need not test it. */
  noiseMin: Float64Array;
  factorMin: Float64Array;
  runaway: (RunawayDraws | null)[];
  /** profile × 13: 1 if calendar month m (1–12) is idle. */
  idle: Uint8Array;
  payers: PayerDraws[];
  /**
   * By payer, the thresholds of an invoice's quick exit (billing.ts issueInvoice, strata.ts
   * mayDrawPast): the miss chance, and the payment draw's quiet limit (quiet.ts quietBelow; for
   * a fixed delay, which is not drawn, 1 when it is quiet, else −1).
   */
  invoiceMiss: Float64Array;
  invoiceQuiet: Float64Array;
  /** By payer: the payment draws up to which an invoice is paid before it falls due and before the next cycle (quiet.ts quietBelow; −1: decided by sampling). */
  quietPay: Float64Array;
  /** Billing cycles in the horizon: every invoice's index (cal.cycle) is below it. */
  cycles: number;
  cohorts: CohortRange[];
  policies: Policies;
  rules: Rules;
  /**
   * With `rules.feeProration: daily`, by day index: the day index the billing cycle holding that day
   * ends on (the next anchor day, maybe past the horizon) and the share of the monthly fee one day
   * of that cycle is (1 ÷ its days); null without proration.
   */
  feeCycle: { end: Int32Array; perDay: Float64Array } | null;
  /** Renewal policies: 0 is the scenario's, then cohorts' own distinct ones (equal policies share an index). */
  renewals: Renewal[];
  /** By renewal index: a manual policy's renewal lag (compiled), null for other kinds. */
  renewLag: (Sampler | null)[];
  /** The alert policy's reaction delay (compiled), or null: no alerts. */
  alertReaction: Sampler | null;
  /** 1 on a batch-renewal day of any renewal policy. */
  batchDay: Uint8Array;
  /** Operator actions by day (engine/actions.ts). */
  actions: ActionTable;
  /** 1 on days with whole-fleet work or a new period: cycle start, period start, idle-policy month start, batch day, action day. */
  boundary: Uint8Array;
  /** By day: the whole-fleet work of a boundary day (kernel.ts boundary), W_* bits; 0: none. */
  dayWork: Uint8Array;
  /** nextBoundary[d]: the first boundary day ≥ d (days at the end). Length days + 1. */
  nextBoundary: Int32Array;
  /** Hash half of the daily-noise draw of each day (rng.ts dayKey(d, noise)). */
  noiseDayKey: Int32Array;
  /** noiseDayKey[d] ^ (noiseDayKey[d] >>> 16): the day's half of mix32's first step, which distributes over XOR (kernel.ts day loops). */
  noiseDayMix: Int32Array;
  downtimeCostPerCardDay: number;
}

/** A payer (config.ts Payer) with its distributions compiled (dist.ts Sampler). */
export interface PayerDraws {
  missChance: number;
  delayDays: Sampler;
  afterStopDays: Sampler;
}

/** A profile's runaway faults (config.ts RunawaySpec) with the distributions compiled. */
export interface RunawayDraws {
  dailyHazard: number;
  factor: Sampler;
  durationDays: Sampler;
}

/** Compiles one arm: its calendar, then plan, profile and cohort tables, then the fleet's boundary days. */
export function compileArm(arm: ArmConfig): Model {
  const cal = makeCalendar(arm.start, arm.months, arm.rules.cycleAnchorDay);
  const { cohorts, renewals, cards } = cohortRanges(arm, cal);
  checkIndexes(arm, renewals.length);
  const batchDay = batchDays(cal, renewals);
  const boundary = boundaryDays(cal, batchDay, arm.policies.idleStop);
  const actions = compileActions(arm, cohorts, cards, cal.days);
  for (let d = 0; d < cal.days; d++) if (actions.byDay[d] !== null) boundary[d] = 1;
  const noiseDayKey = noiseDayKeys(cal.days);
  const payers = arm.payers.map((p) => ({ missChance: p.missChance, delayDays: compileDist(p.delayDays), afterStopDays: compileDist(p.afterStopDays) }));
  return {
    cal, days: cal.days, months: cal.months, cards,
    ...planTables(arm),
    ...profileTables(arm, cal),
    payers,
    ...invoiceTables(arm, cal, payers),
    cohorts, policies: arm.policies, rules: arm.rules, feeCycle: arm.rules.feeProration === 'daily' ? feeCycles(cal, arm.rules.cycleAnchorDay) : null, renewals, batchDay,
    renewLag: renewals.map((r) => (r.kind === 'manual' ? compileDist(r.lagDays) : null)),
    alertReaction: arm.policies.alerts ? compileDist(arm.policies.alerts.reactionDays) : null,
    actions, boundary, dayWork: dayWorkOf(cal, batchDay, arm.policies.idleStop, actions), nextBoundary: nextBoundaries(boundary), noiseDayKey, noiseDayMix: noiseDayKey.map((k) => k ^ (k >>> 16)),
    downtimeCostPerCardDay: arm.downtimeCostPerCardDay,
    ...openingTables(arm, cal),
  };
}

/** The billing cycle of each day (anchor day to anchor day, day 0 included: the real cycle, not the run's): Model.feeCycle. */
function feeCycles(cal: Calendar, anchor: number): { end: Int32Array; perDay: Float64Array } {
  const end = new Int32Array(cal.days), perDay = new Float64Array(cal.days);
  for (let d = 0; d < cal.days; d++) {
    // Anchors are ≤ 28: no month clamps them, so the cycle ends a month after its anchor day.
    const from = cal.start + d - cycleElapsed(cal.start + d, anchor), to = addMonths(from, 1);
    end[d] = to - cal.start;
    perDay[d] = 1 / (to - from);
  }
  return { end, perDay };
}

/** The invoice's quiet limits and quick-exit thresholds by payer, and the number of billing cycles (Model.quietPay, invoiceMiss, invoiceQuiet, cycles). */
function invoiceTables(arm: ArmConfig, cal: Calendar, payers: Model['payers']): Pick<Model, 'quietPay' | 'invoiceMiss' | 'invoiceQuiet' | 'cycles'> {
  const limit = Math.min(arm.rules.arrearsAfterDays, MIN_CYCLE_DAYS);
  const quietPay = Float64Array.from(payers, (p) => quietBelow(p.delayDays, limit));
  return {
    quietPay,
    invoiceMiss: Float64Array.from(payers, (p) => p.missChance),
    invoiceQuiet: Float64Array.from(payers, (p, k) => (p.delayDays.kind === FIXED ? (quietPay[k] >= 0.5 ? 1 : -1) : quietPay[k])),
    cycles: cal.days > 0 ? cal.cycle[cal.days - 1] + 1 : 0,
  };
}

/** Plans as columns by plan index. */
function planTables(arm: ArmConfig): Pick<Model, 'quota' | 'monthlyFee' | 'termMonths' | 'termPrice' | 'autoStop' | 'overagePerMB' | 'throttleMB' | 'stopFrac' | 'stopOverMB' | 'termQuota' | 'addonMB' | 'addonPrice'> {
  const nP = arm.plans.length;
  const quota = new Float64Array(nP), monthlyFee = new Float64Array(nP), termMonths = new Int32Array(nP), termPrice = new Float64Array(nP);
  const autoStop = new Uint8Array(nP), overagePerMB = new Float64Array(nP), addonMB = new Float64Array(nP), addonPrice = new Float64Array(nP);
  const throttleMB = new Float64Array(nP), stopFrac = new Float64Array(nP), stopOverMB = new Float64Array(nP), termQuota = new Uint8Array(nP);
  arm.plans.forEach((p, k) => {
    throttleMB[k] = p.throttle ? p.throttle.dailyMB : -1;
    const pct = p.stopThreshold?.pct ?? null, cap = p.stopThreshold?.overageCost ?? null;
    // Auto-stop stops at the allowance; a threshold % stops earlier (or, without auto-stop, later).
    stopFrac[k] = pct !== null ? (p.autoStop ? Math.min(pct, 100) : pct) / 100 : p.autoStop ? 1 : Infinity;
    stopOverMB[k] = cap !== null && !p.autoStop && !p.throttle && p.overagePerMB > 0 ? cap / p.overagePerMB : Infinity;
    termQuota[k] = p.quotaPer === 'term' ? 1 : 0;
    quota[k] = p.quotaMB;
    monthlyFee[k] = p.monthlyFee;
    termMonths[k] = p.term ? p.term.months : 0;
    termPrice[k] = p.term ? p.term.price : 0;
    autoStop[k] = p.autoStop ? 1 : 0;
    overagePerMB[k] = p.overagePerMB;
    addonMB[k] = p.addon.sizeMB;
    addonPrice[k] = p.addon.price;
  });
  return { quota, monthlyFee, termMonths, termPrice, autoStop, overagePerMB, throttleMB, stopFrac, stopOverMB, termQuota, addonMB, addonPrice };
}

/** Profiles as tables by profile index (and by day): noise quantiles, day factors, firmware MB, idle months. */
function profileTables(arm: ArmConfig, cal: Calendar): Pick<Model, 'meanDist' | 'noise' | 'dayFactor' | 'dayAdd' | 'nextAdd' | 'flatFactor' | 'noiseMin' | 'factorMin' | 'runaway' | 'idle'> {
  const D = cal.days, nF = arm.profiles.length;
  const noise = new Float64Array(nF * TABLE_SIZE);
  const dayFactor = new Float64Array(nF * D);
  const dayAdd = new Float64Array(nF * D);
  const idle = new Uint8Array(nF * 13);
  const nextAdd = new Int32Array(nF * (D + 1)), flatFactor = new Uint8Array(nF);
  const noiseMin = new Float64Array(nF), factorMin = new Float64Array(nF);
  arm.profiles.forEach((p, k) => {
    noise.set(quantileTable(p.noise), k * TABLE_SIZE);
    for (const m of p.idleMonths) idle[k * 13 + m] = 1;
    for (let d = 0; d < D; d++) {
      const base = p.trace ? p.trace[d % p.trace.length] : p.weekly[cal.weekday[d]];
      dayFactor[k * D + d] = idle[k * 13 + cal.month[d]] ? 0 : base;
    }
    for (const f of p.firmware) {
      const per = f.mb / f.days;
      for (let d = f.day; d < f.day + f.days && d < D; d++) if (!idle[k * 13 + cal.month[d]]) dayAdd[k * D + d] += per;
    }
    const na = k * (D + 1);
    nextAdd[na + D] = D;
    for (let d = D - 1; d >= 0; d--) nextAdd[na + d] = dayAdd[k * D + d] !== 0 ? d : nextAdd[na + d + 1];
    flatFactor[k] = 1;
    for (let d = 0; d < D; d++) if (dayFactor[k * D + d] !== 1) flatFactor[k] = 0;
    noiseMin[k] = least(noise, k * TABLE_SIZE, (k + 1) * TABLE_SIZE);
    factorMin[k] = least(dayFactor, k * D, (k + 1) * D);
  });
  const runaway = arm.profiles.map((p) => (p.runaway ? { dailyHazard: p.runaway.dailyHazard, factor: compileDist(p.runaway.factor), durationDays: compileDist(p.runaway.durationDays) } : null));
  return { meanDist: arm.profiles.map((p) => compileDist(p.meanDailyMB)), noise, dayFactor, dayAdd, nextAdd, flatFactor, noiseMin, factorMin, runaway, idle };
}

/** The least of t[a..b), or 0 if any is NaN (or the range is empty). */
function least(t: Float64Array, a: number, b: number): number {
  let x = Infinity;
  for (let j = a; j < b; j++) {
    const v = t[j];
    if (v !== v) return 0;
    if (v < x) x = v;
  }
  return b > a ? x : 0;
}

/** Cohorts as card ranges with plan, profile, payer and renewal indexes; renewal policies: the scenario's, then cohorts' own distinct ones. */
function cohortRanges(arm: ArmConfig, cal: Calendar): { cohorts: CohortRange[]; renewals: Renewal[]; cards: number } {
  const planIndex = new Map(arm.plans.map((p, k) => [p.name, k]));
  const profileIndex = new Map(arm.profiles.map((p, k) => [p.name, k]));
  const payerIndex = new Map(arm.payers.map((p, k) => [p.name, k]));
  const cohorts: CohortRange[] = [];
  const renewals: Renewal[] = [arm.policies.renewal];
  const renewalIndex = new Map([[canonicalJson(arm.policies.renewal), 0]]);
  let start = 0;
  for (const c of arm.cohorts) {
    let renewal = 0;
    if (c.renewal) {
      const key = canonicalJson(c.renewal);
      renewal = renewalIndex.get(key) ?? renewals.push(c.renewal) - 1;
      renewalIndex.set(key, renewal);
    }
    cohorts.push({
      start,
      end: start + c.count,
      plan: planIndex.get(c.plan)!,
      profile: profileIndex.get(c.profile)!,
      payer: payerIndex.get(c.payer)!,
      pools: poolBoundaries(c, start),
      termStart: c.termStart,
      cards: c.cards ?? null,
      opening: c.opening ?? 'fresh',
      renewal,
      // Pooled cards share an allowance day by day (kernel runPool): never pre-service (the loader refuses it).
      preService: c.preService && c.poolSize <= 0 && !c.cards?.pool[0] ? preServiceRange(cal, c.preService) : null,
    });
    start += c.count;
  }
  return { cohorts, renewals, cards: start };
}

/** 1 on a batch-renewal day of any renewal policy. */
function batchDays(cal: Calendar, renewals: readonly Renewal[]): Uint8Array {
  const batchDay = new Uint8Array(cal.days);
  for (const r of renewals) strategyOf(r).markBatchDays(cal, r, batchDay);
  return batchDay;
}

/** 1 on days with whole-fleet work or a new period: cycle start, period start, idle-policy month start, batch day. */
function boundaryDays(cal: Calendar, batchDay: Uint8Array, idleStop: boolean): Uint8Array {
  const boundary = new Uint8Array(cal.days);
  for (let k = 0; k < cal.months; k++) boundary[cal.periodStart[k]] = 1;
  for (let d = 0; d < cal.days; d++) {
    if (cal.cycleStart[d] || batchDay[d] || (idleStop && cal.monthStart[d])) boundary[d] = 1;
  }
  return boundary;
}

/** Boundary work (Model.dayWork): a cycle start, an idle-policy month start, a batch-renewal day, operator actions. */
export const W_CYCLE = 1, W_IDLE = 2, W_BATCH = 4, W_ACTIONS = 8;

/** Each day's boundary work, read once per card and boundary day instead of four tables. */
function dayWorkOf(cal: Calendar, batchDay: Uint8Array, idleStop: boolean, actions: ActionTable): Uint8Array {
  const w = new Uint8Array(cal.days);
  for (let d = 0; d < cal.days; d++) {
    w[d] = (cal.cycleStart[d] ? W_CYCLE : 0) | (idleStop && cal.monthStart[d] ? W_IDLE : 0) | (batchDay[d] ? W_BATCH : 0) | (actions.byDay[d] !== null ? W_ACTIONS : 0);
  }
  return w;
}

/** nextBoundary[d]: the first boundary day ≥ d (days at the end). */
function nextBoundaries(boundary: Uint8Array): Int32Array {
  const D = boundary.length, next = new Int32Array(D + 1);
  next[D] = D;
  for (let d = D - 1; d >= 0; d--) next[d] = boundary[d] ? d : next[d + 1];
  return next;
}

function noiseDayKeys(days: number): Int32Array {
  const keys = new Int32Array(days);
  for (let d = 0; d < days; d++) keys[d] = dayKey(d, Stream.noise);
  return keys;
}

/** Pools of a cohort as boundaries: fixed-size groups, or runs of equal pool ids for imported cards. */
function poolBoundaries(c: Cohort, start: number): number[] | null {
  if (c.cards) {
    const ids = c.cards.pool;
    if (ids.length === 0 || ids[0] === null) return null;
    const b = [start];
    for (let j = 1; j < ids.length; j++) if (ids[j] !== ids[j - 1]) b.push(start + j);
    b.push(start + c.count);
    return b;
  }
  if (c.poolSize <= 0) return null;
  const b: number[] = [];
  for (let a = start; a < start + c.count; a += c.poolSize) b.push(a);
  b.push(start + c.count);
  return b;
}

/** The pool [start, end) holding global card g in a cohort's boundaries. */
export function poolAround(pools: number[], g: number): [number, number] {
  let lo = 0, hi = pools.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pools[mid] <= g) lo = mid;
    else hi = mid;
  }
  return [pools[lo], pools[lo + 1]];
}

/** Plan, profile, payer and renewal indexes are Uint8Array columns (fleet.ts): more entries would wrap. */
function checkIndexes(arm: ArmConfig, renewals: number): void {
  const counts = { plans: arm.plans.length, profiles: arm.profiles.length, payers: arm.payers.length, 'renewal policies': renewals };
  for (const [what, n] of Object.entries(counts)) {
    if (n > MAX_BYTE_INDEX) throw new RangeError(`invalid arm ${JSON.stringify(arm.name)}: ${n} ${what}, at most ${MAX_BYTE_INDEX} (a card keeps the index in one byte)`);
  }
}
