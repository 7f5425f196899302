import { NEVER } from './fleet.ts';
import type { StopReason } from './metrics.ts';
import type { ActionKind } from './config.ts';

export { describeEvent, type DescribeOptions } from './event-text.ts';

/**
 * The events of a traced card (`traceCard`): typed records, discriminated on `kind` (and
 * on `reason` for stops and resumes). Money is in the scenario's currency; day indexes
 * count from the scenario's start (0). The sentence a person reads is `describeEvent`'s.
 */
export type TraceEvent =
  | RenewalEvent | StopEvent | ResumeEvent | RefusedEvent | InvoiceEvent | PaymentEvent | RetentionEvent
  | CancellationEvent | ReplacementEvent | RunawayEvent | AlertEvent | AddonEvent | ThrottleEvent | ImportedEvent | OpeningEvent | ActionEvent
  | PreServiceEvent | TestEndEvent | ActivationEvent | RestartCancelledEvent;
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
  /** Day index on which the new term ends (it may lie past the horizon); null: past the last day index the engine counts (fleet.ts NEVER). */
  expires: number | null;
  /** The card was expired and is online again (or, with `stillStopped`, its expiry stop lifted). */
  resumes: boolean;
  /** The expiry stop lifted, but another stop reason still holds (stopped by hand, in arrears, over quota). */
  stillStopped?: true;
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
  /** The usage at which the plan stops the card, MB: the allowance, or the plan's stop threshold (a % of it, or the overage cap). */
  stopMB: number;
  /** Set when the plan's allowance runs with its term (`quotaPer: term`), not the billing cycle. */
  term?: true;
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
  /** Day index on which the grace ends and the number is cancelled (it may lie past the horizon); null: past the last day index the engine counts (fleet.ts NEVER). */
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

/** A restart planned after a payment is called off: another invoice fell overdue first, so the card stays in arrears (docs/rules.md, Billing and arrears). */
export interface RestartCancelledEvent extends EventTime {
  kind: 'restartCancelled';
  /** Day index the restart was planned for. */
  plannedFor: number;
}

/** A monthly number-retention fee while expired. */
export interface RetentionEvent extends EventTime {
  kind: 'retention';
  /** The fee. */
  amount: number;
  /** Charged while the card is stopped by hand, in place of the cycle's monthly fee (`manualStopFee: retention`; absent: while expired). */
  stopped?: true;
}

/** The grace is over: the number is cancelled for good. */
export interface CancellationEvent extends EventTime {
  kind: 'cancellation';
  /** Months of grace after expiry. */
  graceMonths: number;
  /** Day index on which a replacement goes live (it may lie past the horizon); null: past the last day index the engine counts; undefined: cards are not replaced. */
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
  /** Set when the plan's allowance runs with its term (`quotaPer: term`): the throttle lasts until a renewal brings the next term's quota. */
  term?: true;
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
  /** Day index of the plan's expiry (negative: before the start; it may lie past the horizon); null: past the last day index the engine counts; undefined: no expiry in the export. */
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
  /** An imported card's identifier (ICCID), as the `imported` event gives it; absent for a generated card. */
  id?: string;
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
