import { Sim } from './sim.ts';
import { CANCELLED, CHARGED, EXPIRED, IDLE, NEVER, OVERQUOTA } from './fleet.ts';
import { REASON_OF, C_OVERAGE, C_PLAN, R_OVERQUOTA, S_OVERQUOTA, T_DEMAND_DAYS, T_UNSERVED, T_USAGE, histBin } from './layout.ts';
import { cycleStart, overdue, payment, reactivate } from './billing.ts';
import { cancel, expire, renew, replace, requestResume, requestStop, retention, scheduleRenewal } from './lifecycle.ts';
import { addon, crossQuota, nextOnset, quotaStop, runaway, scheduleAlert } from './usage.ts';
import { quantile, TABLE_BITS } from './dist.ts';
import { Stream, dayKey, uniform } from './rng.ts';

/**
 * The day-step kernel. Each day: cycle, month and batch boundaries (rare,
 * whole-block passes), then one sweep over the cards: due events (only on a
 * card's next event day), the day's demand from its keyed draw, service
 * against the quota, and the day's tallies. No allocation per card or day.
 */

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
      const mean = quantile(m.meanDist[c.profile], uniform(s.key, g, 0, Stream.mean));
      f.mean[i] = mean > 0 ? mean : 0;
      f.runAt[i] = nextOnset(s, i, -1);
      const T = m.termMonths[c.plan];
      if (T > 0) {
        const termDays = s.addMonths(0, T);
        if (c.termStart === 'fresh') {
          s.cost(C_PLAN, m.termPrice[c.plan]);
          f.expiry[i] = termDays;
          if (s.log) s.note(i, 0, 'renewal', `${T}-month term bought for ${m.termPrice[c.plan]}`);
        } else {
          f.expiry[i] = 1 + Math.floor(uniform(s.key, g, 0, Stream.termSpread) * termDays);
        }
        scheduleRenewal(s, i, -1);
      }
      f.next(i);
    }
  }
}

/** Handles every event of card i due on day d, in a fixed order (README, "Order within a day"). */
export function events(s: Sim, i: number, d: number): void {
  const f = s.fleet;
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
}

/** Steps the block through day d. */
export function step(s: Sim, d: number): void {
  const m = s.model, f = s.fleet, cal = m.cal, n = f.size;
  s.period = cal.period[d];
  if (cal.cycleStart[d]) {
    for (let i = 0; i < n; i++) cycleStart(s, i, d);
    s.poolUsed.fill(0);
  }
  if (cal.monthStart[d] && m.policies.idleStop) {
    const mo = cal.month[d], prev = d === 0 ? 0 : cal.month[d - 1];
    for (let i = 0; i < n; i++) {
      if (f.flags[i] & CANCELLED) continue;
      const p = f.profile[i] * 13;
      const now = m.idle[p + mo], before = prev === 0 ? 0 : m.idle[p + prev];
      if (now && !before) requestStop(s, i, d);
      else if (!now && before && f.bits[i] & IDLE) requestResume(s, i, d);
    }
  }
  if (m.batchDay[d]) {
    const cover = m.policies.renewal.kind === 'batch' ? m.policies.renewal.coverDays : 0;
    for (let i = 0; i < n; i++) {
      if (m.termMonths[f.plan[i]] > 0 && !(f.flags[i] & CANCELLED) && f.expiry[i] <= d + cover) {
        renew(s, i, d);
        f.next(i);
      }
    }
  }
  const D = m.days;
  for (let p = 0; p < s.facToday.length; p++) {
    s.facToday[p] = m.dayFactor[p * D + d];
    s.addToday[p] = m.dayAdd[p * D + d];
  }
  s.stateToday.fill(0);
  s.downToday.fill(0);
  s.unservedToday = 0;
  for (const seg of s.segments) {
    if (seg.poolSize > 0) sweepPools(s, d, seg.start, seg.end, seg.poolSize, seg.poolBase);
    else sweep(s, d, seg.start, seg.end);
  }
  flushDay(s);
}

/** The hot loop over individual cards. */
function sweep(s: Sim, d: number, a: number, b: number): void {
  const f = s.fleet, m = s.model;
  const flags = f.flags, ev = f.ev, mean = f.mean, used = f.used, mult = f.mult, down = f.down, prof = f.profile, plan = f.plan, addons = f.addons, alertDay = f.alert;
  const noise = m.noise, quota = m.quota, addonMB = m.addonMB;
  const fac = s.facToday, add = s.addToday, state = s.stateToday, downT = s.downToday;
  const reasonOf = REASON_OF;
  const key = s.key, first = f.first, dk = dayKey(d, Stream.noise);
  const alerts = m.policies.alerts;
  const alertFrac = alerts ? alerts.thresholdPct / 100 : 2, alertMax = alerts ? alerts.maxPerCycle : 0;
  let served = 0, unserved = 0, demandDays = 0;
  for (let i = a; i < b; i++) {
    if (ev[i] <= d) events(s, i, d);
    const p = prof[i];
    // The keyed draw of (card, day): two lowbias32 rounds, inlined (see rng.ts).
    let h = key ^ Math.imul(first + i, 0x9e3779b1);
    h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b); h ^= h >>> 16;
    h ^= dk;
    h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b); h ^= h >>> 16;
    const dem = mean[i] * noise[(p << TABLE_BITS) + (h >>> (32 - TABLE_BITS))] * fac[p] * mult[i] + add[p];
    const fl = flags[i];
    state[fl]++;
    if (dem > 0) {
      demandDays++;
      if (fl === 0) {
        const nu = used[i] + dem;
        const pl = plan[i];
        if (nu < quota[pl] + addons[i] * addonMB[pl]) {
          used[i] = nu;
          served += dem;
        } else served += crossQuota(s, i, d, dem);
      } else {
        unserved += dem;
        down[i] += 1;
        downT[reasonOf[fl]] += 1;
      }
    }
    if (alertMax > 0 && alertDay[i] === NEVER && addons[i] < alertMax && fl < CANCELLED) {
      const pl = plan[i];
      if (used[i] >= alertFrac * (quota[pl] + addons[i] * addonMB[pl])) scheduleAlert(s, i, d);
    }
  }
  const acc = s.acc, L = s.L;
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
function sweepPools(s: Sim, d: number, a: number, b: number, size: number, poolBase: number): void {
  const f = s.fleet, m = s.model;
  const flags = f.flags, ev = f.ev, mean = f.mean, used = f.used, mult = f.mult, down = f.down, prof = f.profile, plan = f.plan;
  const noise = m.noise, fac = s.facToday, add = s.addToday, state = s.stateToday, downT = s.downToday;
  const dem = s.scratchDemand, fl0 = s.scratchFlags;
  const key = s.key, first = f.first, dk = dayKey(d, Stream.noise);
  let served = 0, unserved = 0, demandDays = 0;
  for (let pa = a, k = poolBase; pa < b; pa += size, k++) {
    const pb = pa + size < b ? pa + size : b;
    let online = 0;
    for (let i = pa; i < pb; i++) {
      if (ev[i] <= d) events(s, i, d);
      const p = prof[i];
      let h = key ^ Math.imul(first + i, 0x9e3779b1);
      h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b); h ^= h >>> 16;
      h ^= dk;
      h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b); h ^= h >>> 16;
      const x = mean[i] * noise[(p << TABLE_BITS) + (h >>> (32 - TABLE_BITS))] * fac[p] * mult[i] + add[p];
      dem[i] = x;
      fl0[i] = flags[i];
      state[flags[i]]++;
      if (flags[i] === 0) online += x;
    }
    const pl = plan[pa];
    const allow = (pb - pa) * m.quota[pl];
    const pu = s.poolUsed[k];
    let frac = 1;
    if (online > 0 && pu + online >= allow) {
      if (m.autoStop[pl]) {
        const room = allow > pu ? allow - pu : 0;
        frac = room / online;
        s.poolUsed[k] = pu + room;
        for (let i = pa; i < pb; i++) {
          if (flags[i] & (CANCELLED | OVERQUOTA)) continue;
          flags[i] |= OVERQUOTA;
          s.acc[s.L.stops + S_OVERQUOTA]++;
          if (s.log) s.note(i, d, 'stop', `overQuota: the pool's ${allow} MB allowance is used up (auto-stop)`);
        }
      } else {
        const over = pu + online - (pu > allow ? pu : allow);
        s.cost(C_OVERAGE, over * m.overagePerMB[pl]);
        s.poolUsed[k] = pu + online;
        for (let i = pa; i < pb; i++) if (fl0[i] === 0) f.bits[i] |= CHARGED;
      }
    } else s.poolUsed[k] = pu + online;
    for (let i = pa; i < pb; i++) {
      const x = dem[i];
      if (x <= 0) continue;
      demandDays++;
      const fl = fl0[i];
      if (fl === 0) {
        const got = x * frac;
        served += got;
        used[i] += got;
        if (frac < 1) {
          unserved += x - got;
          down[i] += 1 - frac;
          downT[R_OVERQUOTA] += 1 - frac;
        }
      } else {
        unserved += x;
        down[i] += 1;
        downT[REASON_OF[fl]] += 1;
      }
    }
  }
  const acc = s.acc, L = s.L;
  acc[L.totals + T_USAGE] += served;
  acc[L.totals + T_UNSERVED] += unserved;
  acc[L.totals + T_DEMAND_DAYS] += demandDays;
}

/** Adds the day's tallies to the block result. */
function flushDay(s: Sim): void {
  const acc = s.acc, L = s.L, M = L.months, k = s.period;
  for (let fl = 0; fl < 32; fl++) if (s.stateToday[fl] !== 0) acc[L.state + fl * M + k] += s.stateToday[fl];
  for (let r = 0; r < 5; r++) acc[L.down + r * M + k] += s.downToday[r];
  acc[L.totals + T_UNSERVED] += s.unservedToday;
}

/** Runs the block through the whole horizon and returns its result. */
export function runBlock(s: Sim): Float64Array {
  init(s);
  for (let d = 0; d < s.model.days; d++) step(s, d);
  finish(s);
  return s.acc;
}

/** Per-card histogram of downtime days, once at the end. */
export function finish(s: Sim): void {
  const f = s.fleet, acc = s.acc, h = s.L.hist;
  for (let i = 0; i < f.size; i++) acc[h + histBin(f.down[i])]++;
}
