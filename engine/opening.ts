import type { ArmConfig } from './config.ts';
import type { Calendar } from './calendar.ts';
import type { CohortRange } from './model.ts';
import type { Sim } from './sim.ts';
import { addMonths, dayOfMonth, monthOf, weekdayOf } from './calendar.ts';
import { capDay } from './sim.ts';
import { CHARGED, FEE, FORGOT, IMPORTED } from './fleet.ts';
import { ARREARS, OVERQUOTA, reasonsOf } from './metrics.ts';
import { TABLE_BITS, sampleDays } from './dist.ts';
import { stopLevel, throttled } from './usage.ts';
import { Stream, bits, uniform } from './rng.ts';
import { cardDraw } from './strata.ts';

/**
 * Cohorts already in service on day 0 (docs/rules.md, "In-service opening"): the cards are in
 * the cycle that began on the last anchor day on or before day 0, with its fee charged before the
 * run and its usage so far replayed from the profile; the previous cycle's invoice was issued on
 * that anchor day and is paid, open or overdue as the payer's draws say. A start that is not an
 * anchor day then charges no fee on day 0, so anchor days compare without a bias. Cards in the
 * cycle under way continue it as imported cards do (the IMPORTED bit: billing.ts cycleStart skips
 * day 0).
 */

/** Days of the cycle under way before day 0 and each profile's demand factor on them (profile × elapsed). */
export interface OpeningTables {
  /** Days from the last anchor day on or before day 0 to day 0 (0: day 0 is an anchor day, or no cohort opens in service). */
  openingElapsed: number;
  /** profile × openingElapsed: the demand factor of day −elapsed + j (weekly pattern or trace, 0 in idle months). */
  openingFactor: Float64Array;
}

/** The elapsed days of the cycle under way at the start and the profiles' demand factors on them. */
export function openingTables(arm: ArmConfig, cal: Calendar): OpeningTables {
  const k = cycleElapsed(cal.start, arm.rules.cycleAnchorDay);
  const used = arm.cohorts.some((c) => c.opening === 'inService' && !c.cards);
  const K = used ? k : 0, factor = new Float64Array(arm.profiles.length * K);
  arm.profiles.forEach((p, q) => {
    for (let j = 0; j < K; j++) {
      const z = cal.start - k + j, d = j - k;
      const base = p.trace ? p.trace[((d % p.trace.length) + p.trace.length) % p.trace.length] : p.weekly[weekdayOf(z)];
      factor[q * K + j] = p.idleMonths.includes(monthOf(z)) ? 0 : base;
    }
  });
  return { openingElapsed: K, openingFactor: factor };
}

/** Days from the last anchor day (day of month `anchor`) on or before day number `start` to `start`. */
export function cycleElapsed(start: number, anchor: number): number {
  const dom = dayOfMonth(start);
  if (dom >= anchor) return dom - anchor;
  // The previous month's anchor day (anchors are ≤ 28: no month clamps them).
  return start - (addMonths(start - dom + 1, -1) + anchor - 1);
}

/** Opens cards [a, b) (global indexes, inside this block) of an in-service cohort, after their terms are set up. */
export function openInService(s: Sim, c: CohortRange, a: number, b: number): void {
  const f = s.fleet, m = s.model, k = m.openingElapsed, pl = c.plan, fee = m.monthlyFee[pl], quota = m.quota[pl];
  const lvl = stopLevel(m, pl, quota), thr = m.throttleMB[pl];
  if (k > 0) {
    for (let g = a; g < b; g++) {
      const i = g - f.first;
      // Mid-cycle: this cycle's fee was charged on its first day, before the run (invoiced at the next
      // cycle start, not a cost of the run); day 0 starts no cycle.
      f.bits[i] |= IMPORTED | FEE | (fee > 0 ? CHARGED : 0);
      if (s.log) s.billed(i, fee);
      // A quota that runs with the term is not the cycle's: the card starts with its whole quota, as any card (docs/rules.md, Quota).
      const u = m.termQuota[pl] ? 0 : replayedUsage(s, i, g, k, c.pools !== null);
      f.used[i] = u;
      if (c.pools !== null) continue;
      // The overage or the cut of the days before day 0 (the enforcement lag is not replayed).
      if (thr < 0 && (u < lvl ? u : lvl) > quota) {
        f.bits[i] |= CHARGED;
        if (s.log) s.billed(i, ((u < lvl ? u : lvl) - quota) * m.overagePerMB[pl]);
      }
      if (u > 0 && u >= lvl) {
        f.used[i] = lvl;
        f.flags[i] |= OVERQUOTA;
      }
    }
    if (c.pools !== null) openPools(s, c, a, b);
  }
  for (let g = a; g < b; g++) {
    const i = g - f.first;
    const state = fee > 0 ? previousInvoice(s, i, g, -k) : null;
    if (s.log && state !== null && state !== 'paid') s.owe(i, fee);
    if (s.log) s.event(i, { kind: 'opening', day: 0, elapsedDays: k, usedMB: f.used[i], reasons: reasonsOf(f.flags[i]), invoice: state === null ? null : { day: -k, amount: fee, state } });
    f.next(i);
  }
}

/**
 * The previous cycle's invoice, issued on day e ≤ 0 (the first day of the cycle under way), with the
 * payer's draws keyed on invoice index −1 (the cycle before the run's first); what happened to it before day 0 has happened:
 * paid, or overdue (arrears since then, not counted as a stop of the run, the forgotten balance paid
 * `afterStopDays` after that day), or paid and restarted by hand. What is still to come is scheduled.
 */
function previousInvoice(s: Sim, i: number, g: number, e: number): 'paid' | 'open' | 'forgotten' {
  const f = s.fleet, py = s.model.payers[f.payer[i]], A = s.model.rules.arrearsAfterDays, R = s.model.rules.reactivationDelayDays;
  // The invoice of the cycle before the run: invoice index −1 (strata.ts).
  const missed = cardDraw(s, i, -1, Stream.payMiss) < py.missChance;
  let p = missed ? Infinity : e + Math.max(0, sampleDays(py.delayDays, cardDraw(s, i, -1, Stream.payDelay)));
  const o = e + A;
  if (p < o) {
    // Paid before it fell due: before the run, or on day p.
    if (p < 0) return 'paid';
    f.due[i] = capDay(o);
    f.pay[i] = capDay(p);
    return 'open';
  }
  if (o >= 0) {
    // Falls due in the run: as for an invoice issued then (billing.ts issueInvoice).
    f.due[i] = capDay(o);
    if (missed) f.bits[i] |= FORGOT;
    else f.pay[i] = capDay(p);
    return missed ? 'forgotten' : 'open';
  }
  // In arrears since day o < 0; the stop reminded a payer who forgot it (billing.ts overdue).
  if (missed) p = o + Math.max(0, sampleDays(py.afterStopDays, uniform(s.key, g, o, Stream.payAfterStop)));
  if (p >= 0) {
    f.flags[i] |= ARREARS;
    f.pay[i] = capDay(p);
    return missed ? 'forgotten' : 'open';
  }
  // Paid on day p < 0: the restart by hand lands on day p + R.
  if (p + R >= 0) {
    f.flags[i] |= ARREARS;
    f.react[i] = capDay(p + R);
  }
  return 'paid';
}

/**
 * The usage of card i on the k days of the cycle under way before day 0 (no runaway fault, no
 * firmware update: both lie in the horizon); a throttled plan serves past the quota at most its
 * daily throttle (a pooled card's demand counts in full: the pool's throttle is not replayed).
 */
function replayedUsage(s: Sim, i: number, g: number, k: number, pooled: boolean): number {
  const m = s.model, p = s.fleet.profile[i], mean = s.fleet.mean[i], po = p << TABLE_BITS, fo = p * k;
  const pl = s.fleet.plan[i], thr = pooled ? -1 : m.throttleMB[pl], quota = m.quota[pl];
  let u = 0;
  for (let j = 0; j < k; j++) {
    const x = mean * m.noise[po + (bits(s.key, g, j - k, Stream.noise) >>> (32 - TABLE_BITS))] * m.openingFactor[fo + j];
    // Demand below 0 is none (a lone card's day loop serves only dem > 0).
    if (x > 0) u += thr >= 0 ? throttled(u, quota, x, thr) : x;
  }
  return u;
}

/** Pools of an in-service cohort: the members' replayed usage is the pool's; at the pool's stop level every member starts over quota, past its allowance an overage plan's members start charged. */
function openPools(s: Sim, c: CohortRange, a: number, b: number): void {
  const f = s.fleet, m = s.model, pools = c.pools!, pl = c.plan;
  for (let q = 0; q + 1 < pools.length; q++) {
    const pa = pools[q], pb = pools[q + 1];
    if (pa < a || pb > b) continue; // blocks never split a pool
    let u = 0;
    for (let g = pa; g < pb; g++) u += f.used[g - f.first];
    const allow = (pb - pa) * m.quota[pl], lvl = stopLevel(m, pl, allow, pb - pa);
    const stop = u > 0 && u >= lvl, over = m.throttleMB[pl] < 0 && (u < lvl ? u : lvl) > allow;
    for (let g = pa; g < pb; g++) {
      if (stop) f.flags[g - f.first] |= OVERQUOTA;
      if (over) f.bits[g - f.first] |= CHARGED;
      if (over && s.log) s.billed(g - f.first, ((u < lvl ? u : lvl) - allow) * m.overagePerMB[pl] / (pb - pa));
    }
  }
}
