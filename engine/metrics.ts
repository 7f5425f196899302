/**
 * The catalog of what the engine measures: card states and their flag bits, downtime
 * reasons, cost categories, stop counters, and the report's metrics and monthly series, each
 * with its label, unit and display scale. Every face (the CLI's tables, monthly.csv, the
 * page's charts and legends, the importer, the reference model) reads names, bits and labels
 * from here and never writes them again.
 */

// ── card states ──────────────────────────────────────────────────────────────

/** Stop-reason flags of a card (a set) and the terminal cancelled bit. Online ⇔ no bit set. */
export const MANUAL = 1, OVERQUOTA = 2, ARREARS = 4, EXPIRED = 8, CANCELLED = 16;
/** Number of flag combinations (5 bits): the block result counts card-days by combination. */
export const FLAG_COMBINATIONS = 32;
/**
 * A card not yet in service (test or silent period; docs/rules.md, "Pre-service cards"). Not a
 * flag: never set in a card's one-byte flags, its card-days are tallied apart (layout.ts `preService`).
 */
export const PRESERVICE = 256;

/** Why an active card is stopped (docs/rules.md, "Stop reasons"), in flag-bit order. */
export const STOP_REASONS = ['manual', 'overQuota', 'arrears', 'expired'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export type CardState = 'online' | StopReason | 'cancelled' | 'preService';

export interface StateInfo {
  key: CardState;
  /** Its flag bit; 0 for online (no bit set); PRESERVICE, outside the flags, for pre-service. */
  bit: number;
  /** What a person reads, in every face. */
  label: string;
}

/** Card states, online first: the order of the monthly series and of stacked charts (bottom to top). */
export const STATES: readonly StateInfo[] = [
  { key: 'online', bit: 0, label: 'online' },
  { key: 'manual', bit: MANUAL, label: 'manual stop' },
  { key: 'overQuota', bit: OVERQUOTA, label: 'over quota' },
  { key: 'arrears', bit: ARREARS, label: 'arrears' },
  { key: 'expired', bit: EXPIRED, label: 'expired' },
  { key: 'cancelled', bit: CANCELLED, label: 'cancelled' },
  { key: 'preService', bit: PRESERVICE, label: 'pre-service' },
];

/** A state by key. */
export const STATE = Object.fromEntries(STATES.map((s) => [s.key, s])) as Readonly<Record<CardState, StateInfo>>;

/** The flags of a set of stop reasons. */
export function flagsOf(reasons: readonly StopReason[]): number {
  let f = 0;
  for (const r of reasons) f |= STATE[r].bit;
  return f;
}

/** The stop reasons set in `flags`, in flag-bit order. */
export function reasonsOf(flags: number): StopReason[] {
  return STOP_REASONS.filter((r) => (flags & STATE[r].bit) !== 0);
}

/** Whether a value is a stop reason's name (only the names above, never an inherited property). */
export function isStopReason(value: unknown): value is StopReason {
  return (STOP_REASONS as readonly unknown[]).includes(value);
}

/**
 * Downtime reasons in precedence order (docs/rules.md): a down card-day counts for the first that
 * holds. The card states, then `throttled`: an online card slowed past its allowance (达量限速)
 * whose demand is partly not served; it is no stop, so it has no flag bit and never meets another reason.
 */
export const DOWNTIME_REASONS = ['cancelled', 'expired', 'arrears', 'overQuota', 'manual', 'throttled'] as const satisfies readonly (CardState | 'throttled')[];
export type DowntimeReason = (typeof DOWNTIME_REASONS)[number];

/** What a person reads for a downtime reason, in every face. */
export function downtimeLabel(reason: DowntimeReason): string {
  return reason === 'throttled' ? 'throttled' : STATE[reason].label;
}

// ── what the kernel accrues ─────────────────────────────────────────────────

/** Cost categories the engine accrues (the downtime cost is derived from downtime in the report). */
export const COST_CATEGORIES = ['plan', 'overage', 'addon', 'retention', 'replacement'] as const;
/** Stop counters: accepted stops by reason, and refused manual stop requests. */
export const STOP_COUNTERS = ['manual', 'overQuota', 'arrears', 'expired', 'manualRefused'] as const;

// ── the report's metrics ────────────────────────────────────────────────────

/** Metric names, in the report's order (README, "The report"). */
export const METRICS = [
  'cost.total',
  'cost.plan',
  'cost.overage',
  'cost.addon',
  'cost.retention',
  'cost.replacement',
  'cost.downtime',
  'downtime.cardDays',
  'downtime.cardDays.cancelled',
  'downtime.cardDays.expired',
  'downtime.cardDays.arrears',
  'downtime.cardDays.overQuota',
  'downtime.cardDays.manual',
  'downtime.cardDays.throttled',
  'availability',
  'usageMB',
  'unservedMB',
  'stops.manual',
  'stops.overQuota',
  'stops.arrears',
  'stops.expired',
  'stops.manualRefused',
  'cancelled',
  'replaced',
] as const;
export type MetricName = (typeof METRICS)[number];

/** The unit of a figure: `currency` is the scenario's (`report.scenario.currency`). */
export type Unit = 'currency' | 'card-days' | 'fraction' | 'MB' | 'stops' | 'cards';
export type MetricGroup = 'cost' | 'downtime' | 'availability' | 'data' | 'stops' | 'cards';

export interface MetricInfo {
  name: MetricName;
  group: MetricGroup;
  /** Standalone label, unique among metrics: `plan fees`, `downtime: over quota`. */
  label: string;
  /** Label under its group's heading (`total` under Cost, `over quota` under Downtime). [default: label] */
  short: string;
  unit: Unit;
  /** Shown multiplied by this (availability: 100, as %). */
  scale: number;
  /** A whole count per replication (stops, cards), not an amount. */
  count: boolean;
}

export interface GroupInfo {
  /** Heading, e.g. `Cost`; its unit follows in brackets where the group has one. */
  label: string;
  unit: Unit | null;
}

export const GROUPS: Readonly<Record<MetricGroup, GroupInfo>> = {
  cost: { label: 'Cost', unit: 'currency' },
  downtime: { label: 'Downtime', unit: 'card-days' },
  availability: { label: 'Availability', unit: 'fraction' },
  data: { label: 'Data', unit: 'MB' },
  stops: { label: 'Stops', unit: null },
  cards: { label: 'Cards', unit: null },
};

type Row = [MetricName, MetricGroup, string, Unit, Partial<Pick<MetricInfo, 'short' | 'scale' | 'count'>>?];
const down = (r: DowntimeReason): Row => [`downtime.cardDays.${r}`, 'downtime', `downtime: ${downtimeLabel(r)}`, 'card-days', { short: downtimeLabel(r) }];
const stops = (r: StopReason): Row => [`stops.${r}`, 'stops', `stops: ${STATE[r].label}`, 'stops', { short: STATE[r].label, count: true }];

/** Every metric's label, unit and scale, by name. */
export const METRIC = Object.fromEntries(
  ([
    ['cost.total', 'cost', 'total cost', 'currency', { short: 'total' }],
    ['cost.plan', 'cost', 'plan fees', 'currency'],
    ['cost.overage', 'cost', 'overage', 'currency'],
    ['cost.addon', 'cost', 'add-on packs', 'currency'],
    ['cost.retention', 'cost', 'retention', 'currency'],
    ['cost.replacement', 'cost', 'replacement', 'currency'],
    ['cost.downtime', 'cost', 'downtime (valued)', 'currency'],
    ['downtime.cardDays', 'downtime', 'downtime', 'card-days', { short: 'total' }],
    ...DOWNTIME_REASONS.map(down),
    ['availability', 'availability', 'availability', 'fraction', { scale: 100 }],
    ['usageMB', 'data', 'data served', 'MB', { short: 'served' }],
    ['unservedMB', 'data', 'data not served', 'MB', { short: 'not served' }],
    ...STOP_REASONS.map(stops),
    ['stops.manualRefused', 'stops', 'manual stop requests refused', 'stops', { short: 'manual refused', count: true }],
    ['cancelled', 'cards', 'cards cancelled', 'cards', { short: 'cancelled', count: true }],
    ['replaced', 'cards', 'cards replaced', 'cards', { short: 'replaced', count: true }],
  ] as Row[]).map(([name, group, label, unit, extra]): [MetricName, MetricInfo] => [name, { name, group, label, short: label, unit, scale: 1, count: false, ...extra }]),
) as Readonly<Record<MetricName, MetricInfo>>;

/** The downtime metric of a reason: `downtime.cardDays.overQuota`. */
export function downtimeMetric(reason: DowntimeReason): MetricName {
  return `downtime.cardDays.${reason}`;
}

/** A unit as people read it; differences of a fraction are percentage points. */
export function unitText(unit: Unit, currency: string, difference = false): string {
  switch (unit) {
    case 'currency': return currency;
    case 'fraction': return difference ? 'percentage points' : '%';
    default: return unit;
  }
}

// ── the monthly series ──────────────────────────────────────────────────────

/** A monthly series: the average number of cards per day in a state, or a per-month total. */
export type SeriesName = CardState | 'cost.total' | `cost.${(typeof COST_CATEGORIES)[number]}` | 'cost.downtime' | 'downtime.cardDays' | 'usageMB' | 'unservedMB';

/** Monthly series, in the report's order: the card states, then the cost categories with the total first, then downtime, then data served and not served. */
export const SERIES: readonly SeriesName[] = [
  ...STATES.map((s) => s.key),
  'cost.total',
  ...COST_CATEGORIES.map((c) => `cost.${c}` as const),
  'cost.downtime',
  'downtime.cardDays',
  'usageMB',
  'unservedMB',
];

/** A series' label and unit: a state's (cards per day, on average) or a metric's. */
export function seriesInfo(name: SeriesName): { label: string; unit: Unit } {
  const state = STATES.find((s) => s.key === name);
  return state ? { label: state.label, unit: 'cards' } : { label: METRIC[name as MetricName].label, unit: METRIC[name as MetricName].unit };
}
