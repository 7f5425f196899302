/** A row whose cells do not line up with the header is refused, never shifted or filled (import/width.ts). */
import { describe, expect, it } from 'vitest';
import { widthProblem } from '../../import/width.ts';
import { iccid, importContent } from './helpers.ts';

const HEADER = 'ICCID,卡状态,资费组编号,到期时间';

describe('a row shorter than the header', () => {
  it('is rejected into rejected.csv at its line, saying how many cells it has and the header has; the rows around it are imported', async () => {
    const text = [HEADER, `${iccid(1)},正常,P1,2026-12-31`, `${iccid(2)},正常`, `${iccid(3)},正常,P1,2026-12-31`].join('\n') + '\n';
    const { summary, cards, rejected, repaired } = await importContent(text);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([3, 2, 1]);
    expect(cards.map((c) => c.iccid)).toEqual([iccid(1), iccid(3)]);
    expect(rejected.map((r) => [r.line, r.kind, r.reason, r.ICCID])).toEqual([
      ['3', 'invalid', 'the row has 2 cells, the header 4: a comma is missing or the row is cut short, so the cells after the gap would be read under the wrong columns; give the row every cell of the header, empty ones too', iccid(2)],
    ]);
    expect(repaired).toEqual([]);
    expect(summary.firstRejected.map((r) => r.line)).toEqual([3]);
  });

  it('one cell: said in the singular; a row of the header\'s width with an empty last cell (`a,b,`) is not short', async () => {
    const text = [HEADER, iccid(1), `${iccid(2)},正常,P1,`].join('\n') + '\n';
    const { cards, rejected } = await importContent(text);
    expect(cards.map((c) => [c.iccid, c.plan, c.expiryDate])).toEqual([[iccid(2), 'P1', null]]);
    expect(rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^the row has 1 cell, the header 4: /)]);
  });

  it('keeps the handling of empty lines: a trailing empty line is no row, a row of empty cells or of spaces is an "empty row"', async () => {
    const text = [HEADER, `${iccid(1)},正常,P1,2026-12-31`, ',,,', '  ', `${iccid(2)},正常,P1,2026-12-31`, '', ''].join('\n');
    const { summary, rejected } = await importContent(text);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([4, 2, 2]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([['3', 'empty row'], ['4', 'empty row']]);
  });

  it('a header with empty names at its end (a trailing separator) does not need those cells', async () => {
    const text = [`${HEADER},`, `${iccid(1)},正常,P1,2026-12-31`, `${iccid(2)},正常,P1,2026-12-31,`, `${iccid(3)},正常,P1`].join('\n') + '\n';
    const { cards, rejected } = await importContent(text);
    expect(cards.map((c) => c.iccid)).toEqual([iccid(1), iccid(2)]);
    expect(rejected.map((r) => [r.line, r.reason.slice(0, 39)])).toEqual([['4', 'the row has 3 cells, the header 5: a co']]);
  });

  it('names the separator of a ;-separated export', async () => {
    const text = [HEADER.replace(/,/g, ';'), `${iccid(1)};正常;P1;2026-12-31`, `${iccid(2)};正常;P1`].join('\n') + '\n';
    const { rejected } = await importContent(text);
    expect(rejected.map((r) => [r.line, r.reason.slice(0, 54)])).toEqual([['3', 'the row has 3 cells, the header 4: a semicolon is miss']]);
  });
});

describe('widthProblem', () => {
  const header = ['ICCID', 'status', 'plan'];
  it('wide (a non-empty cell past the header), short (CSV only: a spreadsheet reader may leave a row\'s empty end out), or null', () => {
    expect(widthProblem(['1', 'a', 'b', 'c'], header, { format: 'csv', delimiter: ',' })).toMatch(/^the row has 4 cells, the header 3: a value with an unquoted comma/);
    expect(widthProblem(['1', 'a', 'b', ' '], header, { format: 'csv', delimiter: ',' })).toBeNull();
    expect(widthProblem(['1', 'a'], header, { format: 'csv', delimiter: '\t' })).toMatch(/^the row has 2 cells, the header 3: a tab is missing/);
    expect(widthProblem(['1', 'a'], header, { format: 'xlsx', delimiter: ',' })).toBeNull();
    expect(widthProblem(['1', 'a', ''], header, { format: 'csv', delimiter: ',' })).toBeNull();
  });
});
