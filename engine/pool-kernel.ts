/**
 * The pooled loop: a pool's members run day by day together (kernel.ts runs every other card
 * through the whole horizon on its own).
 */
import { Sim } from './sim.ts';
import { CHARGED } from './fleet.ts';
import { CANCELLED, OVERQUOTA } from './metrics.ts';
import { REASON_OF, C_OVERAGE, R_OVERQUOTA, R_THROTTLED, S_OVERQUOTA, T_DEMAND_DAYS, T_UNSERVED, T_USAGE } from './layout.ts';
import { mix32 } from './rng.ts';
import { noteThrottle, stopLevel, throttled } from './usage.ts';
import { TABLE_BITS } from './dist.ts';
import { boundary, events } from './day-work.ts';

/**
 * Pooled cards: members of a pool share one allowance (members × plan quota)
 * and are stopped together when it runs out (or billed overage together).
 * The day's pooled demand is settled at once, so the cut does not depend on
 * the order of members: each online member is served the same fraction.
 */
export function runPool(s: Sim, pa: number, pb: number, k: number): void {
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
      const x0 = mean[i] * noise[(p << TABLE_BITS) + (h >>> 20)] * fac[p * D + d] * mult[i] + add[p * D + d];
      // Demand below 0 (a noise or factor distribution that reaches below 0) is none, as a lone card's (kernel.ts: dem > 0).
      const x = x0 > 0 ? x0 : 0;
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
