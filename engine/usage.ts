import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import { CHARGED, NEVER, RUNAWAY, THROTTLED } from './fleet.ts';
import { CANCELLED, OVERQUOTA } from './metrics.ts';
import { C_ADDON, C_OVERAGE, R_OVERQUOTA, R_THROTTLED, S_OVERQUOTA, T_UNSERVED } from './layout.ts';
import type { Model } from './model.ts';
import { sample, sampleDays } from './dist.ts';
import { Stream, uniformOf } from './rng.ts';
import { cardDraw } from './strata.ts';

/**
 * Demand-side events and the quota (docs/rules.md, "Usage" and "Quota,
 * auto-stop and overage"): runaway
 * devices, the over-quota stop or overage past the allowance, add-on packs.
 */

/** The first runaway onset strictly after day `after` (geometric waiting time of the daily hazard). */
export function nextOnset(s: Sim, i: number, after: number): number {
  const spec = s.model.runaway[s.fleet.profile[i]];
  if (spec === null || spec.dailyHazard <= 0) return NEVER;
  if (spec.dailyHazard >= 1) return capDay(after + 1);
  // Keyed on the fault's index (Fleet.runs), stratified (strata.ts); from the 256th fault on, on the day (as 256 + day).
  const k = s.fleet.runs[i];
  const u = k < 255 ? cardDraw(s, i, k, Stream.runOnset) : uniformOf(s.fleet.key[i], 256 + after, Stream.runOnset);
  return capDay(after + 1 + Math.floor(Math.log(u) / Math.log1p(-spec.dailyHazard)));
}

/** A runaway fault starts (demand × factor until fixed), or ends and the next onset is drawn. */
export function runaway(s: Sim, i: number, d: number): void {
  const f = s.fleet, ck = f.key[i];
  if (f.bits[i] & RUNAWAY) {
    f.bits[i] &= ~RUNAWAY;
    f.mult[i] = 1;
    f.runAt[i] = nextOnset(s, i, d);
    if (s.log) s.event(i, { kind: 'runaway', day: d, phase: 'fixed' });
    return;
  }
  const spec = s.model.runaway[f.profile[i]]!;
  const k = f.runs[i];
  const factor = sample(spec.factor, k < 255 ? cardDraw(s, i, k, Stream.runFactor) : uniformOf(ck, 256 + d, Stream.runFactor));
  const days = Math.max(1, sampleDays(spec.durationDays, k < 255 ? cardDraw(s, i, k, Stream.runDuration) : uniformOf(ck, 256 + d, Stream.runDuration)));
  if (k < 255) f.runs[i] = k + 1;
  f.bits[i] |= RUNAWAY;
  f.mult[i] = factor;
  f.runAt[i] = capDay(d + days);
  if (s.log) s.event(i, { kind: 'runaway', day: d, phase: 'fault', factor: f.mult[i], days });
}

/**
 * The usage at which plan `pl` stops a card (or a pool of `members` cards) over quota, for an
 * allowance `allow` MB: the allowance (auto-stop), a stop threshold's % of it, or the allowance plus
 * the overage cap's MB (every member's, in a pool); Infinity: never.
 */
export function stopLevel(m: Model, pl: number, allow: number, members = 1): number {
  const fr = m.stopFrac[pl], over = m.stopOverMB[pl];
  const a = fr === Infinity ? Infinity : allow * fr, b = allow + members * over;
  return a < b ? a : b;
}

/** MB served of `dem` on a throttled plan at usage `u`: in full up to the allowance, past it at most `thr` a day. */
export function throttled(u: number, allow: number, dem: number, thr: number): number {
  const within = allow > u ? allow - u : 0;
  if (within >= dem) return dem;
  const rest = dem - within;
  return within + (rest < thr ? rest : thr);
}

/** A traced over-quota stop's or throttle's `term` key: set on a term-quota plan (its allowance runs with the term). */
function perTerm(s: Sim, i: number): { term?: true } {
  return s.model.termQuota[s.fleet.plan[i]] ? { term: true } : {};
}

/** Records, once a cycle (a term, on a term-quota plan), that the traced card is throttled. */
export function noteThrottle(s: Sim, i: number, d: number, allow: number): void {
  const f = s.fleet;
  if (f.bits[i] & THROTTLED) return;
  f.bits[i] |= THROTTLED;
  s.event(i, { kind: 'throttle', day: d, allowanceMB: allow, dailyMB: s.model.throttleMB[f.plan[i]], ...perTerm(s, i) });
}

/**
 * Card i is online and today's demand takes its usage to the stop level (auto-stop, a stop
 * threshold), or past it while the cut waits for the usage-data lag. Returns the MB served;
 * books overage or the throttled shortfall, and the stop with the unserved part as partial
 * over-quota downtime.
 */
export function crossQuota(s: Sim, i: number, d: number, demand: number): number {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  const u = f.used[i];
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl];
  const lvl = stopLevel(m, pl, allow), thr = m.throttleMB[pl];
  const got = thr >= 0 ? throttled(u, allow, demand, thr) : demand;
  const lag = m.rules.enforcementLagDays;
  if (u + got < lvl || lag > 0) {
    // Usage data reaches the platform `lag` days later: the cut lands then (overshoot billed as overage).
    if (thr < 0) overage(s, i, u + got - (u > allow ? u : allow));
    else if (got < demand) shortfall(s, i, d, demand, got, allow);
    f.used[i] = u + got;
    if (u + got >= lvl && f.qstop[i] === NEVER) {
      f.qstop[i] = capDay(d + lag);
      f.lowerRare(i, f.qstop[i]);
    }
    return got;
  }
  const served = lvl > u ? lvl - u : 0;
  // Usage stops exactly at the stop level: u + (lvl − u) can round a hair past it, which billed
  // about 1e-15 of overage under auto-stop at the allowance.
  const after = lvl > u ? lvl : u;
  if (thr < 0) overage(s, i, after - (u > allow ? u : allow));
  f.used[i] = after;
  f.flags[i] |= OVERQUOTA;
  s.acc[s.L.stops + S_OVERQUOTA]++;
  const miss = demand - served;
  if (miss > 0) {
    const frac = miss / demand;
    s.acc[s.L.totals + T_UNSERVED] += miss;
    s.acc[s.L.unserved + s.period] += miss;
    s.acc[s.L.down + R_OVERQUOTA * s.L.months + s.period] += frac;
    f.down[i] += frac;
  }
  if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'overQuota', allowanceMB: allow, pool: false, lagDays: 0, stopMB: lvl, ...perTerm(s, i) });
  return served;
}

function overage(s: Sim, i: number, mb: number): void {
  if (mb <= 0) return;
  s.cost(C_OVERAGE, mb * s.model.overagePerMB[s.fleet.plan[i]]);
  s.fleet.bits[i] |= CHARGED;
  if (s.log) s.billed(i, mb * s.model.overagePerMB[s.fleet.plan[i]]);
}

/** A throttled day's demand not served: unserved MB and partial throttled downtime. */
function shortfall(s: Sim, i: number, d: number, demand: number, got: number, allow: number): void {
  const miss = demand - got, frac = miss / demand;
  s.acc[s.L.totals + T_UNSERVED] += miss;
  s.acc[s.L.unserved + s.period] += miss;
  s.acc[s.L.down + R_THROTTLED * s.L.months + s.period] += frac;
  s.fleet.down[i] += frac;
  if (s.log) noteThrottle(s, i, d, allow);
}

/** The lagged over-quota cut lands, unless an add-on made room meanwhile. */
export function quotaStop(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  f.qstop[i] = NEVER;
  if (f.flags[i] & (CANCELLED | OVERQUOTA)) return;
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl], lvl = stopLevel(m, pl, allow);
  if (f.used[i] < lvl) return;
  f.flags[i] |= OVERQUOTA;
  s.acc[s.L.stops + S_OVERQUOTA]++;
  if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'overQuota', allowanceMB: allow, pool: false, lagDays: m.rules.enforcementLagDays, stopMB: lvl, ...perTerm(s, i) });
}

/** Usage passed the alert threshold at the end of day d: a pack is ordered, arriving after the reaction delay. */
export function scheduleAlert(s: Sim, i: number, d: number): void {
  const f = s.fleet, a = s.model.policies.alerts!;
  const r = Math.max(0, sampleDays(s.model.alertReaction!, uniformOf(f.key[i], d, Stream.alertReaction)));
  f.alert[i] = capDay(d + 1 + r);
  f.lowerRare(i, f.alert[i]);
  if (s.log) s.event(i, { kind: 'alert', day: d, thresholdPct: a.thresholdPct, liveInDays: 1 + r });
}

/** The ordered add-on pack takes effect: more allowance this cycle; an over-quota stop lifts if there is room. */
export function addon(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  f.alert[i] = NEVER;
  if (f.flags[i] & CANCELLED) return;
  f.addons[i]++;
  s.cost(C_ADDON, m.addonPrice[pl]);
  f.bits[i] |= CHARGED;
  if (s.log) s.billed(i, m.addonPrice[pl]);
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl];
  if (s.log) s.event(i, { kind: 'addon', day: d, sizeMB: m.addonMB[pl], amount: m.addonPrice[pl], allowanceMB: allow });
  if (f.flags[i] & OVERQUOTA && f.used[i] < stopLevel(m, pl, allow)) {
    f.flags[i] &= ~OVERQUOTA;
    f.qstop[i] = NEVER;
    if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'overQuota', by: 'addon', stillStopped: f.flags[i] !== 0 });
  }
}
