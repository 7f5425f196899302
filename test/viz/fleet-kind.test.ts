/** Which CSV the page holds as a fleet CSV (viz/open-files.ts isFleetCsv) and which it imports as a carrier's export. */
import { describe, expect, it } from 'vitest';
import { fleetHeader } from '../../scenarios/index.ts';
import { isFleetCsv } from '../../viz/open-files.ts';

const header = fleetHeader().trimEnd();
const row = '89860000000000000001,,online,,basic,,,,0,,,,,,,,';

describe('a fleet CSV in the page', () => {
  it('is known by its header as simlapse import writes it, a BOM and blank lines before it allowed', () => {
    expect(isFleetCsv(`${header}\n${row}\n`)).toBe(true);
    expect(isFleetCsv(`\uFEFF${header}\r\n`)).toBe(true);
    expect(isFleetCsv(`\n\n${header}\n`)).toBe(true);
  });

  it('with quoted header cells, spaces after the commas, or only some columns in any order, as fleet: reads it', () => {
    expect(isFleetCsv(header.split(',').map((c) => `"${c}"`).join(',') + `\n${row}\n`)).toBe(true);
    expect(isFleetCsv(header.split(',').join(', ') + '\n')).toBe(true);
    expect(isFleetCsv('plan,status,iccid\nbasic,online,89860000000000000001\n')).toBe(true);
    // A column twice is still a fleet CSV: the loader says what is wrong with it.
    expect(isFleetCsv('iccid,status,plan,plan\n')).toBe(true);
  });

  it("a carrier's export, or a header missing iccid, status or plan, is not", () => {
    expect(isFleetCsv('ICCID,状态,套餐\n89860000000000000001,正常,basic\n')).toBe(false);
    expect(isFleetCsv('iccid,status,plan,Data Used (MB)\n')).toBe(false);
    expect(isFleetCsv('iccid,status\n')).toBe(false);
    expect(isFleetCsv('')).toBe(false);
    expect(isFleetCsv('"iccid,status,plan\n')).toBe(false);
  });
});
