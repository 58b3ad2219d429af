import type { ControlSignals } from '../domain/control-signals';
import type { EventKind } from '../domain/events';
import type { CarriedAttempt } from '../messaging/replies';
import { carriedAttemptsItem } from '../storage/items';

/** An attempt waiting for a URL on a later page load of its tab (kept in session storage). */
export interface CarriedRecord extends CarriedAttempt {
  kind: EventKind;
  source: 'auto' | 'taught';
  expiresAt: number;
  /** A later page load can confirm it (URL signal); otherwise it dies with its page. */
  crossPage: boolean;
  /** The clicked control's structure, filed with the attempt if no answer comes. */
  control?: ControlSignals;
}

export interface CarriedStore {
  get(tabId: number): Promise<CarriedRecord[]>;
  set(tabId: number, records: CarriedRecord[]): Promise<void>;
  remove(tabId: number): Promise<void>;
}

/** Attempts carried across page loads, per tab, in `storage.session` (lib/storage/items.ts). */
export const carriedAttemptsStore: CarriedStore = {
  get: async (tabId) => (await carriedAttemptsItem.get(tabId)) ?? [],
  set: (tabId, records) =>
    records.length === 0 ? carriedAttemptsItem.delete(tabId) : carriedAttemptsItem.set(tabId, records),
  remove: (tabId) => carriedAttemptsItem.delete(tabId),
};
