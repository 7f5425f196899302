import { EXPIRED } from './metrics.ts';

/**
 * Bits of `bits` (a card's stop flags are in the catalog, metrics.ts): charges accrued this
 * cycle (an invoice is due at the next cycle start); fee charged this cycle; the manual stop
 * came from the idle policy; the device is runaway; the card was imported mid-cycle; an open
 * invoice was forgotten by the payer; the card was throttled this cycle (for its trace); the card
 * starts the run before service (preservice.ts).
 */
export const CHARGED = 1, FEE = 2, IDLE = 4, RUNAWAY = 8, IMPORTED = 16, FORGOT = 32, THROTTLED = 64, PRE = 128;
/** Cards in one arm: 2^31 − 1, so a card's index is a signed 32-bit integer and keys its own draws (rng.ts cardKey). */
export const MAX_CARDS = 2147483647;
/** Entries of a table a card refers to by a one-byte index (plans, profiles, payers, renewal policies), and add-on packs per cycle. */
export const MAX_BYTE_INDEX = 255;
/** "No event": the largest Int16. Day indexes are < 32767 (horizon ≤ 600 months is checked at load). */
export const NEVER = 32767;

/**
 * The state of a block of cards as typed columns (structure of arrays), sized
 * once. 64 bytes per card. Card `i` of the block is global card `first + i`.
 *
 * The next event day `ev` is kept as the columns change, not rescanned on every event day
 * (issue 17). The event columns fall in two groups: the common ones, which most cards' event
 * days are made of (runAt, expiry, renew, pay, due, react), and the rare ones (replace,
 * retNext, cancel: expired and cancelled cards; alert, qstop: add-on orders and lagged
 * stops), whose earliest day is kept in `rare`. At every slow step of the kernel, `rare` is
 * the earliest rare column and `ev` the earliest event day, exactly as `next` computes them
 * (test/engine/next-event.test.ts checks it). The rules that keep them so:
 * - a write that brings a rare column earlier calls `lowerRare`;
 * - a write that clears a rare column (sets it later) calls `nextRare` or `next`, or sets
 *   `rare` itself (lifecycle.ts cancel, which clears all but the replacement), or lies on a
 *   path that ends with `next` (the rare branch of day-work.ts events, card-init.ts init, actions);
 * - a write that brings a common column earlier lowers `ev` (billing.ts issueInvoice), or
 *   lies on a path that ends with `next` or day-work.ts events (which sets `ev` from the
 *   common columns and `rare`).
 */
export class Fleet {
  readonly size: number;
  readonly first: number;
  flags: Uint8Array;
  bits: Uint8Array;
  plan: Uint8Array;
  profile: Uint8Array;
  payer: Uint8Array;
  /** Renewal policy (index in Model.renewals). */
  renewal: Uint8Array;
  /** Add-on packs bought this cycle. */
  addons: Uint8Array;
  /** Runaway faults begun (255: 255 or more): keys the next fault's draws (usage.ts; from the 256th on they are keyed on the day). */
  runs: Uint8Array;
  /** The card's half of its draws' hash (rng.ts cardKey), set once at init. */
  key: Int32Array;
  /** Mean daily demand, MB. */
  mean: Float64Array;
  /** Usage counted against this cycle's allowance, MB. */
  used: Float64Array;
  /** Demand multiplier: 1, or the runaway factor while runaway. Float32. */
  mult: Float32Array;
  /** Downtime card-days of this card over the horizon. Float32. */
  down: Float32Array;
  /** Terms begun before the current one (renewals and replacements): keys the term's renewal draws (strata.ts). */
  term: Uint16Array;
  // Event days (day index, NEVER when none). `ev` is the earliest of them; `rare` the earliest
  // of replace, retNext, cancel, alert and qstop (see the class's comment).
  ev: Int16Array;
  rare: Int16Array;
  runAt: Int16Array;
  expiry: Int16Array;
  renew: Int16Array;
  retNext: Int16Array;
  cancel: Int16Array;
  pay: Int16Array;
  due: Int16Array;
  react: Int16Array;
  alert: Int16Array;
  qstop: Int16Array;
  replace: Int16Array;
  /** Test hook, null in runs: called at every slow step of a lone card (kernel.ts runCard) and after every day-work.ts events(), with the card and day. */
  audit: ((i: number, d: number) => void) | null = null;

  constructor(first: number, size: number) {
    this.first = first;
    this.size = size;
    // One buffer for all the columns, widest first (each view starts aligned to its element size): one allocation per block, not 27.
    const buf = new ArrayBuffer(size * BYTES_PER_CARD);
    let at = 0;
    const take = <T>(make: (b: ArrayBuffer, at: number, n: number) => T, bytes: number): T => {
      const v = make(buf, at, size);
      at += size * bytes;
      return v;
    };
    const f64 = () => take((b, o, n) => new Float64Array(b, o, n), 8);
    const f32 = () => take((b, o, n) => new Float32Array(b, o, n), 4);
    const days = () => take((b, o, n) => new Int16Array(b, o, n).fill(NEVER), 2);
    const u8 = () => take((b, o, n) => new Uint8Array(b, o, n), 1);
    this.mean = f64();
    this.used = f64();
    this.key = take((b, o, n) => new Int32Array(b, o, n), 4);
    this.mult = f32().fill(1);
    this.down = f32();
    this.term = take((b, o, n) => new Uint16Array(b, o, n), 2);
    this.ev = days();
    this.rare = days();
    this.runAt = days();
    this.expiry = days();
    this.renew = days();
    this.retNext = days();
    this.cancel = days();
    this.pay = days();
    this.due = days();
    this.react = days();
    this.alert = days();
    this.qstop = days();
    this.replace = days();
    this.flags = u8();
    this.bits = u8();
    this.plan = u8();
    this.profile = u8();
    this.payer = u8();
    this.renewal = u8();
    this.addons = u8();
    this.runs = u8();
  }

  /** Recomputes the card's earliest rare event day and its next event day from every event column. */
  next(i: number): void {
    this.nextRare(i);
    this.nextCommon(i);
  }

  /** Recomputes the card's earliest rare event day (`ev` is left to the caller: `next`, or day-work.ts events). */
  nextRare(i: number): void {
    let r = this.replace[i];
    if (this.retNext[i] < r) r = this.retNext[i];
    if (this.cancel[i] < r) r = this.cancel[i];
    if (this.alert[i] < r) r = this.alert[i];
    if (this.qstop[i] < r) r = this.qstop[i];
    this.rare[i] = r;
  }

  /** Sets the card's next event day from the common columns and `rare` (which must be current). */
  nextCommon(i: number): void {
    let e = this.rare[i];
    if (this.runAt[i] < e) e = this.runAt[i];
    if (this.expiry[i] < e && !(this.flags[i] & EXPIRED)) e = this.expiry[i];
    if (this.renew[i] < e) e = this.renew[i];
    if (this.pay[i] < e) e = this.pay[i];
    if (this.due[i] < e) e = this.due[i];
    if (this.react[i] < e) e = this.react[i];
    this.ev[i] = e;
  }

  /** A rare column of the card was set to day `d`: the earliest rare day and the next event day come down to it if later. */
  lowerRare(i: number, d: number): void {
    if (d < this.rare[i]) {
      this.rare[i] = d;
      if (d < this.ev[i]) this.ev[i] = d;
    }
  }
}

/** Bytes of fleet state per card (the columns above). */
export const BYTES_PER_CARD = 8 * 1 + 2 * 8 + 3 * 4 + 14 * 2;
