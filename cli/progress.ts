import cliProgress from 'cli-progress';
import type { Progress } from '../engine/index.ts';
import { columns } from './display.ts';
import { printable } from './terminal.ts';

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** On a terminal: show the bar only once the run has taken this long. [default: 1000 ms] */
  delayMs?: number;
  /** Off a terminal (CI, a log file): a plain progress line every this long; 0: none. [default: 5000 ms] */
  intervalMs?: number;
  /** The widest the bar's line may be, in display columns (a narrower terminal narrows it). [default: 80] */
  width?: number;
}

export interface ProgressDisplay {
  update(p: Progress): void;
  /** Removes the bar (or stops the lines); returns card-days done and seconds elapsed. */
  stop(): { done: number; seconds: number };
}

/** Widest bar, in columns. */
const BAR = 24;

/**
 * Progress of a run, on stderr: card-days done, the rate (this run's card-days over its seconds)
 * and the time left at that rate, as h:mm:ss. On a terminal, a bar redrawn in place once the run
 * has taken over `delayMs` (so short runs stay clean); elsewhere a plain line every `intervalMs`,
 * which says so when nothing has been done for two of them (a stalled queue run also gets the
 * coordinator's stall report, naming the jobs and workers).
 */
export function progressDisplay(options: ProgressOptions): ProgressDisplay {
  const delayMs = options.delayMs ?? 1000, intervalMs = options.intervalMs ?? 5000, stream = options.stream;
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  let done = 0, total = 0;
  const seconds = () => (performance.now() - t0) / 1000;
  const width = () => Math.min(options.width ?? 80, stream.isTTY && stream.columns ? stream.columns - 1 : Infinity);

  let timer: NodeJS.Timeout | null = null;
  if (!stream.isTTY && intervalMs > 0) {
    let lastDone = -1, lastChange = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      if (done !== lastDone) {
        lastDone = done;
        lastChange = now;
      }
      stream.write(plainLine({ done, total, seconds: seconds(), idle: (now - lastChange) / 1000, intervalMs }));
    }, intervalMs);
    timer.unref();
  }

  return {
    update(p) {
      done = p.done;
      total = p.total;
      if (!bar && stream.isTTY && performance.now() - t0 >= delayMs) {
        bar = new cliProgress.SingleBar({
          stream,
          format: () => barLine(done, total, seconds(), width()),
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        });
        bar.start(p.total, p.done);
      } else bar?.update(p.done);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      bar?.stop();
      bar = null;
      return { done, seconds: seconds() };
    },
  };
}

/**
 * A plain progress line (off a terminal) for a run that has done `done` of `total` card-days in
 * `seconds`, nothing for the last `idle` seconds: stalled past two intervals. `label` names the
 * run among several (`run 3`); `rate`: the card-days per second to report and to count the time
 * left with [default: done / seconds].
 */
export function plainLine(o: { done: number; total: number; seconds: number; idle: number; intervalMs: number; label?: string; rate?: number }): string {
  const rate = o.rate ?? o.done / o.seconds, label = o.label ? ` ${o.label}:` : '';
  if (!(rate > 0)) return `simlapse: progress${label || ':'} no card-days done yet after ${secondsText(o.seconds)} s\n`;
  // A run of several that has not said its size yet (just started): the rate so far.
  if (o.total === 0) return `simlapse: progress${label} starting, ${millions(rate)} M card-days/s so far\n`;
  const left = o.done >= o.total ? '0:00:00' : hms((o.total - o.done) / rate);
  const state = o.idle >= (2 * o.intervalMs) / 1000 ? `stalled: nothing done for ${secondsText(o.idle)} s` : `${millions(rate)} M card-days/s, ${left} left`;
  return printable(`simlapse: progress${label} ${percent(o.done, o.total)} % (${millions(o.done)}/${millions(o.total)} M card-days), ${state}\n`);
}

/** Seconds for a progress line: tenths below 10 s (lines every half second must not both say "1 s"), whole seconds above. */
function secondsText(s: number): string {
  return s < 10 ? `${+s.toFixed(1)}` : `${Math.round(s)}`;
}

/**
 * The bar's line, at most `width` columns: `██████░░░░ 42 % 6.13/14.60 M card-days, 12.3 M/s, 0:00:01 left`
 * (the bar narrows, then goes, to keep the figures on a narrow terminal; they are cut on a narrower one).
 */
export function barLine(done: number, total: number, seconds: number, width: number): string {
  const text = `${percent(done, total)} % ${millions(done)}/${millions(total)} M card-days, ${millions(done / Math.max(seconds, 1e-9))} M/s, ${timeLeft(done, total, seconds)} left`;
  const size = Math.min(BAR, width - 1 - columns(text));
  if (size < 4) return text.slice(0, width); // figures only, ASCII: cut on a terminal too narrow for them
  const full = total > 0 ? Math.min(size, Math.round((done / total) * size)) : 0;
  return `${'█'.repeat(full)}${'░'.repeat(size - full)} ${text}`;
}

/** Time left at the rate so far, as h:mm:ss (`-:--:--` before anything is done). */
export function timeLeft(done: number, total: number, seconds: number): string {
  if (!(done > 0) || !(seconds > 0)) return '-:--:--';
  return hms(((total - done) * seconds) / done);
}

/** Seconds as h:mm:ss, rounded up: `0:00:07`, `1:02:03`, `27:46:40`. */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((100 * done) / total) : 0;
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
