/**
 * The reference model's operator actions, written from docs/rules.md ("Operator actions"):
 * on each of its days an action picks its cards (a cohort's or the fleet's cards from..to,
 * each kept when its keyed draw is below `fraction`) and acts on each, in list order.
 */
import type { Action, ArmConfig, Plan } from '../../engine/config.ts';
import type { Flag, RefCard } from './card.ts';
import { S, type Draws } from './days.ts';

/** What the actions need of the reference model. */
export interface ActionHost {
  readonly arm: ArmConfig;
  readonly draw: Draws;
  readonly day: number;
  readonly stops: Record<'manual' | 'manualRefused', number>;
  note(c: RefCard, kind: string, detail?: string): void;
  renew(c: RefCard): void;
}

export class RefActions {
  /** A requested plan change per card, applied at the next cycle start. */
  private readonly pending = new Map<RefCard, Plan>();
  /** Each action's cards, in fleet order. */
  private readonly chosen: RefCard[][];

  constructor(private readonly actions: readonly Action[], cards: readonly RefCard[]) {
    this.chosen = actions.map((a) => {
      const pool = a.cohort === null ? [...cards] : cards.filter((c) => c.cohort.name === a.cohort);
      const last = a.to === null ? pool.length - 1 : a.to;
      return pool.filter((_, k) => k >= a.from && k <= last);
    });
  }

  /** Step 4 of the day: every action due today, in list order. */
  apply(host: ActionHost, d: number): void {
    this.actions.forEach((a, k) => {
      if (!a.days.includes(d)) return;
      for (const c of this.chosen[k]) {
        // A card before service takes no part in the day's whole-fleet steps (Pre-service cards).
        if (c.pre) continue;
        if (host.draw.u(c.g, a.draw, S.actionSelect) < a.fraction) this.act(host, a, c);
      }
    });
  }

  /** At a cycle start, before anything else for the card: a requested plan change takes effect (not for a cancelled card). */
  atCycleStart(c: RefCard): void {
    const p = this.pending.get(c);
    if (!p) return;
    this.pending.delete(c);
    if (!c.flags.has('cancelled')) c.plan = p;
  }

  private act(host: ActionHost, a: Action, c: RefCard): void {
    const has = (f: Flag) => c.flags.has(f);
    switch (a.do) {
      case 'stop':
        if (has('cancelled') || has('manual')) return;
        if (has('expired') || has('arrears') || has('overQuota')) {
          host.stops.manualRefused++;
          host.note(c, 'refused');
          return;
        }
        c.flags.add('manual');
        host.stops.manual++;
        host.note(c, 'stop', 'manual');
        return;
      case 'resume':
        if (!has('manual')) return;
        c.flags.delete('manual');
        c.idleStopped = false;
        host.note(c, 'resume', 'manual');
        return;
      case 'renew':
        if (!has('cancelled') && c.plan.term) host.renew(c);
        return;
      case 'pay': {
        const restart = has('arrears') && c.restartDay === null;
        if (c.invoices.length === 0 && !restart) return;
        c.invoices = [];
        if (restart) c.restartDay = host.day + host.arm.rules.reactivationDelayDays;
        host.note(c, 'payment', 'by action');
        return;
      }
      case 'changePlan': {
        if (has('cancelled')) return;
        const plan = host.arm.plans.find((p) => p.name === a.plan)!;
        if (plan === c.plan) this.pending.delete(c);
        else this.pending.set(c, plan);
        return;
      }
    }
  }
}
