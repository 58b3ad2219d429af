import type { EventKind } from '../domain/events';
import type { CarriedAttempt } from '../messaging/replies';

/** An attempt waiting for a URL on a later page load of its tab (kept in session storage). */
export interface CarriedRecord extends CarriedAttempt {
  kind: EventKind;
  source: 'auto' | 'taught';
  expiresAt: number;
  /** A later page load can confirm it (URL signal); otherwise it dies with its page. */
  crossPage: boolean;
}

export interface CarriedStore {
  get(tabId: number): Promise<CarriedRecord[]>;
  set(tabId: number, records: CarriedRecord[]): Promise<void>;
  remove(tabId: number): Promise<void>;
}

/** Attempts carried across page loads, per tab, in `storage.session`. */
export function sessionCarriedStore(area: {
  get(k: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(k: string): Promise<void>;
}): CarriedStore {
  const key = (tabId: number) => `engineCarried:${tabId}`;
  return {
    async get(tabId) {
      return ((await area.get(key(tabId)))[key(tabId)] as CarriedRecord[] | undefined) ?? [];
    },
    async set(tabId, records) {
      if (records.length === 0) await area.remove(key(tabId));
      else await area.set({ [key(tabId)]: records });
    },
    async remove(tabId) {
      await area.remove(key(tabId));
    },
  };
}
