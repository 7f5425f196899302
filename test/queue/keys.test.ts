/** The run's content key (node/queue/keys.ts runKey): what shares stored jobs and what does not. No Redis. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { newProcessId, runKey, TAG_BYTES } from '../../node/queue/keys.ts';
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

describe('newProcessId', () => {
  it('is this host and pid with a 48-bit random tag: processes of one host and pid (pid 1 in every container) do not share an id', () => {
    const ids = Array.from({ length: 2000 }, newProcessId);
    const host = hostname().replace(/[^\w.:-]/g, '_');
    for (const id of ids.slice(0, 5)) expect(id).toMatch(new RegExp(`^${host.replace(/[.]/g, '\\.')}:${process.pid}:[0-9a-f]{${2 * TAG_BYTES}}$`));
    expect(TAG_BYTES).toBeGreaterThanOrEqual(6);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
