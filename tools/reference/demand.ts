/**
 * The reference model's demand (docs/rules.md, Usage), written from the rule book: a card's
 * data demand of the day, and its device's runaway faults (their onsets, factors and fixes).
 */
import { quantile } from '../../engine/dist.ts';
import type { RefCard } from './card.ts';
import { S, type Draws } from './days.ts';
import type { Books } from './tally.ts';

export function demand(host: Books, c: RefCard): number {
  const d = host.day, pr = c.profile;
  if (d < c.deployDay || pr.idleMonths.includes(host.cal.month(d))) return 0;
  const factor = pr.trace ? pr.trace[d % pr.trace.length] : pr.weekly[host.cal.weekday(d)];
  const noise = c.noise[host.draw.noiseIndex(c.g, d)];
  let x = c.mean * noise * factor * c.mult;
  for (const f of pr.firmware) if (d >= f.day && d < f.day + f.days) x += f.mb / f.days;
  // A noise or factor distribution that reaches below 0 asks for no data that day, not for data back.
  return x > 0 ? x : 0;
}

export function runaway(host: Books, c: RefCard): void {
  const spec = c.profile.runaway, d = host.day;
  if (!spec) return;
  if (c.runEnd !== null && c.runEnd <= d) {
    const fixed = c.runEnd;
    c.runEnd = null;
    c.mult = 1;
    c.nextOnset = nextOnset(host.draw, c, fixed);
    host.note(c, 'runaway', 'fixed');
  }
  if (c.nextOnset !== null && c.nextOnset <= d) {
    const s = c.nextOnset;
    c.nextOnset = null;
    // Keyed on the fault's index (faults begun before it); from the 256th fault on, on its day (as 256 + day).
    const early = c.runs < 255;
    c.mult = Math.fround(quantile(spec.factor, early ? host.draw.s(c.c0, c.c1, c.g, c.runs, S.runFactor) : host.draw.u(c.g, 256 + s, S.runFactor)));
    c.runEnd = s + Math.max(1, Math.round(quantile(spec.durationDays, early ? host.draw.s(c.c0, c.c1, c.g, c.runs, S.runDuration) : host.draw.u(c.g, 256 + s, S.runDuration))));
    c.runs = Math.min(255, c.runs + 1);
    host.note(c, 'runaway', 'fault');
  }
}

/** The first onset after day x (geometric waiting time). */
export function nextOnset(draw: Draws, c: RefCard, x: number): number {
  const h = c.profile.runaway!.dailyHazard;
  // ln(1 − h) evaluated accurately as log1p(−h) (the same quantity; plain Math.log(1 − h) loses digits).
  // Keyed on the index of the fault it starts, not on the day x.
  const u = c.runs < 255 ? draw.s(c.c0, c.c1, c.g, c.runs, S.runOnset) : draw.u(c.g, 256 + x, S.runOnset);
  return x + 1 + Math.floor(Math.log(u) / Math.log1p(-h));
}
