import { Sim } from './sim.ts';
import { W_ACTIONS, W_BATCH, W_CYCLE, W_IDLE } from './model.ts';
import { CHARGED, IDLE, NEVER } from './fleet.ts';
import { CANCELLED, EXPIRED, OVERQUOTA } from './metrics.ts';
import { REASON_OF, C_OVERAGE, C_PLAN, R_OVERQUOTA, R_THROTTLED, S_OVERQUOTA, T_DEMAND_DAYS, T_UNSERVED, T_USAGE, histBin } from './layout.ts';
import { mix32 } from './rng.ts';
import { eventDay } from './events.ts';
import { cycleStart, overdue, payment, reactivate } from './billing.ts';
import { cancel, expire, importCard, renew, replace, requestResume, requestStop, retention, scheduleRenewal } from './lifecycle.ts';
import { strategyOf } from './renewal/index.ts';
import { openInService } from './opening.ts';
import { addon, crossQuota, nextOnset, noteThrottle, quotaStop, runaway, scheduleAlert, stopLevel, throttled } from './usage.ts';
import { applyActions, changePlan } from './actions.ts';
import { sample, TABLE_BITS } from './dist.ts';
import { Stream, cardKey } from './rng.ts';
import { cardDraw } from './strata.ts';
import { PRE } from './fleet.ts';
import { initPreService, runPreService, startsPreService } from './preservice.ts';

/**
 * The day-step kernel. Cards interact only through pools, so an individual
 * card runs through the whole horizon before the next (its state stays
 * in registers; in C this order ran 1.7× faster than sweeping all cards day by day). Its days are cut into runs between "slow steps": the
 * card's next event day (bills, payments, expiry, …) and the fleet's boundary
 * days (cycle start, period start, idle-policy month start, batch day). Inside
 * a run the flags and the allowance cannot change except by reaching the
 * quota, so the loop only draws demand and serves it. Pools run pool by pool,
 * day by day. Every card sees the same per-day order as docs/rules.md
 * describes. No allocation per card or day.
 */

/**
 * The noise table's index is the top TABLE_BITS bits of a day's hash: `h >>> 20`, a literal in the
 * day loops. A module constant (32 − TABLE_BITS) is loaded from the module context and checked for
 * its temporal dead zone every day, and its shift is not known to leave a small index.
 */
const NOISE_SHIFT = 20;
/*
 * The day loops inline mix32 (rng.ts) of `card key ^ day key` without its first and last steps'
 * work: the first, `h ^= h >>> 16`, distributes over XOR, so it is done once per card (`ckm`) and
 * once per day (Model.noiseDayMix); the last, `h ^= h >>> 16`, changes only the low 16 bits, and
 * the noise index reads the top 12 (`h >>> 20`). So the index is mix32's (test/engine/rng.test.ts).
 */
if (NOISE_SHIFT !== 32 - TABLE_BITS) throw new Error(`kernel.ts: NOISE_SHIFT must be 32 - TABLE_BITS (${32 - TABLE_BITS})`);

/** Sets up every card of the block on day "−1": cohort, mean demand, first runaway, current term. */
export function init(s: Sim): void {
  const f = s.fleet, m = s.model;
  for (const c of m.cohorts) {
    const a = Math.max(c.start, f.first), b = Math.min(c.end, f.first + f.size);
    for (let g = a; g < b; g++) {
      const i = g - f.first;
      f.plan[i] = c.plan;
      f.profile[i] = c.profile;
      f.payer[i] = c.payer;
      f.renewal[i] = c.renewal;
      f.key[i] = cardKey(s.key, g);
      const mean = sample(m.meanDist[c.profile], cardDraw(s, i, 0, Stream.mean));
      f.mean[i] = mean > 0 ? mean : 0;
      f.runAt[i] = nextOnset(s, i, -1);
      if (c.preService !== null && startsPreService(c, g - c.start)) {
        initPreService(s, i, c, g - c.start);
        f.next(i);
        continue;
      }
      if (c.cards) {
        importCard(s, i, c.cards, g - c.start);
        f.next(i);
        continue;
      }
      const T = m.termMonths[c.plan];
      if (T > 0) {
        const termDays = s.addMonths(0, T);
        if (c.termStart === 'fresh') {
          s.cost(C_PLAN, m.termPrice[c.plan]);
          f.expiry[i] = termDays;
          if (s.log) s.event(i, { kind: 'renewal', day: 0, initial: true, terms: 1, termMonths: T, amount: m.termPrice[c.plan], expires: eventDay(termDays), resumes: false });
        } else {
          f.expiry[i] = 1 + Math.floor(cardDraw(s, i, 0, Stream.termSpread) * termDays);
        }
        // A fresh term was bought on day 0: its renewal comes on day 1 at the earliest.
        scheduleRenewal(s, i, c.termStart === 'fresh' ? 0 : -1);
      }
      f.next(i);
    }
    if (c.opening === 'inService' && !c.cards && a < b) openInService(s, c, a, b);
  }
}

/**
 * Handles every event of card i due on day d, in a fixed order (docs/rules.md, "Order within a day"),
 * and sets its next event day. Most event days have no rare event (Fleet: replacement, retention,
 * cancellation, add-on, lagged stop) due: they look at the six common columns only, and the next
 * event day is the earliest of those and the rare columns' kept minimum. Their handlers keep that
 * minimum as they move rare columns (Fleet.lowerRare, Fleet.nextRare; expiry, renewal, cancellation).
 * (One function, both paths: V8 inlined a smaller events() into runCard, whose optimized code was
 * then thrown away at the fleet's first rare event, and on the reference fleet it ran on as
 * on-stack-replacement code, up to 1.7 times slower.)
 */
export function events(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  if (f.rare[i] <= d) {
    if (f.replace[i] <= d) replace(s, i, d);
    if (f.retNext[i] <= d) retention(s, i, d);
    if (f.cancel[i] <= d) cancel(s, i, d);
    if (f.renew[i] <= d) renew(s, i, d);
    if (f.expiry[i] <= d && !(f.flags[i] & EXPIRED)) expire(s, i, d);
    if (f.due[i] <= d) overdue(s, i, d);
    if (f.pay[i] <= d) payment(s, i, d);
    if (f.react[i] <= d) reactivate(s, i, d);
    if (f.alert[i] <= d) addon(s, i, d);
    if (f.qstop[i] <= d) quotaStop(s, i, d);
    if (f.runAt[i] <= d) runaway(s, i, d);
    f.next(i);
  } else {
    if (f.renew[i] <= d) renew(s, i, d);
    if (f.expiry[i] <= d && !(f.flags[i] & EXPIRED)) expire(s, i, d);
    if (f.due[i] <= d) overdue(s, i, d);
    if (f.pay[i] <= d) payment(s, i, d);
    if (f.react[i] <= d) reactivate(s, i, d);
    if (f.runAt[i] <= d) runaway(s, i, d);
    f.nextCommon(i);
  }
  if (f.audit !== null) f.audit(i, d);
}

/** Whole-fleet work of day d for card i: cycle start (with a pending plan change), idle-policy month start, batch renewal, operator actions (docs/rules.md steps 1–4). */
export function boundary(s: Sim, i: number, d: number): void {
  const w = s.model.dayWork[d];
  if (w === 0) return;
  if (w & W_CYCLE) {
    if (s.nextPlan !== null) changePlan(s, i, d);
    cycleStart(s, i, d);
  }
  if (w & W_IDLE && !(s.fleet.flags[i] & CANCELLED)) {
    const m = s.model, f = s.fleet, cal = m.cal;
    const mo = cal.month[d], prev = d === 0 ? 0 : cal.month[d - 1];
    const p = f.profile[i] * 13;
    const now = m.idle[p + mo], before = prev === 0 ? 0 : m.idle[p + prev];
    if (now && !before) requestStop(s, i, d);
    else if (!now && before && f.bits[i] & IDLE) requestResume(s, i, d);
  }
  if (w & W_BATCH) {
    const r = s.model.renewals[s.fleet.renewal[i]];
    if (strategyOf(r).inBatch(s, i, d, r)) {
      renew(s, i, d);
      s.fleet.next(i);
    }
  }
  if (w & W_ACTIONS) applyActions(s, i, d);
}

/** Orders an add-on pack if the card's usage is past the alert threshold (docs/rules.md, usage alerts). */
export function checkAlert(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, a = m.policies.alerts!;
  if (f.alert[i] !== NEVER || f.addons[i] >= a.maxPerCycle || f.flags[i] & CANCELLED) return;
  const pl = f.plan[i];
  // Compared as used × 100 ≥ pct × allowance: exact for whole percentages and MB (0.55 × 100 is not 55).
  if (f.used[i] * 100 >= a.thresholdPct * (m.quota[pl] + f.addons[i] * m.addonMB[pl])) scheduleAlert(s, i, d);
}

/** Runs individual card i through the horizon. */
function runCard(s: Sim, i: number): void {
  const f = s.fleet, m = s.model, acc = s.acc, L = s.L, M = L.months;
  const D = m.days, period = m.cal.period, nextBoundary = m.nextBoundary, isBoundary = m.boundary, dkm = m.noiseDayMix;
  const p = f.profile[i], noise = m.noise, po = p << TABLE_BITS, fac = m.dayFactor, add = m.dayAdd, pD = p * D;
  const nextAdd = m.nextAdd, pA = p * (D + 1), flat = m.flatFactor[p] === 1;
  const quota = m.quota, addonMB = m.addonMB;
  const alerts = m.policies.alerts;
  const ck = f.key[i], ckm = ck ^ (ck >>> 16), mean = f.mean[i], pos = mean * m.noiseMin[p] * m.factorMin[p] > 0;
  let served = 0, unserved = 0, demandDays = 0;
  // The current run of days with the same flags in the same period, for the state and downtime tallies.
  let runFlags = -1, runStart = 0, runPeriod = 0, runDown = 0;
  // Served and unserved MB booked to months at slow steps (runs never cross a month).
  let month = 0, servedBooked = 0, unservedBooked = 0;
  // The result's sections and the reason table in locals: the slow step reads them after calls, which would reload them.
  const atState = L.state, atDown = L.down, atUsage = L.usage, atUnserved = L.unserved, reasonOf = REASON_OF;
  // A card bought in bulk runs its days before service apart (preservice.ts), then joins here.
  let d = f.bits[i] & PRE ? runPreService(s, i) : 0;
  // The period changes only at a slow step that starts a month (runs never cross one): s.period is stored there.
  if (d < D) s.period = month = period[d];
  while (d < D) {
    // Slow step: boundary work and events of day d.
    const per = period[d];
    if (per !== month) {
      acc[atUsage + month] += served - servedBooked;
      acc[atUnserved + month] += unserved - unservedBooked;
      servedBooked = served;
      unservedBooked = unserved;
      s.period = month = per;
    }
    if (isBoundary[d]) boundary(s, i, d);
    while (f.ev[i] <= d) events(s, i, d); // an event can set another for the same day (cancellation → replacement)
    const fl = f.flags[i];
    if (fl !== runFlags || per !== runPeriod) {
      if (runFlags >= 0) {
        acc[atState + runFlags * M + runPeriod] += d - runStart;
        if (runDown > 0) acc[atDown + reasonOf[runFlags] * M + runPeriod] += runDown;
      }
      runFlags = fl; runStart = d; runPeriod = per; runDown = 0;
    }
    if (alerts !== null) checkAlert(s, i, d);
    if (f.audit !== null) f.audit(i, d);
    const nb = nextBoundary[d + 1], ev = f.ev[i];
    const end = ev < nb ? ev : nb;
    const mult = f.mult[i];
    if (fl === 0) {
      const pl = f.plan[i];
      const allow = quota[pl] + f.addons[i] * addonMB[pl];
      let alertAt = alerts !== null && f.alert[i] === NEVER && f.addons[i] < alerts.maxPerCycle ? alerts.thresholdPct * allow : Infinity;
      // Past the allowance: overage or the throttle, served inline; reaching the stop level (auto-stop, a stop threshold) leaves the loop.
      const lvl = stopLevel(m, pl, allow), first = lvl < allow ? lvl : allow, thr = m.throttleMB[pl];
      let u = f.used[i], stop = end, dem = 0, over = 0, thrDown = 0;
      const d0 = d;
      // Lean days (no runaway factor, no alerts, no firmware MB: demand = mean × noise × day factor, the same
      // bits as the general formula) alternate with general days; the loops leave `cut` on reaching the stop level.
      const lean = mult === 1 && alerts === null;
      cut: for (;;) {
        const le = lean ? (nextAdd[pA + d] < stop ? nextAdd[pA + d] : stop) : d;
        // Lean days below the first threshold (most days): served in full, nothing else to check. This
        // loop holds few values, so they stay in registers; a day that reaches `first` is left to the next loop.
        if (pos) {
          // Demand above 0 every day: no test, and the days served are counted at the end.
          const d1 = d;
          if (flat) {
            // Two days a step (the array checks V8 repeats on every access are shared); a step that
            // reaches `first` leaves that day to the one-day loop below, which leaves at once.
            for (; d + 1 < le; d += 2) {
              let h = ckm ^ dkm[d], g = ckm ^ dkm[d + 1];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              g = Math.imul(g, 0x7feb352d); g ^= g >>> 15; g = Math.imul(g, 0x846ca68b);
              const x = mean * noise[po | (h >>> 20)], v = u + x;
              if (v >= first) break;
              u = v;
              served += x;
              const y = mean * noise[po | (g >>> 20)], w = u + y;
              if (w >= first) { d++; break; }
              u = w;
              served += y;
            }
            for (; d < le; d++) {
              let h = ckm ^ dkm[d];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              const x = mean * noise[po | (h >>> 20)], v = u + x;
              if (v >= first) break;
              u = v;
              served += x;
            }
          } else {
            for (; d + 1 < le; d += 2) {
              let h = ckm ^ dkm[d], g = ckm ^ dkm[d + 1];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              g = Math.imul(g, 0x7feb352d); g ^= g >>> 15; g = Math.imul(g, 0x846ca68b);
              const x = mean * noise[po | (h >>> 20)] * fac[pD + d], v = u + x;
              if (v >= first) break;
              u = v;
              served += x;
              const y = mean * noise[po | (g >>> 20)] * fac[pD + d + 1], w = u + y;
              if (w >= first) { d++; break; }
              u = w;
              served += y;
            }
            for (; d < le; d++) {
              let h = ckm ^ dkm[d];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              const x = mean * noise[po | (h >>> 20)] * fac[pD + d], v = u + x;
              if (v >= first) break;
              u = v;
              served += x;
            }
          }
          demandDays += d - d1;
        } else if (flat) {
          for (; d < le; d++) {
            let h = ckm ^ dkm[d];
            h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
            const x = mean * noise[po | (h >>> 20)];
            if (x > 0) {
              if (u + x >= first) break;
              demandDays++;
              u += x;
              served += x;
            }
          }
        } else {
          for (; d < le; d++) {
            let h = ckm ^ dkm[d];
            h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
            const x = mean * noise[po | (h >>> 20)] * fac[pD + d];
            if (x > 0) {
              if (u + x >= first) break;
              demandDays++;
              u += x;
              served += x;
            }
          }
        }
        for (; d < le; d++) {
          let h = ckm ^ dkm[d];
          h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
          dem = mean * noise[po | (h >>> 20)];
          if (!flat) dem *= fac[pD + d];
          if (dem > 0) {
            demandDays++;
            let got = dem;
            if (u + dem >= first) {
              if (thr >= 0) got = throttled(u, allow, dem, thr);
              if (u + got >= lvl) break cut;
              if (thr < 0) over += u + got - (u > allow ? u : allow);
              else if (got < dem) {
                unserved += dem - got;
                thrDown += (dem - got) / dem;
                f.down[i] += (dem - got) / dem;
                if (s.log) noteThrottle(s, i, d, allow);
              }
            }
            u += got;
            served += got;
          }
        }
        let ge = lean ? (le < stop ? le + 1 : stop) : stop;
        for (; d < ge; d++) {
          let h = ckm ^ dkm[d];
          h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
          dem = mean * noise[po | (h >>> 20)] * fac[pD + d] * mult + add[pD + d];
          if (dem > 0) {
            demandDays++;
            let got = dem;
            if (u + dem >= first) {
              if (thr >= 0) got = throttled(u, allow, dem, thr);
              if (u + got >= lvl) break cut;
              if (thr < 0) over += u + got - (u > allow ? u : allow);
              else if (got < dem) {
                unserved += dem - got;
                thrDown += (dem - got) / dem;
                f.down[i] += (dem - got) / dem;
                if (s.log) noteThrottle(s, i, d, allow);
              }
            }
            u += got;
            served += got;
            if (u * 100 >= alertAt) {
              f.used[i] = u;
              scheduleAlert(s, i, d);
              alertAt = Infinity;
              if (f.alert[i] < stop) stop = ge = f.alert[i]; // never on lean days (no alerts)
            }
          }
        }
        if (d >= stop) break;
      }
      f.used[i] = u;
      if (over > 0) {
        s.cost(C_OVERAGE, over * m.overagePerMB[pl]);
        f.bits[i] |= CHARGED;
        if (s.log) s.billed(i, over * m.overagePerMB[pl]);
      }
      if (thrDown > 0) acc[L.down + R_THROTTLED * M + period[d0]] += thrDown;
      if (d < stop) {
        // Today's demand reaches the allowance: auto-stop or overage (rare path).
        s.period = period[d];
        served += crossQuota(s, i, d, dem);
        if (alerts !== null) checkAlert(s, i, d);
        d++;
        if (f.flags[i] !== 0) {
          // Cut today: today counts as online; a new run starts tomorrow at the next slow step.
          acc[L.state + runFlags * M + runPeriod] += d - runStart;
          runFlags = -1;
        }
      }
    } else {
      let dn = 0;
      // Lean days (flat or with a day factor, each its own loop) and general days, as above.
      const lean = mult === 1;
      while (d < end) {
        const le = lean ? (nextAdd[pA + d] < end ? nextAdd[pA + d] : end) : d;
        if (pos) {
          dn += le - d;
          if (flat) {
            for (; d + 1 < le; d += 2) {
              let h = ckm ^ dkm[d], g = ckm ^ dkm[d + 1];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              g = Math.imul(g, 0x7feb352d); g ^= g >>> 15; g = Math.imul(g, 0x846ca68b);
              unserved += mean * noise[po | (h >>> 20)];
              unserved += mean * noise[po | (g >>> 20)];
            }
            if (d < le) {
              let h = ckm ^ dkm[d];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              unserved += mean * noise[po | (h >>> 20)];
              d++;
            }
          } else {
            for (; d + 1 < le; d += 2) {
              let h = ckm ^ dkm[d], g = ckm ^ dkm[d + 1];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              g = Math.imul(g, 0x7feb352d); g ^= g >>> 15; g = Math.imul(g, 0x846ca68b);
              unserved += mean * noise[po | (h >>> 20)] * fac[pD + d];
              unserved += mean * noise[po | (g >>> 20)] * fac[pD + d + 1];
            }
            if (d < le) {
              let h = ckm ^ dkm[d];
              h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
              unserved += mean * noise[po | (h >>> 20)] * fac[pD + d];
              d++;
            }
          }
        } else if (flat) {
          for (; d < le; d++) {
            let h = ckm ^ dkm[d];
            h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
            const x = mean * noise[po | (h >>> 20)];
            if (x > 0) { dn++; unserved += x; }
          }
        } else {
          for (; d < le; d++) {
            let h = ckm ^ dkm[d];
            h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
            const x = mean * noise[po | (h >>> 20)] * fac[pD + d];
            if (x > 0) { dn++; unserved += x; }
          }
        }
        const ge = lean ? (le < end ? le + 1 : end) : end;
        for (; d < ge; d++) {
          let h = ckm ^ dkm[d];
          h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
          const dem = mean * noise[po | (h >>> 20)] * fac[pD + d] * mult + add[pD + d];
          if (dem > 0) { dn++; unserved += dem; }
        }
      }
      demandDays += dn;
      runDown += dn;
      f.down[i] += dn;
    }
  }
  if (runFlags >= 0) {
    acc[L.state + runFlags * M + runPeriod] += D - runStart;
    if (runDown > 0) acc[L.down + REASON_OF[runFlags] * M + runPeriod] += runDown;
  }
  acc[L.usage + month] += served - servedBooked;
  acc[L.unserved + month] += unserved - unservedBooked;
  acc[L.totals + T_USAGE] += served;
  acc[L.totals + T_UNSERVED] += unserved;
  acc[L.totals + T_DEMAND_DAYS] += demandDays;
}

/**
 * Pooled cards: members of a pool share one allowance (members × plan quota)
 * and are stopped together when it runs out (or billed overage together).
 * The day's pooled demand is settled at once, so the cut does not depend on
 * the order of members: each online member is served the same fraction.
 */
function runPool(s: Sim, pa: number, pb: number, k: number): void {
  const f = s.fleet, m = s.model, acc = s.acc, L = s.L, M = L.months;
  const flags = f.flags, mean = f.mean, used = f.used, mult = f.mult, down = f.down, prof = f.profile, plan = f.plan;
  const noise = m.noise, fac = m.dayFactor, add = m.dayAdd, D = m.days, period = m.cal.period;
  const dem = s.scratchDemand, fl0 = s.scratchFlags;
  const key = f.key;
  const pl = plan[pa], allow = (pb - pa) * m.quota[pl], thr = m.throttleMB[pl];
  // The pool's stop level: a % of the shared allowance, or the members' overage caps together.
  const lvl = stopLevel(m, pl, allow, pb - pa), first = lvl < allow ? lvl : allow;
  let served = 0, unserved = 0, demandDays = 0;
  for (let d = 0; d < D; d++) {
    const per = period[d];
    s.period = per;
    if (m.boundary[d]) {
      for (let i = pa; i < pb; i++) boundary(s, i, d);
      // A cycle's pool usage starts at 0, but on day 0 from the members' usage: imported cards keep this cycle's usage.
      if (m.cal.cycleStart[d]) s.poolUsed[k] = d === 0 ? usedOf(f.used, pa, pb) : 0;
    }
    const dk = m.noiseDayKey[d];
    let online = 0;
    for (let i = pa; i < pb; i++) {
      while (f.ev[i] <= d) events(s, i, d);
      const p = prof[i];
      const h = mix32(key[i] ^ dk);
      const x = mean[i] * noise[(p << TABLE_BITS) + (h >>> 20)] * fac[p * D + d] * mult[i] + add[p * D + d];
      dem[i] = x;
      fl0[i] = flags[i];
      acc[L.state + flags[i] * M + per]++;
      if (flags[i] === 0) online += x;
    }
    // Settle the day's pooled demand: served in full below the allowance; past it overage, or each
    // member's remainder throttled; at the stop level (auto-stop, a stop threshold) every member stops.
    const pu = s.poolUsed[k];
    let frac = 1, got = online, stopped = false, after = pu + online;
    if (online > 0 && pu + online >= first) {
      if (thr >= 0) {
        frac = allow > pu ? (allow - pu) / online : 0;
        if (frac > 1) frac = 1;
        got = 0;
        for (let i = pa; i < pb; i++) if (fl0[i] === 0) got += throttled(0, 0, dem[i] * (1 - frac), thr) + dem[i] * frac;
      }
      if (pu + got >= lvl) {
        stopped = true;
        const room = lvl > pu ? lvl - pu : 0;
        frac = room / online;
        got = room;
        for (let i = pa; i < pb; i++) {
          if (flags[i] & (CANCELLED | OVERQUOTA)) continue;
          flags[i] |= OVERQUOTA;
          acc[L.stops + S_OVERQUOTA]++;
          if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'overQuota', allowanceMB: allow, pool: true, lagDays: 0, stopMB: lvl });
        }
      }
      // A stopped pool ends exactly at the stop level (pu + (lvl − pu) can round past it; crossQuota).
      after = stopped && lvl > pu ? lvl : pu + got;
      if (thr < 0) {
        const over = after - (pu > allow ? pu : allow);
        if (over > 0) {
          s.cost(C_OVERAGE, over * m.overagePerMB[pl]);
          for (let i = pa; i < pb; i++) if (fl0[i] === 0) f.bits[i] |= CHARGED;
          if (s.log) billPoolShare(s, pa, pb, fl0, over * m.overagePerMB[pl]);
        }
      }
    }
    s.poolUsed[k] = after;
    const throttling = thr >= 0 && !stopped && frac < 1;
    let dayServed = 0, dayUnserved = 0;
    for (let i = pa; i < pb; i++) {
      const x = dem[i];
      if (x <= 0) continue;
      demandDays++;
      const fl = fl0[i];
      if (fl === 0) {
        const g = throttling ? x * frac + throttled(0, 0, x * (1 - frac), thr) : x * frac;
        served += g;
        dayServed += g;
        used[i] += g;
        if (stopped ? frac < 1 : g < x) {
          const miss = x - g, part = throttling ? miss / x : 1 - frac;
          unserved += miss;
          dayUnserved += miss;
          down[i] += part;
          acc[L.down + (throttling ? R_THROTTLED : R_OVERQUOTA) * M + per] += part;
          if (throttling && s.log) noteThrottle(s, i, d, allow);
        }
      } else {
        unserved += x;
        dayUnserved += x;
        down[i] += 1;
        acc[L.down + REASON_OF[fl] * M + per] += 1;
      }
    }
    acc[L.usage + per] += dayServed;
    acc[L.unserved + per] += dayUnserved;
  }
  acc[L.totals + T_USAGE] += served;
  acc[L.totals + T_UNSERVED] += unserved;
  acc[L.totals + T_DEMAND_DAYS] += demandDays;
}

/** Runs the block through the whole horizon and returns its result. */
export function runBlock(s: Sim): Float64Array {
  init(s);
  for (const seg of s.segments) {
    if (seg.pools) {
      for (let k = 0; k + 1 < seg.pools.length; k++) runPool(s, seg.pools[k], seg.pools[k + 1], seg.poolBase + k);
    } else {
      for (let i = seg.start; i < seg.end; i++) runCard(s, i);
    }
  }
  finish(s);
  return s.acc;
}

/** Per-card histogram of downtime days, once at the end. */
export function finish(s: Sim): void {
  const f = s.fleet, acc = s.acc, h = s.L.hist;
  for (let i = 0; i < f.size; i++) acc[h + histBin(f.down[i])]++;
}

/** Usage of cards [a, b) this cycle, MB. */
function usedOf(used: Float64Array, a: number, b: number): number {
  let x = 0;
  for (let i = a; i < b; i++) x += used[i];
  return x;
}

/** A pool's overage as the traced member's invoices show it: split evenly over the members it was charged to (online that day). */
function billPoolShare(s: Sim, a: number, b: number, fl0: Uint8Array, amount: number): void {
  let n = 0;
  for (let i = a; i < b; i++) if (fl0[i] === 0) n++;
  for (let i = a; i < b; i++) if (fl0[i] === 0) s.billed(i, amount / n);
}
