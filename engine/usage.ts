import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import { CHARGED, NEVER, RUNAWAY } from './fleet.ts';
import { CANCELLED, OVERQUOTA } from './metrics.ts';
import { C_ADDON, C_OVERAGE, R_OVERQUOTA, S_OVERQUOTA, T_UNSERVED } from './layout.ts';
import { quantile, quantileDays } from './dist.ts';
import { Stream, uniform } from './rng.ts';

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
  const u = uniform(s.key, s.fleet.first + i, after, Stream.runOnset);
  return capDay(after + 1 + Math.floor(Math.log(u) / Math.log1p(-spec.dailyHazard)));
}

/** A runaway fault starts (demand × factor until fixed), or ends and the next onset is drawn. */
export function runaway(s: Sim, i: number, d: number): void {
  const f = s.fleet, g = f.first + i;
  if (f.bits[i] & RUNAWAY) {
    f.bits[i] &= ~RUNAWAY;
    f.mult[i] = 1;
    f.runAt[i] = nextOnset(s, i, d);
    if (s.log) s.event(i, { kind: 'runaway', day: d, phase: 'fixed' });
    return;
  }
  const spec = s.model.runaway[f.profile[i]]!;
  const factor = quantile(spec.factor, uniform(s.key, g, d, Stream.runFactor));
  const days = Math.max(1, quantileDays(spec.durationDays, uniform(s.key, g, d, Stream.runDuration)));
  f.bits[i] |= RUNAWAY;
  f.mult[i] = factor;
  f.runAt[i] = capDay(d + days);
  if (s.log) s.event(i, { kind: 'runaway', day: d, phase: 'fault', factor: f.mult[i], days });
}

/**
 * Card i is online and today's demand takes the cycle's usage to the
 * allowance or past it. Returns the MB served; books overage, or the stop
 * with the unserved part as partial downtime.
 */
export function crossQuota(s: Sim, i: number, d: number, demand: number): number {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  const u = f.used[i];
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl];
  const lag = m.rules.enforcementLagDays;
  if (!m.autoStop[pl] || lag > 0) {
    const over = u + demand - (u > allow ? u : allow);
    if (over > 0) {
      s.cost(C_OVERAGE, over * m.overagePerMB[pl]);
      f.bits[i] |= CHARGED;
    }
    f.used[i] = u + demand;
    if (m.autoStop[pl] && f.qstop[i] === NEVER) {
      // Usage data reaches the platform `lag` days later: the cut lands then (overshoot billed as overage).
      f.qstop[i] = capDay(d + lag);
      if (f.qstop[i] < f.ev[i]) f.ev[i] = f.qstop[i];
    }
    return demand;
  }
  const served = allow > u ? allow - u : 0;
  f.used[i] = u + served;
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
  if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'overQuota', allowanceMB: allow, pool: false, lagDays: 0 });
  return served;
}

/** The lagged over-quota cut lands, unless an add-on made room meanwhile. */
export function quotaStop(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  f.qstop[i] = NEVER;
  if (f.flags[i] & (CANCELLED | OVERQUOTA)) return;
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl];
  if (f.used[i] < allow) return;
  f.flags[i] |= OVERQUOTA;
  s.acc[s.L.stops + S_OVERQUOTA]++;
  if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'overQuota', allowanceMB: allow, pool: false, lagDays: m.rules.enforcementLagDays });
}

/** Usage passed the alert threshold at the end of day d: a pack is ordered, arriving after the reaction delay. */
export function scheduleAlert(s: Sim, i: number, d: number): void {
  const f = s.fleet, a = s.model.policies.alerts!;
  const r = Math.max(0, quantileDays(a.reactionDays, uniform(s.key, f.first + i, d, Stream.alertReaction)));
  f.alert[i] = capDay(d + 1 + r);
  if (f.alert[i] < f.ev[i]) f.ev[i] = f.alert[i];
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
  const allow = m.quota[pl] + f.addons[i] * m.addonMB[pl];
  if (s.log) s.event(i, { kind: 'addon', day: d, sizeMB: m.addonMB[pl], amount: m.addonPrice[pl], allowanceMB: allow });
  if (f.flags[i] & OVERQUOTA && f.used[i] < allow) {
    f.flags[i] &= ~OVERQUOTA;
    f.qstop[i] = NEVER;
    if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'overQuota', by: 'addon', stillStopped: f.flags[i] !== 0 });
  }
}
