/** The options of `simlapse run`, as commander parses them (cli/main.ts). */
import type { MetricName } from '../engine/index.ts';

export interface RunCommandOptions {
  out?: string;
  json?: boolean;
  seed?: string;
  replications?: number;
  /** Worker threads; 0 runs in this thread. With --queue, those of the --cards pass (it runs here), and refused without --cards. [default: available cores] */
  workers?: number;
  /** Redis URL: run the jobs on the queue instead of local threads. */
  queue?: string;
  /** Replicate until the watched paired difference's 95 % half-width is at most this. */
  precision?: number;
  /** Or at most this share of the difference's |mean| (either suffices). */
  relativePrecision?: number;
  /** With --precision: the metric watched. [default: the scenario's objective] */
  metric?: MetricName;
  /** With --precision: the arm whose difference from the baseline is watched. [default: the best other arm] */
  arm?: string;
  /** With --precision: the most replications to run. [default: 1000] */
  maxReplications?: number;
  /** Replicate until the KN procedure leaves one arm, with this indifference zone. */
  indifference?: number;
  /** With sensitivity: in the scenario: Morris elementary effects from this many base points. [default: none] */
  morris?: number;
  /** With sensitivity: in the scenario: Sobol first-order and total indices from this many base samples. [default: none] */
  sobol?: number;
  /** Off a terminal: seconds between plain progress lines on stderr; 0: none. [default: 5] */
  progressInterval?: number;
  /** Run a scenario past LARGE_RUN (engine/size.ts). [default: false: such a run is refused with its estimated time and memory] */
  allowLarge?: boolean;
  /** With --out: also write replications.parquet. [default: false] */
  parquet?: boolean;
  /** With --out: start every CSV with a UTF-8 byte-order mark, so Excel reads non-ASCII text right (`--excel` is the same). [default: false] */
  bom?: boolean;
  excel?: boolean;
  /** With --out: also write cards.csv (and with --parquet cards.parquet), one row per card and replication (cli/cards.ts). [default: false] */
  cards?: boolean;
}
