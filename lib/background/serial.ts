/**
 * Runs jobs one after another per key (a tab, or one global key), so two messages never race
 * on the same state. A failed job does not stop the ones queued after it. Keys with nothing
 * queued are forgotten, so the map stays as small as the work in flight.
 */
export class SerialQueue<K = string> {
  private readonly tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, job: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(job);
    const settled = next.catch(() => undefined);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return next;
  }
}
