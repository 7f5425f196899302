/**
 * Export headers → canonical fields. Header names are compared after NFKC (full-width
 * brackets become ASCII), lower-casing and removing spaces, `_`, `-` and `.`; a unit in
 * brackets (`已用流量(KB)`, `Data used [MB]`) is taken off and kept as the column's unit.
 */
import { unitOf, type Unit } from './values.ts';
import { quoted } from './quote.ts';

export const FIELDS = [
  'iccid', 'msisdn', 'status', 'stopReasons', 'plan', 'pool', 'activationDate', 'expiryDate',
  'usedMBThisCycle', 'quotaMB', 'thresholdMB', 'autoRenew', 'meanDailyMB', 'historyMonths',
] as const;
export type Field = (typeof FIELDS)[number];

/** Fields holding volumes (their unit comes from the header, the cell, or MB). */
export const VOLUME_FIELDS: ReadonlySet<Field> = new Set(['usedMBThisCycle', 'quotaMB', 'thresholdMB', 'meanDailyMB']);

/**
 * Aliases per field, in priority order: when an export has several columns for one field
 * (IoTOS has 卡状态描述 and 卡状态), the earliest alias wins and the others are ignored (and
 * listed in the summary). The canonical name is always the first alias.
 */
export const ALIASES: Readonly<Record<Field, readonly string[]>> = {
  iccid: ['iccid', 'iccid_with_luhn', 'ICCID号', 'ICCID码', 'SIM卡ICCID', '集成电路卡识别码'],
  msisdn: ['msisdn', '卡号', '接入号', '接入号码', 'MSISDN号', '物联网卡号', '号码'],
  status: ['status', '卡状态描述', '卡状态', 'SIM状态', 'SIM卡状态', 'sim_status', 'SIM status', 'card status', '状态', 'state', 'SIM state', 'lifecycle'],
  stopReasons: ['stopReasons', '停机原因', '停机类型', 'operator_status', 'stop reason', 'suspension reason'],
  plan: ['plan', '资费组编号', '资费组', '资费计划', '资费套餐', '套餐编号', '套餐名称', '套餐', 'rate plan', 'rateplan', 'price_plan_id', 'package_id', 'prodid', 'tariff'],
  pool: ['pool', '流量池编号', '流量池ID', '流量池', 'sim_pool_id', 'pool id', 'data pool'],
  activationDate: ['activationDate', '激活时间', '激活日期', 'active_time', 'activation date', 'date activated', 'activated on'],
  expiryDate: ['expiryDate', '服务-失效时间', '到期时间', '到期日期', '失效时间', '失效日期', '有效期至', '服务到期时间', 'expired_time', 'prodinstexp_time', 'expiry', 'expiry date', 'expiration date', 'expires'],
  usedMBThisCycle: ['usedMBThisCycle', '已用流量', '本月流量', '本月已用流量', '当月已用流量', '当月流量', '资费已用流量-和', '资费已用流量', '本月用量', 'flow_used', 'GPRS usedflow', 'data used', 'used', 'usage', 'month to date data', 'MTD data usage', 'cycle to date usage', 'cycle to date data usage', 'CTD data usage', '周期至今数据用量', '本计费周期数据用量'],
  quotaMB: ['quotaMB', '资费总量-和', '资费总量', '套餐流量', '总流量', 'flow_total', 'Gprstotal', 'quota', 'data allowance'],
  thresholdMB: ['thresholdMB', '停机阈值', '达量断网阈值', 'threshold', 'usage limit', 'data limit'],
  autoRenew: ['autoRenew', '是否自动续费', '自动续费', 'auto_renew', 'auto renew', 'auto renewal'],
  meanDailyMB: ['meanDailyMB'],
  // The fleet CSV's own columns: re-importing it keeps the months behind its meanDailyMB.
  historyMonths: ['historyMonths'],
};

/** Units of columns whose platform documents them (OneNET ccmp volumes are in KB). */
const ALIAS_UNITS: Readonly<Record<string, Unit>> = { [headerKey('GPRS usedflow')]: 'KB', [headerKey('Gprstotal')]: 'KB' };

const FIELD_BY_KEY: ReadonlyMap<string, { field: Field; rank: number }> = new Map(
  FIELDS.flatMap((field) => ALIASES[field].map((alias, rank) => [headerKey(alias), { field, rank }] as const)),
);

export function headerKey(text: string): string {
  return text.normalize('NFKC').replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** `已用流量(KB)` → {name: '已用流量', unit: 'KB'}; `已用流量` → unit null. */
export function splitUnit(header: string): { name: string; unit: Unit | null } {
  const h = header.normalize('NFKC').replace(/^\uFEFF/, '').trim();
  // The unit in brackets at the end, then the name before it without the spaces and _ that end it
  // (trimmed by hand: a pattern such as ^(.*?)[\s_]*… splits a long run of spaces every way).
  const m = UNIT_SUFFIX.exec(h);
  const unit = m ? unitOf(m[1]) : null;
  if (!unit || !m) return { name: h, unit: null };
  let end = m.index;
  while (end > 0 && /[\s_]/.test(h[end - 1])) end--;
  return { name: h.slice(0, end), unit };
}
const UNIT_SUFFIX = /[([]\s*([A-Za-z兆]+)\s*[)\]]$/;

/** A month of usage history: `2025-10用量(MB)`, `2025年10月流量`, `usage 2025/10 (KB)`, `202510用量`. */
export function historyMonth(name: string): string | null {
  const key = name.normalize('NFKC').toLowerCase();
  if (!/(用量|流量|usage|data)/.test(key)) return null;
  const m = /(20\d{2})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2})(?!\d))/.exec(key);
  if (!m) return null;
  const mo = Number(m[2] ?? m[3]);
  return mo >= 1 && mo <= 12 ? `${m[1]}-${String(mo).padStart(2, '0')}` : null;
}

/** Words of a data-volume column (`Data Volume`, `Total Usage`, `剩余流量`, `数据用量`), or a volume unit in brackets. */
const USAGE_WORDS = /(usage|used|volume|traffic|consum|\bdata\b|flow|bytes|流量|用量|数据|使用量)/;

/** A yes/no column's name (`是否流量池`, "pooled?": whether the card is in a pool; `Is data roaming`): no volumes, whatever words follow. */
const YES_NO = /^(是否|is\b|has\b)/;

/** Whether an unknown column's name says it holds data volumes. */
/** Headers listed in the message for a missing ICCID or status column, at most (then a count). */
const HEADERS_SHOWN = 20;

export function looksLikeUsage(name: string, unit: Unit | null): boolean {
  const n = name.normalize('NFKC').toLowerCase().trim();
  return unit !== null || (USAGE_WORDS.test(n) && !YES_NO.test(n));
}

export interface Column {
  index: number;
  header: string;
  unit: Unit;
}

export interface HeaderPlan {
  fields: Partial<Record<Field, Column>>;
  /** Usage history columns, by month `YYYY-MM`, oldest first. */
  history: { month: string; column: Column }[];
  /**
   * Columns left out: not a known field, or a second column for a field already taken. An
   * unknown column whose name looks like usage (`usageLike`) is a warning: its volumes are not read.
   */
  ignored: { header: string; why: string; usageLike?: true }[];
  /**
   * With no column of this cycle's usage, the usage history's column of the start's month:
   * `taken` as this cycle's usage (the cycle starts on the 1st, so the month to date is the cycle
   * to date), or `notCycle` (the cycle starts on another day: not read, a warning). Absent otherwise.
   */
  cycleFromHistory?: { month: string; header: string; use: 'taken' | 'notCycle' };
}

/** Explicit header choices from a mapping file: field → header (and unit). */
export interface ColumnOverrides {
  columns?: Partial<Record<Field, { header: string; unit?: Unit }>>;
  history?: Record<string, { header: string; unit?: Unit }>;
  /** Headers known not to be wanted (a platform's remaining-volume column): ignored without a warning. */
  ignore?: string[];
}

/**
 * With no column of this cycle's usage, reads it from the usage history's column of the start's
 * month when the billing cycle starts on the 1st (its month to date is the cycle to date); a cycle
 * anchored on another day is only noted (`cycleFromHistory`), as that month's column misses the
 * cycle's days before the 1st.
 */
export function cycleUsageFromHistory(plan: HeaderPlan, start: string, cycleAnchorDay: number): HeaderPlan {
  if (plan.fields.usedMBThisCycle) return plan;
  const h = plan.history.find((x) => x.month === start.slice(0, 7));
  if (!h) return plan;
  if (cycleAnchorDay !== 1) return { ...plan, cycleFromHistory: { month: h.month, header: h.column.header, use: 'notCycle' } };
  return { ...plan, fields: { ...plan.fields, usedMBThisCycle: h.column }, cycleFromHistory: { month: h.month, header: h.column.header, use: 'taken' } };
}

/** Matches the export's header row to fields. Throws a message when a required field is missing. */
export function planHeaders(headers: readonly string[], overrides: ColumnOverrides = {}): HeaderPlan {
  const fields: Partial<Record<Field, Column & { rank: number }>> = {};
  const history: HeaderPlan['history'] = [];
  const ignored: HeaderPlan['ignored'] = [];
  const explicit = new Map<string, { field: Field | null; month: string | null; unit?: Unit }>();
  for (const [field, c] of Object.entries(overrides.columns ?? {})) if (c) explicit.set(c.header.trim(), { field: field as Field, month: null, unit: c.unit });
  for (const [month, c] of Object.entries(overrides.history ?? {})) explicit.set(c.header.trim(), { field: null, month, unit: c.unit });
  const used = new Set<string>();
  headers.forEach((header, index) => {
    const raw = header.replace(/^\uFEFF/, '').trim();
    const { name, unit } = splitUnit(raw);
    const pick = explicit.get(raw) ?? explicit.get(name);
    if (pick) used.add(explicit.has(raw) ? raw : name);
    const key = headerKey(name);
    const found = pick ? (pick.field ? { field: pick.field, rank: -1 } : null) : FIELD_BY_KEY.get(key);
    const colUnit: Unit = pick?.unit ?? unit ?? (Object.hasOwn(ALIAS_UNITS, key) ? ALIAS_UNITS[key] : undefined) ?? 'MB';
    const month = pick ? pick.month : found ? null : historyMonth(name);
    if (found) {
      const prior = fields[found.field];
      if (!prior || found.rank < prior.rank) {
        if (prior) ignored.push({ header: prior.header, why: `${found.field} is read from "${raw}"` });
        fields[found.field] = { index, header: raw, unit: colUnit, rank: found.rank };
      } else {
        ignored.push({ header: raw, why: `${found.field} is read from "${prior.header}"` });
      }
    } else if (month) {
      history.push({ month, column: { index, header: raw, unit: colUnit } });
    } else if (raw !== '' && (overrides.ignore ?? []).some((h) => headerKey(h) === headerKey(raw) || headerKey(h) === key)) {
      ignored.push({ header: raw, why: 'ignored by the mapping' });
    } else if (raw !== '') {
      ignored.push({ header: raw, why: 'not a known column (name it in --map to use it)', ...(looksLikeUsage(name, unit) && { usageLike: true as const }) });
    }
  });
  const missingExplicit = [...explicit.keys()].filter((h) => !used.has(h));
  if (missingExplicit.length > 0) throw new Error(`the mapping names ${missingExplicit.map((h) => quoted(h)).join(', ')}, not in the export's header`);
  for (const need of ['iccid', 'status'] as const) {
    if (!fields[need]) {
      throw new Error(`no ${need} column: expected a header such as ${ALIASES[need].slice(0, 4).map((a) => JSON.stringify(a)).join(', ')} (or name it in --map); the header is ${headers.slice(0, HEADERS_SHOWN).map((h) => quoted(h)).join(', ')}${headers.length > HEADERS_SHOWN ? ` … and ${(headers.length - HEADERS_SHOWN).toLocaleString('en')} more` : ''}`);
    }
  }
  history.sort((a, b) => a.month.localeCompare(b.month));
  const dup = history.find((h, i) => i > 0 && history[i - 1].month === h.month);
  if (dup) throw new Error(`two usage history columns for ${dup.month}`);
  const out: HeaderPlan['fields'] = {};
  for (const [f, c] of Object.entries(fields)) if (c) out[f as Field] = { index: c.index, header: c.header, unit: c.unit };
  return { fields: out, history, ignored };
}
