/** Cell values of platform exports: dates, volumes, yes/no. Each parser returns a value or an error message. */
import { RANGE } from '../scenarios/index.ts';
import { daysInMonth, LAST_DATE } from '../engine/index.ts';
import { quoted } from './quote.ts';

export type Parsed<T> = { ok: true; value: T; repair?: string } | { ok: false; error: string };

const ok = <T>(value: T, repair?: string): Parsed<T> => (repair ? { ok: true, value, repair } : { ok: true, value });
const bad = (error: string): Parsed<never> => ({ ok: false, error });

/** Excel's 1900 date system: serial 25569 is 1970-01-01. */
const EXCEL_EPOCH_SERIAL = 25569;

/**
 * A calendar date as `YYYY-MM-DD`, from `2026-01-05`, `2026/1/5`, `2026.1.5`, `20260105`,
 * `2026年1月5日`, any of them followed by a time (`2026-01-05 08:30:00`, `T08:30:00Z`; the time is
 * dropped: the simulator's clock is a day). A bare 5-digit number 20000–80000 is a date a
 * spreadsheet turned into its serial number: converted back, and reported as a repair.
 * Empty → null.
 */
export function parseDate(text: string): Parsed<string | null> {
  const r = parseInstant(text);
  return r.ok && r.value !== null ? ok(r.value.date, r.repair) : r.ok ? ok(null) : r;
}

/**
 * An expiry cell as the first day without the plan (the canonical `expiryDate`, docs/rules.md):
 * a bare date, or one at midnight (`2026-03-07`, `2026-03-07 00:00:00`), is that day, as the
 * platforms stop a card on its expiry date (zebra's expiry job, domain.md); a time after midnight
 * (`有效期至 2026-03-06 23:59:59`, Huawei GSL's `expired_time`) leaves that day to the plan, so the
 * first day without it is the next. An offset (`+08:00`, `Z`) is not converted: the day is read
 * as written, in the export's own calendar. Empty → null.
 */
export function parseExpiry(text: string): Parsed<string | null> {
  const r = parseInstant(text);
  if (!r.ok || r.value === null || !r.value.afterMidnight) return r.ok ? ok(r.value?.date ?? null, r.repair) : r;
  // 9999-12-31 23:59:59 ("never expires" with a time) stays 9999-12-31: the day after has no four-digit year.
  const first = r.value.date === LAST_DATE ? LAST_DATE : nextDay(r.value.date);
  return ok(first, r.repair && `${r.repair}, a time of that day: the plan holds it, so it expires ${first}`);
}

/** A date, and whether the cell gave a time of that day after 00:00:00 (parseDate, parseExpiry). */
function parseInstant(text: string): Parsed<{ date: string; afterMidnight: boolean } | null> {
  const t = text.trim();
  if (t === '' || t === '-' || t === '--') return ok(null);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  m ??= /^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    if (y < FIRST_YEAR) return bad(`expected a year from ${FIRST_YEAR} on (no SIM card is older), got ${quoted(text)}`);
    const date = realDate(y, Number(m[2]), Number(m[3]));
    if (!date) return bad(`not a real date: ${quoted(text)}`);
    const [hh, mm, ss, frac] = [m[4], m[5], m[6], m[7]].map((x) => Number(x ?? 0));
    // 24:00:00 is the end of the day (ISO 8601), as some exports write an expiry.
    if (hh > 24 || mm > 59 || ss > 60 || (hh === 24 && mm + ss + frac > 0)) return bad(`not a real time of day: ${quoted(text)}`);
    return ok({ date, afterMidnight: hh + mm + ss + frac > 0 });
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const serial = Number(t), whole = Math.floor(serial);
    if (whole >= 20000 && whole <= 80000) {
      const date = new Date((whole - EXCEL_EPOCH_SERIAL) * 86_400_000).toISOString().slice(0, 10);
      return ok({ date, afterMidnight: serial > whole }, `spreadsheet date serial ${t} read as ${date}`);
    }
  }
  return bad(`expected a date such as 2026-01-05, 2026/1/5, 20260105 or 2026-01-05 08:30:00, got ${quoted(text)}`);
}

/** The day after `YYYY-MM-DD`. */
function nextDay(date: string): string {
  return new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The earliest year a date cell may have. Any later four-digit year is taken: a far expiry such
 * as 9999-12-31 is how platforms write "never expires", and the engine holds it as past every horizon.
 */
const FIRST_YEAR = 1970;

function realDate(y: number, mo: number, d: number): string | null {
  if (mo < 1 || mo > 12 || d < 1) return null;
  if (d > daysInMonth(y, mo)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export type Unit = 'KB' | 'MB' | 'GB';

/** MB per unit: carriers count 1 GB = 1024 MB = 1024 × 1024 KB. */
export const MB_PER: Record<Unit, number> = { KB: 1 / 1024, MB: 1, GB: 1024 };

/** A unit written in a header or cell: `KB`, `M`, `兆`, `GB`, `G`… (case-insensitive), else null. */
export function unitOf(text: string): Unit | null {
  const u = text.trim().toUpperCase();
  if (u === 'KB' || u === 'K' || u === 'KIB') return 'KB';
  if (u === 'MB' || u === 'M' || u === 'MIB' || u === '兆') return 'MB';
  if (u === 'GB' || u === 'G' || u === 'GIB') return 'GB';
  return null;
}

/**
 * A data volume in MB from a cell: a number in `unit` (the header's, default MB) or a number
 * with its own unit (`1.5GB`, `512 KB`, `300M`). Thousands separators are allowed
 * (`1,024.5`). Empty (or `-`) → 0. Negative volumes are errors. With `decimalComma` (exports
 * separated by `;`, written where the comma is the decimal mark) `1.024,5` is 1024.5.
 */
export function parseVolume(text: string, unit: Unit, decimalComma = false): Parsed<number> {
  let t = text.trim();
  let grouped = false;
  if (decimalComma && t.includes(',')) t = t.replace(/\.(?=\d{3}(?:\D|$))/g, '').replace(',', '.');
  else if (decimalComma && /^\d{1,3}(?:\.\d{3})+(?:\s*[A-Za-z兆]*)$/.test(t)) {
    // With the comma as the decimal mark (1.024,5), a dot groups thousands: 1.024 is 1024, as the
    // export's own locale writes it (a repair note says so, since a dot-decimal cell would read 1.024).
    t = t.replace(/\./g, '');
    grouped = true;
  }
  if (t === '' || t === '-' || t === '--') return ok(0);
  let n: number, cellUnit: Unit | null = unit;
  // Most cells are a plain decimal in the header's unit: read at once (the same number as below).
  if (/^\d+(?:\.\d+)?$/.test(t)) n = Number(t);
  else {
    const m = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([A-Za-z兆]*)$/.exec(t);
    if (!m || m[1] === '' || m[1] === '.' || !/\d/.test(m[1])) return bad(`expected a volume such as 12.5, 1.5GB or 512 KB, got ${quoted(text)}`);
    cellUnit = m[2] ? unitOf(m[2]) : unit;
    if (!cellUnit) return bad(`unknown unit ${quoted(m[2])} in ${quoted(text)} (expected KB, MB or GB)`);
    n = Number(m[1].replace(/,/g, ''));
  }
  if (!Number.isFinite(n)) return bad(`expected a volume, got ${quoted(text)}`);
  if (n < 0) return bad(`negative volume ${quoted(text)}`);
  const mb = roundMB(n * MB_PER[cellUnit]);
  if (mb > RANGE.allowanceMB.max) return bad(`volume ${quoted(text)} is past ${RANGE.allowanceMB.max} MB (about 1 PB), the most a card's cycle holds in the simulator`);
  return ok(mb, grouped ? `${quoted(text)} read as ${n}${cellUnit === unit ? '' : ` ${cellUnit}`}: in a ";"-separated export the comma is the decimal mark and a dot groups thousands` : undefined);
}

/** Volumes are kept to 6 decimals of a MB (about 1 byte). */
export function roundMB(mb: number): number {
  return Math.round(mb * 1e6) / 1e6;
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '开', '开启', '已开启', '已开通', 'on']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '关', '关闭', '未开启', '未开通', 'off']);

/** Yes/no: 是/否, Y/N, yes/no, true/false, 1/0, 开启/关闭. Empty → null (unknown). */
export function parseYesNo(text: string): Parsed<boolean | null> {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '-' || t === '--') return ok(null);
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return bad(`expected 是/否, yes/no, true/false or 1/0, got ${quoted(text)}`);
}

/** The most months of history a fleet CSV's `historyMonths` holds (the fleet CSV's reader: scenarios/fleet-csv.ts). */
export const MAX_HISTORY_MONTHS = 1200;

/** Months of usage history (the fleet CSV's `historyMonths`): a whole number 0..MAX_HISTORY_MONTHS. Empty → 0 (no history). */
export function parseMonthCount(text: string): Parsed<number> {
  const t = text.trim();
  if (t === '') return ok(0);
  if (!/^\d+$/.test(t) || Number(t) > MAX_HISTORY_MONTHS) return bad(`expected a whole number of months 0..${MAX_HISTORY_MONTHS}, got ${quoted(text)}`);
  return ok(Number(t));
}
