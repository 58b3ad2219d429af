import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { EARLY_READ_GLOBAL, startEarlyMonthRead } from '@/lib/storage/early-month-read';
import { SETTINGS_KEY } from '@/lib/domain/settings';
import { MANUAL_TIMER_KEY } from '@/lib/storage/keys';

/**
 * The popup's first reads, as a plain script of its own that the popup's page loads before its
 * modules (lib/storage/early-month-read.ts says why). It imports neither Preact nor the
 * extension's browser wrapper: it must stay small and start at once.
 */
type StorageArea = { get(keys: string[]): Promise<Record<string, unknown>> };
const api =
  (globalThis as { browser?: { storage: { local: StorageArea } } }).browser ??
  (globalThis as unknown as { chrome: { storage: { local: StorageArea } } }).chrome;

export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[EARLY_READ_GLOBAL] = startEarlyMonthRead(
    (keys) => api.storage.local.get(keys),
    [SETTINGS_KEY, MANUAL_TIMER_KEY],
    Date.now(),
  );
});
