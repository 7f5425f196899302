/** The run's content key (node/queue/keys.ts runKey): what shares stored jobs and what does not. No Redis. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runKey } from '../../node/queue/keys.ts';
import { parseScenario } from '../../scenarios/index.ts';

const text = readFileSync('test/queue/fleet.yaml', 'utf8');
const key = (t: string) => runKey(parseScenario(t, { file: 'fleet.yaml' }), 'engine-hash');

describe('runKey', () => {
  it('more replications written in the file reuse the stored jobs, as --replications does (queue audit)', () => {
    // The scenario's hash covers the file as written, so replications: 3 → 5 changed it; jobs do not depend on it.
    expect(text).toContain('replications: 3\n');
    expect(key(text.replace('replications: 3\n', 'replications: 5\n'))).toBe(key(text));
    // A comment does not change a job's bytes either.
    expect(key(`# a note\n${text}`)).toBe(key(text));
  });

  it('anything a job depends on gives another key: the seed, an arm, the engine', () => {
    expect(key(text.replace('seed: 11\n', 'seed: 12\n'))).not.toBe(key(text));
    expect(key(text.replace('monthlyFee: 5', 'monthlyFee: 6'))).not.toBe(key(text));
    const s = parseScenario(text, { file: 'fleet.yaml' });
    expect(runKey(s, 'another-engine')).not.toBe(runKey(s, 'engine-hash'));
  });
});
