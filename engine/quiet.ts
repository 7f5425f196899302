import { EMPIRICAL, FIXED, MIXTURE, UNIFORM, sample, sampleDays, type Sampler } from './dist.ts';

/**
 * The payment draws that leave an invoice quiet (billing.ts issueInvoice): an invoice paid
 * before it falls due and before the next cycle needs no event. Its delay is
 * `max(0, sampleDays(delay, u))` days; where that is non-decreasing in u, the delays below a
 * limit are the draws u up to some u*, so one comparison of u with u* decides (issue 17),
 * without sampling the delay. u* is found once per payer by bisection over the doubles;
 * distributions not known to be monotone get −1 (never decided early: the delay is sampled).
 */

/** A cycle is at least this many days long (a calendar month; docs/rules.md, "Billing and arrears"). */
export const MIN_CYCLE_DAYS = 28;

/** The largest u in [0, 1) whose delay, in whole days (at least 0), is below `limitDays`; −1 when there is none or the sampler is not known to be monotone. */
export function quietBelow(sm: Sampler, limitDays: number): number {
  const quiet = (u: number) => Math.max(0, sampleDays(sm, u)) < limitDays;
  if (limitDays <= 0 || !monotone(sm) || !quiet(0)) return -1;
  const top = 1 - Number.EPSILON / 2;
  if (quiet(top)) return top;
  // Positive doubles order as their bit patterns: bisect on those, quiet(lo) and not quiet(hi).
  const x = new Float64Array(1), bits = new BigInt64Array(x.buffer);
  x[0] = 0;
  let lo = bits[0];
  x[0] = top;
  let hi = bits[0];
  while (hi - lo > 1n) {
    const mid = (lo + hi) >> 1n;
    bits[0] = mid;
    if (quiet(x[0])) lo = mid;
    else hi = mid;
  }
  bits[0] = lo;
  return x[0];
}

/**
 * Whether `sample(sm, u)` is non-decreasing in u: fixed; uniform with max ≥ min; empirical with
 * values in ascending order; a mixture of such parts with positive weights whose ranges follow
 * each other in order (each part's largest value at most the next one's smallest). Floating-point
 * products, sums and differences round monotonically, so these hold bit for bit. Normal and
 * lognormal rest on a rational approximation (normalQuantile), not proved monotone: false.
 */
export function monotone(sm: Sampler): boolean {
  switch (sm.kind) {
    case FIXED: return true;
    case UNIFORM: return sm.b >= 0;
    case EMPIRICAL: {
      for (let k = 1; k < sm.values.length; k++) if (!(sm.values[k - 1] <= sm.values[k])) return false;
      return true;
    }
    case MIXTURE: {
      for (let k = 0; k < sm.parts.length; k++) {
        if (!(sm.weights[k] > 0) || !monotone(sm.parts[k])) return false;
        if (k > 0 && !(partMax(sm.parts[k - 1]) <= partMin(sm.parts[k]))) return false;
      }
      return true;
    }
    default: return false;
  }
}

/** A mixture part's values lie in [partMin, partMax]: the mixture samples it at u clamped to [1e-12, 1 − 1e-12] (dist.ts sample). */
function partMin(p: Sampler): number {
  return p.kind === FIXED ? p.a : sample(p, 1e-12);
}

function partMax(p: Sampler): number {
  return p.kind === FIXED ? p.a : sample(p, 1 - 1e-12);
}
