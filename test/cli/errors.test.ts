import { describe, expect, it } from 'vitest';
import { CliError, EXIT, reportError } from '../../cli/errors.ts';

function report(err: unknown): [number, string] {
  let text = '';
  const code = reportError(err, (t) => (text += t));
  return [code, text];
}

describe('cli/errors', () => {
  it('a user error prints one clean line with its exit code', () => {
    expect(report(new CliError('cannot read scenario "x.yaml": no such file'))).toEqual([1, 'simlapse: cannot read scenario "x.yaml": no such file\n']);
    expect(report(new CliError('bad', EXIT.usage))[0]).toBe(2);
  });

  it('a scenario error (recognised by its code, even without its class) prints its message as is', () => {
    const err = Object.assign(new Error('a.yaml:1:1: months: expected an integer 1..600, got 0'), { code: 'E_SCENARIO' });
    expect(report(err)).toEqual([1, 'a.yaml:1:1: months: expected an integer 1..600, got 0\n']);
  });

  it('an aborted run exits 130', () => {
    expect(report(new DOMException('The run was aborted', 'AbortError'))).toEqual([130, 'simlapse: interrupted; no output written\n']);
  });

  it('an unexpected error is a bug: message and stack, exit 70', () => {
    const [code, text] = report(new TypeError('x is undefined'));
    expect(code).toBe(70);
    expect(text).toMatch(/^simlapse: internal error .*\nTypeError: x is undefined\n\s+at /);
  });
});
