import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import type { Calendar } from './calendar.ts';
import { addMonths } from './calendar.ts';
import type { PreService } from './config.ts';
import type { CohortRange, Model } from './model.ts';
import { NEVER, PRE } from './fleet.ts';
import { C_PLAN, T_DEMAND_DAYS, T_USAGE } from './layout.ts';
import { chargeFee, scheduleRenewal } from './lifecycle.ts';
import { crossQuota, stopLevel } from './usage.ts';
import { boundary, checkAlert, events } from './day-work.ts';
import { compileDist, sampleDays, TABLE_BITS, type Sampler } from './dist.ts';
import { Stream, cardKey, mix32 } from './rng.ts';
import { stratified } from './strata.ts';
import { eventDay } from './events.ts';

/**
 * Pre-service cards (docs/rules.md, "Pre-service cards"): cards bought in bulk that start
 * the run in a free test period or in the silent period (沉默期, Activation Ready), and are
 * activated on their first day with demand or forcibly when the silent period ends; billing
 * starts then. A card runs through its pre-service days here, day by day, before the
 * kernel's per-card loop takes it over on the first day it is both in service and deployed:
 * the kernel's inner loops never see a pre-service day, so fleets without such cards pay
 * one test per card.
 */

/** A cohort's pre-service settings as the kernel reads them. */
export interface PreServiceRange {
  /** Test period length in days from day 0; 0: no test period (cards start silent). */
  testDays: number;
  testAllowanceMB: number;
  /** Day index of the forced activation; NEVER: after the horizon. */
  forcedDay: number;
  deployDays: Sampler;
}

/** Pre-service phases (ImportedCards.phase). */
export const IN_SERVICE = 0, TEST = 1, SILENT = 2;

export function preServiceRange(cal: Calendar, p: PreService): PreServiceRange {
  return {
    testDays: p.test ? p.test.days : 0,
    testAllowanceMB: p.test ? p.test.allowanceMB : 0,
    forcedDay: forcedActivationDay(cal, p.silent),
    deployDays: compileDist(p.deployDays),
  };
}

/**
 * The day of the forced activation: `days` n, day n (China Unicom: after 360 days, the next
 * day [S2]); `months` m, the first 1st of a month on or after start + m months (China Mobile,
 * China Telecom: 6 months, then the 1st of the following month [S2, S9]). NEVER past the horizon.
 */
export function forcedActivationDay(cal: Calendar, silent: PreService['silent']): number {
  let d = silent.unit === 'days' ? silent.length : addMonths(cal.start, silent.length) - cal.start;
  if (silent.unit === 'months') while (d < cal.days && cal.dayOfMonth[d] !== 1) d++;
  return d < cal.days ? d : NEVER;
}

/** The phase card j of cohort c starts in: its imported phase, else test if the cohort has a test period. */
function phaseOf(c: CohortRange, j: number): number {
  if (c.preService === null) return IN_SERVICE;
  if (c.cards) return c.cards.phase ? c.cards.phase[j] : IN_SERVICE;
  return c.preService.testDays > 0 ? TEST : SILENT;
}

/** Whether card j of cohort c starts the run before service. */
export function startsPreService(c: CohortRange, j: number): boolean {
  return phaseOf(c, j) !== IN_SERVICE;
}

/** Sets up a pre-service card on day "−1": no term, no flags; its own mean if imported with one. */
export function initPreService(s: Sim, i: number, c: CohortRange, j: number): void {
  const f = s.fleet;
  f.bits[i] |= PRE;
  const own = c.cards ? c.cards.meanDailyMB[j] : null;
  if (own !== null) f.mean[i] = own > 0 ? own : 0;
}

/**
 * Runs pre-service card i from day 0 until it is in service and its device deployed, and
 * returns that day (the kernel goes on from there; the horizon's end if never). Tallies its
 * pre-service card-days, the test data it is served, and, for a card forcibly activated
 * before its device is deployed, its in-service days without demand.
 */
export function runPreService(s: Sim, i: number): number {
  const f = s.fleet, m = s.model, acc = s.acc, L = s.L, D = m.days, period = m.cal.period;
  const g = f.first + i, c = cohortOf(m, g), j = g - c.start, ps = c.preService!;
  let phase = phaseOf(c, j);
  let testUsed = c.cards && phase === TEST ? c.cards.usedMB[j] : 0;
  const deploy = capDay(Math.max(0, sampleDays(ps.deployDays, stratified(s.key, s.stratify, c.start, c.end, g, 0, Stream.deploy))));
  if (s.log) s.event(i, { kind: 'preService', day: 0, id: c.cards?.id[j], phase: phase === TEST ? 'test' : 'silent', testAllowanceMB: ps.testAllowanceMB, testDays: ps.testDays, forcedActivation: eventDay(ps.forcedDay), deployed: eventDay(deploy) });
  const p = f.profile[i], po = p << TABLE_BITS, pD = p * D, noise = m.noise, fac = m.dayFactor, add = m.dayAdd, dks = m.noiseDayKey;
  const ck = cardKey(s.key, g), mean = f.mean[i];
  for (let d = 0; d < D; d++) {
    const per = period[d];
    s.period = per;
    if (phase === TEST && d >= ps.testDays) {
      phase = SILENT;
      if (s.log) s.event(i, { kind: 'testEnd', day: d, by: 'period', usedMB: testUsed });
    }
    if (d >= ps.forcedDay) {
      activate(s, i, d, true);
      return inServiceUndeployed(s, i, d, deploy);
    }
    while (f.ev[i] <= d) events(s, i, d);
    acc[L.preService + per]++;
    const x = d < deploy ? 0 : mean * noise[po + (mix32(ck ^ dks[d]) >>> (32 - TABLE_BITS))] * fac[pD + d] * f.mult[i] + add[pD + d];
    if (x > 0 && phase === SILENT) {
      activate(s, i, d, false);
      firstDay(s, i, d, x);
      return d + 1;
    }
    if (x > 0) {
      // Test data: served free, whatever is left of the allowance (checked at the end of the day).
      testUsed += x;
      acc[L.usage + per] += x;
      acc[L.totals + T_USAGE] += x;
      acc[L.totals + T_DEMAND_DAYS]++;
    }
    if (phase === TEST && testUsed >= ps.testAllowanceMB) {
      phase = SILENT;
      if (s.log) s.event(i, { kind: 'testEnd', day: d, by: 'allowance', usedMB: testUsed });
    }
  }
  return D;
}

/**
 * Activation on day d: the card is in service from today, its cycle usage counted from 0; a
 * plan with a term buys its first term today; the month's fee is charged today (a forced
 * activation comes at the start of the day, so on a cycle-start day the cycle start charges it).
 */
function activate(s: Sim, i: number, d: number, forced: boolean): void {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  f.bits[i] &= ~PRE;
  f.flags[i] = 0;
  f.used[i] = 0;
  f.addons[i] = 0;
  if (s.log) s.event(i, { kind: 'activation', day: d, by: forced ? 'forced' : 'firstUse' });
  const T = m.termMonths[pl];
  if (T > 0) {
    s.cost(C_PLAN, m.termPrice[pl]);
    f.expiry[i] = s.addMonths(d, T);
    if (s.log) s.event(i, { kind: 'renewal', day: d, initial: true, terms: 1, termMonths: T, amount: m.termPrice[pl], expires: eventDay(f.expiry[i]), resumes: false });
    scheduleRenewal(s, i, d);
  }
  if (!forced || !m.cal.cycleStart[d]) chargeFee(s, i, d);
  f.next(i);
}

/** Serves the demand of the first-use activation day as any online card's (docs/rules.md, step 5). */
function firstDay(s: Sim, i: number, d: number, x: number): void {
  const f = s.fleet, m = s.model, acc = s.acc, L = s.L;
  let served = x;
  // Past the allowance or at the stop level (a threshold may lie below the allowance): the rare path, as in runCard.
  const allow = m.quota[f.plan[i]], lvl = stopLevel(m, f.plan[i], allow);
  if (x >= (lvl < allow ? lvl : allow)) served = crossQuota(s, i, d, x);
  else f.used[i] = x;
  acc[L.usage + s.period] += served;
  acc[L.totals + T_USAGE] += served;
  acc[L.totals + T_DEMAND_DAYS]++;
  if (m.policies.alerts !== null) checkAlert(s, i, d);
}

/** A card in service whose device is not deployed yet: its slow steps day by day, no demand. Returns the deployment day (or the horizon's end). */
function inServiceUndeployed(s: Sim, i: number, from: number, deploy: number): number {
  const f = s.fleet, m = s.model, acc = s.acc, L = s.L, M = L.months, period = m.cal.period;
  const to = deploy < from ? from : deploy < m.days ? deploy : m.days;
  for (let d = from; d < to; d++) {
    s.period = period[d];
    if (m.boundary[d]) boundary(s, i, d);
    while (f.ev[i] <= d) events(s, i, d);
    if (m.policies.alerts !== null) checkAlert(s, i, d);
    acc[L.state + f.flags[i] * M + period[d]]++;
  }
  return to;
}

/** The cohort holding global card g. */
function cohortOf(m: Model, g: number): CohortRange {
  let k = 0;
  while (m.cohorts[k].end <= g) k++;
  return m.cohorts[k];
}
