/**
 * Waiting on a call while something long-lived may stop it (a worker's death, a run's abort),
 * without keeping the call. `Promise.race([call, worker.dead])` leaves a reaction on the
 * long-lived promise for every call it ever raced, and each reaction holds that call's
 * result: a warm pool or a queue worker would keep every block result it ever computed
 * (Node issue #17469). A Stopper instead holds only the calls still in flight.
 */
type Reject = (reason: unknown) => void;

export class Stopper {
  private readonly pending = new Set<Reject>();
  private stoppedBy: { reason: unknown } | null = null;

  /** Rejects every call in flight, and every later one, with `reason` (the first stop wins). */
  stop(reason: unknown): void {
    if (this.stoppedBy) return;
    this.stoppedBy = { reason };
    for (const r of this.pending) r(reason);
    this.pending.clear();
  }

  get stopped(): boolean {
    return this.stoppedBy !== null;
  }

  /** @internal */
  attach(reject: Reject): boolean {
    if (this.stoppedBy) {
      reject(this.stoppedBy.reason);
      return false;
    }
    this.pending.add(reject);
    return true;
  }

  /** @internal */
  detach(reject: Reject): void {
    this.pending.delete(reject);
  }
}

const byDeath = new WeakMap<Promise<unknown>, Stopper>();

/** The Stopper that stops when `dead` rejects (one per promise, with one reaction on it). */
export function stopperOf(dead: Promise<unknown>): Stopper {
  let s = byDeath.get(dead);
  if (!s) {
    const made = (s = new Stopper());
    dead.catch((err) => made.stop(err));
    byDeath.set(dead, s);
  }
  return s;
}

/** Settles as `call` does, or rejects as soon as one of the stoppers stops; once settled, nothing of it stays attached. */
export function guard<T>(call: Promise<T>, ...stoppers: Array<Stopper | undefined>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const on = stoppers.filter((s): s is Stopper => s !== undefined);
    for (const s of on) if (!s.attach(reject)) return;
    call.then(resolve, reject).finally(() => {
      for (const s of on) s.detach(reject);
    });
  });
}
