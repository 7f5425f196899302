import { describe, expect, it } from 'vitest';
import { CliError, EXIT, PROBLEMS_SHOWN, reportError } from '../../cli/errors.ts';

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

  it('a scenario error with 100,000 problems prints the first 50 and one line for the rest; asked for all (validate --all-problems), every one', () => {
    const message = Array.from({ length: 100_000 }, (_, k) => `a.yaml:${k + 1}:1: k${k}: unknown key`).join('\n');
    const err = Object.assign(new Error(message), { code: 'E_SCENARIO' });
    const [code, text] = report(err);
    const lines = text.trimEnd().split('\n');
    expect([code, PROBLEMS_SHOWN, lines.length]).toEqual([1, 50, 51]);
    expect(lines[49]).toBe('a.yaml:50:1: k49: unknown key');
    expect(lines[50]).toBe('… and 99,950 more problems (100,000 in all)');
    let all = '';
    expect(reportError(err, (t) => (all += t), { problems: Infinity })).toBe(1);
    expect(all).toBe(message + '\n');
    // 50 problems exactly: no closing line.
    const fifty = Object.assign(new Error(message.split('\n').slice(0, 50).join('\n')), { code: 'E_SCENARIO' });
    expect(report(fifty)[1].trimEnd().split('\n')).toHaveLength(50);
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
