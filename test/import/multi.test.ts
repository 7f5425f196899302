/**
 * Several exports of one fleet (`simlapse import a.csv b.csv c.csv`): the latest gives the
 * day-0 state, earlier ones one usage observation per card each, joined with the history
 * columns for the fit; every file's rows counted; cards missing from the latest listed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatMultiSummary, importCommand } from '../../cli/import.ts';
import { addMonths, importExports } from '../../import/index.ts';
import { readFleetCsv } from '../../scenarios/index.ts';
import { gbk } from '../../tools/gbk.ts';
import { csv, iccid, tempDir } from './helpers.ts';

const [c1, c2, c3, c4] = [1, 2, 3, 4].map(iccid);

/** 2025-11-20, UTF-8, English headers: 19 cycle days (anchor 1). Card 3 is stopped (no observation); line 6 is a damaged ICCID. */
const NOV = csv(
  ['ICCID', 'Status', 'rate plan', 'data used (MB)'],
  [c1, 'active', 'P1', '38'],
  [c2, 'active', 'P1', '95'],
  [c3, 'suspended', 'P1', '10'],
  [c4, 'active', 'P1', '19'],
  ['8.986E+19', 'active', 'P1', '5'],
);
/** 2025-12-11, GBK, Chinese headers: 10 cycle days. Line 6 repeats card 1. */
const DEC = gbk(csv(
  ['ICCID', '卡状态', '资费组编号', '已用流量(MB)'],
  [c1, '正常', 'P1', '40'],
  [c2, '正常', 'P1', '50'],
  [c3, '正常', 'P1', '30'],
  [c4, '正常', 'P1', '10'],
  [c1, '正常', 'P1', '41'],
));
/** 2026-01-15, the latest, UTF-8 with a BOM, with an October history column; card 4 is gone; line 5 has an unknown status. */
const JAN = '\uFEFF' + csv(
  ['ICCID', '卡状态', '资费组编号', '已用流量(MB)', '2025-10用量(MB)'],
  [c1, '正常', 'P1', '20', '93'],
  [c2, '正常', 'P1', '70', ''],
  [c3, '正常', 'P1', '42', ''],
  [iccid(9), '冻结', 'P1', '0', ''],
);

function exportsIn(dir: string): string[] {
  const files = [join(dir, 'nov.csv'), join(dir, 'dec.csv'), join(dir, 'jan.csv')];
  writeFileSync(files[0], NOV);
  writeFileSync(files[1], DEC);
  writeFileSync(files[2], JAN);
  return files;
}

describe('import from several exports', () => {
  it('fits each card from the earlier exports\' cycle usage and the history columns: the means by hand', async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const m = await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out: join(dir, 'fleet.csv') });
    expect(m.parts.map((p) => [p.summary.encoding, p.summary.bom])).toEqual([['utf-8', false], ['gbk', false], ['utf-8', true]]);
    const { cards } = readFleetCsv(readFileSync(join(dir, 'fleet.csv'), 'utf8'));
    // The day-0 state is the latest export's.
    expect(cards.map((c) => [c.iccid, c.usedMBThisCycle])).toEqual([[c1, 20], [c2, 70], [c3, 42]]);
    // Card 1: October 93 MB / 31 days, November 38 MB / 19 days, December 40 MB / 10 days → 171 / 60.
    // Card 2: 95 / 19 and 50 / 10 → 145 / 29 = 5. Card 3: stopped in November, so December only: 30 / 10.
    expect(cards.map((c) => [c.meanDailyMB, c.historyMonths])).toEqual([[2.85, 3], [5, 2], [3, 1]]);
    // Per plan: lognormal of the means; noise from the month-to-month CV² (card 1: rates 3, 2, 4 → 1/9; card 2: 0).
    const fit = m.parts[2].summary.profiles.find((p) => p.plan === 'P1')!;
    expect(fit).toMatchObject({ cards: 3, fitted: 3, method: 'history' });
    expect(fit.median).toBeCloseTo(Math.cbrt(2.85 * 5 * 3), 5);
    const logs = [2.85, 5, 3].map(Math.log), mean = logs.reduce((a, b) => a + b) / 3;
    expect(fit.spread).toBeCloseTo(Math.sqrt(logs.reduce((a, l) => a + (l - mean) ** 2, 0) / 2), 5);
    expect(fit.noiseSpread).toBeCloseTo(Math.sqrt(Math.log(1 + (30.44 * (1 / 9 + 0)) / 2)), 5);
    expect(readFileSync(join(dir, 'fleet.profiles.yaml'), 'utf8')).toMatch(/from nov\.csv, dec\.csv, jan\.csv \(start 2026-01-15\)/);
  });

  it('an earlier export without a usage column gives no observation: its cards\' 0 MB was never read, and the mean is not 0', async () => {
    const dir = tempDir();
    const inputs = [join(dir, 'dec.csv'), join(dir, 'jan.csv')];
    writeFileSync(inputs[0], csv(['ICCID', 'Status', 'rate plan'], [c1, 'active', 'P1'], [c2, 'active', 'P1']));
    writeFileSync(inputs[1], csv(['ICCID', 'Status', 'rate plan', 'data used (MB)'], [c1, 'active', 'P1', '30'], [c2, 'active', 'P1', '31']));
    const m = await importExports({ inputs, dates: ['2025-12-11'], start: '2026-01-15', out: join(dir, 'fleet.csv') });
    const { cards } = readFleetCsv(readFileSync(join(dir, 'fleet.csv'), 'utf8'));
    // No observation: no mean of its own (the scenario's profile draws it), not a mean of 0 MB a day.
    expect(cards.map((c) => [c.usedMBThisCycle, c.meanDailyMB, c.historyMonths])).toEqual([[30, null, 0], [31, null, 0]]);
    expect(m.withSnapshots).toBe(0);
    expect(m.parts[1].summary.profiles.find((p) => p.plan === '*')).toMatchObject({ fitted: 0 });
  });

  it('counts every file\'s rows (read = imported + rejected, per file and in total), writes each file\'s rejections, lists the card missing from the latest', async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const m = await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out: join(dir, 'fleet.csv') });
    expect(m.parts.map((p) => [p.summary.read, p.summary.imported, p.summary.rejected])).toEqual([[5, 4, 1], [5, 4, 1], [4, 3, 1]]);
    expect([m.read, m.imported, m.rejected]).toEqual([14, 11, 3]);
    const rows = (f: string) => parse(readFileSync(join(dir, f), 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
    expect(rows('fleet.1.rejected.csv').map((r) => [r.line, r.kind])).toEqual([['6', 'invalid']]);
    expect(rows('fleet.2.rejected.csv').map((r) => [r.line, r.kind])).toEqual([['6', 'duplicate']]);
    expect(rows('fleet.rejected.csv').map((r) => [r.line, r.kind])).toEqual([['5', 'invalid']]);
    // Only the latest export's cards are simulated: the earlier exports leave no fleet CSV of their own.
    expect([existsSync(join(dir, 'fleet.1.csv')), existsSync(join(dir, 'fleet.2.profiles.yaml'))]).toEqual([false, false]);
    expect(m.missing).toEqual([{ iccid: c4, input: inputs[1], line: 5 }]);

    const text = formatMultiSummary(m, '2026-01-15', false);
    expect(text).toContain(`${inputs[0]}:6: iccid:`);
    expect(text).toContain(`${inputs[1]}:6: duplicate ICCID ${c1}`);
    expect(text).toContain(`${inputs[2]}:5: status: unknown status "冻结"`);
    expect(text).toContain('all exports: read 14 = imported 11 + rejected 3 (nov.csv 5 = 4 + 1; dec.csv 5 = 4 + 1; jan.csv 4 = 3 + 1)');
    expect(text).toContain(`1 card of earlier exports not imported from the latest (not simulated):\n  ${c4} (last in ${inputs[1]}:5)`);
  });

  it('without --dates the earlier exports are taken as monthly before --start; dates out of order are refused', async () => {
    expect(addMonths('2026-01-15', -2)).toBe('2025-11-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    const dir = tempDir();
    const inputs = exportsIn(dir);
    let err = '';
    const code = await importCommand(inputs, { out: join(dir, 'fleet.csv'), start: '2026-01-15', luhn: true }, (t) => {
      err += t;
      return true;
    });
    expect(code).toBe(0);
    expect(err).toContain('earlier export 1, dated 2025-11-15 (assumed monthly; set --dates)');
    // November: 38 / 14, 95 / 14; December (2025-12-15): 40 / 14 … card 2: (95 + 50) / 28.
    const { cards } = readFleetCsv(readFileSync(join(dir, 'fleet.csv'), 'utf8'));
    expect(cards[1].meanDailyMB).toBeCloseTo(145 / 28, 5);
    await expect(importExports({ inputs, dates: ['2025-12-11', '2025-11-20'], start: '2026-01-15', out: join(dir, 'f2.csv') })).rejects.toThrow(
      `${inputs[0]}: dated 2025-12-11, not before ${inputs[1]} (2025-11-20); give the exports oldest first`,
    );
  });
});

describe('an export given twice', () => {
  it('is refused before anything is read or written, by identity (a link to it too): its usage would count twice, once as an earlier snapshot', async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const link = join(dir, 'again.csv');
    symlinkSync(inputs[2], link);
    const cases: [string[], string][] = [
      [[inputs[2], inputs[2]], `"${inputs[2]}" and "${inputs[2]}"`],
      [[inputs[0], link, inputs[2]], `"${inputs[2]}" and "${link}"`],
    ];
    for (const [files, named] of cases) {
      await expect(importCommand(files, { out: join(dir, 'out', 'fleet.csv'), start: '2026-01-15', luhn: true }, () => true)).rejects.toThrow(`${named} are the same file: give each export once`);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('an import into a folder an import of more exports wrote', () => {
  it("notes each earlier export's file it did not write (found by an outputs hunt: fleet.1.rejected.csv read as this import's rejections)", async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir), out = join(dir, 'fleet.csv');
    const run = async (files: string[]) => {
      let said = '';
      const code = await importCommand(files, { out, start: '2026-01-15', luhn: true }, (t) => ((said += t), true));
      expect(code).toBe(0);
      return said.split('\n').filter((l) => l.includes('note:'));
    };
    expect(await run(inputs)).toEqual([]);
    expect(await run([inputs[1], inputs[2]])).toEqual(['rejected', 'repaired'].map((r) => `simlapse: note: ${join(dir, `fleet.2.${r}.csv`)} is not from this import (it gave 1 earlier export; an import of 3 or more wrote it): its rows are not this import's`));
    expect(await run([inputs[2]])).toEqual([1, 1, 2, 2].map((k, n) => `simlapse: note: ${join(dir, `fleet.${k}.${n % 2 ? 'repaired' : 'rejected'}.csv`)} is not from this import (it gave no earlier export; an import of ${k + 1} or more wrote it): its rows are not this import's`));
  });
});

describe('several exports: outputs in place together, or not at all', () => {
  const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

  it('a failure in any export leaves an earlier import\'s files as they were, every one of them, and no temporary file', async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const out = join(dir, 'o', 'fleet.csv');
    await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out });
    const before = snapshot(join(dir, 'o'));
    expect(Object.keys(before)).toEqual(['fleet.1.rejected.csv', 'fleet.1.repaired.csv', 'fleet.2.rejected.csv', 'fleet.2.repaired.csv', 'fleet.csv', 'fleet.profiles.yaml', 'fleet.rejected.csv', 'fleet.repaired.csv']);
    // The second export has no ICCID column: refused after the first was read (its outputs were once renamed into place there and then).
    writeFileSync(inputs[1], 'Number,Status\n1,active\n');
    await expect(importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out })).rejects.toThrow('no iccid column');
    expect(snapshot(join(dir, 'o'))).toEqual(before);
  });

  it("a failure while putting the files into place (here the latest's profiles, where a folder now is) puts back every file already replaced: the earlier exports' rows too", async () => {
    // Found by an outputs hunt on a full disk: the earlier exports' files were renamed into place before the latest's commit failed.
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const out = join(dir, 'o', 'fleet.csv');
    await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out });
    rmSync(join(dir, 'o', 'fleet.profiles.yaml'));
    mkdirSync(join(dir, 'o', 'fleet.profiles.yaml'));
    const state = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, statSync(join(d, f)).isDirectory() ? '(a folder)' : readFileSync(join(d, f), 'utf8')]));
    const before = state(join(dir, 'o'));
    expect(Object.keys(before)).toHaveLength(8);
    // Other exports now: every output's content would change.
    writeFileSync(inputs[0], csv(['ICCID', 'Status', 'rate plan', 'data used (MB)'], [c1, 'active', 'P1', '1'], ['123', 'active', 'P1', '1']));
    await expect(importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out })).rejects.toMatchObject({ code: 'EISDIR', path: join(dir, 'o', 'fleet.profiles.yaml') });
    expect(state(join(dir, 'o'))).toEqual(before);
  });

  it('an earlier export that gives no card writes its rejected and repaired rows all the same: none of an earlier run\'s stays beside them', async () => {
    const dir = tempDir();
    const inputs = exportsIn(dir);
    const out = join(dir, 'fleet.csv');
    await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out });
    writeFileSync(inputs[0], csv(['ICCID', 'Status'], ['123', 'active']));
    const m = await importExports({ inputs, dates: ['2025-11-20', '2025-12-11'], start: '2026-01-15', out });
    expect(m.parts[0].summary.imported).toBe(0);
    expect(readFileSync(join(dir, 'fleet.1.rejected.csv'), 'utf8')).toContain('123');
    expect(readFileSync(join(dir, 'fleet.1.repaired.csv'), 'utf8')).toBe('line,iccid,field,repair\n');
    expect([existsSync(join(dir, 'fleet.1.csv')), existsSync(join(dir, 'fleet.1.profiles.yaml'))]).toEqual([false, false]);
  });
});
