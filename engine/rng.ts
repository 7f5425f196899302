import seedrandom from 'seedrandom';

/**
 * Counter-based randomness: every draw is a pure function of
 * (seed, replication, card, day, stream), so results do not depend on the
 * order cards are visited, on blocks or on workers, and the same card sees
 * the same draws under every arm (common random numbers; docs/rules.md, "Randomness").
 *
 * The key of a (seed, replication) pair comes from seedrandom's ARC4 stream;
 * a draw hashes (key, card, day, stream) with two rounds of the lowbias32
 * integer mixer (Chris Wellons, "Hash function prospector"), whose output
 * passes the usual avalanche tests. Never the global random function, never a sequential
 * generator shared across cards.
 */
export const RNG_NAME = 'simlapse-mix32/2: lowbias32(lowbias32(key ^ card·0x9E3779B1) ^ dayKey(day, stream)), key = seedrandom ARC4("seed/replication"); stratified per-card draws: Feistel-permuted cells per 64-card cohort window, R6 rank-1 lattice for once-per-card draws (strata.ts)';

/** The report's RNG line: the algorithm and the sampling design of the run (docs/rules.md, "Randomness"). */
export function rngName(design: { commonRandomNumbers?: boolean; stratify?: boolean }): string {
  const on = (x: boolean | undefined) => (x === false ? 'off' : 'on');
  return `${RNG_NAME}; common random numbers ${on(design.commonRandomNumbers)}, stratify ${on(design.stratify)}`;
}

/** The streams: one per kind of random quantity, so adding a draw never shifts another. */
export const Stream = {
  noise: 0,
  mean: 1,
  runOnset: 2,
  runFactor: 3,
  runDuration: 4,
  termSpread: 5,
  renewLag: 6,
  renewForget: 7,
  payDelay: 8,
  payMiss: 9,
  payAfterStop: 10,
  alertReaction: 11,
  actionSelect: 12,
  deploy: 13,
} as const;

export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h;
}

/** The last key computed: a run asks for the same one for every block (and `--cards` for every card), and ARC4's set-up costs about 40 µs. */
let last = { seed: '', replication: -1, key: 0 };

/** The 32-bit key of one replication of a seed. */
export function replicationKey(seed: string, replication: number): number {
  if (seed === last.seed && replication === last.replication) return last.key;
  const key = seedrandom(`${seed}/${replication}`).int32() | 0;
  last = { seed, replication, key };
  return key;
}

/** The per-card half of a draw's hash. */
export function cardKey(key: number, card: number): number {
  return mix32(key ^ Math.imul(card, 0x9e3779b1));
}

/** The per-(day, stream) half of a draw's hash. */
export function dayKey(day: number, stream: number): number {
  return Math.imul(day + 1, 0x85ebca77) ^ Math.imul(stream + 1, 0xc2b2ae3d);
}

/** A uniform 32-bit integer (as a non-negative number) for (key, card, day, stream). */
export function bits(key: number, card: number, day: number, stream: number): number {
  return mix32(cardKey(key, card) ^ dayKey(day, stream)) >>> 0;
}

/** A uniform draw in (0, 1) of the card whose key (cardKey) is `ck`: `uniform` without recomputing the card's half of the hash. */
export function uniformOf(ck: number, day: number, stream: number): number {
  return ((mix32(ck ^ dayKey(day, stream)) >>> 0) + 0.5) / 4294967296;
}

/** A uniform draw in the open interval (0, 1). */
export function uniform(key: number, card: number, day: number, stream: number): number {
  return (bits(key, card, day, stream) + 0.5) / 4294967296;
}

/** The 32-bit key of a named analysis of a seed (`bootstrap`): its own ARC4 stream, disjoint from every replication's ("seed/r"). */
export function analysisKey(seed: string, name: string): number {
  return seedrandom(`${seed}/${name}`).int32() | 0;
}
