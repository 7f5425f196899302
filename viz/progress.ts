import type { Progress as RunProgress } from '../engine/index.ts';

/**
 * The progress bar: card-days done, rate and time left. Updates arrive after
 * every job; the bar is redrawn at most once per animation frame. Also keeps
 * the longest main-thread task seen during the run (Long Tasks API).
 */
export class Progress {
  private started = 0;
  private last: RunProgress = { done: 0, total: 0 };
  private frame = 0;
  private workers = 1;
  private longest = 0;
  private observer: PerformanceObserver | null = null;
  /** What is running now when a run has several parts (the sensitivity variants); empty otherwise. */
  private part = '';

  constructor(private readonly fill: HTMLElement, private readonly text: HTMLElement) {}

  start(workers: number): void {
    this.started = performance.now();
    this.workers = workers;
    this.last = { done: 0, total: 0 };
    this.longest = 0;
    this.part = '';
    this.observe();
    this.fill.style.width = '0%';
    this.text.textContent = `Starting ${workers} worker${workers === 1 ? '' : 's'}…`;
  }

  update(p: RunProgress): void {
    this.last = p;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  finish(outcome: 'done' | 'cancelled' | 'error', message = ''): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.observer?.disconnect();
    this.observer = null;
    const { done, total } = this.last;
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const task = Number.isNaN(this.longest) ? ' · long tasks not measured in this browser' : this.longest > 0 ? ` · longest main-thread task ${Math.round(this.longest)} ms` : ' · no main-thread task over 50 ms';
    if (outcome === 'done') {
      this.fill.style.width = '100%';
      this.text.textContent = `Done: ${fmt(total)} card-days in ${secs.toFixed(1)} s (${rateText(rate)}) on ${this.workers} worker${this.workers === 1 ? '' : 's'}${task}.`;
    } else if (outcome === 'cancelled') {
      this.text.textContent = `Cancelled after ${fmt(done)} of ${fmt(total)} card-days (${secs.toFixed(1)} s); the workers were stopped${task}.`;
    } else {
      this.text.textContent = `The run failed: ${message}`;
    }
    document.body.dataset.longestTaskMs = Number.isNaN(this.longest) ? 'unmeasured' : String(Math.round(this.longest));
  }

  /** Names the part of the run now going (shown before the figures); '' for none. */
  label(text: string): void {
    this.part = text;
    this.update(this.last);
  }

  /** Replaces the bar with a message (a report opened): a frame the run under way had asked for is dropped, or it would draw the run's figures over it. */
  message(text: string): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.observer?.disconnect();
    this.observer = null;
    this.fill.style.width = '0%';
    this.text.textContent = text;
  }

  private draw(): void {
    const { done, total } = this.last;
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const pct = total > 0 ? (100 * done) / total : 0;
    this.fill.style.width = `${pct.toFixed(2)}%`;
    this.fill.parentElement?.setAttribute('aria-valuenow', pct.toFixed(0));
    const left = rate > 0 ? (total - done) / rate : NaN;
    this.text.textContent = `${this.part ? `${this.part} · ` : ''}${pct.toFixed(1)} % — ${fmt(done)} of ${fmt(total)} card-days · ${rateText(rate)} · ${Number.isFinite(left) ? `${duration(left)} left` : 'estimating…'} · ${this.workers} worker${this.workers === 1 ? '' : 's'}`;
  }

  private observe(): void {
    this.observer?.disconnect();
    if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) { this.longest = NaN; return; }
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.longest = Math.max(this.longest, e.duration);
    });
    this.observer.observe({ type: 'longtask' });
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function rateText(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(1)} M card-days/s` : `${fmt(r)} card-days/s`;
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
