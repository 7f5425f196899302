/** Progress on stderr: a bar within 80 columns with the time left as h:mm:ss on a terminal; plain lines elsewhere. */
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { barLine, hms, plainLine, progressDisplay, timeLeft } from '../../cli/progress.ts';
import { cli } from './helpers.ts';
import { progressIntervalOption } from '../../cli/options.ts';
import { progressMeter } from '../../cli/run-progress.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('the progress bar', () => {
  it('writes the time left as h:mm:ss', () => {
    expect(hms(0)).toBe('0:00:00');
    expect(hms(6.2)).toBe('0:00:07');
    expect(hms(3723)).toBe('1:02:03');
    expect(hms(100000)).toBe('27:46:40');
    expect(timeLeft(0, 1e6, 3)).toBe('-:--:--');
    expect(timeLeft(25e6, 100e6, 10)).toBe('0:00:30');
  });

  it('is at most 80 columns, or the width given, whatever the figures', () => {
    const cases: [number, number, number][] = [[0, 14.6e6, 0.5], [7.3e6, 14.6e6, 1], [1e14, 1e14, 1e6], [3e10, 1e11, 12345]];
    for (const [done, total, s] of cases) {
      expect(stringWidth(barLine(done, total, s, 80))).toBeLessThanOrEqual(80);
      expect(stringWidth(barLine(done, total, s, 50))).toBeLessThanOrEqual(50);
    }
    expect(barLine(7.3e6, 14.6e6, 1, 80)).toBe(`${'█'.repeat(12)}${'░'.repeat(12)} 50 % 7.30/14.6 M card-days, 7.30 M/s, 0:00:01 left`);
  });

  it.skipIf(!hasScript)('on a real terminal (a pty, 200 columns wide) shows h:mm:ss left and stays within 80 columns', () => {
    const cmd = 'stty cols 200; node --import tsx cli/main.ts run scenarios/examples/auto-stop.yaml --workers 1 --replications 120 >/dev/null';
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const bars = r.stdout.split(/\r|\n|\x1b\[1G/).map((l) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '')).filter((l) => l.includes('M card-days,'));
    expect(bars.length).toBeGreaterThan(0);
    for (const b of bars) {
      expect(stringWidth(b), b).toBeLessThanOrEqual(80);
      expect(b).toMatch(/^[█░]+ \d+ % [\d.]+\/[\d.]+ M card-days, [\d.]+ M\/s, \d+:\d\d:\d\d left$/);
    }
    expect(r.stdout).not.toMatch(/ETA/);
  });
});

describe('progress off a terminal', () => {
  it('the real CLI with stderr a pipe prints a plain progress line every --progress-interval seconds, none on stdout', () => {
    const r = cli('run', 'scenarios/examples/auto-stop.yaml', '--workers', '1', '--replications', '30', '--progress-interval', '0.1');
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('simlapse: progress'));
    expect(lines.length, r.stderr).toBeGreaterThan(0);
    expect(lines.some((l) => /^simlapse: progress \d+ % \([\d.]+\/[\d.]+ M card-days\), [\d.]+ M card-days\/s, \d+:\d\d:\d\d left$/.test(l)), r.stderr).toBe(true);
    expect(r.stdout).not.toContain('progress');
    expect(r.stderr).not.toMatch(/\x1b|\r/);
  });

  it('--progress-interval 0 prints no progress lines; a negative one is a usage error', () => {
    const r = cli('run', 'scenarios/examples/hand-check.yaml', '--workers', '0', '--progress-interval', '0');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('progress');
    const bad = cli('run', 'scenarios/examples/hand-check.yaml', '--progress-interval', '-1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Expected a number ≥ 0.');
  });

  it('--progress-interval past a day or under 0.1 s is a usage error (a timer past 2^31 ms fired every millisecond)', () => {
    for (const v of ['1e10', '86400.5', '0.01']) {
      const r = cli('run', 'scenarios/examples/hand-check.yaml', '--workers', '0', '--progress-interval', v);
      expect(r.status, v).toBe(2);
      expect(r.stderr).toContain('Expected 0 (no progress lines) or 0.1 to 86,400 seconds (a day).');
      expect(r.stderr).not.toMatch(/TimeoutOverflowWarning|progress:/);
    }
    expect(progressIntervalOption('86400')).toBe(86_400);
    expect(progressIntervalOption('0.1')).toBe(0.1);
  });

  it('says the run is stalled when nothing has been done for two intervals', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    const display = progressDisplay({ stream: stream as unknown as NodeJS.WriteStream, intervalMs: 30 });
    display.update({ done: 5e6, total: 10e6 });
    await new Promise((ok) => setTimeout(ok, 200));
    display.stop();
    expect(text).toMatch(/^simlapse: progress 50 % \(5\.00\/10\.0 M card-days\), [\d.]+ M card-days\/s, \d+:\d\d:\d\d left$/m);
    expect(text).toMatch(/^simlapse: progress 50 % \(5\.00\/10\.0 M card-days\), stalled: nothing done for [\d.]+ s$/m);
    const after = text.length;
    await new Promise((ok) => setTimeout(ok, 100));
    expect(text.length).toBe(after);
  });

  it('a series of runs each shorter than the interval (a Sobol design) still gets its lines, naming the run; none between runs or after', async () => {
    // Found by a docs hunt: each run started its own interval, so --sobol printed nothing for 20 s.
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    const meter = progressMeter(0.05, stream as unknown as NodeJS.WriteStream);
    for (let run = 0; run < 12; run++) {
      const ended = meter.onPhase();
      meter.onProgress({ done: 1e6, total: 4e6 });
      await new Promise((ok) => setTimeout(ok, 20));
      ended();
    }
    expect(text).toMatch(/^simlapse: progress run \d+: 25 % \(1\.00\/4\.00 M card-days\), [\d.]+ M card-days\/s, \d+:\d\d:\d\d left$/m);
    expect(meter.summary()).toMatch(/^12\.0 M card-days in /);
    const after = text.length;
    await new Promise((ok) => setTimeout(ok, 120));
    expect(text.length).toBe(after);
  });

  it("a design's runs (sensitivity, --morris, --sobol) say which of how many, and the time left over them all (a CLI hunt: --sobol 20000 ran 9 minutes saying '0:00:01 left')", async () => {
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    const meter = progressMeter(0.03, stream as unknown as NodeJS.WriteStream);
    meter.onPhase({ kind: 'main' })();
    for (let variant = 1; variant <= 6; variant++) {
      const ended = meter.onPhase({ kind: 'sensitivity', variant, variants: 6, label: `x = ${variant}` });
      meter.onProgress({ done: 1e6, total: 4e6 });
      await new Promise((ok) => setTimeout(ok, 40));
      ended();
    }
    expect(text).toMatch(/^simlapse: progress run 2 \(1 of 6 in this design\): 25 % /m);
    // From the second run on: the pace so far × the runs left (this one included), rounded up to a second.
    expect(text).toMatch(/^simlapse: progress run [3-7] \([2-6] of 6 in this design, about 0:00:01 left in it\): 25 % \(1\.00\/4\.00 M card-days\)/m);
  });

  it("the per-card pass's time left is from its own rate, not that of every run so far (a scale hunt: about 8× too short)", async () => {
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    const meter = progressMeter(0.05, stream as unknown as NodeJS.WriteStream);
    const main = meter.onPhase({ kind: 'main' });
    meter.onProgress({ done: 1e9, total: 1e9 });
    main();
    const ended = meter.onPhase({ kind: 'cards' });
    meter.onProgress({ done: 1e6, total: 1e9 });
    await new Promise((ok) => setTimeout(ok, 120));
    ended();
    // 1 M card-days in about 0.1 s: about 10 M/s, so 999 M card-days take a minute or more (the run's billion made it "0:00:01").
    const left = [...text.matchAll(/^simlapse: progress cards: .*, (\d+):(\d\d):(\d\d) left$/gm)].map((m) => +m[1] * 3600 + +m[2] * 60 + +m[3]);
    expect(left.length).toBeGreaterThan(0);
    expect(Math.min(...left)).toBeGreaterThan(30);
  });

  it('names the per-card pass (--cards) "cards", not "run 2"; lines half a second apart do not both say "after 1 s"', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    const meter = progressMeter(0.05, stream as unknown as NodeJS.WriteStream);
    meter.onPhase({ kind: 'main' })();
    const ended = meter.onPhase({ kind: 'cards' });
    meter.onProgress({ done: 1e6, total: 4e6 });
    await new Promise((ok) => setTimeout(ok, 80));
    ended();
    expect(text).toMatch(/^simlapse: progress cards: 25 % \(1\.00\/4\.00 M card-days\)/m);
    expect(text).not.toContain('run 2');
    const waiting = (seconds: number) => plainLine({ done: 0, total: 0, seconds, idle: seconds, intervalMs: 500 });
    expect([waiting(0.5), waiting(1.0), waiting(1.5), waiting(12.4)]).toEqual([
      'simlapse: progress: no card-days done yet after 0.5 s\n', 'simlapse: progress: no card-days done yet after 1 s\n',
      'simlapse: progress: no card-days done yet after 1.5 s\n', 'simlapse: progress: no card-days done yet after 12 s\n',
    ]);
  });
});
