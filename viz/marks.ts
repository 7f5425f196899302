/**
 * Timing marks (performance.mark `simlapse:<name>`) on the way from a knob move to the first
 * drawn answer: `run` (the run starts), `load` (a worker holds the scenario), `first-result`,
 * `result` (each job or block merged), `sample` (a provisional answer from a sample, the pilot's units or batches, is built, engine/sample.ts), `partial` (a report over the replications so far is
 * built). test/browser/responsive.test.ts reads them; each costs a few microseconds.
 */
export function mark(name: string): void {
  performance.mark(`simlapse:${name}`);
}
