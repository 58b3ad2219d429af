import type { HealthRecord } from '../domain/rule-health';

/** Rule health (storage.local): read and written whole, it is small. */
export interface HealthStore {
  get(): Promise<HealthRecord>;
  set(h: HealthRecord): Promise<void>;
}

/**
 * Changes rule health one change at a time (tabs run in parallel): read, change, write.
 * Without a store, changes are dropped.
 */
export function healthUpdater(
  health?: HealthStore,
): (change: (h: HealthRecord) => HealthRecord) => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return (change) => {
    if (!health) return Promise.resolve();
    chain = chain.then(async () => {
      try {
        await health.set(change(await health.get()));
      } catch {
        // Health is a hint for the dashboard: never a reason to lose a count.
      }
    });
    return chain;
  };
}
