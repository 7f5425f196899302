/**
 * Limits on a scenario's size: plans, profiles, payers and renewal policies fit a card's
 * one-byte indexes, cards fit 32-bit indexes, the horizon ends by 9999-12-31; checked on the
 * file and again with an imported fleet.
 */
import { addMonths, LAST_DATE, parseDate, type ArmConfig, type Renewal } from '../engine/index.ts';
import { canonicalJson } from './hash.ts';
import { describeValue, isObject, type RawIssue } from './issues.ts';
import { toRenewal } from './normalize.ts';
import { renewalSchema } from './schema-policy.ts';
import { MAX_CARDS, MAX_PER_CARD_BYTE } from './schema-kit.ts';

/** Why an arm's cards and renewal policies are limited (FORMAT.md, "Ranges"). */
const CARDS_WHAT = `expected at most ${MAX_CARDS} cards in all (2^31 − 1: a card's index, which keys its random draws, is a signed 32-bit integer)`;
const POLICIES_WHAT = `expected at most ${MAX_PER_CARD_BYTE} distinct renewal policies, policies.renewal and cohorts' own (a card keeps its policy's index in one byte)`;

/** The scenario's own cohorts passed `limitChecks` already, so a problem here is the fleet's. */
export function fleetLimits(arm: ArmConfig): RawIssue[] {
  const imported = arm.cohorts.filter((c) => c.cards);
  if (imported.length === 0) return [];
  const cards = arm.cohorts.reduce((n, c) => n + c.count, 0);
  const policies = new Set([arm.policies.renewal, ...arm.cohorts.map((c) => c.renewal)].filter((r): r is Renewal => !!r).map(canonicalJson));
  const fleet = imported.reduce((n, c) => n + c.count, 0);
  const termPools = imported.filter((c) => c.cards?.pool[0] != null && arm.plans.find((p) => p.name === c.plan)?.quotaPer === 'term');
  return [
    ...termPools.map((c) => ({ path: ['fleet', 'plans'], anchor: 'key' as const, message: `the fleet's pooled cards use plan ${describeValue(c.plan)}, which has quotaPer: term; a pool shares one allowance per billing cycle (map them to a plan with quotaPer: cycle)` })),
    ...(cards > MAX_CARDS ? [{ path: ['fleet'], anchor: 'key' as const, message: `${CARDS_WHAT}, got ${cards} with the fleet's ${fleet}` }] : []),
    ...(policies.size > MAX_PER_CARD_BYTE ? [{ path: ['fleet'], anchor: 'key' as const, message: `${POLICIES_WHAT}, got ${policies.size} with the fleet's auto-renew cohorts` }] : []),
  ];
}

/** Plans, profiles, payers and renewal policies fit a card's one-byte indexes; cards fit 32-bit indexes. */
export function limitChecks(raw: Record<string, unknown>): RawIssue[] {
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
  return [...issues, ...horizonCheck(raw)];
}

/** The horizon [start, start + months) ends by LAST_DATE (start and months otherwise valid; zod reports them if not). */
function horizonCheck(raw: Record<string, unknown>): RawIssue[] {
  const { start, months } = raw;
  if (typeof start !== 'string' || !Number.isInteger(months) || (months as number) < 1 || (months as number) > 600) return [];
  const s = parseDate(start);
  if (Number.isNaN(s) || addMonths(s, months as number) - 1 <= parseDate(LAST_DATE)) return [];
  return [{ path: ['months'], anchor: 'value', message: `expected a horizon that ends by ${LAST_DATE} (report dates have four-digit years), got ${months} month${months === 1 ? '' : 's'} from ${start}` }];
}

/** A written renewal policy as the engine's policy in canonical JSON (so `auto` and `{kind: auto}` are one), or null if invalid. */
function policyKey(written: unknown): string | null {
  const parsed = renewalSchema.safeParse(written);
  if (!parsed.success) return null;
  return canonicalJson(toRenewal(parsed.data));
}
