/**
 * Ctrl-C and SIGTERM while a command works. The first aborts the work: it stops at its next
 * check, removes its temporary files, and the command says `interrupted; no output written`
 * and exits 130 (143 after SIGTERM). A second leaves at once, after a synchronous `cleanup`.
 * The handlers stay until the outputs are in place, so an interrupt never cuts a write short.
 */
import { EXIT } from './errors.ts';
import { tell } from './terminal.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The AbortError an interrupt aborts with; its message names the signal. */
export function interrupted(signal: NodeJS.Signals): DOMException {
  return new DOMException(`interrupted by ${signal}`, 'AbortError');
}

/** The exit code for an interrupt: 130 after Ctrl-C, 143 after SIGTERM (128 + the signal's number). */
export function interruptCode(reason: unknown): number {
  return /SIGTERM/.test(String((reason as Error)?.message)) ? EXIT.terminated : EXIT.interrupted;
}

/**
 * Installs the handlers; returns the function that removes them. `said` is what a second
 * interrupt prints after `simlapse: interrupted; ` [default: `no output written`]: a command
 * whose outputs are in place and that still has work to do (run --queue deleting its runs from
 * Redis) says so instead.
 */
export function trapInterrupts(controller: AbortController, cleanup: () => void = () => {}, said: () => string = () => 'no output written'): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) return controller.abort(interrupted(signal));
    cleanup();
    tell(`simlapse: interrupted; ${said()}\n`);
    process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    // After an interrupt the command is on its way out: a second signal must still find the
    // handler (without one, Node's default action would kill the process mid-cleanup).
    if (controller.signal.aborted) return;
    for (const s of SIGNALS) process.off(s, handler);
  };
}
