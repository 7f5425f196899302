import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Stopper, guard, stopperOf } from '../../engine/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether a call's result is still reachable after the call settled and every reference to it was dropped. */
async function kept(wait: (call: Promise<object>, dead: Promise<never>) => Promise<object>): Promise<boolean> {
  const dead = new Promise<never>(() => {}); // a worker that lives on
  let ref: WeakRef<object> | null = null;
  await (async () => {
    const result = await wait(Promise.resolve({ rows: new Float64Array(1024) }), dead);
    ref = new WeakRef(result);
  })();
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
  void dead;
  return ref!.deref() !== undefined;
}

describe('guard: waiting on a call that a long-lived promise may stop', () => {
  it('keeps nothing of a settled call (Promise.race with the long-lived promise keeps its result)', async () => {
    expect(await kept((call, dead) => Promise.race([call, dead]))).toBe(true);
    expect(await kept((call, dead) => guard(call, stopperOf(dead)))).toBe(false);
  });

  it('a death or a stop rejects the calls in flight and later ones; a settled call is not affected', async () => {
    let die: (e: unknown) => void = () => {};
    const dead = new Promise<never>((_, reject) => (die = reject));
    const run = new Stopper();
    const done = guard(Promise.resolve(1), stopperOf(dead), run);
    const hanging = guard(new Promise<number>(() => {}), stopperOf(dead), run);
    die(new Error('worker died'));
    await expect(done).resolves.toBe(1);
    await expect(hanging).rejects.toThrow('worker died');
    await expect(guard(Promise.resolve(2), stopperOf(dead))).rejects.toThrow('worker died');
    run.stop(new Error('aborted'));
    run.stop(new Error('second stop is ignored'));
    await expect(guard(Promise.resolve(3), run)).rejects.toThrow('aborted');
    expect(stopperOf(dead)).toBe(stopperOf(dead));
  });
});
