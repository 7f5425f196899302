/**
 * The bench's command line, checked as a whole before anything runs: which mode, the options'
 * values within their bounds, no option that only another mode reads, and where the figures go.
 */
import { parsePeersDir, parsePositive, parseWorkerList, type Bound } from './options.ts';

/** The bench's modes: the full bench, or one section alone. */
export type BenchMode = 'full' | 'queue' | 'scaling' | 'warm' | 'peers';

/** Each mode's own results file, written when --out is not given. */
export const DEFAULT_OUT: Record<BenchMode, string> = {
  full: 'bench/results.json', queue: 'bench/queue-results.json', scaling: 'bench/scaling-results.json',
  warm: 'bench/warm-results.json', peers: 'bench/peers-results.json',
};

/**
 * The largest fleet a bench may ask for. The engine takes up to 2,147,483,647 cards, but the
 * kernel section holds the whole fleet in one thread (64 bytes of state a card: 6.4 GB at
 * 100,000,000) and the largest size measured is 10,000,000 cards (half a minute on 2 workers);
 * beyond 100,000,000 a bench is a typo (`--cards 9007199254740991` grew past 3 GB in seconds).
 */
export const MAX_CARDS: Bound = { max: 100_000_000, unit: 'cards' };
/** The engine's horizon limit (checked when a scenario is loaded). */
export const MAX_MONTHS: Bound = { max: 600, unit: 'months' };
/** Timed runs or rounds: each repeats a whole section, so more than 1,000 is a typo. */
export const MAX_RUNS: Bound = { max: 1000, unit: 'runs' };
export const MAX_ROUNDS: Bound = { max: 1000, unit: 'rounds' };

/** The options the bench reads, as node:util parseArgs gives them (undefined: not given). */
export interface BenchValues {
  quick?: boolean; large?: boolean; queue?: boolean; warm?: boolean; scaling?: boolean; peers?: boolean;
  cards?: string; months?: string; runs?: string; out?: string; redis?: string;
  'peers-dir'?: string; 'peer-cards'?: string; rounds?: string; workers?: string;
}

/** The modes each option is read by (--out: all). --workers with --peers only prints a note: kept on purpose. */
const READ_BY: Record<string, readonly BenchMode[]> = {
  quick: ['full', 'queue', 'warm'],
  large: ['full', 'scaling'],
  cards: ['full', 'queue', 'scaling', 'warm'],
  months: ['full', 'queue', 'scaling', 'warm'],
  runs: ['full', 'queue', 'warm'],
  workers: ['full', 'scaling', 'warm', 'peers'],
  redis: ['queue'],
  'peers-dir': ['peers'],
  'peer-cards': ['peers'],
  rounds: ['peers'],
};

/** The bench's command line, checked; a size left undefined takes the mode's default. */
export interface BenchPlan {
  mode: BenchMode;
  /** Where the figures go [default: the mode's DEFAULT_OUT]; not yet checked on disk (checkOut). */
  out: string;
  quick: boolean;
  large: boolean;
  cards?: number;
  months?: number;
  runs?: number;
  /** --workers as given; undefined: the mode's default. */
  workers?: number[];
  redis?: string;
  /** The --peers mode's options, their defaults applied (../shared/peers, 100,000 cards, 5 rounds). */
  peers?: { dir: string; cards: number; rounds: number };
}

const flag = (mode: BenchMode) => (mode === 'full' ? 'the full bench (no mode option)' : `--${mode}`);

/**
 * Checks the bench's options (a RangeError naming the option, the value and what was expected):
 * one mode at most; each option read by that mode; each value within its bounds.
 */
export function benchPlan(values: BenchValues): BenchPlan {
  const modes = (['queue', 'scaling', 'warm', 'peers'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new RangeError(`${modes.map((m) => `--${m}`).join(' and ')}: choose one mode per run`);
  const mode: BenchMode = modes[0] ?? 'full';
  for (const [option, readBy] of Object.entries(READ_BY)) {
    const given = values[option as keyof BenchValues];
    if (given === undefined || given === false || readBy.includes(mode)) continue;
    const modes = readBy.map(flag);
    throw new RangeError(`--${option} is for ${[modes.slice(0, -1).join(', '), modes.at(-1)].filter(Boolean).join(' or ')} only; this run is ${flag(mode)}`);
  }
  return {
    mode,
    out: values.out ?? DEFAULT_OUT[mode],
    quick: values.quick ?? false,
    large: values.large ?? false,
    cards: optional(values.cards, '--cards', MAX_CARDS),
    months: optional(values.months, '--months', MAX_MONTHS),
    runs: optional(values.runs, '--runs', MAX_RUNS),
    workers: values.workers === undefined ? undefined : parseWorkerList(values.workers),
    redis: redis(values.redis),
    peers: mode !== 'peers' ? undefined : {
      dir: parsePeersDir(values['peers-dir'] ?? '../shared/peers'),
      cards: parsePositive(values['peer-cards'], 100000, '--peer-cards', MAX_CARDS),
      rounds: parsePositive(values.rounds, 5, '--rounds', MAX_ROUNDS),
    },
  };
}

function optional(text: string | undefined, option: string, bound: Bound): number | undefined {
  return text === undefined ? undefined : parsePositive(text, 0, option, bound);
}

/** `--redis URL`: a redis:// or rediss:// URL, as BullMQ's connection takes it. */
function redis(text: string | undefined): string | undefined {
  if (text !== undefined && !/^rediss?:\/\/\S+$/.test(text)) throw new RangeError(`invalid --redis "${text}": expected a URL such as redis://127.0.0.1:6379`);
  return text;
}
