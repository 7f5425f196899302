import type { ArmConfig, Renewal } from '../engine/index.ts';
import { dateOfDay, dayIndex, horizonDays, isRealDate } from './dates.ts';
import { canonicalJson } from './hash.ts';
import { describeValue, formatPath, isObject, type RawIssue } from './issues.ts';
import { toRenewal } from './normalize.ts';
import { DEFAULT_PAYERS } from './schema.ts';
import { DAILY_MB_WHAT } from './schema-profile.ts';
import { renewalSchema } from './schema-policy.ts';
import { MAX_CARDS, MAX_PER_CARD_BYTE, RANGE } from './schema-kit.ts';
import type { Segment } from './source.ts';
import { planChecks } from './plan-checks.ts';
import { actionArmChecks, actionChecks } from './actions.ts';
import { preServiceChecks } from './schema-preservice.ts';
import { currencyChecks } from './currency.ts';

/** Why an arm's cards and renewal policies are limited (FORMAT.md, "Ranges"). */
const CARDS_WHAT = `expected at most ${MAX_CARDS} cards in all (2^31 − 1: a card's index, which keys its random draws, is a signed 32-bit integer)`;
const POLICIES_WHAT = `expected at most ${MAX_PER_CARD_BYTE} distinct renewal policies, policies.renewal and cohorts' own (a card keeps its policy's index in one byte)`;

/**
 * Rules that span fields, run on the raw (merged) scenario whatever else is wrong, so one
 * load reports every problem. Each check skips values whose shape zod already rejects.
 */
export function crossChecks(raw: Record<string, unknown>): RawIssue[] {
  return [...cohortChecks(raw), ...profileChecks(raw), ...planChecks(raw), ...limitChecks(raw), ...actionChecks(raw), ...currencyChecks(raw)];
}

/**
 * Checks of an arm as converted: its actions' card ranges and plan changes against every cohort
 * (scenarios/actions.ts), and the limits with the cohorts an imported fleet adds (`fleet:`).
 */
export function armLimits(arm: ArmConfig): RawIssue[] {
  return [...actionArmChecks(arm), ...fleetLimits(arm)];
}

/** The scenario's own cohorts passed `limitChecks` already, so a problem here is the fleet's. */
function fleetLimits(arm: ArmConfig): RawIssue[] {
  const imported = arm.cohorts.filter((c) => c.cards);
  if (imported.length === 0) return [];
  const cards = arm.cohorts.reduce((n, c) => n + c.count, 0);
  const policies = new Set([arm.policies.renewal, ...arm.cohorts.map((c) => c.renewal)].filter((r): r is Renewal => !!r).map(canonicalJson));
  const fleet = imported.reduce((n, c) => n + c.count, 0);
  const termPools = imported.filter((c) => c.cards?.pool[0] != null && arm.plans.find((p) => p.name === c.plan)?.quotaPer === 'term');
  return [
    ...termPools.map((c) => ({ path: ['fleet', 'plans'], anchor: 'key' as const, message: `the fleet's pooled cards use plan ${JSON.stringify(c.plan)}, which has quotaPer: term; a pool shares one allowance per billing cycle (map them to a plan with quotaPer: cycle)` })),
    ...(cards > MAX_CARDS ? [{ path: ['fleet'], anchor: 'key' as const, message: `${CARDS_WHAT}, got ${cards} with the fleet's ${fleet}` }] : []),
    ...(policies.size > MAX_PER_CARD_BYTE ? [{ path: ['fleet'], anchor: 'key' as const, message: `${POLICIES_WHAT}, got ${policies.size} with the fleet's auto-renew cohorts` }] : []),
  ];
}

/** Arm names are unique. */
export function armChecks(raw: Record<string, unknown>): RawIssue[] {
  const arms = Array.isArray(raw.arms) ? raw.arms : [];
  return duplicates(arms.map((a) => (isObject(a) ? a.name : undefined)), 'arms', 'arm');
}

function cohortChecks(raw: Record<string, unknown>): RawIssue[] {
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts : [];
  const payers = raw.payers === undefined ? DEFAULT_PAYERS : raw.payers;
  const blockSize = typeof raw.blockSize === 'number' ? raw.blockSize : 16384;
  const issues: RawIssue[] = [];
  const unordered = firstPayerUnknown(payers);
  cohorts.forEach((cohort, i) => {
    if (!isObject(cohort)) return;
    if (unordered && cohort.payer === undefined) issues.push({ path: ['cohorts', i], anchor: 'value', message: `no payer named, and the default (the first payer) cannot be told: ${unordered}; name this cohort's payer` });
    for (const [field, names] of [['plan', raw.plans], ['profile', raw.profiles], ['payer', payers]] as const) {
      const name = cohort[field];
      if (typeof name !== 'string' || !isObject(names) || Object.hasOwn(names, name)) continue;
      const known = Object.keys(names);
      issues.push({
        path: ['cohorts', i, field],
        anchor: 'value',
        message: `unknown ${field} ${describeValue(name)}; ${field}s are: ${known.join(', ') || '(none)'}`,
      });
    }
    issues.push(...preServiceChecks(['cohorts', i, 'preService'], cohort.preService, typeof cohort.pool === 'number' && cohort.pool > 0));
    if (isObject(cohort.preService) && cohort.opening === 'inService') {
      issues.push({ path: ['cohorts', i, 'opening'], anchor: 'value', message: 'expected "fresh" with preService: cards bought in bulk are not yet in service, so there is no cycle under way to open in' });
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

/** Plans, profiles, payers and renewal policies fit a card's one-byte indexes; cards fit 32-bit indexes. */
function limitChecks(raw: Record<string, unknown>): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const [list, noun] of [['plans', 'plan'], ['profiles', 'profile'], ['payers', 'payer']] as const) {
    const n = isObject(raw[list]) ? Object.keys(raw[list]).length : 0;
    if (n > MAX_PER_CARD_BYTE) issues.push({ path: [list], anchor: 'key', message: `expected at most ${MAX_PER_CARD_BYTE} ${list} (a card keeps its ${noun}'s index in one byte), got ${n}` });
  }
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts.filter(isObject) : [];
  const cards = cohorts.reduce((n, c) => n + (Number.isInteger(c.count) && (c.count as number) >= 0 && (c.count as number) <= MAX_CARDS ? (c.count as number) : 0), 0);
  if (cards > MAX_CARDS) issues.push({ path: ['cohorts'], anchor: 'key', message: `${CARDS_WHAT}, got ${cards}` });
  const written = [isObject(raw.policies) && raw.policies.renewal !== undefined ? raw.policies.renewal : 'auto', ...cohorts.map((c) => c.renewal).filter((r) => r !== undefined && r !== null)];
  const policies = new Set(written.map(policyKey).filter((k) => k !== null));
  if (policies.size > MAX_PER_CARD_BYTE) issues.push({ path: ['cohorts'], anchor: 'key', message: `${POLICIES_WHAT}, got ${policies.size}` });
  return issues;
}

/** A written renewal policy as the engine's policy in canonical JSON (so `auto` and `{kind: auto}` are one), or null if invalid. */
function policyKey(written: unknown): string | null {
  const parsed = renewalSchema.safeParse(written);
  if (!parsed.success) return null;
  return canonicalJson(toRenewal(parsed.data));
}

function horizonOf(raw: Record<string, unknown>): { start: string; days: number } | null {
  const { start, months } = raw;
  if (typeof start !== 'string' || !isRealDate(start)) return null;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 600) return null;
  return { start, days: horizonDays(start, months) };
}

function duplicates(names: unknown[], list: string, noun: string): RawIssue[] {
  const first = new Map<string, number>();
  const issues: RawIssue[] = [];
  names.forEach((name, i) => {
    if (typeof name !== 'string') return;
    if (HIDDEN.test(name)) {
      issues.push({ path: [list, i, 'name'], anchor: 'value', message: `${noun} name ${shown(name)} holds a control or text-direction character: names are shown in tables and reports, where it would hide or reverse what follows` });
      return;
    }
    const key = lookalike(name), earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else if (names[earlier] === name) issues.push({ path: [list, i, 'name'], anchor: 'value', message: `duplicate ${noun} name ${JSON.stringify(name)} (also ${formatPath([list, earlier])})` });
    else issues.push({ path: [list, i, 'name'], anchor: 'value', message: `${noun} name ${shown(name)} looks the same as ${shown(names[earlier] as string)} (${formatPath([list, earlier])}): names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports` });
  });
  return issues;
}

/** Control characters and the bidirectional embeddings, overrides, isolates and marks. */
const HIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A name quoted with its invisible characters written out (`"o\\u200Bn"`). */
function shown(name: string): string {
  return JSON.stringify(name).replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A name as a reader sees it: Unicode-compatible form (NFKC), no invisible format characters, spaces trimmed and collapsed. */
function lookalike(name: string): string {
  return name.normalize('NFKC').replace(/\p{Cf}/gu, '').trim().replace(/\s+/gu, ' ');
}

/**
 * Why the first payer of the file cannot be known, or null: a payer named by a whole number ("30")
 * is read before the others whatever its place (JavaScript orders such keys first), so the default
 * payer, the first one written, is lost with two payers or more.
 */
export function firstPayerUnknown(payers: unknown): string | null {
  if (!isObject(payers)) return null;
  const names = Object.keys(payers);
  const index = names.find((n) => /^(0|[1-9]\d{0,9})$/.test(n) && Number(n) < 2 ** 32 - 1);
  return names.length > 1 && index !== undefined ? `payer names that are whole numbers (${JSON.stringify(index)}) are read before the others` : null;
}
