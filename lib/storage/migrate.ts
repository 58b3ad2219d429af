import { storage } from 'wxt/utils/storage';
import { readsWaitFor, SETTINGS_VERSIONING } from './items';
import { SETTINGS_KEY } from '../domain/settings';

/**
 * Brings versioned stored values up to their current shape, with WXT's storage items (the
 * versions and migrations themselves are defined in items.ts). The background calls it once as
 * it starts: it is the one writer, so a migration runs in one place, not in every page that
 * reads the value. Reads of a versioned item in the same context wait for it. WXT logs a failed
 * migration (or a version newer than this code) and leaves the value as it was.
 *
 * Apart from items.ts so that only the background bundles WXT's storage module.
 */
export function migrateStoredItems(): Promise<void> {
  const settings = storage.defineItem<unknown>(`local:${SETTINGS_KEY}`, SETTINGS_VERSIONING);
  // Defining an item with migrations starts them; reading through it waits for them to end.
  const done = settings.getMeta().then(
    () => undefined,
    (error: unknown) => console.warn('[Suivi DMP] storage migration', error),
  );
  readsWaitFor(done);
  return done;
}
