import { cutShort, lengthSaid } from '../csv/index.ts';
import { EXIT } from './errors.ts';
import { say } from './terminal.ts';
import { fleetSize, loadScenario } from './load.ts';

/** `simlapse validate`: loads and checks a scenario, prints a one-line summary. */
export function validateCommand(file: string): number {
  const s = loadScenario(file);
  const base = s.arms[0];
  say(
    // A one-line summary: a name past 60 characters is cut, with its length said (as messages quote values).
    `ok: ${file}: ${cutShort(s.name)}${lengthSaid(s.name)} — ${plural(s.arms.length, 'arm')}, ${plural(fleetSize(s), 'card')}, ${plural(base.months, 'month')}, ${plural(s.replications, 'replication')}, hash ${s.hash.slice(0, 12)}\n`,
  );
  return EXIT.ok;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
