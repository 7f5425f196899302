import { describe, expect, it } from 'vitest';
import { csvLine, quoted, toCsv } from '../../csv/index.ts';

describe('csv', () => {
  it('text cells starting with = + - @ get an apostrophe; numbers stay numbers', () => {
    expect(csvLine(['=SUM(A1)', '+1', '-2', '@x', 'ok', -3, 0.5])).toBe("'=SUM(A1),'+1,'-2,'@x,ok,-3,0.5\n");
  });

  it('quotes cells holding commas, quotes or newlines', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"\n');
    expect(csvLine(['=a,b'])).toBe(`"'=a,b"\n`);
  });

  it('a table is its rows as lines, each escaped the same way', () => {
    expect(toCsv([['arm', 'cost'], ['=evil', -1.5]])).toBe("arm,cost\n'=evil,-1.5\n");
  });
});

describe('quoted: what a message echoes', () => {
  it('writes out what JSON leaves raw but would hide or reverse the text after it: C1 controls, direction marks and overrides, line separators, a BOM', () => {
    expect(quoted('ba\u202Esic')).toBe('"ba\\u202Esic"');
    expect(quoted('a\u0085b\u2028c\u2029d\u200Fe\u2066f\uFEFFg')).toBe('"a\\u0085b\\u2028c\\u2029d\\u200Fe\\u2066f\\uFEFFg"');
    // C0 controls and quotes as JSON writes them; other text as it is.
    expect(quoted('x\u0007"y\\')).toBe('"x\\u0007\\"y\\\\"');
    expect(quoted('自动停机 — ok')).toBe('"自动停机 — ok"');
  });
});
