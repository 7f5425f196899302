import type { Report, ScenarioConfig } from '../engine/index.ts';

/** A report on show and what the page knows of it. */
export interface Shown {
  report: Report;
  /** Replications in the report so far, while a run streams in: marked partial, not saved. */
  partial: boolean;
  /** A provisional answer from a random sample of the first replication (engine/sample.ts): cards sampled (per arm) of the fleet's, in how many units. Never a final answer. */
  sample?: { cards: number; of: number; units: number };
  /** Where the report came from: a run in this page, or a report.json. */
  source: string;
  /** The scenario the report was run from, for tracing a card (null when unknown). */
  scenario: ScenarioConfig | null;
  /** The main run's report of an experiment stopped before its sensitivity runs ended (cancelled, or one failed): not the CLI's report, so not saved. */
  incomplete?: boolean;
}

/** Holds the report on show (from a run in this page or a report.json opened); tells its listener each time it is replaced. */
export class ShownReport {
  private shown: Shown | null = null;

  constructor(private readonly onChange: (shown: Shown) => void) {}

  get current(): Shown | null {
    return this.shown;
  }

  show(shown: Shown): void {
    this.shown = shown;
    this.onChange(shown);
  }
}
