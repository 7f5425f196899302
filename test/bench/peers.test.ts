import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeerOutput, peersBench, verdict3 } from '../../bench/peers.ts';
import { scaleFleet } from '../../bench/peer-fleet.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

// The peers live beside the repository (../shared/peers from the main checkout); SIMLAPSE_PEERS overrides.
const PEERS = [process.env.SIMLAPSE_PEERS, '../shared/peers', '../../shared/peers'].find((d) => d && existsSync(join(d, 'reference-100k.yaml')));

// What the three peers printed for 10,000 cards × 36 months, seed 42, autoStop on.
const SAMPLES = {
  c: '{"impl":"c-cardouter","cards":10000,"months":36,"autoStop":1,"cardDays":10800000,"seconds":0.054056,"cardDaysPerSec":1.99793e+08,"totalCost":3556616.6666666679,"downtimeCardDays":2200575.5992070674,"unservedMB":14424123.351649342,"cancelled":754,"flagCardMonths":[92355,20967,7224,15834],"lastMonthFlags":[2555,567,0,754]}\n',
  soa: '{"impl":"soa-js","cards":10000,"months":36,"autoStop":1,"cardDays":10800000,"seconds":0.401770495,"cardDaysPerSec":26881018.229076277,"totalCost":3556616.6666666665,"downtimeCardDays":2200575.599207068,"unservedMB":14424123.35164934,"cancelled":754,"flagCardMonths":[92355,20967,7224,15834],"lastMonthFlags":[2555,567,0,754]}\n',
  naive: 'warming up\n{"impl":"naive-js","cards":10000,"months":36,"autoStop":1,"cardDays":10800000,"seconds":1.1259622770000002,"cardDaysPerSec":9591795.587304562,"totalCost":3559810.1666636216,"downtimeCardDays":2250226.2055676403,"unservedMB":15695851.463768227,"cancelled":715}\n',
};

describe('bench peers', () => {
  it('reads the JSON line each peer prints', () => {
    expect(parsePeerOutput(SAMPLES.c, 'c')).toEqual({ cardDays: 10800000, seconds: 0.054056, totalCost: 3556616.6666666679, downtimeCardDays: 2200575.5992070674, cancelled: 754 });
    expect(parsePeerOutput(SAMPLES.soa, 'soa').seconds).toBe(0.401770495);
    expect(parsePeerOutput(SAMPLES.naive, 'naive').cancelled).toBe(715);
  });

  it('a peer that prints no result line is an error naming it', () => {
    expect(() => parsePeerOutput('usage: node fleet_soa.mjs N H seed autoStop\n', 'fleet_soa.mjs')).toThrow(/fleet_soa.mjs printed no result line/);
    expect(() => parsePeerOutput('{"cardDays":10,"seconds":0}', 'x')).toThrow(/no result line/);
  });

  it('a target is met when every round meets it, missed when none does, and says so when the rounds disagree', () => {
    expect(verdict3(1.3, 1.5, 1.4, 1.6)).toBe('met');
    expect(verdict3(1.3, 1.3, 1.3, 1.4)).toBe('met');
    expect(verdict3(1.3, 1.1, 1.0, 1.29)).toBe('missed');
    expect(verdict3(1.3, 1.35, 1.2, 1.5)).toBe('met at the median; the rounds disagree');
    expect(verdict3(1.3, 1.25, 1.2, 1.5)).toBe('missed at the median; the rounds disagree');
  });

  it('scales a fleet linearly, to the exact card count', () => {
    const s = { arms: [{ cohorts: [{ count: 700 }, { count: 200 }, { count: 100 }] }] } as never;
    const counts = (x: { arms: { cohorts: { count: number }[] }[] }) => x.arms[0].cohorts.map((c) => c.count);
    expect(counts(scaleFleet(s, 10))).toEqual([7, 2, 1]);
    expect(counts(scaleFleet(s, 1001))).toEqual([701, 200, 100]);
    expect(counts(scaleFleet(s, 5))).toEqual([4, 1]); // 3.5, 1, 0.5: the tie goes to the first; the empty cohort is left out
  });

  it.skipIf(!PEERS)('the reference scenario scales to 1,000 cards', () => {
    const s = scaleFleet(loadScenarioFile(join(PEERS!, 'reference-100k.yaml')), 1000);
    expect(s.arms[0].cohorts.reduce((n, c) => n + c.count, 0)).toBe(1000);
  });

  it.skipIf(!PEERS)('runs the kernel and every peer once on a tiny fleet and gives a ratio for each', async () => {
    const r = await peersBench({ dir: PEERS!, cards: 1000, rounds: 1 });
    const names = r.contestants.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual(['kernel', 'soa-js', 'naive-js']);
    for (const c of r.contestants) {
      expect(c.cardDaysPerSecond).toHaveLength(1);
      expect(c.roundRatios).toHaveLength(1);
      expect(c.kernelRatio).toBeGreaterThan(0);
      // CPU time for all where the C source has its one CLOCK_MONOTONIC to switch (the peers' fleet.c does).
      expect(c.clock).toBe('cpu');
    }
    expect(r.contestants[0].kernelRatio).toBe(1);
    expect(r.contestants.find((c) => c.name === 'soa-js')!.target).toBe(1.3);
    expect(r.contestants.find((c) => c.name === 'naive-js')!.target).toBe(8);
    expect(r.agreement.cancelled.kernel).toBeGreaterThan(0);
  });
});
