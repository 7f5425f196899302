import type { ArmConfig, Payer, Plan, Policies, Profile, Renewal } from '../engine/index.ts';
import { dayIndex } from './dates.ts';
import { toDist } from './normalize-dist.ts';
import type { FleetFiles } from './fleet.ts';
import { withFleet } from './fleet-cohorts.ts';
import type { ArmScenario, ProfileInput } from './schema.ts';
import { toActions } from './actions.ts';
import { toPreService } from './schema-preservice.ts';

const FLAT: number[] = [1, 1, 1, 1, 1, 1, 1];

/** A validated, merged arm → the engine's fully defaulted `ArmConfig`. */
export function toArmConfig(name: string, s: ArmScenario, traces: ReadonlyMap<string, number[]>, fleets: FleetFiles = new Map()): ArmConfig {
  const payers: Payer[] = Object.entries(s.payers).map(([payerName, p]) => ({
    name: payerName,
    delayDays: toDist(p.delayDays),
    missChance: p.missChance,
    afterStopDays: toDist(p.afterStopDays),
  }));
  const arm: ArmConfig = {
    name,
    start: s.start,
    months: s.months,
    currency: s.currency,
    downtimeCostPerCardDay: s.downtimeCostPerCardDay,
    plans: Object.entries(s.plans).map(([planName, p]): Plan => ({
      name: planName,
      quotaMB: p.quotaMB,
      monthlyFee: p.monthlyFee,
      term: p.term ? { months: p.term.months, price: p.term.price } : null,
      quotaPer: p.quotaPer,
      autoStop: p.autoStop,
      overagePerMB: p.overagePerMB,
      throttle: p.throttle ? { dailyMB: p.throttle.dailyMB } : null,
      stopThreshold: p.stopThreshold ? { pct: p.stopThreshold.pct ?? null, overageCost: p.stopThreshold.overageCost ?? null } : null,
      addon: { sizeMB: p.addon.sizeMB, price: p.addon.price },
    })),
    profiles: Object.entries(s.profiles).map(([profileName, p]) => toProfile(profileName, p, s.start, traces)),
    payers,
    cohorts: (s.cohorts ?? []).map((c, i) => ({
      name: c.name ?? `cohort-${i}`,
      count: c.count,
      plan: c.plan,
      profile: c.profile,
      payer: c.payer ?? payers[0].name,
      poolSize: c.pool,
      termStart: c.termStart,
      renewal: c.renewal === null ? null : toRenewal(c.renewal),
      // Absent means fresh, so a cohort that does not ask for another opening converts as before.
      ...(c.opening === 'inService' ? { opening: c.opening } : {}),
      ...(c.preService ? { preService: toPreService(c.preService) } : {}),
    })),
    policies: toPolicies(s.policies),
    rules: { ...s.rules },
    // Left out when there are none: an arm without actions is the same object as before they existed.
    ...(s.actions.length > 0 && { actions: toActions(s.actions, s.start, s.months) }),
  };
  return withFleet(arm, s.fleet, fleets);
}

function toProfile(name: string, p: ProfileInput, start: string, traces: ReadonlyMap<string, number[]>): Profile {
  const common = {
    name,
    idleMonths: [...p.idleMonths],
    firmware: p.firmware.map((f) => ({ day: dayIndex(start, f.date), mb: f.mb, days: f.days })),
    runaway: p.runaway
      ? { dailyHazard: p.runaway.dailyHazard, factor: toDist(p.runaway.factor), durationDays: toDist(p.runaway.durationDays) }
      : null,
  };
  const one = { kind: 'fixed', value: 1 } as const;
  if (p.kind === 'constant') {
    return { ...common, meanDailyMB: { kind: 'fixed', value: p.dailyMB as number }, noise: one, weekly: [...(p.weekly ?? FLAT)], trace: null };
  }
  if (p.kind === 'trace') {
    const trace = Array.isArray(p.dailyMB) ? [...p.dailyMB] : [...(traces.get(p.file as string) ?? [])];
    return { ...common, meanDailyMB: one, noise: one, weekly: [...FLAT], trace };
  }
  return {
    ...common,
    meanDailyMB: toDist(p.meanDailyMB ?? { lognormal: { median: 2, spread: 1 } }),
    noise: toDist(p.noise ?? { lognormal: { median: 1, spread: 0.3 } }),
    weekly: [...(p.weekly ?? FLAT)],
    trace: null,
  };
}

/** A written renewal policy as the engine's (`auto` is `{kind: auto}`; distributions normalised). */
export function toRenewal(r: ArmScenario['policies']['renewal']): Renewal {
  return r === 'auto' || r.kind === 'auto'
    ? { kind: 'auto' }
    : r.kind === 'manual'
      ? { kind: 'manual', lagDays: toDist(r.lagDays), forgetChance: r.forgetChance }
      : { kind: 'batch', dayOfMonth: r.dayOfMonth, coverDays: r.coverDays };
}

function toPolicies(p: ArmScenario['policies']): Policies {
  return {
    renewal: toRenewal(p.renewal),
    alerts: p.alerts ? { thresholdPct: p.alerts.thresholdPct, reactionDays: toDist(p.alerts.reactionDays), maxPerCycle: p.alerts.maxPerCycle } : null,
    idleStop: p.idleStop,
    replacement: p.replacement ? { ...p.replacement } : null,
  };
}
