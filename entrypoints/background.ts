import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { badgeRefresher } from '@/lib/background/badge';
import { applyManagedSettings } from '@/lib/background/managed-settings';
import { listen } from '@/lib/background/listeners';
import { startServices } from '@/lib/background/services';
import { openSuiviDb } from '@/lib/storage/db';
import { migrateStoredItems } from '@/lib/storage/migrate';

export default defineBackground(() => {
  // MV3 may stop this worker at any time: everything it needs is rebuilt from storage.
  // Stored values in their current shape first (reads of settings wait for it), then the
  // practice's policy over the settings (lib/background/managed-settings.ts).
  void migrateStoredItems().then(() => applyManagedSettings());
  // The services, over one database connection (lib/background/services.ts). They call
  // refreshBadge only once the database is open, so after it is defined below.
  const services = startServices(openSuiviDb(), () => void refreshBadge());
  // Today's deposits on the toolbar button (lib/background/badge.ts).
  const refreshBadge = badgeRefresher(browser.action ?? browser.browserAction, services.events);
  // Messages, shortcuts, closed tabs, responses: registered now, as MV3 requires (listeners.ts).
  listen(services, () => void refreshBadge());
  void refreshBadge();
});
