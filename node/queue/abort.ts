import { abortReason } from '../../engine/index.ts';

/**
 * `promise`, or a rejection with the signal's abort reason as soon as the signal is aborted
 * (at once if it already is): a step of the queue's setup that waits on Redis never holds up
 * Ctrl-C. The step itself is not cancelled: `dispose` receives its value if it comes after the
 * abort (a connection to close), and its late failure is ignored.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, dispose: (value: T) => void = () => {}): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      settled = true;
      reject(abortReason(signal));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return dispose(value);
        settled = true;
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(err);
      },
    );
  });
}

/** Waits `ms`; rejects with the signal's abort reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const wait = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return abortable(wait, signal).finally(() => clearTimeout(timer));
}
