/**
 * The model's tables by plan, profile and payer (Model.quota…, meanDist…, quietPay…), and the
 * cohorts as card ranges with their pools and renewal policies, with the one-byte index guard.
 * Built by compileArm; poolAround re-exported by model.ts.
 */
import type { ArmConfig, Cohort, Renewal } from './config.ts';
import type { Calendar } from './calendar.ts';
import { FIXED, compileDist, quantileTable, TABLE_SIZE } from './dist.ts';
import { MIN_CYCLE_DAYS, quietBelow } from './quiet.ts';
import { canonicalJson } from './json.ts';
import { MAX_BYTE_INDEX } from './fleet.ts';
import { preServiceRange } from './preservice.ts';
import type { CohortRange, Model } from './model.ts';

/** The invoice's quiet limits and quick-exit thresholds by payer, and the number of billing cycles (Model.quietPay, invoiceMiss, invoiceQuiet, cycles). */
export function invoiceTables(arm: ArmConfig, cal: Calendar, payers: Model['payers']): Pick<Model, 'quietPay' | 'invoiceMiss' | 'invoiceQuiet' | 'cycles'> {
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
export function planTables(arm: ArmConfig): Pick<Model, 'quota' | 'monthlyFee' | 'termMonths' | 'termPrice' | 'autoStop' | 'overagePerMB' | 'throttleMB' | 'stopFrac' | 'stopOverMB' | 'termQuota' | 'addonMB' | 'addonPrice'> {
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
export function profileTables(arm: ArmConfig, cal: Calendar): Pick<Model, 'meanDist' | 'noise' | 'dayFactor' | 'dayAdd' | 'nextAdd' | 'flatFactor' | 'noiseMin' | 'factorMin' | 'runaway' | 'idle'> {
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
export function cohortRanges(arm: ArmConfig, cal: Calendar): { cohorts: CohortRange[]; renewals: Renewal[]; cards: number } {
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
export function checkIndexes(arm: ArmConfig, renewals: number): void {
  const counts = { plans: arm.plans.length, profiles: arm.profiles.length, payers: arm.payers.length, 'renewal policies': renewals };
  for (const [what, n] of Object.entries(counts)) {
    if (n > MAX_BYTE_INDEX) throw new RangeError(`invalid arm ${JSON.stringify(arm.name)}: ${n} ${what}, at most ${MAX_BYTE_INDEX} (a card keeps the index in one byte)`);
  }
}
