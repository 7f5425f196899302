import { EXIT } from './errors.ts';
import { fleetSize, loadScenario } from './load.ts';

/** `simlapse validate`: loads and checks a scenario, prints a one-line summary. */
export function validateCommand(file: string): number {
  const s = loadScenario(file);
  const base = s.arms[0];
  process.stdout.write(
    `ok: ${file}: ${s.name} — ${s.arms.length} arms, ${fleetSize(s)} cards, ${base.months} months, ${s.replications} replications, hash ${s.hash.slice(0, 12)}\n`,
  );
  return EXIT.ok;
}
