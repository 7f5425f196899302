/** The reference model's card: one plain object per card, readable state only. */
import type { Cohort, Payer, Plan, Profile } from '../../engine/config.ts';
import { DOWNTIME_REASONS, type DowntimeReason } from '../../engine/metrics.ts';
import type { RefPre } from './preservice.ts';

/** A stop reason or cancelled: the catalog's card states but online. */
export type Flag = Exclude<DowntimeReason, 'throttled'>;

/** Downtime reasons of a stopped card by precedence (docs/rules.md, Downtime and availability). */
export const PRECEDENCE: readonly Flag[] = DOWNTIME_REASONS.filter((r): r is Flag => r !== 'throttled');

export interface Invoice {
  issued: number;
  /** Day the payer pays; null: forgotten (paid only after the arrears stop). */
  payDay: number | null;
  /** Day it becomes overdue; null once that has happened. */
  overdueDay: number | null;
}

export interface Pool {
  members: RefCard[];
  allowance: number;
  used: number;
}

export interface RefEvent {
  day: number;
  kind: string;
  detail: string;
}

export interface RefCard {
  /** Global card index (draw key). */
  g: number;
  /** The cohort's global card range [c0, c1) (stratified draws). */
  c0: number;
  c1: number;
  /** Terms begun before the current one (renewals, replacements): the renewal draws' index. */
  term: number;
  /** Runaway faults begun (up to 255): the next fault's draws' index. */
  runs: number;
  cohort: Cohort;
  plan: Plan;
  profile: Profile;
  payer: Payer;
  pool: Pool | null;
  noise: number[];
  mean: number;

  flags: Set<Flag>;
  /** The manual stop came from the idle policy. */
  idleStopped: boolean;

  // Usage this cycle.
  used: number;
  packs: number;
  packDay: number | null;
  cutDay: number | null;

  // Billing.
  /** Postpaid charges accrued this cycle. */
  charged: boolean;
  /** The cycle's fee was charged this cycle: the monthly fee (or, with daily proration, a share of it), or the retention fee in its place (`manualStopFee: retention`). */
  feePaid: boolean;
  /** With `rules.feeProration: daily`: the fee of the cycle under way is charged for the days before this day index. */
  feeUntil: number;
  invoices: Invoice[];
  restartDay: number | null;

  // Term.
  expiry: number | null;
  lastRenewal: number;
  renewDay: number | null;
  retentionDays: number[];
  cancelDay: number | null;
  replaceDay: number | null;

  // Device.
  nextOnset: number | null;
  runEnd: number | null;
  mult: number;

  /** Before service (test or silent period); null: in service. */
  pre: RefPre | null;
  /** The device asks for data from this day on. */
  deployDay: number;

  /** Downtime card-days over the horizon, accumulated in 32-bit floats. */
  down: number;
  events: RefEvent[];
}

export function isOnline(c: RefCard): boolean {
  return c.flags.size === 0;
}

export function reasonOf(c: RefCard): Flag {
  return PRECEDENCE.find((f) => c.flags.has(f))!;
}
