/**
 * A run past LARGE_RUN, as the page refuses it before any work: the CLI's words (engine/size-text.ts)
 * with "Run it anyway" where the CLI says --allow-large. The page runs no Morris, Sobol
 * or sequential designs: its size is the scenario's with its own replications.
 */
import { isLarge, largeRunText as sizeText, runSize, type ExperimentConfig } from '../engine/index.ts';

/** Why this run is large and what to do, or null when it is not large. */
export function largeRunText(scenario: ExperimentConfig, workers: number): string | null {
  const size = runSize(scenario);
  if (!isLarge(size)) return null;
  const k = scenario.sensitivity?.length ?? 0;
  const text = sizeText(size, { runs: k > 0 ? `1 main, ${2 * k} sensitivity` : null, cores: workers, where: `on ${workers} worker${workers === 1 ? '' : 's'}`, ask: 'Run it anyway' });
  return text[0].toUpperCase() + text.slice(1);
}
