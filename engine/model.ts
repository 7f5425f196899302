import type { ArmConfig, ImportedCards, Opening, Policies, Renewal, Rules } from './config.ts';
import { makeCalendar, type Calendar } from './calendar.ts';
import { compileDist, type Sampler } from './dist.ts';
import { openingTables, type OpeningTables } from './opening.ts';
import { compileActions, type ActionTable } from './actions.ts';
import type { PreServiceRange } from './preservice.ts';
import { batchDays, boundaryDays, dayWorkOf, feeCycles, nextBoundaries, noiseDayKeys } from './model-days.ts';
import { checkIndexes, cohortRanges, invoiceTables, planTables, profileTables } from './model-tables.ts';

export { W_CYCLE, W_IDLE, W_BATCH, W_ACTIONS } from './model-days.ts';
export { poolAround } from './model-tables.ts';

export interface CohortRange {
  /** First card (global index) and one past the last. */
  start: number;
  end: number;
  plan: number;
  profile: number;
  payer: number;
  /** Pool boundaries (global card indexes: pool k is [pools[k], pools[k+1])), or null for individual cards. */
  pools: number[] | null;
  termStart: 'spread' | 'fresh';
  /** Imported day-0 state, or null. */
  cards: ImportedCards | null;
  /** How generated cards stand on day 0 (docs/rules.md, "In-service opening"). */
  opening: Opening;
  /** Index of the cohort's renewal policy in Model.renewals. */
  renewal: number;
  /** Pre-service settings of the cohort's cards (preservice.ts), or null: in service from day 0. */
  preService: PreServiceRange | null;
}

/**
 * One arm compiled into flat tables indexed by plan, profile or day, so the
 * kernel reads numbers, never walks config objects. Built once per arm.
 */
export interface Model extends OpeningTables {
  cal: Calendar;
  days: number;
  months: number;
  cards: number;
  // Plans, by plan index.
  quota: Float64Array;
  monthlyFee: Float64Array;
  /** Term in months; 0 = no expiry. */
  termMonths: Int32Array;
  termPrice: Float64Array;
  autoStop: Uint8Array;
  overagePerMB: Float64Array;
  /** MB a day served past the allowance on a throttled plan; -1: not throttled. */
  throttleMB: Float64Array;
  /** The stop level as a fraction of the allowance (1 for auto-stop; Infinity: none). See usage.ts stopLevel. */
  stopFrac: Float64Array;
  /** The stop level as MB past the allowance (the overage cap ÷ the MB price; Infinity: none). */
  stopOverMB: Float64Array;
  /** 1: the quota covers the whole term (quotaPer: term), not each cycle. */
  termQuota: Uint8Array;
  addonMB: Float64Array;
  addonPrice: Float64Array;
  // Profiles, by profile index.
  /** Mean daily demand, MB (compiled). */
  meanDist: Sampler[];
  /** profile × TABLE_SIZE noise quantiles. */
  noise: Float64Array;
  /** profile × day demand factor (weekly pattern or trace, 0 in idle months). */
  dayFactor: Float64Array;
  /** profile × day additive MB (firmware updates). */
  dayAdd: Float64Array;
  /** profile × (day + 1): the first day ≥ d with firmware MB (dayAdd ≠ 0), or days; the kernel's lean loop runs up to it. */
  nextAdd: Int32Array;
  /** 1 for a profile whose day factor is 1 on every day (no weekly pattern, trace or idle month). */
  flatFactor: Uint8Array;
  /** The profile's least noise quantile and least day factor (0 if any is NaN): a card whose mean × both is above 0 has demand above 0 every day (rounding is monotone), so the kernel's lean loops need not test it. */
  noiseMin: Float64Array;
  factorMin: Float64Array;
  runaway: (RunawayDraws | null)[];
  /** profile × 13: 1 if calendar month m (1–12) is idle. */
  idle: Uint8Array;
  payers: PayerDraws[];
  /**
   * By payer, the thresholds of an invoice's quick exit (billing.ts issueInvoice, strata.ts
   * mayDrawPast): the miss chance, and the payment draw's quiet limit (quiet.ts quietBelow; for
   * a fixed delay, which is not drawn, 1 when it is quiet, else −1).
   */
  invoiceMiss: Float64Array;
  invoiceQuiet: Float64Array;
  /** By payer: the payment draws up to which an invoice is paid before it falls due and before the next cycle (quiet.ts quietBelow; −1: decided by sampling). */
  quietPay: Float64Array;
  /** Billing cycles in the horizon: every invoice's index (cal.cycle) is below it. */
  cycles: number;
  cohorts: CohortRange[];
  policies: Policies;
  rules: Rules;
  /**
   * With `rules.feeProration: daily`, by day index: the day index the billing cycle holding that day
   * ends on (the next anchor day, maybe past the horizon) and the share of the monthly fee one day
   * of that cycle is (1 ÷ its days); null without proration.
   */
  feeCycle: { end: Int32Array; perDay: Float64Array } | null;
  /** `rules.manualStopFee: retention`: a card stopped by hand at its cycle start pays the retention fee instead of a monthly fee (billing.ts cycleFee). */
  stopRetention: boolean;
  /** Renewal policies: 0 is the scenario's, then cohorts' own distinct ones (equal policies share an index). */
  renewals: Renewal[];
  /** By renewal index: a manual policy's renewal lag (compiled), null for other kinds. */
  renewLag: (Sampler | null)[];
  /** The alert policy's reaction delay (compiled), or null: no alerts. */
  alertReaction: Sampler | null;
  /** 1 on a batch-renewal day of any renewal policy. */
  batchDay: Uint8Array;
  /** Operator actions by day (engine/actions.ts). */
  actions: ActionTable;
  /** 1 on days with whole-fleet work or a new period: cycle start, period start, idle-policy month start, batch day, action day. */
  boundary: Uint8Array;
  /** By day: the whole-fleet work of a boundary day (day-work.ts boundary), W_* bits; 0: none. */
  dayWork: Uint8Array;
  /** nextBoundary[d]: the first boundary day ≥ d (days at the end). Length days + 1. */
  nextBoundary: Int32Array;
  /** Hash half of the daily-noise draw of each day (rng.ts dayKey(d, noise)). */
  noiseDayKey: Int32Array;
  /** noiseDayKey[d] ^ (noiseDayKey[d] >>> 16): the day's half of mix32's first step, which distributes over XOR (kernel.ts day loops). */
  noiseDayMix: Int32Array;
  downtimeCostPerCardDay: number;
}

/** A payer (config.ts Payer) with its distributions compiled (dist.ts Sampler). */
export interface PayerDraws {
  missChance: number;
  delayDays: Sampler;
  afterStopDays: Sampler;
}

/** A profile's runaway faults (config.ts RunawaySpec) with the distributions compiled. */
export interface RunawayDraws {
  dailyHazard: number;
  factor: Sampler;
  durationDays: Sampler;
}

/** Compiles one arm: its calendar, then plan, profile and cohort tables, then the fleet's boundary days. */
export function compileArm(arm: ArmConfig): Model {
  const cal = makeCalendar(arm.start, arm.months, arm.rules.cycleAnchorDay);
  const { cohorts, renewals, cards } = cohortRanges(arm, cal);
  checkIndexes(arm, renewals.length);
  const batchDay = batchDays(cal, renewals);
  const boundary = boundaryDays(cal, batchDay, arm.policies.idleStop);
  const actions = compileActions(arm, cohorts, cards, cal.days);
  for (let d = 0; d < cal.days; d++) if (actions.byDay[d] !== null) boundary[d] = 1;
  const noiseDayKey = noiseDayKeys(cal.days);
  const payers = arm.payers.map((p) => ({ missChance: p.missChance, delayDays: compileDist(p.delayDays), afterStopDays: compileDist(p.afterStopDays) }));
  return {
    cal, days: cal.days, months: cal.months, cards,
    ...planTables(arm),
    ...profileTables(arm, cal),
    payers,
    ...invoiceTables(arm, cal, payers),
    cohorts, policies: arm.policies, rules: arm.rules, feeCycle: arm.rules.feeProration === 'daily' ? feeCycles(cal, arm.rules.cycleAnchorDay) : null,
    stopRetention: arm.rules.manualStopFee === 'retention', renewals, batchDay,
    renewLag: renewals.map((r) => (r.kind === 'manual' ? compileDist(r.lagDays) : null)),
    alertReaction: arm.policies.alerts ? compileDist(arm.policies.alerts.reactionDays) : null,
    actions, boundary, dayWork: dayWorkOf(cal, batchDay, arm.policies.idleStop, actions), nextBoundary: nextBoundaries(boundary), noiseDayKey, noiseDayMix: noiseDayKey.map((k) => k ^ (k >>> 16)),
    downtimeCostPerCardDay: arm.downtimeCostPerCardDay,
    ...openingTables(arm, cal),
  };
}
