/**
 * The sentence a person reads for each trace event (`describeEvent`: the `detail` of
 * `simlapse trace` and the page's timeline), with its options. Re-exported by events.ts.
 */
import { formatDate, parseDate } from './calendar.ts';
import { DOWNTIME_REASONS, downtimeLabel } from './metrics.ts';
import type { ActionKind } from './config.ts';
import type { ActionEvent, ActionNoop, EventTime, OpeningEvent, ResumeEvent, StopEvent, TraceEvent } from './events.ts';

export interface DescribeOptions {
  /** The currency written after every amount (the scenario's, `CNY` by default in scenarios). [default: none: bare amounts] */
  currency?: string;
}

/** The sentence a person reads for an event (the `detail` of `simlapse trace` and the page's timeline). */
export function describeEvent(e: TraceEvent, options: DescribeOptions = {}): string {
  const money = (x: number) => moneyText(x, options.currency);
  switch (e.kind) {
    case 'renewal':
      if (e.initial) return `${e.termMonths}-month term bought for ${money(e.amount)}`;
      return `${e.terms} × ${e.termMonths}-month term for ${money(e.amount)}; expires ${dateAt(e, e.expires)}${e.resumes ? (e.stillStopped ? '; the expiry stop lifts (still stopped for another reason)' : '; service resumes') : ''}`;
    case 'stop':
      return `${e.reason}: ${stopText(e)}`;
    case 'resume':
      return `${e.reason}: ${resumeText(e)}${e.stillStopped ? ' (still stopped for another reason)' : ''}`;
    case 'refused':
      // Worst first, as the downtime precedence reads (expired, arrears, over quota).
      return `manual stop refused: card is ${DOWNTIME_REASONS.filter((r) => (e.reasons as string[]).includes(r)).map((r) => (r === 'arrears' ? 'in ' : '') + downtimeLabel(r)).join(' and ')}`;
    case 'invoice':
      return `invoice of ${money(e.amount)} issued; due in ${e.dueInDays} days; ${e.paysInDays === null ? 'the payer forgets it' : `payer pays in ${e.paysInDays} days`}`;
    case 'payment':
      return `${e.amount === null ? 'balance paid (its amount from before the start is not known)' : `balance of ${money(e.amount)} paid`}${e.by === 'action' ? ' (operator action)' : ''}${e.restartInDays === null ? '' : `; restart by hand in ${days(e.restartInDays)}`}`;
    case 'restartCancelled':
      return `the restart planned for ${dateAt(e, e.plannedFor)} is called off: another invoice is overdue, the card stays in arrears`;
    case 'retention':
      return `number-retention fee ${money(e.amount)}${e.stopped ? ' (stopped by hand: in place of the monthly fee)' : ''}`;
    case 'cancellation':
      return `number cancelled (expired past the ${e.graceMonths}-month grace)${e.dropped === undefined ? '' : `; its unpaid ${e.dropped === null ? 'balance (from before the start, amount not known)' : money(e.dropped)} leaves with it, never paid (open invoices and charges not yet invoiced; each a cost when charged)`}${e.replacementDue === undefined ? '' : `; replacement due ${dateAt(e, e.replacementDue)}`}`;
    case 'replacement':
      return `new card live (SIM ${money(e.simCost)} + visit ${money(e.visitCost)})`;
    case 'runaway':
      return e.phase === 'fixed' ? 'device fixed: demand back to normal' : `device fault: demand × ${e.factor.toFixed(1)} for ${e.days} days`;
    case 'alert':
      return `usage alert at ${e.thresholdPct} %: add-on pack ordered, live ${e.liveInDays > 1 ? `in ${e.liveInDays} days` : 'tomorrow'}`;
    case 'addon':
      return `add-on pack +${e.sizeMB} MB for ${money(e.amount)}; allowance ${e.allowanceMB} MB`;
    case 'throttle':
      return `the ${e.allowanceMB} MB allowance is used up: slowed to ${e.dailyMB} MB a day until ${e.term ? 'a renewal brings the next term' : 'the next cycle'}`;
    case 'opening':
      return `in service, ${e.elapsedDays === 0 ? 'a new cycle starts today' : `day ${e.elapsedDays + 1} of the cycle, ${+e.usedMB.toFixed(2)} MB used so far`}${e.reasons.length ? `; stopped (${e.reasons.join(', ')})` : ''}${openingInvoice(e, money)}`;
    case 'action':
      return actionText(e);
    case 'imported':
      if (e.cancelled) return `${e.id}: cancelled before the start${e.replacementDue === undefined ? '' : `; replacement due day ${e.replacementDue}`}`;
      return `${e.id}: ${e.reasons.length ? `stopped (${e.reasons.join(', ')})` : 'online'}, ${e.usedMB} MB used this cycle${e.expires === undefined ? '' : `, plan expires ${dateAt(e, e.expires)}`}`;
    case 'preService':
      return `${e.id === undefined ? '' : `${e.id}: `}before service, ${e.phase === 'test' ? `in test (${e.testAllowanceMB} MB free for ${e.testDays} days)` : 'silent'}; forced activation ${dateAt(e, e.forcedActivation)}; device deployed ${dateAt(e, e.deployed)}`;
    case 'testEnd':
      return `test period over (${e.by === 'allowance' ? 'allowance used' : 'its days are over'}, ${round3(e.usedMB)} MB used): silent until first use`;
    case 'activation':
      return e.by === 'forced' ? 'forced activation at the end of the silent period: billing starts' : 'activated on first use: billing starts';
  }
}

function openingInvoice(e: OpeningEvent, money: (x: number) => string): string {
  const v = e.invoice;
  if (v === null) return '';
  const when = v.day === e.day ? 'today' : `on ${dateAt(e, v.day)}`;
  return `; last cycle's invoice of ${money(v.amount)} issued ${when}, ${v.state === 'paid' ? 'paid' : v.state === 'open' ? 'open' : 'forgotten by the payer'}`;
}

function stopText(e: StopEvent): string {
  switch (e.reason) {
    case 'overQuota': {
      if (e.stopMB !== e.allowanceMB) {
        const at = `stop threshold, ${round(e.stopMB)} MB (allowance ${e.allowanceMB} MB)`;
        if (e.pool) return `the pool's usage reached its ${at}`;
        if (e.lagDays > 0) return `usage data shows the ${at} reached (cut after ${e.lagDays}-day lag)`;
        return `${e.term ? 'term' : 'cycle'} usage reached the plan's ${at}`;
      }
      if (e.pool) return `the pool's ${e.allowanceMB} MB allowance is used up (auto-stop)`;
      if (e.lagDays > 0) return `usage data shows the ${e.allowanceMB} MB allowance reached (cut after ${e.lagDays}-day lag)`;
      return `${e.term ? 'term' : 'cycle'} usage reached the ${e.allowanceMB} MB allowance (auto-stop)`;
    }
    case 'arrears': return `invoice unpaid ${e.afterDays} days after issue`;
    case 'expired': return `plan term ended without renewal; ${e.keptUntil === e.day ? 'no grace: the number is cancelled the same day' : `number kept until ${dateAt(e, e.keptUntil)}`}`;
    case 'manual': return e.by === 'action' ? 'stopped by hand (operator action)' : 'stopped by hand for an idle month';
  }
}

const NOOP_TEXT: Record<ActionNoop['outcome'], string> = {
  cancelled: 'the number is cancelled',
  alreadyStopped: 'already stopped by hand',
  notStoppedByHand: 'not stopped by hand',
  noTerm: 'the plan has no term',
  nothingOwed: 'nothing owed',
  samePlan: 'already on that plan',
};

const ACTION_NAME: Record<ActionKind, string> = { stop: 'manual stop', resume: 'manual resume', renew: 'renewal', pay: 'payment', changePlan: 'plan change' };

function actionText(e: ActionEvent): string {
  switch (e.outcome) {
    case 'planChangeRequested': return `plan change to ${e.plan} requested; effective ${dateAt(e, e.effective)}`;
    case 'planChangeWithdrawn': return `plan change withdrawn: staying on ${e.plan}`;
    case 'planChanged': return `plan changed from ${e.from} to ${e.plan}`;
    default: return `operator ${ACTION_NAME[e.do]}: nothing to do (${NOOP_TEXT[e.outcome]})`;
  }
}

function resumeText(e: ResumeEvent): string {
  switch (e.reason) {
    case 'overQuota': return e.by === 'cycle' ? 'new billing cycle' : e.by === 'addon' ? 'add-on pack restored service' : "the renewal's new term brought more data";
    case 'arrears': return 'restarted by hand after payment';
    case 'manual': return 'resumed by hand';
  }
}

/** An amount with at most two decimals (two if any), then the currency if given: `5 CNY`, `3.48 CNY`. */
function moneyText(x: number, currency: string | undefined): string {
  const r = Math.round(x * 100) / 100;
  const text = Number.isInteger(r) ? String(r) : r.toFixed(2);
  return currency ? `${text} ${currency}` : text;
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** MB as a person reads them: at most two decimals. */
function round(mb: number): number {
  return Math.round(mb * 100) / 100;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The date of day index `d`, counted from the event's own day and date. */
function dateAt(e: EventTime, d: number | null): string {
  return d === null ? 'after the horizon' : formatDate(parseDate(e.date) + d - e.day);
}
