import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountOverlay } from '@/components/overlay/mount';
import { settingsItem } from '@/lib/storage/items';
import { pageSessionStorage } from '@/lib/content/dmp-kept-submit';
import { startDmpWebPage } from '@/lib/content/dmp-web-page';
import { DMP_WEB_MATCHES, DMP_WEB_SITE } from '@/lib/sites/dmp-web-pages';
import { sendMessage } from '@/lib/messaging/client';

/**
 * DMP web access pages: wiring only. The page's logic is lib/content/dmp-web-page.ts (where the
 * page stands, the engine's steps, the submit kept by the tab); the chain is the background's.
 */
export default defineContentScript({
  matches: DMP_WEB_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    const page = startDmpWebPage({
      doc: document,
      pathname: location.pathname,
      referrer: document.referrer,
      navigation: performance.getEntriesByType('navigation'),
      store: pageSessionStorage(),
      send: sendMessage,
      settings: settingsItem,
      mountOverlay: (onUndo) => mountOverlay(DMP_WEB_SITE, onUndo),
      newId: () => crypto.randomUUID(),
    });
    ctx.onInvalidated(() => page.stop());
    await page.ready;
  },
});
