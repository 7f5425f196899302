import cliProgress from 'cli-progress';
import type { Progress } from '../engine/index.ts';

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** Show the bar only once the run has taken this long. [default: 1000 ms] */
  delayMs?: number;
}

export interface ProgressDisplay {
  update(p: Progress): void;
  /** Removes the bar; returns card-days done and seconds elapsed. */
  stop(): { done: number; seconds: number };
}

/**
 * A progress bar for a run, on stderr: card-days done, rate in M card-days/s, ETA. It
 * appears only on a terminal and only once the run has taken over `delayMs`, so short
 * runs and logs (CI) stay clean.
 */
export function progressDisplay(options: ProgressOptions): ProgressDisplay {
  const delayMs = options.delayMs ?? 1000;
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  const payload = (total: number) => {
    const seconds = (performance.now() - t0) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    return { doneM: millions(done), totalM: millions(total), rate: millions(rate), eta: rate > 0 ? duration((total - done) / rate) : '?' };
  };
  return {
    update(p) {
      done = p.done;
      if (!bar && options.stream.isTTY && performance.now() - t0 >= delayMs) {
        bar = new cliProgress.SingleBar({
          stream: options.stream,
          format: '{bar} {percentage}% | {doneM}/{totalM} M card-days | {rate} M card-days/s | ETA {eta}',
          barsize: 24,
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        });
        bar.start(p.total, p.done, payload(p.total));
      } else bar?.update(p.done, payload(p.total));
    },
    stop() {
      bar?.stop();
      bar = null;
      return { done, seconds: (performance.now() - t0) / 1000 };
    },
  };
}

/** A number of card-days for people: `62 card-days`, `14.6 M card-days`. */
export function cardDays(n: number): string {
  return n < 1e6 ? `${n.toLocaleString('en-US')} card-days` : `${millions(n)} M card-days`;
}

/** Millions, 1 decimal (or 2 under 10 M). */
export function millions(n: number): string {
  const m = n / 1e6;
  return m.toFixed(m < 10 ? 2 : 1);
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
