import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSize } from '../../cli/run-size.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { largeRunText } from '../../viz/large-run.ts';

const AUTO_STOP = readFileSync(new URL('../../scenarios/examples/auto-stop.yaml', import.meta.url), 'utf8');
const scenario = (text: string) => parseScenario(text, { file: 'auto-stop.yaml' });
/** The CLI's refusal of this scenario on `workers` workers (no design, not sequential). */
function cliMessage(text: string, workers: number): string {
  try {
    checkSize(scenario(text), { maxReplications: 1000 }, { workers });
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

describe('the page refuses a large run with the CLI\'s words', () => {
  it('too many jobs (10,000 replications of blocks of one card)', () => {
    const text = AUTO_STOP.replace('replications: 10\n', 'replications: 10000\nblockSize: 1\n');
    const page = largeRunText(scenario(text), 4);
    expect(page).toMatch(/^This run is large: .* jobs a run takes without asking\. .* Run it anyway, or make it smaller/);
    expect(page).toBe(cliMessage(text, 4).replace(/^this/, 'This').replace('Run it with --allow-large, or', 'Run it anyway, or'));
  });

  it('too many card-days', () => {
    const text = AUTO_STOP.replace('replications: 10\n', 'replications: 3000\n').replace('count: 2000', 'count: 100000');
    expect(largeRunText(scenario(text), 2)).toBe(cliMessage(text, 2).replace(/^this/, 'This').replace('Run it with --allow-large, or', 'Run it anyway, or'));
  });

  it('a run the CLI takes without asking: nothing to say', () => {
    expect(cliMessage(AUTO_STOP, 2)).toBe('');
    expect(largeRunText(scenario(AUTO_STOP), 2)).toBeNull();
  });
});
