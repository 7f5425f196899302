/**
 * Builds ScenarioConfig objects in code, with the documented defaults, so
 * engine tests do not depend on the file loader.
 */
import type { ArmConfig, Cohort, Payer, Plan, Policies, Profile, Rules, ScenarioConfig } from '../../engine/index.ts';

export const rules = (r: Partial<Rules> = {}): Rules => ({
  cycleAnchorDay: 1,
  graceMonths: 3,
  retentionFeePerMonth: 5,
  retentionPerStartedMonth: true,
  newTermFrom: 'expiry',
  reactivationDelayDays: 1,
  arrearsAfterDays: 14,
  enforcementLagDays: 0,
  ...r,
});

export const plan = (p: Partial<Plan> = {}): Plan => ({
  name: 'basic',
  quotaMB: 100,
  monthlyFee: 0,
  term: null,
  quotaPer: 'cycle',
  autoStop: false,
  overagePerMB: 0.29,
  throttle: null,
  stopThreshold: null,
  addon: { sizeMB: 100, price: 10 },
  ...p,
});

/** A constant profile: `mb` every day. */
export const constant = (mb: number, p: Partial<Profile> = {}): Profile => ({
  name: 'const',
  meanDailyMB: { kind: 'fixed', value: mb },
  noise: { kind: 'fixed', value: 1 },
  weekly: [1, 1, 1, 1, 1, 1, 1],
  idleMonths: [],
  firmware: [],
  runaway: null,
  trace: null,
  ...p,
});

export const payer = (p: Partial<Payer> = {}): Payer => ({
  name: 'prompt',
  delayDays: { kind: 'fixed', value: 0 },
  missChance: 0,
  afterStopDays: { kind: 'fixed', value: 3 },
  ...p,
});

export const cohort = (c: Partial<Cohort> = {}): Cohort => ({
  name: 'c',
  count: 1,
  plan: 'basic',
  profile: 'const',
  payer: 'prompt',
  poolSize: 0,
  termStart: 'fresh',
  ...c,
});

export const policies = (p: Partial<Policies> = {}): Policies => ({
  renewal: { kind: 'auto' },
  alerts: null,
  idleStop: false,
  replacement: null,
  ...p,
});

export const arm = (a: Partial<ArmConfig> = {}): ArmConfig => ({
  name: 'baseline',
  start: '2026-01-01',
  months: 2,
  currency: 'CNY',
  downtimeCostPerCardDay: 0,
  plans: [plan()],
  profiles: [constant(6)],
  payers: [payer()],
  cohorts: [cohort()],
  policies: policies(),
  rules: rules(),
  ...a,
});

export const scenario = (arms: ArmConfig[], s: Partial<ScenarioConfig> = {}): ScenarioConfig => ({
  name: 'test',
  question: 'test',
  seed: '1',
  replications: 1,
  blockSize: 16384,
  hash: '0'.repeat(64),
  arms,
  ...s,
});
