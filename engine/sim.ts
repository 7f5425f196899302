import type { Model } from './model.ts';
import { Fleet, NEVER } from './fleet.ts';
import { layout, type Layout } from './layout.ts';
import { addMonthsAt, formatDate } from './calendar.ts';
import { replicationKey } from './rng.ts';
import type { NewEvent, TraceEvent } from './events.ts';
import { NO_PLAN } from './actions.ts';
import { StrataCache } from './strata-cache.ts';

/** How a simulation draws: its seed, and whether per-card draws are stratified across each cohort (engine/strata.ts). */
export interface Draws {
  seed: string;
  /** [default: true] */
  stratify: boolean;
}

export interface Segment {
  /** Local card range in the block. */
  start: number;
  end: number;
  /** Pool boundaries in local indexes (pool k is [pools[k], pools[k+1])), or null: individual cards. */
  pools: number[] | null;
  /** Index of this segment's first pool in the block's pool arrays. */
  poolBase: number;
}

/**
 * A simulation of one block of cards under one arm and replication: the fleet
 * columns, scratch owned by this instance (no allocation while stepping), and
 * the block's result accumulator.
 */
export class Sim {
  readonly model: Model;
  readonly fleet: Fleet;
  readonly key: number;
  /** Per-card draws stratified across each cohort (engine/strata.ts). */
  readonly stratify: boolean;
  readonly L: Layout;
  /** The block result (see layout.ts). */
  readonly acc: Float64Array;
  readonly segments: Segment[];
  /** Usage of each pool this cycle, MB. */
  readonly poolUsed: Float64Array;
  /** Per-card scratch for pooled days: demand, and flags at the start of the day. */
  readonly scratchDemand: Float64Array;
  readonly scratchFlags: Uint8Array;
  /** Per card: the plan a requested plan change moves it to at the next cycle start (actions.ts NO_PLAN: none); null when the arm changes no plans. */
  readonly nextPlan: Uint8Array | null;
  /** Period (month of the horizon) of the day being stepped. */
  period = 0;
  /** Scratch of stratified per-card draws (strata.ts cardDraw): the caller's, shared by Sims run one after another, or its own. */
  readonly strata: StrataCache;
  /** The traced card's events, and its money for their amounts: charges since its last invoice, and its unpaid invoices' total (NaN: it includes a balance from before the start that the run does not know). */
  readonly log: { card: number; events: TraceEvent[]; billed: number; owed: number } | null;

  constructor(model: Model, draws: Draws, replication: number, first: number, size: number, traceCard: number | null = null, strata = new StrataCache()) {
    this.model = model;
    this.fleet = new Fleet(first, size);
    this.key = replicationKey(draws.seed, replication);
    this.stratify = draws.stratify;
    this.strata = strata;
    strata.bind(model, this.key);
    this.L = layout(model.months);
    this.acc = new Float64Array(this.L.length);
    this.segments = [];
    let pools = 0;
    for (const c of model.cohorts) {
      const a = Math.max(c.start, first), b = Math.min(c.end, first + size);
      if (a >= b) continue;
      let local: number[] | null = null;
      if (c.pools) {
        // The pools inside this block (blocks never split a pool; a trace block is exactly one pool).
        local = [a - first];
        for (const x of c.pools) if (x > a && x < b) local.push(x - first);
        local.push(b - first);
      }
      this.segments.push({ start: a - first, end: b - first, pools: local, poolBase: pools });
      if (local) pools += local.length - 1;
    }
    this.poolUsed = new Float64Array(pools);
    const pooled = this.segments.some((s) => s.pools !== null);
    this.scratchDemand = new Float64Array(pooled ? size : 0);
    this.scratchFlags = new Uint8Array(pooled ? size : 0);
    this.nextPlan = model.actions.planChanges ? new Uint8Array(size).fill(NO_PLAN) : null;
    this.log = traceCard === null ? null : { card: traceCard, events: [], billed: 0, owed: 0 };
  }

  /** The day index `n` months after day index `d`, capped below the sentinels. */
  addMonths(d: number, n: number): number {
    const r = addMonthsAt(this.model.cal, d, n);
    return r > NEVER - 2 ? NEVER - 2 : r;
  }

  /** Adds to a cost category in the current period. */
  cost(cat: number, amount: number): void {
    this.acc[this.L.cost + cat * this.L.months + this.period] += amount;
  }

  /** Notes a charge to card `i` that its next invoice bills (the invoice event's amount), when it is the traced card. */
  billed(i: number, amount: number): void {
    if (this.log !== null && this.fleet.first + i === this.log.card) this.log.billed += amount;
  }

  /** Adds to the traced card's unpaid balance (an invoice from before the start; NaN: an amount the run does not know). */
  owe(i: number, amount: number): void {
    if (this.log !== null && this.fleet.first + i === this.log.card) this.log.owed += amount;
  }

  /** An invoice of card `i` is issued: its amount, the charges since the last one, now owed (0 for a card not traced). */
  invoiced(i: number): number {
    if (this.log === null || this.fleet.first + i !== this.log.card) return 0;
    const amount = this.log.billed;
    this.log.billed = 0;
    this.log.owed += amount;
    return amount;
  }

  /** Card `i` pays its whole balance: the amount paid, or null where it includes a balance from before the start the run does not know. */
  paid(i: number): number | null {
    if (this.log === null || this.fleet.first + i !== this.log.card) return 0;
    const amount = this.log.owed;
    this.log.owed = 0;
    return Number.isNaN(amount) ? null : amount;
  }

  /**
   * Card `i`'s number is cancelled: its open invoices and the charges not yet invoiced go with it
   * (no invoice follows, no payment comes). The amount dropped, null where it includes a balance from
   * before the start the run does not know (0 for a card not traced).
   */
  dropBalance(i: number): number | null {
    if (this.log === null || this.fleet.first + i !== this.log.card) return 0;
    const amount = this.log.owed + this.log.billed;
    this.log.owed = this.log.billed = 0;
    return Number.isNaN(amount) ? null : amount;
  }

  /** Records an event of card `i` when it is the traced card. Call it under `if (s.log)`: building the event allocates. */
  event(i: number, e: NewEvent): void {
    if (this.log !== null && this.fleet.first + i === this.log.card) {
      this.log.events.push(Object.assign({ day: e.day, date: formatDate(this.model.cal.start + e.day) }, e) as TraceEvent);
    }
  }
}

/** Caps a computed day below the sentinels. */
export function capDay(d: number): number {
  return d > NEVER - 2 ? NEVER - 2 : d;
}
