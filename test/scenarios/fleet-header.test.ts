/** A fleet CSV separated by `;` or tabs (saved so by a spreadsheet, or a platform's export given as is) is told as such. */
import { describe, expect, it } from 'vitest';
import { fleetHeader, fleetLine, readFleetCsv, type FleetCard } from '../../scenarios/index.ts';
import { MINIMAL, errorOf } from './helpers.ts';

const card: FleetCard = {
  iccid: '8986000000000001000', msisdn: '', status: 'online', stopReasons: [], plan: 'P1', pool: '', activationDate: '2025-03-01', expiryDate: null,
  usedMBThisCycle: 12.5, quotaMB: null, thresholdMB: null, autoRenew: null, meanDailyMB: null, historyMonths: 0, statusRaw: '', line: 2,
};
const comma = fleetHeader() + fleetLine(card);
const fleetScenario = MINIMAL.replace('cohorts:\n  - {count: 10, plan: basic, profile: meters}\n', 'fleet:\n  csv: fleet.csv\n  profile: meters\n  plans: {P1: basic}\n');

describe('fleet CSV separated by ; or tabs', () => {
  it('a ;-separated fleet CSV is told as ;-separated at its header line, with what to do, not as missing or unknown columns', () => {
    const semi = comma.replace(/,/g, ';').replace('12.5', '12,5');
    expect(errorOf(fleetScenario, () => semi)).toBe(
      'fleet.csv:1:1: fleet.csv: not a fleet CSV: the file is ";"-separated, header "iccid;msisdn;status;stopReasons;plan;pool;activationDate;exp…" (154 characters); a fleet CSV is comma-separated: write it with simlapse import (which reads a carrier\'s ;- or tab-separated export), or save it from the spreadsheet as CSV with commas',
    );
  });

  it('a tab-separated one, quoted header cells, a header after empty lines and only some of the columns are told too', () => {
    expect(readFleetCsv('\n\niccid\tstatus\tplan\n8986000000000001000\tonline\tP1\n').problems).toEqual([
      { line: 3, message: 'not a fleet CSV: the file is tab-separated, header "iccid\\tstatus\\tplan"; a fleet CSV is comma-separated: write it with simlapse import (which reads a carrier\'s ;- or tab-separated export), or save it from the spreadsheet as CSV with commas' },
    ]);
    expect(readFleetCsv('"iccid";"cohort";"status";"plan"\n1;2;3;4\n').problems[0].message).toMatch(/^not a fleet CSV: the file is ";"-separated, header "\\"iccid\\";\\"cohort\\";/);
  });

  it('a header that does not split into the required columns keeps its message, and a comma-separated one with a ; in a column name is not taken for ;-separated', () => {
    expect(readFleetCsv('iccid;status\n1;2\n').problems).toEqual([{ line: 1, message: 'not a fleet CSV: missing columns iccid, status, plan (write it with simlapse import)' }]);
    expect(readFleetCsv(comma.replace('statusRaw', 'status;raw')).problems[0].message).toMatch(/^unknown column "status;raw" \(column 15; did you mean "statusRaw"\?\)/);
  });
});
