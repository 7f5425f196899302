import { z } from 'zod';
import type { Action, ArmConfig } from '../engine/index.ts';
import { dateOfDay, dayIndex, horizonDays, isRealDate } from './dates.ts';
import { cutText, describeValue, isObject, nameList, type RawIssue } from './issues.ts';
import { MAX_CARDS, mapping, number, oneOf, string } from './schema-kit.ts';
import type { Segment } from './source.ts';

/**
 * `actions:` (FORMAT.md, "Operator actions"; docs/rules.md): dated operator actions on a
 * selection of cards. The schema, the checks that span fields, and the conversion to the
 * engine's `Action` (days as indexes, the recurring rule expanded).
 */

const date = () => z.iso.date({ error: 'a real date YYYY-MM-DD' });
const cardIndex = () => number({ int: true, min: 0, max: MAX_CARDS - 1 });
/** Keyed draws that select cards by fraction (docs/rules.md, Randomness: the draw's "day"). */
const MAX_DRAW = 1000;

export const ACTION_KINDS = ['stop', 'resume', 'renew', 'pay', 'changePlan'] as const;

const action = mapping({
  do: oneOf(ACTION_KINDS),
  on: date().optional(),
  every: mapping(
    { dayOfMonth: number({ int: true, min: 1, max: 28 }), from: date().optional(), until: date().optional() },
    'a mapping {dayOfMonth, from, until}',
  ).optional(),
  cards: mapping(
    {
      cohort: string().optional(),
      from: cardIndex().default(0),
      to: cardIndex().optional(),
      fraction: number({ min: 0, max: 1 }).default(1),
      draw: number({ int: true, min: 0, max: MAX_DRAW }).default(0),
    },
    'a mapping {cohort, from, to, fraction, draw}',
  ).prefault({}),
  plan: string().optional(),
});

/** `actions:` as written: a list, empty by default. */
export const actionsSchema = z.array(action, { error: 'a list of actions {do, on or every, cards, plan}' });
export type ActionInput = z.output<typeof action>;

/** The day indexes an action is taken on: its date, or every `dayOfMonth` between `from` and `until` (both included) inside the horizon. */
export function actionDays(a: Pick<ActionInput, 'on' | 'every'>, start: string, days: number): number[] {
  if (a.on !== undefined) return [dayIndex(start, a.on)];
  const e = a.every!;
  const lo = Math.max(0, e.from === undefined ? 0 : dayIndex(start, e.from));
  const hi = Math.min(days - 1, e.until === undefined ? days - 1 : dayIndex(start, e.until));
  const out: number[] = [];
  for (let d = lo; d <= hi; d++) if (Number(dateOfDay(start, d).slice(8)) === e.dayOfMonth) out.push(d);
  return out;
}

export function toActions(actions: readonly ActionInput[], start: string, months: number): Action[] {
  const days = horizonDays(start, months);
  return actions.map((a) => ({
    do: a.do,
    days: actionDays(a, start, days),
    cohort: a.cards.cohort ?? null,
    from: a.cards.from,
    to: a.cards.to ?? null,
    fraction: a.cards.fraction,
    draw: a.cards.draw,
    plan: a.plan ?? null,
  }));
}

/**
 * Checks across fields on the raw (merged) scenario, whatever else is wrong: `on` or `every`,
 * dates inside the horizon, a rule with a day in it, from ≤ to, a known cohort (of the
 * scenario's cohorts; with `fleet:` names are checked on the converted arm) and plan.
 */
export function actionChecks(raw: Record<string, unknown>): RawIssue[] {
  if (!Array.isArray(raw.actions)) return [];
  const horizon = horizonOf(raw);
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts.map((c, i) => (isObject(c) && typeof c.name === 'string' ? c.name : `cohort-${i}`)) : [];
  const plans = isObject(raw.plans) ? Object.keys(raw.plans) : null;
  const issues: RawIssue[] = [];
  raw.actions.forEach((a, k) => {
    if (!isObject(a)) return;
    const at: Segment[] = ['actions', k];
    const issue = (path: Segment[], anchor: RawIssue['anchor'], message: string) => issues.push({ path: [...at, ...path], anchor, message });
    if (a.on === undefined && a.every === undefined) issue(['on'], 'parent', 'missing required field; expected on: YYYY-MM-DD or every: {dayOfMonth, from, until}');
    if (a.on !== undefined && a.every !== undefined) issue(['every'], 'key', 'expected on or every, not both');
    if (horizon && typeof a.on === 'string' && isRealDate(a.on)) {
      const d = dayIndex(horizon.start, a.on);
      if (d < 0 || d >= horizon.days) issue(['on'], 'value', `expected a date inside the horizon ${horizon.start}..${dateOfDay(horizon.start, horizon.days - 1)}, got ${describeValue(a.on)}`);
    }
    if (isObject(a.every)) everyChecks(a.every, horizon, (path, anchor, message) => issue(['every', ...path], anchor, message));
    const cards = isObject(a.cards) ? a.cards : {};
    if (typeof cards.cohort === 'string' && raw.fleet === undefined && !cohorts.includes(cards.cohort)) {
      issue(['cards', 'cohort'], 'value', `unknown cohort ${describeValue(cards.cohort)}; cohorts are: ${nameList(cohorts) || '(none)'}`);
    }
    const from = typeof cards.from === 'number' ? cards.from : 0;
    if (typeof cards.to === 'number' && Number.isInteger(from) && cards.to < from) issue(['cards', 'to'], 'value', `expected a card index ≥ from (${from}), got ${cards.to}`);
    if (a.do === 'changePlan' && a.plan === undefined) issue(['plan'], 'parent', 'missing required field; expected the name of the plan to change to');
    if (a.do !== 'changePlan' && a.plan !== undefined && typeof a.do === 'string') issue(['plan'], 'key', `not allowed for do: ${cutText(a.do)} (only for changePlan)`);
    if (a.do === 'changePlan' && typeof a.plan === 'string' && plans && !plans.includes(a.plan)) issue(['plan'], 'value', `unknown plan ${describeValue(a.plan)}; plans are: ${nameList(plans)}`);
  });
  return issues;
}

type Report = (path: Segment[], anchor: RawIssue['anchor'], message: string) => void;

function everyChecks(every: Record<string, unknown>, horizon: Horizon | null, issue: Report): void {
  const { from, until, dayOfMonth } = every;
  const real = (x: unknown): x is string => typeof x === 'string' && isRealDate(x);
  if (real(from) && real(until) && until < from) {
    issue(['until'], 'value', `expected a date on or after from (${from}), got ${describeValue(until)}`);
    return;
  }
  if (!horizon || !Number.isInteger(dayOfMonth) || (dayOfMonth as number) < 1 || (dayOfMonth as number) > 28) return;
  if ((from !== undefined && !real(from)) || (until !== undefined && !real(until))) return;
  const days = actionDays({ every: { dayOfMonth: dayOfMonth as number, from, until } }, horizon.start, horizon.days);
  if (days.length === 0) {
    issue(['dayOfMonth'], 'value', `no day ${dayOfMonth} of a month falls inside the horizon ${horizon.start}..${dateOfDay(horizon.start, horizon.days - 1)}${from !== undefined || until !== undefined ? ` between ${from ?? 'its start'} and ${until ?? 'its end'}` : ''}`);
  }
}

/**
 * Checks on the converted arm, which knows every cohort (an imported fleet's too) and its size:
 * the card range inside the cohort or fleet; a plan change only for unpooled cards (a pool
 * shares one allowance of one plan) and to a plan with a term exactly when the card's plan has one.
 */
export function actionArmChecks(arm: ArmConfig): RawIssue[] {
  const issues: RawIssue[] = [];
  const total = arm.cohorts.reduce((n, c) => n + c.count, 0);
  (arm.actions ?? []).forEach((a, k) => {
    const at: Segment[] = ['actions', k];
    const ci = a.cohort === null ? -1 : arm.cohorts.findIndex((c) => c.name === a.cohort);
    if (a.cohort !== null && ci < 0) {
      issues.push({ path: [...at, 'cards', 'cohort'], anchor: 'value', message: `unknown cohort ${describeValue(a.cohort)}; cohorts are: ${nameList(arm.cohorts.map((c) => c.name))}` });
      return;
    }
    const size = ci < 0 ? total : arm.cohorts[ci].count;
    const where = ci < 0 ? `the fleet has ${size} cards` : `cohort ${describeValue(a.cohort)} has ${size} cards`;
    // An empty cohort (a sweep or a sensitivity case of its count down to 0) has no card to select: any range selects none.
    for (const field of ['from', 'to'] as const) {
      const v = a[field];
      if (v !== null && v >= size && size > 0) issues.push({ path: [...at, 'cards', field], anchor: 'value', message: `expected a card index 0..${size - 1} (${where}), got ${v}` });
    }
    if (a.do !== 'changePlan' || a.plan === null) return;
    const target = arm.plans.find((p) => p.name === a.plan);
    if (!target) return;
    let start = 0;
    const first = a.from, last = a.to ?? size - 1;
    for (const [j, c] of arm.cohorts.entries()) {
      const lo = start, hi = start + c.count - 1;
      start += c.count;
      const [a0, a1] = ci < 0 ? [first, last] : j === ci ? [lo + first, lo + last] : [1, 0];
      if (c.count === 0 || a1 < lo || a0 > hi) continue;
      const pooled = c.poolSize > 0 || (c.cards?.pool.some((p) => p !== null) ?? false);
      const plan = arm.plans.find((p) => p.name === c.plan)!;
      if (pooled) issues.push({ path: [...at, 'cards'], anchor: 'key', message: `a plan change may not select pooled cards (cohort ${describeValue(c.name)}): a pool shares one allowance of one plan` });
      else if ((plan.term === null) !== (target.term === null)) {
        issues.push({ path: [...at, 'plan'], anchor: 'value', message: `expected a plan ${plan.term ? 'with' : 'without'} a term like ${describeValue(plan.name)} of cohort ${describeValue(c.name)} (a plan change keeps the card's expiry), got ${describeValue(a.plan)}${target.term ? ', which has one' : ', which has none'}` });
      }
    }
  });
  return issues;
}

interface Horizon {
  start: string;
  days: number;
}

function horizonOf(raw: Record<string, unknown>): Horizon | null {
  const { start, months } = raw;
  if (typeof start !== 'string' || !isRealDate(start)) return null;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 600) return null;
  return { start, days: horizonDays(start, months) };
}
