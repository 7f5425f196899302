/**
 * The engine's input: one arm of a scenario, validated and with every default
 * filled in. `scenarios/` turns a YAML/JSON file into these; the engine trusts
 * them (validation lives at the edge, never in the kernel).
 */

/** A probability distribution of a real quantity. Sampled by inverse transform from one uniform draw. */
export type Dist =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  /** log X ~ N(log median, spread²). */
  | { kind: 'lognormal'; median: number; spread: number }
  /** Discrete values with weights (weights need not sum to 1). */
  | { kind: 'empirical'; values: number[]; weights: number[] }
  /** A weighted mixture, e.g. pays on time 80 %, else uniform 5–40 days late. */
  | { kind: 'mixture'; weights: number[]; parts: Dist[] };

export interface Plan {
  name: string;
  /** Data included per billing cycle, MB. */
  quotaMB: number;
  /** Postpaid fee per billing cycle (0 for a pure prepaid plan). Invoiced monthly. */
  monthlyFee: number;
  /** Prepaid term: validity in months (1–120) and its price; null: no expiry. */
  term: { months: number; price: number } | null;
  /**
   * What `quotaMB` covers: each billing cycle ('cycle'), or the whole term ('term': a long or
   * lifetime bundle; usage is not reset at cycle starts, a renewal adds a term's quota). [default: 'cycle']
   */
  quotaPer: 'cycle' | 'term';
  /** Automatic over-quota stop (自动超停), opted into per plan. [default: false] */
  autoStop: boolean;
  /** Price per MB past the allowance when auto-stop is off and the plan is not throttled. [default: 0.29, S15] */
  overagePerMB: number;
  /** Past the allowance, serve at most `dailyMB` a day and no overage (达量限速); null: not throttled. [default: null] */
  throttle: { dailyMB: number } | null;
  /**
   * A stop threshold (停机阈值): stop the card over quota when its usage reaches `pct` % of the
   * allowance, or when the cycle's overage reaches `overageCost`; null (either or both): none. [default: null]
   */
  stopThreshold: { pct: number | null; overageCost: number | null } | null;
  /** Add-on pack (加油包): valid for the current cycle only (a term-quota plan's: for the term). [default: 100 MB for 10] */
  addon: { sizeMB: number; price: number };
}

export interface RunawaySpec {
  /** Daily chance that a healthy device enters runaway mode. */
  dailyHazard: number;
  /** Demand multiplier while runaway. [default: uniform 10–100] */
  factor: Dist;
  /** Days until fixed. [default: uniform 3–14] */
  durationDays: Dist;
}

export interface FirmwareEvent {
  /** Day index (0 = scenario start) of the first day of the update. */
  day: number;
  /** MB per card in all. */
  mb: number;
  /** Spread evenly over this many days. */
  days: number;
}

export interface Profile {
  name: string;
  /** A card's mean daily volume in MB, drawn once per card. constant: fixed; trace: fixed 1 (scale). */
  meanDailyMB: Dist;
  /** Day-to-day multiplicative noise (median about 1). fixed 1 = none. */
  noise: Dist;
  /** Weekday multipliers, Monday first (7 values). */
  weekly: number[];
  /** Calendar months (1–12) with no demand. */
  idleMonths: number[];
  firmware: FirmwareEvent[];
  runaway: RunawaySpec | null;
  /** Replayed daily volumes in MB (cycled); when set, replaces the day factor (weekly pattern). */
  trace: number[] | null;
}

export interface Payer {
  name: string;
  /** Days from invoice to payment. */
  delayDays: Dist;
  /** Chance an invoice is forgotten: then it is paid only after the arrears stop. */
  missChance: number;
  /** For a forgotten invoice: days from the arrears stop to payment. */
  afterStopDays: Dist;
}

export interface Cohort {
  name: string;
  count: number;
  plan: string;
  profile: string;
  payer: string;
  /** Cards share one quota in pools of this many consecutive cards (0: no pool). */
  poolSize: number;
  /** Days of the first term already elapsed at start: 'spread' (uniform over the term, not charged) or 'fresh' (bought on day 0, charged). */
  termStart: 'spread' | 'fresh';
  /** Cards imported from a platform export, starting the run as they are (count = their number); absent for generated cohorts. */
  cards?: ImportedCards | null;
  /** This cohort's renewal policy, instead of `policies.renewal` (e.g. cards set to auto-renew on the platform). [default: none] */
  renewal?: Renewal | null;
  /**
   * How the cards stand on day 0: 'fresh' (a new cycle and an empty balance) or 'inService' (in the
   * cycle under way since the last anchor day, its usage so far replayed, the previous cycle's
   * invoice open): docs/rules.md, "In-service opening". Ignored for imported cards. [default: 'fresh'; absent = 'fresh']
   */
  opening?: Opening;
  /** Cards bought in bulk that start the run before service (test, silent period); absent: in service from day 0. Never on a pooled cohort. */
  preService?: PreService | null;
}

/**
 * Pre-service cards (docs/rules.md, "Pre-service cards"): a free test period, then the silent
 * period until the first day with demand or the forced activation; billing starts at activation.
 */
export interface PreService {
  /** Test period: free data up to `allowanceMB` for at most `days` days from day 0; null: the cards start silent. */
  test: { days: number; allowanceMB: number } | null;
  /**
   * Silent period from day 0. `months` (China Mobile, China Telecom): forced activation on the first
   * 1st of a month on or after start + months [S2, S9]; `days` (China Unicom, 360): on day `days` [S2].
   */
  silent: { unit: 'months' | 'days'; length: number };
  /** Days from day 0 until the device is installed and asks for data (drawn per card, rounded, ≥ 0). [default: 0] */
  deployDays: Dist;
}

/** A cohort's state on day 0 (docs/rules.md, "In-service opening"). */
export type Opening = 'fresh' | 'inService';

/**
 * The state of imported cards on day 0, one entry per card (columns of equal
 * length). Built by the CSV importer; see docs/rules.md, "Imported fleets".
 */
export interface ImportedCards {
  /** Card identifiers (ICCID), for timelines. */
  id: string[];
  /** Stop flags on day 0: manual 1, overQuota 2, arrears 4, expired 8; cancelled 16 alone. */
  flags: number[];
  /** Plan expiry as a day index from start (negative: already passed); null: no term. */
  expiryDay: (number | null)[];
  /** Usage already counted in the current cycle, MB. */
  usedMB: number[];
  /** The card's own mean daily MB (calibrated); null: drawn from the profile. */
  meanDailyMB: (number | null)[];
  /** Pool identifier; cards of a pool are consecutive and share the cohort's plan. null: no pool. Either every card of the cohort has a pool or none. */
  pool: (string | null)[];
  /** Pre-service phase on day 0: 0 in service, 1 test (usedMB is the test data used), 2 silent; absent: all in service. Pre-service cards follow the cohort's `preService`. */
  phase?: number[];
}

export type Renewal =
  | { kind: 'auto' }
  /** lagDays: days from expiry to renewal (negative = early); forgetChance: the term is never renewed. */
  | { kind: 'manual'; lagDays: Dist; forgetChance: number }
  /** On dayOfMonth, renew every card that is expired or expires within coverDays. */
  | { kind: 'batch'; dayOfMonth: number; coverDays: number };

export interface Alerts {
  /** Buy a pack when cycle usage reaches this % of the allowance. */
  thresholdPct: number;
  /** Days from the alert to the pack taking effect (the alert fires at the end of the crossing day). */
  reactionDays: Dist;
  /** At most this many packs per cycle. */
  maxPerCycle: number;
}

export interface Replacement {
  /** Days from cancellation to the new card being live. */
  delayDays: number;
  simCost: number;
  visitCost: number;
}

export interface Policies {
  renewal: Renewal;
  alerts: Alerts | null;
  /** Stop cards by hand for their profile's idle months, resume after. [default: false] */
  idleStop: boolean;
  replacement: Replacement | null;
}

/** Rules where the seed is silent; each a documented default (README, "Defaults"). */
export interface Rules {
  /** Billing cycle starts on this day of the month, 1–28. [default: 1; China Unicom: 27] */
  cycleAnchorDay: number;
  /** Months an expired number is kept before cancellation. [default: 3, seed] */
  graceMonths: number;
  /** Retention fee per month while expired. [default: 5, seed] */
  retentionFeePerMonth: number;
  /** Charge retention per started month (true) or per whole month (false). [default: true] */
  retentionPerStartedMonth: boolean;
  /** New term starts at the old expiry ('expiry', Huawei GSL S9) or on the renewal day. */
  newTermFrom: 'expiry' | 'renewal';
  /** Days from payment to the manual restart taking effect. [default: 1, Huawei 1–2 working days S9] */
  reactivationDelayDays: number;
  /** Days after issue an unpaid invoice stops the card. [default: 14, Kill Bill example ladder S16] */
  arrearsAfterDays: number;
  /** Days between the quota being reached and the cut landing (T+1 data: 1). [default: 0] */
  enforcementLagDays: number;
  /**
   * The monthly fee of a cycle the plan is valid only part of: 'none' (any valid day pays the
   * whole month, AT&T Control Center S25) or 'daily' (the fee × valid days ÷ the cycle's days).
   * [default: 'none'; absent reads as 'none']
   */
  feeProration?: 'none' | 'daily';
  /**
   * What a card stopped by hand pays: 'monthly' (the plan's monthly fee, as if online: seed rule 1
   * stops a card to save data, not fees) or 'retention' (停机保号, domain.md S3: a monthly fee that
   * falls due while the card is stopped by hand is the retention fee instead, whole, and the cycle's
   * fee: none more in that cycle, even after a resume). [default: 'monthly'; absent reads as 'monthly']
   */
  manualStopFee?: 'monthly' | 'retention';
}

/** What an operator action does (docs/rules.md, "Operator actions"). */
export type ActionKind = 'stop' | 'resume' | 'renew' | 'pay' | 'changePlan';

/**
 * A dated operator action: a person stops, resumes, renews, pays for or changes the plan of a
 * selection of cards on given days. The selection is cards `from`..`to` (both included) of a
 * cohort, or of the whole fleet (numbered from 0 in cohort order), each kept with chance `fraction`.
 */
export interface Action {
  do: ActionKind;
  /** Day indexes (0 = start) the action is taken on, ascending, inside the horizon. */
  days: number[];
  /** A cohort's name: cards are numbered inside it; null: the whole fleet. [default: null] */
  cohort: string | null;
  /** First card of the range. [default: 0] */
  from: number;
  /** Last card of the range (included); null: the last card. [default: null] */
  to: number | null;
  /** Chance that a card of the range is selected, by a keyed draw (the same cards in every arm). [default: 1] */
  fraction: number;
  /** Which keyed draw selects the cards: actions with equal `draw` select nested sets (0.3 inside 0.5). [default: 0] */
  draw: number;
  /** changePlan: the new plan's name (effective at the next billing cycle); null for other kinds. */
  plan: string | null;
}

export interface ArmConfig {
  name: string;
  /** Scenario start, UTC, `YYYY-MM-DD`. */
  start: string;
  months: number;
  currency: string;
  /** Business cost of one card-day of downtime. [default: 0] */
  downtimeCostPerCardDay: number;
  plans: Plan[];
  profiles: Profile[];
  payers: Payer[];
  cohorts: Cohort[];
  policies: Policies;
  rules: Rules;
  /** Dated operator actions, in the order they apply within a day. [default: none] */
  actions?: Action[];
}

/** A whole scenario: what every arm shares plus the arms (the first is the baseline). */
export interface ScenarioConfig {
  name: string;
  /** What the scenario answers. */
  question: string;
  seed: string;
  replications: number;
  /**
   * Common random numbers: every arm sees the same draws for the same card, day and
   * replication, so arms are compared paired. false gives each arm its own streams
   * (for measuring what pairing buys). [default: true]
   */
  commonRandomNumbers?: boolean;
  /**
   * Stratified per-card draws: each cohort's cards take their once-per-card draws (mean volume,
   * term spread, first runaway onset, installation day) and their per-term and per-invoice draws
   * from evenly spread cells of the distribution (a Latin hypercube over cards, engine/strata.ts).
   * false draws each card independently. [default: true]
   */
  stratify?: boolean;
  /** Cards per block (jobs are arm × replication × block). [default: 16384] */
  blockSize: number;
  arms: ArmConfig[];
  /** sha256 of the scenario file's canonical JSON, hex. */
  hash: string;
}
