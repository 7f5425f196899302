import { NEVER } from './fleet.ts';
import { formatDate, parseDate } from './calendar.ts';
import { DOWNTIME_REASONS, STATE, downtimeLabel, type StopReason } from './metrics.ts';
import type { ActionKind } from './config.ts';

/**
 * The events of a traced card (`traceCard`): typed records, discriminated on `kind` (and
 * on `reason` for stops and resumes). Money is in the scenario's currency; day indexes
 * count from the scenario's start (0). The sentence a person reads is `describeEvent`'s.
 */
export type TraceEvent =
  | RenewalEvent | StopEvent | ResumeEvent | RefusedEvent | InvoiceEvent | PaymentEvent | RetentionEvent
  | CancellationEvent | ReplacementEvent | RunawayEvent | AlertEvent | AddonEvent | ThrottleEvent | ImportedEvent | OpeningEvent | ActionEvent
  | PreServiceEvent | TestEndEvent | ActivationEvent;
export type TraceEventKind = TraceEvent['kind'];
export type StopEvent = OverQuotaStop | ArrearsStop | ExpiredStop | ManualStop;
export type ResumeEvent = OverQuotaResume | ArrearsResume | ManualResume;
export type RunawayEvent = RunawayFault | RunawayFixed;
export type ImportedEvent = ImportedActive | ImportedCancelled;

/** When an event happened: every event has these. */
export interface EventTime {
  /** Day index. */
  day: number;
  /** The day as YYYY-MM-DD (UTC). */
  date: string;
}

/** A plan term bought: the first term of a fresh card on day 0, or a renewal. */
export interface RenewalEvent extends EventTime {
  kind: 'renewal';
  /** The first term of a card whose term starts fresh on day 0 (not a renewal). */
  initial: boolean;
  /** Terms bought at once (more than 1 when a late renewal counted from expiry catches up). */
  terms: number;
  /** Months in one term. */
  termMonths: number;
  /** Price of all the terms bought. */
  amount: number;
  /** Day index on which the new term ends; null: after the horizon. */
  expires: number | null;
  /** The card was expired and is online again. */
  resumes: boolean;
}

/** The plan's allowance is used up (auto-stop). */
export interface OverQuotaStop extends EventTime {
  kind: 'stop';
  reason: 'overQuota';
  /** The allowance (quota plus add-on packs), MB; a pool's: members × quota. */
  allowanceMB: number;
  /** The pool's shared allowance ran out (every member stops). */
  pool: boolean;
  /** Days between the crossing and the cut (usage data lag); 0: cut the day usage crossed. */
  lagDays: number;
  /** The cycle usage at which the plan stops the card, MB: the allowance, or the plan's stop threshold (a % of it, or the overage cap). */
  stopMB: number;
}

/** An invoice is still unpaid `afterDays` after issue. */
export interface ArrearsStop extends EventTime {
  kind: 'stop';
  reason: 'arrears';
  /** Days after issue an unpaid invoice stops the card. */
  afterDays: number;
}

/** The plan term ended without renewal. */
export interface ExpiredStop extends EventTime {
  kind: 'stop';
  reason: 'expired';
  /** Day index on which the grace ends and the number is cancelled; null: after the horizon. */
  keptUntil: number | null;
}

/** Stopped by hand: for an idle month, or by an operator action (`by: 'action'`). */
export interface ManualStop extends EventTime { kind: 'stop'; reason: 'manual'; by?: 'action' }

interface Resume extends EventTime {
  kind: 'resume';
  /** Another stop reason still holds: the card stays stopped. */
  stillStopped: boolean;
}

/** The over-quota stop lifts: at a new billing cycle, or when an add-on pack makes room. */
export interface OverQuotaResume extends Resume {
  reason: 'overQuota';
  /** What made room: the new billing cycle, an add-on pack, or a renewal of a term-quota plan. */
  by: 'cycle' | 'addon' | 'renewal';
}

/** Restarted by hand after payment. */
export interface ArrearsResume extends Resume { reason: 'arrears' }

/** Resumed by hand after an idle month. */
export interface ManualResume extends Resume { reason: 'manual' }

/** A manual stop request is refused. */
export interface RefusedEvent extends EventTime {
  kind: 'refused';
  /** The stops that forbid it (expired, arrears, overQuota), in flag-bit order. */
  reasons: StopReason[];
}

/** An invoice for the last cycle's charges is issued. */
export interface InvoiceEvent extends EventTime {
  kind: 'invoice';
  /** The charges it bills: this card's fees, overage (a pool's: an even share over the members charged), add-on packs and retention fees since the last invoice (an in-service card's first also bills its fee and overage from before the start). */
  amount: number;
  /** Days after issue it falls due. */
  dueInDays: number;
  /** Days from issue to the planned payment of the balance; null: the payer forgets it. */
  paysInDays: number | null;
}

/** The payer pays the whole balance. */
export interface PaymentEvent extends EventTime {
  kind: 'payment';
  /** The balance paid: every invoice still unpaid; null: it includes a balance from before the start that the export does not give (an imported card in arrears). */
  amount: number | null;
  /** Days until the restart by hand of a card in arrears; null: not in arrears. */
  restartInDays: number | null;
  /** Paid by an operator action (absent: the payer's own payment). */
  by?: 'action';
}

/** A monthly number-retention fee while expired. */
export interface RetentionEvent extends EventTime {
  kind: 'retention';
  /** The fee. */
  amount: number;
}

/** The grace is over: the number is cancelled for good. */
export interface CancellationEvent extends EventTime {
  kind: 'cancellation';
  /** Months of grace after expiry. */
  graceMonths: number;
  /** Day index on which a replacement goes live; null: after the horizon; undefined: cards are not replaced. */
  replacementDue?: number | null;
  /**
   * What the number owed when cancelled (open invoices and charges not yet invoiced), never invoiced:
   * no invoice or payment follows; its costs stay in the report, booked when charged. Null: it includes
   * a balance from before the start the run does not know; undefined: nothing owed.
   */
  dropped?: number | null;
}

/** A new card replaces a cancelled one. */
export interface ReplacementEvent extends EventTime {
  kind: 'replacement';
  /** Price of the new SIM. */
  simCost: number;
  /** Price of the site visit that installs it. */
  visitCost: number;
}

/** A device fault starts: demand is multiplied for a while. */
export interface RunawayFault extends EventTime {
  kind: 'runaway';
  /** The fault starts (the fix is `phase: 'fixed'`). */
  phase: 'fault';
  /** Demand multiplier. */
  factor: number;
  /** Days until the device is fixed. */
  days: number;
}

/** The device is fixed: demand is back to normal. */
export interface RunawayFixed extends EventTime { kind: 'runaway'; phase: 'fixed' }

/** Usage passed the alert threshold: an add-on pack is ordered. */
export interface AlertEvent extends EventTime {
  kind: 'alert';
  /** Threshold, % of the allowance. */
  thresholdPct: number;
  /** Days from today until the pack is live (1: tomorrow). */
  liveInDays: number;
}

/** An add-on pack takes effect. */
export interface AddonEvent extends EventTime {
  kind: 'addon';
  /** Data in the pack, MB. */
  sizeMB: number;
  /** Price of the pack. */
  amount: number;
  /** The cycle's allowance with this pack, MB. */
  allowanceMB: number;
}

/** The allowance is used up on a throttled plan (达量限速): the card stays online, slowed to `dailyMB` a day until the next cycle. */
export interface ThrottleEvent extends EventTime {
  kind: 'throttle';
  /** The allowance used up, MB (a pool's: members × quota). */
  allowanceMB: number;
  /** MB a day served past the allowance (per card). */
  dailyMB: number;
}

/** A card imported from an export starts the run (day 0) as the export shows it. */
export interface ImportedActive extends EventTime {
  kind: 'imported';
  /** The card's id in the export. */
  id: string;
  /** Cancelled before the start (see ImportedCancelled). */
  cancelled: false;
  /** Stop reasons at the start, in flag-bit order; empty: online. */
  reasons: StopReason[];
  /** Usage this cycle before the start, MB. */
  usedMB: number;
  /** Day index of the plan's expiry (negative: before the start); null: after the horizon; undefined: no expiry in the export. */
  expires?: number | null;
}

/** A card imported already cancelled. */
export interface ImportedCancelled extends EventTime {
  kind: 'imported';
  /** The card's id in the export. */
  id: string;
  cancelled: true;
  /** Day index on which a replacement goes live; undefined: cards are not replaced. */
  replacementDue?: number;
}

/** A card of an in-service cohort starts the run (day 0) in the cycle under way (docs/rules.md, "In-service opening"). */
export interface OpeningEvent extends EventTime {
  kind: 'opening';
  /** Days of the cycle under way before day 0 (0: day 0 starts a cycle). */
  elapsedDays: number;
  /** Usage replayed for those days, MB. */
  usedMB: number;
  /** Stop reasons at the start (over quota, in arrears), in flag-bit order; empty: online. */
  reasons: StopReason[];
  /** The previous cycle's invoice, issued on the cycle's first day (day index ≤ 0) for the plan's fee; null: no fee, no invoice. */
  invoice: { day: number; amount: number; state: 'paid' | 'open' | 'forgotten' } | null;
}

/**
 * An operator action (docs/rules.md, "Operator actions") that no other event records: one that
 * changes nothing (and why), and plan changes. Stops, resumes, renewals and payments an action
 * makes are recorded as those events.
 */
export type ActionEvent = ActionNoop | PlanChangeRequest | PlanChanged;

export interface ActionNoop extends EventTime {
  kind: 'action';
  do: ActionKind;
  /** Why nothing changed. */
  outcome: 'cancelled' | 'alreadyStopped' | 'notStoppedByHand' | 'noTerm' | 'nothingOwed' | 'samePlan';
}

/** A plan change is requested (or a pending one withdrawn by asking for the current plan); it takes effect at the next cycle start. */
export interface PlanChangeRequest extends EventTime {
  kind: 'action';
  do: 'changePlan';
  outcome: 'planChangeRequested' | 'planChangeWithdrawn';
  /** The plan asked for. */
  plan: string;
  /** Day index of the cycle start it takes effect on; null: after the horizon. */
  effective: number | null;
}

/** A requested plan change takes effect (at a cycle start, before the cycle's fee). */
export interface PlanChanged extends EventTime {
  kind: 'action';
  do: 'changePlan';
  outcome: 'planChanged';
  plan: string;
  /** The plan before. */
  from: string;
}

/** A card bought in bulk starts the run before service (docs/rules.md, "Pre-service cards"). */
export interface PreServiceEvent extends EventTime {
  kind: 'preService';
  /** The phase it starts in: the free test period, or the silent period. */
  phase: 'test' | 'silent';
  /** The test period's free data, MB, and its length in days. */
  testAllowanceMB: number;
  testDays: number;
  /** Day index of the forced activation; null: after the horizon. */
  forcedActivation: number | null;
  /** Day index from which the device asks for data; null: after the horizon. */
  deployed: number | null;
}

/** The test period ends: its allowance is used up (at the end of this day) or its days are over. */
export interface TestEndEvent extends EventTime {
  kind: 'testEnd';
  by: 'allowance' | 'period';
  /** Test data used, MB. */
  usedMB: number;
}

/** A pre-service card is activated: billing starts. */
export interface ActivationEvent extends EventTime {
  kind: 'activation';
  /** Its first day with demand, or the end of the silent period. */
  by: 'firstUse' | 'forced';
}

/** An event as the kernel records it (`Sim.event`): its `date` is filled in from `day`. */
export type NewEvent = Untimed<TraceEvent>;
type Untimed<E> = E extends TraceEvent ? Omit<E, 'date'> : never;

/** A day index for an event: null where it is a "never" sentinel, past any horizon. */
export function eventDay(d: number): number | null {
  return d >= NEVER - 2 ? null : d;
}

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
      return `${e.terms} × ${e.termMonths}-month term for ${money(e.amount)}; expires ${dateAt(e, e.expires)}${e.resumes ? '; service resumes' : ''}`;
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
    case 'retention':
      return `number-retention fee ${money(e.amount)}`;
    case 'cancellation':
      return `number cancelled (expired past the ${e.graceMonths}-month grace)${e.dropped === undefined ? '' : `; its unpaid ${e.dropped === null ? 'balance (from before the start, amount not known)' : money(e.dropped)} is never invoiced (a cost when charged)`}${e.replacementDue === undefined ? '' : `; replacement due ${dateAt(e, e.replacementDue)}`}`;
    case 'replacement':
      return `new card live (SIM ${money(e.simCost)} + visit ${money(e.visitCost)})`;
    case 'runaway':
      return e.phase === 'fixed' ? 'device fixed: demand back to normal' : `device fault: demand × ${e.factor.toFixed(1)} for ${e.days} days`;
    case 'alert':
      return `usage alert at ${e.thresholdPct} %: add-on pack ordered, live ${e.liveInDays > 1 ? `in ${e.liveInDays} days` : 'tomorrow'}`;
    case 'addon':
      return `add-on pack +${e.sizeMB} MB for ${money(e.amount)}; allowance ${e.allowanceMB} MB`;
    case 'throttle':
      return `the ${e.allowanceMB} MB allowance is used up: slowed to ${e.dailyMB} MB a day until the next cycle`;
    case 'opening':
      return `in service, ${e.elapsedDays === 0 ? 'a new cycle starts today' : `day ${e.elapsedDays + 1} of the cycle, ${+e.usedMB.toFixed(2)} MB used so far`}${e.reasons.length ? `; stopped (${e.reasons.join(', ')})` : ''}${openingInvoice(e, money)}`;
    case 'action':
      return actionText(e);
    case 'imported':
      if (e.cancelled) return `${e.id}: cancelled before the start${e.replacementDue === undefined ? '' : `; replacement due day ${e.replacementDue}`}`;
      return `${e.id}: ${e.reasons.length ? `stopped (${e.reasons.join(', ')})` : 'online'}, ${e.usedMB} MB used this cycle${e.expires === undefined ? '' : `, plan expires ${dateAt(e, e.expires)}`}`;
    case 'preService':
      return `before service, ${e.phase === 'test' ? `in test (${e.testAllowanceMB} MB free for ${e.testDays} days)` : 'silent'}; forced activation ${dateAt(e, e.forcedActivation)}; device deployed ${dateAt(e, e.deployed)}`;
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
        return `cycle usage reached the plan's ${at}`;
      }
      if (e.pool) return `the pool's ${e.allowanceMB} MB allowance is used up (auto-stop)`;
      if (e.lagDays > 0) return `usage data shows the ${e.allowanceMB} MB allowance reached (cut after ${e.lagDays}-day lag)`;
      return `cycle usage reached the ${e.allowanceMB} MB allowance (auto-stop)`;
    }
    case 'arrears': return `invoice unpaid ${e.afterDays} days after issue`;
    case 'expired': return `plan term ended without renewal; number kept until ${dateAt(e, e.keptUntil)}`;
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
