import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, traceCard } from '../../engine/index.ts';
import { fleetHeader } from '../../scenarios/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';
import { fleetCsv, files } from './fleet-fixture.ts';


const SCENARIO = `name: Imported
question: What happens to the imported cards?
start: 2026-01-15
months: 2
plans:
  small: {quotaMB: 30, term: {months: 12, price: 48}}
  big: {quotaMB: 500, term: {months: 12, price: 300}}
profiles:
  meters: {noise: 1}
  noisy: {noise: {lognormal: {median: 1, spread: 0.3}}}
fleet:
  csv: fleet.csv
  profile: meters
  plans:
    P1: small
    P2: {plan: big, profile: noisy}
`;

describe('fleet: mistakes in scenarios with arms', () => {
  const ARMS = `arms:\n  - name: a\n  - name: b\n    plans: {small: {quotaMB: 40}}\n`;

  it('an export plan missing from fleet.plans is one problem naming the plan and the export line, not a crash in an arm', () => {
    const csv = fleetCsv({ plan: 'P1' }, { plan: 'P9' }, { plan: 'P9' });
    expect(errorOf(SCENARIO + ARMS, files(csv))).toBe(
      'test.yaml:15:5: fleet.plans: export plan "P9" (2 cards, first on line 3 of the export) has no scenario plan; add "P9": <plan> to fleet.plans',
    );
  });

  it('a typo in fleet.plans.<id>.profile is one problem, not a crash in an arm', () => {
    const csv = fleetCsv({ plan: 'P1' }, { plan: 'P2' });
    expect(errorOf(SCENARIO.replace('profile: noisy}', 'profile: noisey}') + ARMS, files(csv))).toBe(
      'test.yaml:16:30: fleet.plans.P2.profile: unknown profile "noisey"; profiles are: meters, noisy',
    );
  });
});

describe('fleet: in a scenario', () => {
  it('builds cohorts by (plan, pooled), pooled cards sorted by pool id, with flags, expiry day indexes, usage and means', () => {
    const csv = fleetCsv(
      { plan: 'P1', status: 'stopped', stopReasons: ['overQuota', 'arrears'], usedMBThisCycle: 30, expiryDate: '2026-03-01', meanDailyMB: 2 },
      { plan: 'P2', pool: 'B', expiryDate: '2026-01-14' , status: 'stopped', stopReasons: ['expired'] },
      { plan: 'P2', pool: 'A', meanDailyMB: 4 },
      { plan: 'P1', status: 'cancelled' },
      { plan: 'P2', pool: 'B' },
      { plan: 'P1', pool: 'C' },
    );
    const arm = parse(SCENARIO, files(csv)).arms[0];
    expect(arm.cohorts.map((c) => [c.name, c.count, c.plan, c.profile, c.payer])).toEqual([
      ['fleet small', 2, 'small', 'meters', 'prompt'],
      ['fleet big noisy pooled', 3, 'big', 'noisy', 'prompt'],
      ['fleet small pooled', 1, 'small', 'meters', 'prompt'],
    ]);
    const [small, pooled] = arm.cohorts;
    expect(small.cards).toEqual({
      id: ['8986000000000001000', '8986000000000001003'], flags: [2 | 4, 16], expiryDay: [45, null], usedMB: [30, 0], meanDailyMB: [2, null], pool: [null, null],
    });
    expect(pooled.cards?.pool).toEqual(['A', 'B', 'B']);
    expect(pooled.cards?.flags).toEqual([0, 8, 0]);
    // Cards in service with no expiry on a 12-month term, activated 2025-03-01: the term under way ends 2026-03-01 (day 45).
    expect(pooled.cards?.expiryDay).toEqual([45, -1, 45]);
    // The noisy profile's noise has mean e^{0.3²/2}: the observed 4 MB/day is divided by it.
    expect(pooled.cards?.meanDailyMB[0]).toBeCloseTo(4 / Math.exp(0.045), 12);
  });

  it('a card in service with no expiry on a term plan expires at its activation\'s first anniversary after the start; without an activation date the engine spreads it', () => {
    const monthly = SCENARIO.replace('small: {quotaMB: 30, term: {months: 12, price: 48}}', 'small: {quotaMB: 30, term: {months: 1, price: 4}}').replace('big: {quotaMB: 500, term: {months: 12, price: 300}}', 'big: {quotaMB: 500}');
    const csv = fleetCsv(
      { activationDate: '2025-01-31' }, // monthly terms from Jan 31: …, 2025-12-31, 2026-01-31 (day 16)
      { activationDate: '2026-01-15' }, // activated on the start: the first term ends 2026-02-15 (day 31)
      { activationDate: '2023-02-15' }, // an anniversary on the start itself is the end of the last term: the next, 2026-02-15
      { activationDate: null }, // no date to count from: left to the engine
      { status: 'silent' }, // before service: its first term starts at activation
      { status: 'cancelled' },
      { status: 'stopped', stopReasons: ['manual'], activationDate: '2025-12-20' }, // a stop keeps the term running: 2026-01-20 (day 5)
      { plan: 'P2' }, // a plan without a term: no expiry
    );
    const cohorts = parse(monthly, files(csv)).arms[0].cohorts;
    expect(cohorts[0].cards?.expiryDay).toEqual([16, 31, 31, null, null, null, 5]);
    expect(cohorts[1].cards?.expiryDay).toEqual([null]);
  });

  it('imported pools draw plainly, as pools do (stratify off in every arm): the same report as stratify: false', async () => {
    const csv = fleetCsv({ plan: 'P1', pool: 'A' }, { plan: 'P1', pool: 'A' }, ...Array.from({ length: 70 }, () => ({ plan: 'P1' })));
    // The report without the scenario's hash (the text differs by the stratify line).
    const run = async (text: string) => JSON.stringify({ ...(await runScenario(parse(text, files(csv)))), scenario: null });
    const r = JSON.parse(await run(SCENARIO));
    expect(r.rng).toMatch(/stratify off$/);
    expect(await run(SCENARIO)).toBe(await run(`${SCENARIO}stratify: false\n`));
    // Without the pool the same cards draw stratified.
    const plain = fleetCsv(...Array.from({ length: 72 }, () => ({ plan: 'P1' })));
    expect((await runScenario(parse(SCENARIO, files(plain)))).rng).toMatch(/stratify on$/);
  });

  it('arms may map the export plans differently', () => {
    const csv = fleetCsv({ plan: 'P1' }, { plan: 'P2' });
    const config = parse(`${SCENARIO}arms:\n  - name: as is\n  - name: all big\n    fleet: {plans: {P1: big}}\n`, files(csv));
    expect(config.arms.map((a) => a.cohorts.map((c) => `${c.name}:${c.count}`))).toEqual([['fleet small:1', 'fleet big noisy:1'], ['fleet big:1', 'fleet big noisy:1']]);
  });

  it('the fleet CSV is part of the scenario hash', () => {
    const a = parse(SCENARIO, files(fleetCsv({ plan: 'P1' }))).hash;
    const b = parse(SCENARIO, files(fleetCsv({ plan: 'P1', usedMBThisCycle: 1 }))).hash;
    expect(a).not.toBe(b);
  });

  it('exact messages: unmapped export plans, unknown names, pools on two plans, expired cards on a plan without a term', () => {
    const csv = fleetCsv({ plan: 'P9' }, { plan: 'P9' }, { plan: 'P1', pool: 'X' }, { plan: 'P2', pool: 'X' }, { plan: 'P3', status: 'stopped', stopReasons: ['expired'], expiryDate: '2026-01-01' });
    const text = SCENARIO.replace('  small: {quotaMB: 30, term: {months: 12, price: 48}}', '  small: {quotaMB: 30, term: {months: 12, price: 48}}\n  open: {quotaMB: 30}').replace('    P1: small\n', '    P1: small\n    P3: open\n    P4: {plan: huge}\n');
    expect(errorOf(text, files(csv)).split('\n')).toEqual([
      'test.yaml:7:3: plans.open: 1 imported card is expired (first on line 6 of the export) but plan "open" has no term, so it would run as if never expired; give the plan a term',
      'test.yaml:16:5: fleet.plans: pool "X" has cards on plans "small" (line 4) and "big" (line 5); a pool\'s cards share one plan',
      'test.yaml:16:5: fleet.plans: export plan "P9" (2 cards, first on line 2 of the export) has no scenario plan; add "P9": <plan> to fleet.plans',
      'test.yaml:18:16: fleet.plans.P4.plan: unknown plan "huge"; plans are: small, open, big',
    ]);
  });

  it('a pool whose cards map to one plan but another profile or payer is refused (it would run as two pools, each with its own allowance)', () => {
    const text = SCENARIO.replace('    P2: {plan: big, profile: noisy}\n', '    P2: {plan: big, profile: noisy}\n    P3: {plan: small, profile: noisy}\n    P4: {plan: small, payer: slow}\n')
      .replace('fleet:\n', 'payers:\n  prompt: {delayDays: 0}\n  slow: {delayDays: 9}\nfleet:\n');
    // P1 and P3: the same plan, profiles meters and noisy.
    expect(errorOf(text, files(fleetCsv({ plan: 'P1', pool: 'X' }, { plan: 'P1', pool: 'X' }, { plan: 'P3', pool: 'X' })))).toBe(
      'test.yaml:20:9: fleet.plans.P3: pool "X" has cards that would run with profile "meters", payer "prompt" (line 2, export plan "P1") and with profile "noisy", payer "prompt" (line 4, export plan "P3"); a pool\'s cards share one allowance and run as one cohort: map their export plans to the same profile and payer',
    );
    // P1 and P4: the same plan and profile, payers prompt (the first, by default) and slow.
    expect(errorOf(text, files(fleetCsv({ plan: 'P4', pool: 'Y' }, { plan: 'P1', pool: 'Y' })))).toContain('pool "Y" has cards that would run with profile "meters", payer "slow" (line 2, export plan "P4") and with profile "meters", payer "prompt" (line 3, export plan "P1")');
    // Apart from pools, such cards run in cohorts of their own; one pool of P1 cards is fine.
    const ok = parse(text, files(fleetCsv({ plan: 'P1' }, { plan: 'P3' }, { plan: 'P4' }, { plan: 'P1', pool: 'Z' }, { plan: 'P1', pool: 'Z' })));
    expect(ok.arms[0].cohorts.map((c) => `${c.name}:${c.count}`)).toEqual(['fleet small:1', 'fleet small noisy:1', 'fleet small slow:1', 'fleet small pooled:2']);
  });

  it('a fleet CSV\'s header: a column twice and an unknown column (a misspelt optional one read as absent) are refused at line 1, with the nearest name', () => {
    const csv = fleetCsv({ plan: 'P1' });
    const [head, ...rest] = csv.split('\n');
    const twice = [`${head},usedMBThisCycle`, ...rest.map((l) => (l ? `${l},999` : l))].join('\n');
    expect(errorOf(SCENARIO, files(twice))).toBe('fleet.csv:1:1: fleet.csv: column "usedMBThisCycle" is given twice (columns 9 and 17): give each column once');
    const typo = csv.replace('expiryDate', 'expirydate');
    expect(errorOf(SCENARIO, files(typo))).toBe(`fleet.csv:1:1: fleet.csv: unknown column "expirydate" (column 8; did you mean "expiryDate"?): a fleet CSV's columns are ${head}`.replace(head, head.split(',').join(', ')));
    expect(errorOf(SCENARIO, files(csv.replace('statusRaw', 'notes')))).toMatch(/^fleet\.csv:1:1: fleet\.csv: unknown column "notes" \(column 15\): a fleet CSV's columns are iccid, /);
  });

  it('a fleet CSV row with more cells than the header is refused (never shifted), and a problem in a quoted multi-line record is at its first line', () => {
    const csv = fleetCsv({ plan: 'P1' }, { plan: 'P1', statusRaw: 'a\nb' }, { plan: 'P1', status: 'bogus' as never });
    expect(errorOf(SCENARIO, files(csv))).toBe('fleet.csv:5:1: fleet.csv: status: expected online, stopped, cancelled, test or silent, got "bogus"');
    const wide = csv.replace(',bogus,', ',online,').replace(/\n$/, ',x,y\n');
    expect(errorOf(SCENARIO, files(wide))).toBe('fleet.csv:5:1: fleet.csv: the row has 18 cells, the header 16: a value with an unquoted comma shifts every cell after it; quote the value or remove the extra cells');
    // The multi-line record (lines 3–4) itself: its problem is at line 3, where it starts.
    expect(errorOf(SCENARIO, files(fleetCsv({ plan: 'P1' }, { plan: 'P1', statusRaw: 'a\nb', status: 'bogus' as never }, { plan: 'P1' })))).toBe('fleet.csv:3:1: fleet.csv: status: expected online, stopped, cancelled, test or silent, got "bogus"');
  });

  it('exact messages: a bad cell of the fleet CSV names its file and line; a missing file; no cohorts and no fleet', () => {
    const csv = fleetCsv({ plan: 'P1' }).replace('online', 'sleeping');
    expect(errorOf(SCENARIO, files(csv))).toBe('fleet.csv:2:1: fleet.csv: status: expected online, stopped, cancelled, test or silent, got "sleeping"');
    expect(errorOf(SCENARIO.replace('csv: fleet.csv', 'csv: nope.csv'), files(''))).toBe('test.yaml:12:8: fleet.csv: cannot read fleet file "nope.csv": ENOENT: nope.csv');
    expect(errorOf(SCENARIO.replace(/fleet:[\s\S]*$/, ''))).toBe('test.yaml:1:1: cohorts: missing required field; expected a list of at least one cohort, or a fleet: {csv, profile, plans}');
  });

  it('the example imported-fleet.yaml loads the sample fleet: 594 cards in 7 cohorts (auto-renew apart; 15 silent cards, 2 of them taken out of pool B), the pool of plan P2001 in 2 pools', () => {
    const arm = loadScenarioFile('scenarios/examples/imported-fleet.yaml').arms[0];
    const silent = (c: (typeof arm.cohorts)[number]) => c.cards?.phase?.filter((p) => p === 2).length ?? 0;
    expect(arm.cohorts.map((c) => [c.name, c.plan, c.renewal, silent(c), c.preService !== undefined])).toEqual([
      ['fleet meter30', 'meter30', null, 7, true],
      ['fleet tracker100 trackers auto-renew', 'tracker100', { kind: 'auto' }, 0, false],
      ['fleet pool500 cameras pooled', 'pool500', null, 0, false],
      ['fleet tracker100 trackers', 'tracker100', null, 3, true],
      ['fleet meter30 auto-renew', 'meter30', { kind: 'auto' }, 3, true],
      ['fleet pool500 cameras auto-renew', 'pool500', { kind: 'auto' }, 1, true],
      ['fleet pool500 cameras', 'pool500', null, 1, true],
    ]);
    expect(arm.cohorts.reduce((n, c) => n + c.count, 0)).toBe(594);
    expect(new Set(arm.cohorts[2].cards?.pool)).toEqual(new Set(['POOL-A', 'POOL-B']));
  });
});

const AUTO_RENEW_CSV = readFileSync('test/fixtures/fleet/auto-renew.csv', 'utf8');
/** Monthly terms; the scenario's policy is manual renewal that is always forgotten, so every card not renewed automatically stops on its expiry. */
const AUTO_RENEW = `name: Auto-renew
question: Do the cards set to auto-renew on the platform keep running?
start: 2026-01-15
months: 6
replications: 1
plans:
  small: {quotaMB: 1000, term: {months: 1, price: 10}}
profiles:
  meters: {kind: constant, dailyMB: 1}
policies:
  renewal: {kind: manual, forgetChance: 1}
fleet:
  csv: fleet.csv
  profile: meters
  plans: {P1: small}
arms:
  - name: platform
  - name: policy
    fleet: {autoRenew: policy}
`;

describe('fleet: the export\'s auto-renew flag', () => {
  const config = parse(AUTO_RENEW, files(AUTO_RENEW_CSV));
  const stops = (arm: number, card: number) => traceCard(config, { arm, card }).filter((e) => e.kind === 'stop').map((e) => `${e.date} ${e.reason}`);
  const renewals = (arm: number, card: number) => traceCard(config, { arm, card }).filter((e) => e.kind === 'renewal').map((e) => e.date);

  it('autoRenew: platform (the default) puts the cards set to auto-renew in their own cohort with renewal auto; policy ignores the flag', () => {
    const [platform, policy] = config.arms;
    expect(platform.cohorts.map((c) => [c.name, c.cards?.id, c.renewal])).toEqual([
      ['fleet small auto-renew', ['8986000000000000001', '8986000000000000003'], { kind: 'auto' }],
      ['fleet small', ['8986000000000000002', '8986000000000000004', '8986000000000000005'], null],
    ]);
    expect(policy.cohorts.map((c) => [c.name, c.count, c.renewal])).toEqual([['fleet small', 5, null]]);
  });

  it('auto-renew cards never stop on expiry: they renew on their expiry days; the others follow the scenario policy', async () => {
    // Arm "platform": cards 0, 1 are the auto-renew cohort (expiring 2026-02-01 and 2026-03-10).
    expect(stops(0, 0)).toEqual([]);
    expect(renewals(0, 0)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01']);
    expect(stops(0, 1)).toEqual([]);
    expect(renewals(0, 1)).toEqual(['2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10', '2026-07-10']);
    expect([2, 3, 4].map((c) => stops(0, c))).toEqual([['2026-02-01 expired'], ['2026-03-10 expired'], ['2026-04-20 expired']]);
    // Arm "policy": every card follows the scenario policy (manual, always forgotten).
    expect([0, 1, 2, 3, 4].map((c) => stops(1, c))).toEqual([
      ['2026-02-01 expired'], ['2026-02-01 expired'], ['2026-03-10 expired'], ['2026-03-10 expired'], ['2026-04-20 expired'],
    ]);
    const report = await runScenario(config);
    expect(report.arms.map((a) => a['metrics']['stops.expired'].mean)).toEqual([3, 5]);
  });
});

describe('cohorts[].renewal', () => {
  it('takes the syntax of policies.renewal and replaces it for the cohort; null or absent: the scenario policy', () => {
    const arm = parse(`${MINIMAL}  - {count: 1, plan: basic, profile: meters, renewal: auto}
  - {count: 1, plan: basic, profile: meters, renewal: {kind: manual, lagDays: 3}}
  - {count: 1, plan: basic, profile: meters, renewal: {kind: batch, dayOfMonth: 20}}
  - {count: 1, plan: basic, profile: meters, renewal: null}
`).arms[0];
    expect(arm.cohorts.map((c) => c.renewal)).toEqual([
      null,
      { kind: 'auto' },
      { kind: 'manual', lagDays: { kind: 'fixed', value: 3 }, forgetChance: 0 },
      { kind: 'batch', dayOfMonth: 20, coverDays: 31 },
      null,
    ]);
  });

  it('exact messages for a bad cohort renewal, the same as for policies.renewal', () => {
    const WHAT = '"auto", {kind: auto}, {kind: manual, lagDays, forgetChance} or {kind: batch, dayOfMonth, coverDays}';
    const bad = (renewal: string) => errorOf(`${MINIMAL}  - {count: 1, plan: basic, profile: meters, renewal: ${renewal}}\n`);
    expect(bad('yearly')).toBe(`test.yaml:11:55: cohorts[1].renewal: expected ${WHAT}, got "yearly"`);
    expect(bad('{kind: weekly}')).toBe(`test.yaml:11:62: cohorts[1].renewal.kind: expected ${WHAT}, got "weekly"`);
    expect(bad('{kind: batch, dayOfMonth: 30}')).toBe('test.yaml:11:81: cohorts[1].renewal.dayOfMonth: expected an integer 1..28, got 30');
    expect(bad('{kind: manual, forgetChance: 2, lagDay: 3}')).toBe(
      ['test.yaml:11:84: cohorts[1].renewal.forgetChance: expected a number 0..1, got 2', 'test.yaml:11:87: cohorts[1].renewal.lagDay: unknown key (did you mean lagDays?)'].join('\n'),
    );
    expect(errorOf(`${MINIMAL}policies: {renewal: yearly}\n`)).toBe(`test.yaml:11:21: policies.renewal: expected ${WHAT}, got "yearly"`);
  });

  it('fleet.autoRenew is platform or policy', () => {
    const text = AUTO_RENEW.replace('    fleet: {autoRenew: policy}', '    fleet: {autoRenew: never}');
    expect(errorOf(text, files(AUTO_RENEW_CSV))).toBe('test.yaml:19:24: arms[1].fleet.autoRenew: expected "platform" or "policy", got "never"');
  });
});

describe('fleet CSV ranges', () => {
  it('a card whose mean or usage is past the format\'s ranges is a problem at its line', () => {
    const csv = fleetCsv({ plan: 'P1', meanDailyMB: 2e6 }, { plan: 'P1', usedMBThisCycle: 2e9 });
    expect(errorOf(SCENARIO, files(csv)).split('\n')).toEqual([
      'fleet.csv:2:1: fleet.csv: meanDailyMB: expected a number 0..1000000 or nothing, got "2000000"',
      'fleet.csv:3:1: fleet.csv: usedMBThisCycle: expected a number 0..1000000000, got "2000000000"',
    ]);
  });
});

describe('fleet CSV numbers', () => {
  it('a number cell is decimal: 0x10 is refused at its line, not read as 16', () => {
    const csv = fleetCsv({ plan: 'P1', usedMBThisCycle: 25 }, { plan: 'P1', usedMBThisCycle: 25 }).replace(/,25,/, ',0x10,');
    expect(errorOf(SCENARIO, files(csv))).toBe('fleet.csv:2:1: fleet.csv: usedMBThisCycle: expected a number 0..1000000000, got "0x10"');
  });
});

describe('fleet CSV cells in messages', () => {
  it('a cell of 1 MB is quoted cut short, not echoed back whole', () => {
    const csv = fleetCsv({ plan: 'P1', usedMBThisCycle: 25 }).replace(/,25,/, `,${'9'.repeat(2 ** 20)}x,`);
    expect(errorOf(SCENARIO, files(csv))).toBe(`fleet.csv:2:1: fleet.csv: usedMBThisCycle: expected a number 0..1000000000, got "${'9'.repeat(60)}…" (1,048,577 characters)`);
  });

  it("a quote inside a cell of 100,000 characters: csv-parse's message names the line, the cell it quotes cut to 60 characters with its length", () => {
    const csv = `${fleetHeader()}${'A'.repeat(100_000)} "x\n`;
    expect(errorOf(SCENARIO, files(csv))).toBe(`fleet.csv:2:1: fleet.csv: Invalid Opening Quote: a quote is found on field 0 at line 2, value is "${'A'.repeat(60)}…" (100,001 characters)`);
  });

  it('an export plan or pool id of 1 MB is cut short in the scenario\'s messages too', () => {
    const long = 'P'.repeat(2 ** 20);
    expect(errorOf(SCENARIO, files(fleetCsv({ plan: long })))).toBe(`test.yaml:15:5: fleet.plans: export plan "${'P'.repeat(60)}…" (1,048,576 characters) (1 card, first on line 2 of the export) has no scenario plan; add "${'P'.repeat(60)}…" (1,048,576 characters): <plan> to fleet.plans`);
  });
});

describe('fleet CSV cards', () => {
  it('an ICCID on two rows is a problem at the second (a card simulated twice would double its costs)', () => {
    const csv = fleetCsv({ plan: 'P1' }, { plan: 'P1' }, { plan: 'P1' });
    const twice = csv.replace('8986000000000001002', '8986000000000001000');
    expect(errorOf(SCENARIO, files(twice))).toBe('fleet.csv:4:1: fleet.csv: iccid: 8986000000000001000 is also on line 2: each card once (simlapse import drops later duplicates)');
  });
});

describe('imported pools', () => {
  it("a pool imported mid-cycle starts from its members' usage this cycle", () => {
    // Two pooled cards on `small` (30 MB each: a 60 MB pool, overage 0.29/MB, no auto-stop), 25 MB used each
    // on 2026-01-15, 4 MB/day each. Cycle to Jan 31 (17 days): 50 + 136 = 186 MB, 126 over. February:
    // 224 MB, 164 over. March 1–14: 112 MB, 52 over. Overage (126 + 164 + 52) × 0.29 = 99.18
    // (a pool that forgot its 50 MB would pay 76 MB less in January: 84.68).
    const csv = fleetCsv(
      { plan: 'P1', pool: 'A', usedMBThisCycle: 25, meanDailyMB: 4 },
      { plan: 'P1', pool: 'A', usedMBThisCycle: 25, meanDailyMB: 4 },
    );
    const s = parse(SCENARIO.replace('  small: {quotaMB: 30, term: {months: 12, price: 48}}', '  small: {quotaMB: 30, overagePerMB: 0.29}'), files(csv));
    return runScenario({ ...s, replications: 1 }).then((r) => expect(r.arms[0].metrics['cost.overage'].mean).toBeCloseTo(99.18, 9));
  });
});
