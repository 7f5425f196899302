/**
 * The tooltip line for the arms a sensitivity parameter does not reach (report.json `reached`
 * false: the arm sets the field itself, so it keeps its own value over the range and its effect
 * is 0), or null when it reaches every arm or the report predates the field. Tornado, Morris
 * and Sobol charts share it.
 */
export function notReachedLine(arms: ReadonlyArray<{ arm: string; reached?: boolean }> | undefined): string | null {
  const kept = (arms ?? []).filter((a) => a.reached === false).map((a) => `"${a.arm}"`);
  return kept.length ? `not reached (${kept.length === 1 ? 'sets' : 'set'} the field itself, effect 0): ${kept.join(', ')}` : null;
}
