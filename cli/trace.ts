import { describeEvent, traceCard, type Cohort, type ScenarioConfig } from '../engine/index.ts';
import { CliError, EXIT } from './errors.ts';
import { fleetSize, loadScenario } from './load.ts';
import { inline, say } from './terminal.ts';
import { outputWidth, wrap } from './display.ts';

export interface TraceCommandOptions {
  card: number;
  /** Arm name or index. [default: the baseline, 0] */
  arm?: string;
  replication?: number;
  /** The run's number of replications (run's --replications). [default: the scenario's] */
  replications?: number;
  seed?: string;
}

/** `simlapse trace`: the dated timeline of one card under one arm and replication. */
export function traceCommand(file: string, options: TraceCommandOptions): number {
  const scenario = loadScenario(file, { seed: options.seed });
  const arm = armIndex(scenario, options.arm);
  const cards = fleetSize(scenario, arm);
  const card = options.card;
  if (card >= cards) {
    throw new CliError(`--card ${card} is out of range: ${cards === 0 ? 'the fleet has no cards' : `cards are numbered 0 to ${cards - 1}`}`, EXIT.usage);
  }
  const replication = options.replication ?? 0, count = options.replications ?? scenario.replications;
  if (replication >= count) {
    const more = options.replications === undefined ? ` (the scenario's ${count}; --replications N traces a run of N, as run's --replications)` : '';
    throw new CliError(`--replication ${replication} is out of range: replications are numbered 0 to ${count - 1}${more}`, EXIT.usage);
  }
  const config = scenario.arms[arm];
  let first = 0;
  const cohort = config.cohorts.find((c) => (first += c.count) > card)!;
  const pool = poolText(cohort, card - (first - cohort.count));
  let text = `card ${card}: cohort ${inline(cohort.name)}, plan ${inline(cohort.plan)}, profile ${inline(cohort.profile)}${pool}\n`;
  text += `arm ${arm} "${inline(config.name)}", replication ${replication}, seed ${inline(scenario.seed)}\n\n`;
  const events = traceCard(scenario, { arm, replication, card });
  // Date and kind in 24 columns, then the description wrapped to the output width under itself.
  const room = Math.max(20, outputWidth() - 24);
  for (const e of events) {
    const [head, ...more] = wrap(describeEvent(e, { currency: config.currency }), room).split('\n').slice(0, -1);
    text += `${e.date}  ${e.kind.padEnd(10)}  ${head}\n` + more.map((l) => `${' '.repeat(24)}${l}\n`).join('');
  }
  if (events.length === 0) text += '(no events)\n';
  say(text);
  return EXIT.ok;
}

/** An arm given by name or index. */
function armIndex(scenario: ScenarioConfig, arm: string | undefined): number {
  if (arm === undefined) return 0;
  const byName = scenario.arms.findIndex((a) => a.name === arm);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(arm) && Number(arm) < scenario.arms.length) return Number(arm);
  const names = scenario.arms.map((a, i) => `${i} "${a.name}"`).join(', ');
  throw new CliError(`--arm "${arm}" is not an arm of the scenario; arms are: ${names}`, EXIT.usage);
}

/** The pool of the cohort's j-th card as the header says it: its members (a cohort's last pool may be short; an imported pool is its run of one pool id), or nothing. */
function poolText(cohort: Cohort, j: number): string {
  let n = 0;
  if (cohort.cards) {
    const ids = cohort.cards.pool, id = ids[j];
    if (id === null || id === undefined) return '';
    let a = j, b = j + 1;
    while (a > 0 && ids[a - 1] === id) a--;
    while (b < ids.length && ids[b] === id) b++;
    n = b - a;
  } else if (cohort.poolSize > 0) {
    n = Math.min(cohort.poolSize, cohort.count - (j - (j % cohort.poolSize)));
  } else return '';
  return `, pool of ${n} card${n === 1 ? '' : 's'}`;
}
