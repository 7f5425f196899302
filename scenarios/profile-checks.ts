/** Cross-field checks of `profiles`: the fields each kind allows or needs, and firmware dates inside the horizon. */
import { dateOfDay, dayIndex, horizonDays, isRealDate } from './dates.ts';
import { describeValue, isObject, type RawIssue } from './issues.ts';
import { DAILY_MB_WHAT } from './schema-profile.ts';
import { RANGE } from './schema-kit.ts';
import type { Segment } from './source.ts';

export function profileChecks(raw: Record<string, unknown>): RawIssue[] {
  if (!isObject(raw.profiles)) return [];
  const issues: RawIssue[] = [];
  const horizon = horizonOf(raw);
  for (const [name, profile] of Object.entries(raw.profiles)) {
    if (!isObject(profile)) continue;
    const at: Segment[] = ['profiles', name];
    issues.push(...kindChecks(profile, at));
    if (horizon && Array.isArray(profile.firmware)) {
      profile.firmware.forEach((event, i) => {
        const date = isObject(event) ? event.date : undefined;
        if (typeof date !== 'string' || !isRealDate(date)) return;
        const day = dayIndex(horizon.start, date);
        if (day >= 0 && day < horizon.days) return;
        issues.push({
          path: [...at, 'firmware', i, 'date'],
          anchor: 'value',
          message: `expected a date inside the horizon ${horizon.start}..${dateOfDay(horizon.start, horizon.days - 1)}, got ${describeValue(date)}`,
        });
      });
    }
  }
  return issues;
}

const ONLY_FOR: Record<string, string[]> = {
  meanDailyMB: ['lognormal'],
  noise: ['lognormal'],
  weekly: ['lognormal', 'constant'],
  dailyMB: ['constant', 'trace'],
  file: ['trace'],
};

function kindChecks(profile: Record<string, unknown>, at: Segment[]): RawIssue[] {
  const kind = profile.kind ?? 'lognormal';
  if (kind !== 'lognormal' && kind !== 'constant' && kind !== 'trace') return [];
  const issues: RawIssue[] = [];
  for (const [field, kinds] of Object.entries(ONLY_FOR)) {
    if (Object.hasOwn(profile, field) && !kinds.includes(kind)) {
      issues.push({ path: [...at, field], anchor: 'key', message: `not allowed for kind ${kind} (only for ${kinds.join(', ')})` });
    }
  }
  const daily = profile.dailyMB;
  if (kind === 'constant') {
    if (daily === undefined) {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'parent', message: `missing required field; expected ${DAILY_MB_WHAT}` });
    } else if (Array.isArray(daily)) {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'value', message: `expected ${DAILY_MB_WHAT}, got ${describeValue(daily)}` });
    }
  }
  if (kind === 'trace') {
    if (daily === undefined && profile.file === undefined) {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'parent', message: 'missing required field; expected dailyMB (a list of MB per day) or file' });
    } else if (daily !== undefined && profile.file !== undefined) {
      issues.push({ path: [...at, 'file'], anchor: 'key', message: 'expected dailyMB or file, not both' });
    } else if (typeof daily === 'number') {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'value', message: `expected a list of numbers ${RANGE.dailyMB.min}..${RANGE.dailyMB.max} (MB per day, cycled), got ${daily}` });
    }
  }
  return issues;
}

function horizonOf(raw: Record<string, unknown>): { start: string; days: number } | null {
  const { start, months } = raw;
  if (typeof start !== 'string' || !isRealDate(start)) return null;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 600) return null;
  return { start, days: horizonDays(start, months) };
}
