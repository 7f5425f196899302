import { describe, expect, it } from 'vitest';
import { csvLine, toCsv } from '../../csv/index.ts';

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
