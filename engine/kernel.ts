import { Sim } from './sim.ts';
import { CHARGED, NEVER } from './fleet.ts';
import { REASON_OF, C_OVERAGE, R_THROTTLED, T_DEMAND_DAYS, T_UNSERVED, T_USAGE, histBin } from './layout.ts';
import { crossQuota, noteThrottle, scheduleAlert, stopLevel, throttled } from './usage.ts';
import { TABLE_BITS } from './dist.ts';
import { PRE } from './fleet.ts';
import { runPreService } from './preservice.ts';
import { init } from './card-init.ts';
import { boundary, checkAlert, events } from './day-work.ts';
import { runPool } from './pool-kernel.ts';

/**
 * The day-step kernel. Cards interact only through pools, so an individual
 * card runs through the whole horizon before the next (its state stays
 * in registers; in C this order ran 1.7× faster than sweeping all cards day by day). Its days are cut into runs between "slow steps": the
 * card's next event day (bills, payments, expiry, …) and the fleet's boundary
 * days (cycle start, period start, idle-policy month start, batch day). Inside
 * a run the flags and the allowance cannot change except by reaching the
 * quota, so the loop only draws demand and serves it. Pools run pool by pool,
 * day by day (pool-kernel.ts). The slow step's work is day-work.ts's, and the
 * cards' day "−1" card-init.ts's. Every card sees the same per-day order as docs/rules.md
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
      // At least the smallest double: with an allowance of 0, only usage above 0 alerts (checkAlert's rule).
      let alertAt = alerts !== null && f.alert[i] === NEVER && f.addons[i] < alerts.maxPerCycle ? Math.max(alerts.thresholdPct * allow, Number.MIN_VALUE) : Infinity;
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
