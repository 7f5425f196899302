import type { StopReason } from './statuses.ts';

/** One card of the canonical fleet CSV (README, "Importing a fleet"). */
export interface FleetCard {
  /** 19 or 20 digits, as text. */
  iccid: string;
  /** '' when the export has none. */
  msisdn: string;
  status: 'online' | 'stopped' | 'cancelled';
  /** Why a stopped card is stopped; empty for online and cancelled cards. */
  stopReasons: StopReason[];
  /** The export's rate plan (资费组) as written; scenarios map it to their plans. '' when absent. */
  plan: string;
  /** Pool (流量池) id; '' = not pooled. */
  pool: string;
  activationDate: string | null;
  /** Plan term end `YYYY-MM-DD`; null: no term. */
  expiryDate: string | null;
  /** Usage counted in the current billing cycle, MB. */
  usedMBThisCycle: number;
  quotaMB: number | null;
  thresholdMB: number | null;
  autoRenew: boolean | null;
  /** Calibrated mean daily MB of this card; null: drawn from the profile. */
  meanDailyMB: number | null;
  /** Months of usage history behind meanDailyMB (0: none). */
  historyMonths: number;
  /** The export's status text as written. */
  statusRaw: string;
  /** Line of the export the card came from (1-based, the header is line 1). */
  line: number;
}
