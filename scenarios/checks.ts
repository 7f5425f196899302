import { dateOfDay, dayIndex, horizonDays, isRealDate } from './dates.ts';
import { describeValue, formatPath, isObject, type RawIssue } from './issues.ts';
import type { Segment } from './source.ts';

/**
 * Rules that span fields, run on the raw (merged) scenario whatever else is wrong, so one
 * load reports every problem. Each check skips values whose shape zod already rejects.
 */
export function crossChecks(raw: Record<string, unknown>): RawIssue[] {
  return [...cohortChecks(raw), ...profileChecks(raw)];
}

/** Arm names are unique. */
export function armChecks(raw: Record<string, unknown>): RawIssue[] {
  const arms = Array.isArray(raw.arms) ? raw.arms : [];
  return duplicates(arms.map((a) => (isObject(a) ? a.name : undefined)), 'arms', 'arm');
}

function cohortChecks(raw: Record<string, unknown>): RawIssue[] {
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts : [];
  const payers = raw.payers === undefined ? { prompt: {} } : raw.payers;
  const blockSize = typeof raw.blockSize === 'number' ? raw.blockSize : 16384;
  const issues: RawIssue[] = [];
  cohorts.forEach((cohort, i) => {
    if (!isObject(cohort)) return;
    for (const [field, names] of [['plan', raw.plans], ['profile', raw.profiles], ['payer', payers]] as const) {
      const name = cohort[field];
      if (typeof name !== 'string' || !isObject(names) || Object.hasOwn(names, name)) continue;
      const known = Object.keys(names);
      issues.push({
        path: ['cohorts', i, field],
        anchor: 'value',
        message: `unknown ${field} ${JSON.stringify(name)}; ${field}s are: ${known.join(', ') || '(none)'}`,
      });
    }
    if (typeof cohort.pool === 'number' && cohort.pool > blockSize) {
      issues.push({
        path: ['cohorts', i, 'pool'],
        anchor: 'value',
        message: `expected a pool size ≤ blockSize (${blockSize}) so that no pool straddles blocks, got ${cohort.pool}`,
      });
    }
  });
  const names = cohorts.map((c, i) => (isObject(c) && c.name !== undefined ? c.name : `cohort-${i}`));
  return [...issues, ...duplicates(names, 'cohorts', 'cohort')];
}

function profileChecks(raw: Record<string, unknown>): RawIssue[] {
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
          message: `expected a date inside the horizon ${horizon.start}..${dateOfDay(horizon.start, horizon.days - 1)}, got ${JSON.stringify(date)}`,
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
      issues.push({ path: [...at, 'dailyMB'], anchor: 'parent', message: 'missing required field; expected a number ≥ 0 (MB per day)' });
    } else if (Array.isArray(daily)) {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'value', message: `expected a number ≥ 0 (MB per day), got ${describeValue(daily)}` });
    }
  }
  if (kind === 'trace') {
    if (daily === undefined && profile.file === undefined) {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'parent', message: 'missing required field; expected dailyMB (a list of MB per day) or file' });
    } else if (daily !== undefined && profile.file !== undefined) {
      issues.push({ path: [...at, 'file'], anchor: 'key', message: 'expected dailyMB or file, not both' });
    } else if (typeof daily === 'number') {
      issues.push({ path: [...at, 'dailyMB'], anchor: 'value', message: `expected a list of numbers ≥ 0 (MB per day, cycled), got ${daily}` });
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

function duplicates(names: unknown[], list: string, noun: string): RawIssue[] {
  const first = new Map<unknown, number>();
  const issues: RawIssue[] = [];
  names.forEach((name, i) => {
    if (typeof name !== 'string') return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else issues.push({ path: [list, i, 'name'], anchor: 'value', message: `duplicate ${noun} name ${JSON.stringify(name)} (also ${formatPath([list, earlier])})` });
  });
  return issues;
}
