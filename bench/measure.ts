/** Timing and memory helpers for the benches: wall time with hrtime, peak RSS sampled and from the OS. */

export function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Tracks peak RSS while `fn` runs (sampled every 20 ms, and the OS's max RSS of the process). */
export async function withPeakRss<T>(fn: () => Promise<T> | T): Promise<{ value: T; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const mrate = (cardDays: number, s: number) => `${(cardDays / s / 1e6).toFixed(1)} M`;
