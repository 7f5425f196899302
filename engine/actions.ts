import type { ActionKind, ArmConfig } from './config.ts';
import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import { FORGOT, NEVER } from './fleet.ts';
import { ARREARS, CANCELLED, MANUAL } from './metrics.ts';
import { renew, requestResume, requestStop } from './lifecycle.ts';
import { Stream, uniform } from './rng.ts';

/**
 * Dated operator actions (docs/rules.md, "Operator actions"): on its days, a person stops,
 * resumes, renews, pays for or changes the plan of a selection of cards. Action days are
 * boundary days of the kernel, so its runs between slow steps stay valid; the per-day loops
 * never look at actions.
 */

/** An action compiled for the kernel: its selection as a global card range. */
export interface CompiledAction {
  kind: ActionKind;
  /** First and last selected card (global indexes, both included). */
  first: number;
  last: number;
  fraction: number;
  draw: number;
  /** changePlan: the new plan's index; −1 otherwise. */
  plan: number;
}

/** The actions of an arm by day (null on days without one). */
export interface ActionTable {
  byDay: (CompiledAction[] | null)[];
  /** Some action changes plans: the kernel keeps a pending plan per card. */
  planChanges: boolean;
  /** Plan names by index, for timelines. */
  planNames: string[];
}

/** "No plan change pending" in Sim.nextPlan (plan indexes are < 255). */
export const NO_PLAN = 255;

/** Compiles an arm's actions against its cohort ranges (a cohort's cards are [start, end)). */
export function compileActions(arm: ArmConfig, cohorts: readonly { start: number; end: number }[], cards: number, days: number): ActionTable {
  const byDay: (CompiledAction[] | null)[] = new Array(days).fill(null);
  const planIndex = new Map(arm.plans.map((p, k) => [p.name, k]));
  let planChanges = false;
  for (const a of arm.actions ?? []) {
    const c = a.cohort === null ? null : cohorts[arm.cohorts.findIndex((x) => x.name === a.cohort)];
    const base = c ? c.start : 0, end = c ? c.end : cards;
    const compiled: CompiledAction = {
      kind: a.do,
      first: base + a.from,
      last: Math.min(end - 1, a.to === null ? end - 1 : base + a.to),
      fraction: a.fraction,
      draw: a.draw,
      plan: a.plan === null ? -1 : planIndex.get(a.plan)!,
    };
    if (a.do === 'changePlan') planChanges = true;
    for (const d of a.days) if (d >= 0 && d < days) (byDay[d] ??= []).push(compiled);
  }
  return { byDay, planChanges, planNames: arm.plans.map((p) => p.name) };
}

/** Whether action `a` selects global card g: in its range, and kept by the keyed draw. */
export function selects(a: CompiledAction, key: number, g: number): boolean {
  if (g < a.first || g > a.last) return false;
  return a.fraction >= 1 || uniform(key, g, a.draw, Stream.actionSelect) < a.fraction;
}

/** The actions of day d on card i, in the order they are listed (docs/rules.md, Order within a day, step 4). */
export function applyActions(s: Sim, i: number, d: number): void {
  const list = s.model.actions.byDay[d];
  if (list === null) return;
  const g = s.fleet.first + i;
  for (let k = 0; k < list.length; k++) {
    const a = list[k];
    if (selects(a, s.key, g)) act(s, a, i, d);
  }
  s.fleet.next(i);
}

function act(s: Sim, a: CompiledAction, i: number, d: number): void {
  const f = s.fleet, fl = f.flags[i];
  switch (a.kind) {
    case 'stop':
      if (fl & (CANCELLED | MANUAL)) noop(s, i, d, 'stop', fl & CANCELLED ? 'cancelled' : 'alreadyStopped');
      else requestStop(s, i, d, true);
      return;
    case 'resume':
      if (fl & MANUAL) requestResume(s, i, d);
      else noop(s, i, d, 'resume', fl & CANCELLED ? 'cancelled' : 'notStoppedByHand');
      return;
    case 'renew':
      if (fl & CANCELLED) noop(s, i, d, 'renew', 'cancelled');
      else if (s.model.termMonths[f.plan[i]] === 0) noop(s, i, d, 'renew', 'noTerm');
      else renew(s, i, d);
      return;
    case 'pay':
      payNow(s, i, d);
      return;
    case 'changePlan':
      requestPlan(s, a.plan, i, d);
      return;
  }
}

/**
 * Pays the balance now: every open invoice is settled (a planned payment and a due date are
 * dropped); a card in arrears with no restart pending is restarted by hand after
 * `reactivationDelayDays`. This cycle's charges are invoiced at the next cycle start as usual.
 */
function payNow(s: Sim, i: number, d: number): void {
  const f = s.fleet, arrears = (f.flags[i] & ARREARS) !== 0;
  const restart = arrears && f.react[i] === NEVER;
  if (f.pay[i] === NEVER && f.due[i] === NEVER && !(f.bits[i] & FORGOT) && !restart) {
    noop(s, i, d, 'pay', f.flags[i] & CANCELLED ? 'cancelled' : 'nothingOwed');
    return;
  }
  f.pay[i] = NEVER;
  f.due[i] = NEVER;
  f.bits[i] &= ~FORGOT;
  const delay = s.model.rules.reactivationDelayDays;
  if (restart) f.react[i] = capDay(d + delay);
  if (s.log) s.event(i, { kind: 'payment', day: d, amount: s.paid(i), restartInDays: restart ? delay : null, by: 'action' });
}

/** A plan change (effective at the next cycle start, [S13]); the latest request before it wins. */
function requestPlan(s: Sim, plan: number, i: number, d: number): void {
  const f = s.fleet, next = s.nextPlan!;
  if (f.flags[i] & CANCELLED) { noop(s, i, d, 'changePlan', 'cancelled'); return; }
  if (plan === f.plan[i] && next[i] === NO_PLAN) { noop(s, i, d, 'changePlan', 'samePlan'); return; }
  next[i] = plan === f.plan[i] ? NO_PLAN : plan;
  if (s.log) {
    const m = s.model, c = nextCycle(s, d);
    s.event(i, { kind: 'action', day: d, do: 'changePlan', outcome: plan === f.plan[i] ? 'planChangeWithdrawn' : 'planChangeRequested', plan: s.model.actions.planNames[plan], effective: c < m.days ? c : null });
  }
}

/** At a cycle start, before its fee: a pending plan change takes effect (dropped for a cancelled card). */
export function changePlan(s: Sim, i: number, d: number): void {
  const f = s.fleet, next = s.nextPlan!, p = next[i];
  if (p === NO_PLAN) return;
  next[i] = NO_PLAN;
  if (f.flags[i] & CANCELLED) return;
  const from = f.plan[i];
  f.plan[i] = p;
  if (s.log) s.event(i, { kind: 'action', day: d, do: 'changePlan', outcome: 'planChanged', plan: s.model.actions.planNames[p], from: s.model.actions.planNames[from] });
}

function nextCycle(s: Sim, d: number): number {
  const cs = s.model.cal.cycleStart, D = s.model.days;
  let c = d + 1;
  while (c < D && !cs[c]) c++;
  return c;
}

type NoopOutcome = 'cancelled' | 'alreadyStopped' | 'notStoppedByHand' | 'noTerm' | 'nothingOwed' | 'samePlan';

function noop(s: Sim, i: number, d: number, what: ActionKind, outcome: NoopOutcome): void {
  if (s.log) s.event(i, { kind: 'action', day: d, do: what, outcome });
}
