/**
 * A fleet CSV row whose dates contradict its status, or no SIM card has, is refused at its line;
 * every state `simlapse import` writes (a repaired row included) is still read.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readFleetCsv, type FleetCard } from '../../scenarios/index.ts';
import { importBytes } from '../../import/pure.ts';
import { errorOf, parse } from './helpers.ts';
import { fleetCsv, files } from './fleet-fixture.ts';

const START = '2026-01-15';
const SCENARIO = `name: Imported
question: What happens to the imported cards?
start: ${START}
months: 2
plans:
  small: {quotaMB: 30, term: {months: 12, price: 48}}
profiles:
  meters: {}
fleet:
  csv: fleet.csv
  profile: meters
  plans:
    P1: small
`;
const expired: Partial<FleetCard> = { status: 'stopped', stopReasons: ['expired'] };

describe('fleet CSV: card states that cannot be true', () => {
  it('an expired card whose expiry is after the start or not given, a card in service whose plan expired before it, and a date before 1970 are refused at their lines, naming the column, the value and what was expected', () => {
    const csv = fleetCsv(
      { ...expired, expiryDate: '2026-03-01' },
      { expiryDate: '2025-12-01' },
      { status: 'stopped', stopReasons: ['arrears'], expiryDate: '2026-01-14' },
      { activationDate: '1900-01-01' },
      { expiryDate: '1969-12-31', status: 'cancelled' },
      { ...expired, expiryDate: null },
    );
    expect(errorOf(SCENARIO, files(csv)).split('\n')).toEqual([
      'fleet.csv:2:1: fleet.csv: expiryDate: the card is expired (stop reason expired) but its plan expires on 2026-03-01, after the start 2026-01-15; expected an expiry on or before the start (the first day without the plan: the grace period counts from it), or the card without stop reason expired',
      'fleet.csv:3:1: fleet.csv: expiryDate: the card is online, not expired, but its plan expired on 2025-12-01, before the start 2026-01-15; expected an expiry on or after the start, or stop reason expired (simlapse import takes such a card as expired)',
      'fleet.csv:4:1: fleet.csv: expiryDate: the card is stopped (arrears), not expired, but its plan expired on 2026-01-14, before the start 2026-01-15; expected an expiry on or after the start, or stop reason expired (simlapse import takes such a card as expired)',
      'fleet.csv:5:1: fleet.csv: activationDate: expected a date from 1970-01-01 on (no SIM card is older; simlapse import refuses earlier years too), got "1900-01-01"',
      'fleet.csv:6:1: fleet.csv: expiryDate: expected a date from 1970-01-01 on (no SIM card is older; simlapse import refuses earlier years too), got "1969-12-31"',
      'fleet.csv:7:1: fleet.csv: expiryDate: the card is expired (stop reason expired) but has no expiry date; expected the first day without its plan, on or before the start (the grace period counts from it; simlapse import takes the day before the start)',
    ]);
  });

  it('read alone (no start), a card in service whose expiry is before its activation is refused', () => {
    const { problems } = readFleetCsv(fleetCsv({ activationDate: '2025-06-01', expiryDate: '2025-05-31' }, { activationDate: '2025-06-01', expiryDate: '2025-06-01' }));
    expect(problems).toEqual([
      { line: 2, message: "expiryDate: 2025-05-31 is before the activation date 2025-06-01; expected an expiry on or after the activation (a plan's term runs from the activation)" },
    ]);
  });

  it('states that can be true are read: expired on or before the start (in its grace or past it), in service expiring on the start or later, cancelled and pre-service cards with any dates, an expired card dated before its activation (as the importer dates one with no expiry), 1970-01-01', () => {
    const csv = fleetCsv(
      { ...expired, expiryDate: START },
      { ...expired, expiryDate: '2025-12-01' },
      { ...expired, expiryDate: '2024-01-01' },
      { ...expired, activationDate: START, expiryDate: '2026-01-14' },
      { expiryDate: START },
      { expiryDate: '9999-12-31' },
      { status: 'stopped', stopReasons: ['manual'], expiryDate: '2026-01-16' },
      { status: 'cancelled', activationDate: '2025-06-01', expiryDate: '2025-01-01' },
      { status: 'cancelled', expiryDate: '2027-01-01' },
      { status: 'test', activationDate: null, expiryDate: '2020-01-01' },
      { status: 'silent', activationDate: '2025-06-01', expiryDate: '2025-01-01' },
      { activationDate: '1970-01-01', expiryDate: '2026-02-01' },
    );
    expect(readFleetCsv(csv, { start: START }).problems).toEqual([]);
    expect(parse(SCENARIO, files(csv)).arms[0].cohorts.reduce((n, c) => n + c.count, 0)).toBe(12);
  });
});

// ── everything the importer writes is read ────────────────────────────────────

const day = (offset: number) => new Date(Date.parse(START) + offset * 86_400_000).toISOString().slice(0, 10);
/** Export rows as a platform writes them: any status (Chinese or English), stop reasons, dates before, on and after the start, times of day, "never expires". */
const exportRow = fc.record({
  status: fc.constantFrom('online', '正常', 'stopped', '停机', '欠费停机', '过期', 'expired', 'cancelled', '已销户', 'test', '可测试', 'silent', '库存'),
  reason: fc.constantFrom('', 'arrears', 'overQuota', 'manual', 'expired', '过期', 'arrears;expired'),
  activation: fc.oneof(fc.constant(''), fc.integer({ min: -4000, max: 2 }).map(day), fc.constant('1970-01-01')),
  expiry: fc.oneof(
    fc.constant(''),
    fc.integer({ min: -4000, max: 4000 }).map(day),
    fc.integer({ min: -40, max: 40 }).map((d) => `${day(d)} 23:59:59`),
    fc.constant('9999-12-31'),
    fc.constant('1970-01-01'),
  ),
});

test.prop([fc.array(exportRow, { minLength: 1, maxLength: 25 })], { numRuns: 60 })(
  'every card simlapse import writes (repaired or not) is read back and loads, checked against the start',
  async (rows) => {
    const header = 'iccid,status,stopReasons,plan,activationDate,expiryDate\n';
    const text = header + rows.map((r, k) => `898600000000${String(1000000 + k)},${r.status},"${r.reason}",P1,${r.activation},${r.expiry}`).join('\n') + '\n';
    const files = { fleet: 'fleet.csv', rejected: 'rejected.csv', repaired: 'repaired.csv', profiles: 'profiles.yaml' };
    const imported = await importBytes(new TextEncoder().encode(text), { input: 'export.csv', start: START, files, luhn: false });
    if (imported.summary.imported === 0) return;
    expect(readFleetCsv(imported.fleet, { start: START }).problems).toEqual([]);
    expect(parse(SCENARIO, (p) => (p === 'fleet.csv' ? imported.fleet : '')).arms).toHaveLength(1);
  },
);
