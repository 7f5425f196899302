import { describe, expect, it } from 'vitest';
import { MINIMAL, parse } from './helpers.ts';

describe('defaults', () => {
  it('a minimal scenario gets every default from FORMAT.md', () => {
    const config = parse(MINIMAL);
    expect(config).toEqual({
      name: 'Minimal',
      question: 'What are the defaults?',
      seed: '1',
      replications: 10,
      blockSize: 16384,
      commonRandomNumbers: true,
      stratify: true,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      arms: [
        {
          name: 'baseline',
          start: '2026-01-01',
          months: 12,
          currency: 'CNY',
          downtimeCostPerCardDay: 0,
          plans: [
            {
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
            },
          ],
          profiles: [
            {
              name: 'meters',
              meanDailyMB: { kind: 'lognormal', median: 2, spread: 1 },
              noise: { kind: 'lognormal', median: 1, spread: 0.3 },
              weekly: [1, 1, 1, 1, 1, 1, 1],
              idleMonths: [],
              firmware: [],
              runaway: null,
              trace: null,
            },
          ],
          payers: [{ name: 'prompt', delayDays: { kind: 'fixed', value: 0 }, missChance: 0, afterStopDays: { kind: 'fixed', value: 3 } }],
          cohorts: [{ name: 'cohort-0', count: 10, plan: 'basic', profile: 'meters', payer: 'prompt', poolSize: 0, termStart: 'spread', renewal: null }],
          policies: { renewal: { kind: 'auto' }, alerts: null, idleStop: false, replacement: null },
          rules: {
            cycleAnchorDay: 1,
            graceMonths: 3,
            retentionFeePerMonth: 5,
            retentionPerStartedMonth: true,
            newTermFrom: 'expiry',
            reactivationDelayDays: 1,
            arrearsAfterDays: 14,
            enforcementLagDays: 0,
            feeProration: 'none',
            manualStopFee: 'monthly',
          },
        },
      ],
    });
  });

  it('an integer seed becomes a string', () => {
    expect(parse(`${MINIMAL}seed: 42\n`).seed).toBe('42');
    expect(parse(`${MINIMAL}seed: abc\n`).seed).toBe('abc');
  });

  it('a cohort without a payer gets the first payer; pool becomes poolSize', () => {
    const [arm] = parse(
      MINIMAL.replace('cohorts:\n  - {count: 10, plan: basic, profile: meters}', 'cohorts:\n  - {count: 10, plan: basic, profile: meters, pool: 5}') +
        'payers:\n  late: {missChance: 0.1}\n  prompt: {}\n',
    ).arms;
    expect(arm.payers.map((p) => p.name)).toEqual(['late', 'prompt']);
    expect(arm.cohorts[0]).toMatchObject({ payer: 'late', poolSize: 5 });
  });

  it("a cohort's opening is fresh unless it says inService (a fresh cohort converts without the field)", () => {
    const written = (opening: string) => parse(MINIMAL.replace('profile: meters}', `profile: meters, opening: ${opening}}`)).arms[0].cohorts[0];
    expect(written('inService').opening).toBe('inService');
    expect('opening' in written('fresh')).toBe(false);
    expect('opening' in parse(MINIMAL).arms[0].cohorts[0]).toBe(false);
  });

  it('runaway, firmware and renewal defaults', () => {
    const [arm] = parse(
      MINIMAL.replace(
        'meters: {}',
        'meters:\n    runaway: {dailyHazard: 0.001}\n    firmware:\n      - {date: 2026-03-10, mb: 5}',
      ) + 'policies:\n  renewal: {kind: manual}\n  alerts: {thresholdPct: 80}\n  replacement: false\n',
    ).arms;
    expect(arm.profiles[0].runaway).toEqual({
      dailyHazard: 0.001,
      factor: { kind: 'uniform', min: 10, max: 100 },
      durationDays: { kind: 'uniform', min: 3, max: 14 },
    });
    expect(arm.profiles[0].firmware).toEqual([{ day: 68, mb: 5, days: 1 }]);
    expect(arm.policies).toEqual({
      renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 0 },
      alerts: { thresholdPct: 80, reactionDays: { kind: 'fixed', value: 1 }, maxPerCycle: 1 },
      idleStop: false,
      replacement: null,
    });
  });

  it('a batch renewal covers 31 days by default; "auto" is {kind: auto}', () => {
    expect(parse(`${MINIMAL}policies: {renewal: {kind: batch, dayOfMonth: 20}}\n`).arms[0].policies.renewal).toEqual({
      kind: 'batch',
      dayOfMonth: 20,
      coverDays: 31,
    });
    expect(parse(`${MINIMAL}policies: {renewal: auto}\n`).arms[0].policies.renewal).toEqual({ kind: 'auto' });
  });

  it('a constant profile is a fixed mean with no noise', () => {
    const [arm] = parse(MINIMAL.replace('meters: {}', 'meters: {kind: constant, dailyMB: 6, weekly: [1, 1, 1, 1, 1, 0, 0]}')).arms;
    expect(arm.profiles[0]).toEqual({
      name: 'meters',
      meanDailyMB: { kind: 'fixed', value: 6 },
      noise: { kind: 'fixed', value: 1 },
      weekly: [1, 1, 1, 1, 1, 0, 0],
      idleMonths: [],
      firmware: [],
      runaway: null,
      trace: null,
    });
  });

  it('a trace profile replays its numbers, from the file or from a list', () => {
    const files: string[] = [];
    const readFile = (path: string) => (files.push(path), '1\n2, 3\n# comment\n\n4\n');
    const config = parse(MINIMAL.replace('meters: {}', 'meters: {kind: trace, file: traces/a.csv}\n  inline: {kind: trace, dailyMB: [5, 0]}'), readFile);
    expect(files).toEqual(['traces/a.csv']);
    const [fromFile, inline] = config.arms[0].profiles;
    expect(fromFile).toMatchObject({ meanDailyMB: { kind: 'fixed', value: 1 }, noise: { kind: 'fixed', value: 1 }, weekly: [1, 1, 1, 1, 1, 1, 1], trace: [1, 2, 3, 4] });
    expect(inline.trace).toEqual([5, 0]);
  });
});
