import type { Storage } from 'webextension-polyfill';
import type { DmpTabState } from '../sites/dmp-web-flow';
import type { TabStateStore } from './recorder';

const key = (tabId: number) => `dmpTab:${tabId}`;

/**
 * Per-tab flow state in `storage.session`: it survives the service worker being stopped,
 * and is gone when the browser closes (a deposit does not span a browser restart).
 */
export function sessionTabStateStore(area: Storage.StorageArea): TabStateStore {
  return {
    async get(tabId) {
      const found = await area.get(key(tabId));
      return found[key(tabId)] as DmpTabState | undefined;
    },
    async set(tabId, state) {
      await area.set({ [key(tabId)]: state });
    },
    async delete(tabId) {
      await area.remove(key(tabId));
    },
  };
}
