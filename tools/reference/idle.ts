/**
 * The reference model's idle-month policy (`policies.idleStop`; docs/rules.md, step 2 of the day
 * and "Manual stops"): a manual stop requested as a profile's idle months begin, a resume as they end.
 */
import type { RefCard } from './card.ts';
import type { Books } from './tally.ts';

/** What the idle-month policy needs of the reference model. */
export interface IdleHost extends Books {
  readonly stops: Record<'manual' | 'manualRefused', number>;
}

export function monthStart(host: IdleHost): void {
  const d = host.day;
  for (const c of host.cards) {
    if (c.flags.has('cancelled') || c.pre) continue;
    const idle = c.profile.idleMonths;
    const now = idle.includes(host.cal.month(d));
    const before = d > 0 && idle.includes(host.cal.month(d - 1));
    if (now && !before) manualStop(host, c);
    else if (before && !now && c.idleStopped) {
      c.idleStopped = false;
      host.clearFlag(c, 'manual');
    }
  }
}

export function manualStop(host: IdleHost, c: RefCard): void {
  if (c.flags.has('manual')) return;
  if (c.flags.has('expired') || c.flags.has('arrears') || c.flags.has('overQuota')) {
    host.stops.manualRefused++;
    host.note(c, 'refused');
    return;
  }
  c.flags.add('manual');
  c.idleStopped = true;
  host.stops.manual++;
  host.note(c, 'stop', 'manual');
}
