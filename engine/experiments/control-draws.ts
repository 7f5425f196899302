import type { Model } from '../model.ts';
import type { Draws } from '../sim.ts';
import { sample, sampleDays } from '../dist.ts';
import { cardKey, replicationKey, Stream, uniform, uniformOf } from '../rng.ts';
import { latticeCoordinate, latticeShift, latticeStep, STRATUM_CARDS, stratified } from '../strata.ts';

/** Where the controls sit in `out` from `at`: faultMB, then meanMB. */
export const FAULT_MB = 0, MEAN_MB = 1;

/**
 * The fault controls (docs/statistics.md, "Control variates") of cards [a, b) of an arm in one
 * replication, written to out[at + FAULT_MB] and out[at + MEAN_MB]:
 *
 * - `faultMB` = Σ over the cards, Σ over the faults begun before the horizon, of the card's mean
 *   daily MB (at least 0) × the fault's factor × its duration in days;
 * - `meanMB` = Σ over the cards of the mean daily MB (at least 0).
 *
 * They replay the kernel's own draws (card-init.ts init, usage.ts nextOnset and runaway: the same
 * keys, strata and fault indexes), so they are functions of the replication's draws alone, never
 * of the policy or the cards' state. Cards are added in index order, so the bytes depend on
 * [a, b) alone (a batch's controls are the same whoever computes them).
 */
export function controlsInto(model: Model, draws: Draws, replication: number, a: number, b: number, out: Float64Array, at: number): void {
  const key = replicationKey(draws.seed, replication), st = draws.stratify, H = model.days;
  let faultMB = 0, meanMB = 0;
  for (const c of model.cohorts) {
    const g0 = c.start > a ? c.start : a, g1 = c.end < b ? c.end : b;
    if (g0 >= g1) continue;
    const spec = model.runaway[c.profile], meanDist = model.meanDist[c.profile];
    const h = spec === null ? 0 : spec.dailyHazard, logq = Math.log1p(-h);
    // The first draws of each stream (index 0) lie on the group's lattice (strata.ts cellOf): its
    // coordinate is one permutation per card and its steps and shifts one per group, so they are
    // computed once here instead of in each of the card's four stratified() calls (which
    // doubled the replay's time).
    let ga = -1, n = 0, zm = 0, sm = 0, zo = 0, so = 0, zf = 0, sf = 0, zd = 0, sd = 0;
    for (let g = g0; g < g1; g++) {
      let cell = 0;
      if (st) {
        const w = g - (g % STRATUM_CARDS), a0 = w > c.start ? w : c.start, b0 = w + STRATUM_CARDS < c.end ? w + STRATUM_CARDS : c.end;
        if (a0 !== ga) {
          ga = a0;
          n = b0 - a0;
          if (n > 1) {
            zm = latticeStep(n, Stream.mean); sm = latticeShift(key, a0, n, Stream.mean);
            zo = latticeStep(n, Stream.runOnset); so = latticeShift(key, a0, n, Stream.runOnset);
            zf = latticeStep(n, Stream.runFactor); sf = latticeShift(key, a0, n, Stream.runFactor);
            zd = latticeStep(n, Stream.runDuration); sd = latticeShift(key, a0, n, Stream.runDuration);
          }
        }
        if (n > 1) cell = latticeCoordinate(key, a0, n, g - a0);
      }
      const lat = st && n > 1;
      const um = uniform(key, g, 0, Stream.mean);
      const m0 = sample(meanDist, lat ? (((cell * zm + sm) % n) + um) / n : um), m = m0 > 0 ? m0 : 0;
      meanMB += m;
      // A card with no volume adds nothing to faultMB whatever its faults.
      if (spec === null || h <= 0 || m === 0) continue;
      const ck = cardKey(key, g);
      let after = -1;
      for (let k = 0; ; k++) {
        // From the 256th fault on, the draws are keyed on the day: the onset's on the previous fix day, the factor's and duration's on the onset day.
        const on = h >= 1 ? after + 1 : after + 1 + Math.floor(Math.log(k === 0 && lat ? (((cell * zo + so) % n) + uniform(key, g, 0, Stream.runOnset)) / n : k < 255 ? stratified(key, st, c.start, c.end, g, k, Stream.runOnset) : uniformOf(ck, 256 + after, Stream.runOnset)) / logq);
        if (on >= H) break;
        const F = sample(spec.factor, k === 0 && lat ? (((cell * zf + sf) % n) + uniform(key, g, 0, Stream.runFactor)) / n : k < 255 ? stratified(key, st, c.start, c.end, g, k, Stream.runFactor) : uniformOf(ck, 256 + on, Stream.runFactor));
        const d = Math.max(1, sampleDays(spec.durationDays, k === 0 && lat ? (((cell * zd + sd) % n) + uniform(key, g, 0, Stream.runDuration)) / n : k < 255 ? stratified(key, st, c.start, c.end, g, k, Stream.runDuration) : uniformOf(ck, 256 + on, Stream.runDuration)));
        faultMB += m * F * d;
        after = on + d;
      }
    }
  }
  out[at + FAULT_MB] = faultMB;
  out[at + MEAN_MB] = meanMB;
}
