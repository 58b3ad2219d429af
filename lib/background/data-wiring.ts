import { browser } from 'wxt/browser';
import type { SuiviDb } from '../storage/db';
import { DataService } from './data-service';
import { SETTINGS_KEY } from '../domain/settings';

/**
 * Restore and erase wired to the browser: settings in storage.local under `settings`, erase
 * empties storage.local and storage.session too. `onChange` runs after either (badge, sites).
 */
export function startDataService(db: SuiviDb, onChange: () => void): DataService {
  return new DataService({
    db,
    settings: {
      get: async () => (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
      set: (settings) => browser.storage.local.set({ [SETTINGS_KEY]: settings }),
    },
    clearStorage: async () => {
      await browser.storage.local.clear();
      await browser.storage.session?.clear();
    },
    log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
    onChange,
  });
}
