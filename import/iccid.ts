/**
 * ICCIDs (ITU-T E.118): up to 19 digits of issuer and serial number plus a Luhn check digit.
 * Chinese cards print 20 digits (`8986…`) whose 20th is the check digit; some platforms
 * (emnify `iccid`) give the 19 digits without it. Kept as text, never as a number.
 */
import { quoted } from './quote.ts';

export type IccidResult = { ok: true; iccid: string; repair?: string } | { ok: false; error: string };

export interface IccidOptions {
  /** Check the Luhn digit of 20-digit ICCIDs. [default: true] */
  luhn: boolean;
}

/**
 * Cleans and checks one ICCID cell. Accepted: 19 digits (no check digit: cannot be verified)
 * or 20 digits whose last digit is the Luhn check digit of the first 19 (unless `luhn` is
 * off). Spreadsheet quoting (`'8986…`, `="8986…"`) and spaces are removed and reported as a
 * repair; a number in scientific notation (`8.986E+19`) lost its digits and is rejected.
 */
export function checkIccid(text: string, opts: IccidOptions): IccidResult {
  let t = text.trim();
  if (t === '') return { ok: false, error: 'empty ICCID' };
  if (/^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/.test(t)) {
    return { ok: false, error: `ICCID ${quoted(text)} was turned into a number by a spreadsheet and lost its digits (format the ICCID column as text before exporting)` };
  }
  const formula = /^="(.*)"$/.exec(t);
  if (formula) t = formula[1];
  if (t.startsWith("'")) t = t.slice(1);
  t = t.replace(/[\s-]/g, '');
  if (/^\d+\.0+$/.test(t)) {
    return { ok: false, error: `ICCID ${quoted(text)} was stored as a number by a spreadsheet (its last digits may be rounded)` };
  }
  if (!/^\d+$/.test(t)) return { ok: false, error: `ICCID ${quoted(text)} has characters other than digits` };
  if (t.length !== 19 && t.length !== 20) return { ok: false, error: `ICCID ${quoted(text)} has ${t.length} digits (expected 19, or 20 with the check digit)` };
  if (t.length === 20 && opts.luhn && luhnDigit(t.slice(0, 19)) !== t.charCodeAt(19) - 48) {
    return { ok: false, error: `ICCID ${t} fails the Luhn check (last digit ${t[19]}, expected ${luhnDigit(t.slice(0, 19))}; a spreadsheet may have rounded it, or use --no-luhn if this platform's ICCIDs carry no check digit)` };
  }
  return t === text ? { ok: true, iccid: t } : { ok: true, iccid: t, repair: `ICCID ${quoted(text)} cleaned to ${t}` };
}

/** The Luhn check digit for a string of digits. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
