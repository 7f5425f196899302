import type { Report, ScenarioConfig } from '../engine/index.ts';

/** A report on show and what the page knows of it. */
export interface Shown {
  report: Report;
  /** Replications in the report so far, while a run streams in: marked partial, not saved. */
  partial: boolean;
  /** A provisional answer from a random sample of the first replication's batches (engine/sample.ts): how many of how many. Never a final answer. */
  sample?: { batches: number; of: number };
  /** Where the report came from: a run in this page, or a report.json. */
  source: string;
  /** The scenario the report was run from, for tracing a card (null when unknown). */
  scenario: ScenarioConfig | null;
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
