import type { KnobPath } from './find.ts';

/** Field paths that get no knob: identity and run settings, the decision rule, sensitivity cases, a sweep's value lists. */
export const SKIP: readonly RegExp[] = [
  /^(name|question|start|seed|blockSize|currency)$/,
  /^decision(\.|$)/,
  /^sensitivity(\.|$)/,
  /^sweep\.sample\.seed$/,
  /^sweep\.[^.]+\.(values|labels)(\.|\[|$)/,
  /^sweep\.[^.]+\[/,
  /^rules(\.|$)/,
];

/** The unit a field is in, read from its name (the format's naming: `quotaMB`, `thresholdPct`, `lagDays`, `monthlyFee`). */
export function unitOf(path: KnobPath, currency: string): string {
  const names = path.filter((s): s is string => typeof s === 'string');
  const last = names.at(-1) ?? '';
  if (/PerMB$/.test(last)) return `${currency}/MB`;
  if (last === 'count') return 'cards';
  if (/MB$/.test(last) || last === 'mb' || (last === 'median' && names.includes('meanDailyMB'))) return 'MB';
  if (/Pct$/.test(last)) return '%';
  if (/Days$|^days$|Day$/.test(last) && last !== 'dayOfMonth' && !/PerCardDay$/.test(last)) return 'days';
  if (/^months$|Months$/.test(last)) return 'months';
  if (/PerCardDay$/.test(last)) return `${currency}/card-day`;
  if (/Fee$|[pP]rice$|Cost$|^amount$/.test(last)) return currency;
  if (/[hH]azard$/.test(last)) return 'per day';
  if (/Chance$|Share$|Fraction$/.test(last)) return 'probability';
  if (names.includes('lagDays') || names.includes('reactionDays') || names.includes('delayDays')) return 'days';
  return '';
}
