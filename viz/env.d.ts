/// <reference types="vite/client" />

interface Window {
  /** The last complete report the page ran or opened (for tests and the console). */
  __simlapseReport?: import('../engine/index.ts').Report;
  /** When each report (partial ones too) first reached the screen: its scenario hash, replications, interval kind and `performance.now()` (the last 50; for the latency test). */
  __simlapseDraws?: { hash: string; replications: number; headline: string; at: number; provisional?: string }[];
}
