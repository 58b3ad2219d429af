import { browser } from 'wxt/browser';
import type { SuiviDb } from '../storage/db';
import { DataService } from './data-service';
import { settingsItem } from '../storage/items';

/**
 * Restore and erase wired to the browser: settings through settingsItem (storage.local), erase
 * empties storage.local and storage.session too. `onChange` runs after either (badge, sites).
 */
export function startDataService(db: SuiviDb, onChange: () => void): DataService {
  return new DataService({
    db,
    settings: {
      get: () => settingsItem.get(),
      set: (settings) => settingsItem.set(settings),
    },
    clearStorage: async () => {
      await browser.storage.local.clear();
      await browser.storage.session?.clear();
    },
    log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
    onChange,
  });
}
