/** The option parsers of `simlapse import`, apart from the command so that `--help` loads no importer. */
import { InvalidArgumentError } from 'commander';
import { delimiterOf, encodingOf, ENCODINGS, type Delimiter, type Encoding } from '../import/options.ts';
import { parseDate } from '../engine/index.ts';

/** --dates: comma-separated real dates YYYY-MM-DD. */
export function datesOption(value: string): string[] {
  return value.split(',').map((d) => dateOption(d));
}

/** --start: a real date YYYY-MM-DD. */
export function dateOption(value: string): string {
  if (Number.isNaN(parseDate(value.trim()))) throw new InvalidArgumentError('Expected a date YYYY-MM-DD.');
  return value.trim();
}

/** --encoding: utf-8, gbk or gb18030. */
export function encodingOption(value: string): Encoding {
  const e = encodingOf(value);
  if (!e) throw new InvalidArgumentError(`Expected ${ENCODINGS.join(', ')}.`);
  return e;
}

/** --delimiter: `,`, `;` or tab. */
export function delimiterOption(value: string): Delimiter {
  const d = delimiterOf(value);
  if (!d) throw new InvalidArgumentError('Expected ",", ";" or tab.');
  return d;
}
