import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A process that traps interrupts, then signals itself twice: what the second prints, and the exit code. */
function twice(said: string | null, signal: NodeJS.Signals): { status: number | null; stderr: string; cleaned: boolean } {
  const code = `
    import { trapInterrupts } from './cli/interrupt.ts';
    const controller = new AbortController();
    trapInterrupts(controller, () => process.stdout.write('cleaned'), ${said === null ? 'undefined' : `() => ${JSON.stringify(said)}`});
    process.kill(process.pid, '${signal}');
    setTimeout(() => { if (!controller.signal.aborted) process.exit(9); process.kill(process.pid, '${signal}'); }, 50);
    setTimeout(() => process.exit(8), 5000);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, cleaned: r.stdout === 'cleaned' };
}

describe('interrupts', () => {
  it('the first aborts the work; a second cleans up and leaves at once, saying no output was written (130 after SIGINT, 143 after SIGTERM)', () => {
    expect(twice(null, 'SIGINT')).toEqual({ status: 130, stderr: 'simlapse: interrupted; no output written\n', cleaned: true });
    expect(twice(null, 'SIGTERM')).toEqual({ status: 143, stderr: 'simlapse: interrupted; no output written\n', cleaned: true });
  });

  it("a command whose outputs are in place says so on a second interrupt (run --queue deleting its runs from Redis), not 'no output written'", () => {
    const said = 'the outputs were written; the finished queue runs stay in Redis, and expire in 3 days';
    expect(twice(said, 'SIGINT')).toEqual({ status: 130, stderr: `simlapse: interrupted; ${said}\n`, cleaned: true });
  });

  it("npm start and npm run sim run the CLI in one process (node --import tsx), so a signal reaches its clean-up: tsx's own command relays it to a child and kills that child 60 ms later, which left a busy --cards pass's temporary files behind (found by an outputs hunt)", () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const name of ['start', 'sim']) expect(scripts[name], name).toMatch(/^node --import tsx cli\/main\.ts(\s|$)/);
  });
});
