import { describe, expect, it } from 'vitest';
import { checkIccid, luhnDigit } from '../../import/iccid.ts';

const on = { luhn: true };

describe('ICCIDs are text: 19 digits, or 20 with a Luhn check digit', () => {
  it('the Luhn digit of the classic example 7992739871 is 3', () => {
    expect(luhnDigit('7992739871')).toBe(3);
  });

  it('accepts 20 digits with the right check digit and 19 digits (no check digit to verify)', () => {
    const body = '8986041920000000000';
    expect(checkIccid(body + luhnDigit(body), on)).toEqual({ ok: true, iccid: body + luhnDigit(body) });
    expect(checkIccid(body, on)).toEqual({ ok: true, iccid: body });
  });

  it('rejects a wrong check digit, unless the check is off', () => {
    const body = '8986041920000000000';
    const wrong = body + ((luhnDigit(body) + 1) % 10);
    const r = checkIccid(wrong, on);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^ICCID 8986041920000000000\d fails the Luhn check \(last digit \d, expected \d;/);
    expect(checkIccid(wrong, { luhn: false })).toEqual({ ok: true, iccid: wrong });
  });

  it.each(['8.986E+19', '8.98604E+19', '8.9860419200001E+19', '8986E16'])('%s is spreadsheet damage: rejected, saying so', (text) => {
    const r = checkIccid(text, on);
    expect(r).toEqual({ ok: false, error: `ICCID ${JSON.stringify(text)} was turned into a number by a spreadsheet and lost its digits (format the ICCID column as text before exporting)` });
  });

  it('a number with .0 is rejected as stored by a spreadsheet', () => {
    expect(checkIccid('89860419200000000000.0', on).ok).toBe(false);
  });

  it("spreadsheet text markers ('…, =\"…\") and spaces are removed, as a repair", () => {
    const body = '8986041920000000000';
    const id = body + luhnDigit(body);
    expect(checkIccid(`'${id}`, on)).toEqual({ ok: true, iccid: id, repair: `ICCID "'${id}" cleaned to ${id}` });
    expect(checkIccid(`="${id}"`, on)).toMatchObject({ ok: true, iccid: id });
    expect(checkIccid(`8986 0419 2000 0000 000${luhnDigit(body)}`, on)).toMatchObject({ ok: true, iccid: id });
  });

  it('rejects letters, wrong lengths and empty cells', () => {
    expect(checkIccid('8986041920000000000F', on)).toEqual({ ok: false, error: 'ICCID "8986041920000000000F" has characters other than digits' });
    expect(checkIccid('898604192000', on)).toEqual({ ok: false, error: 'ICCID "898604192000" has 12 digits (expected 19, or 20 with the check digit)' });
    expect(checkIccid('', on)).toEqual({ ok: false, error: 'empty ICCID' });
  });
});
