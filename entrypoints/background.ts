import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openSuiviDb } from '@/lib/db';
import { Recorder } from '@/lib/recorder';
import { routeMessage } from '@/lib/router';
import { sessionTabStateStore } from '@/lib/tab-state-store';

export default defineBackground(() => {
  // MV3 may stop this worker at any time: everything it needs is rebuilt from storage.
  const recorder = openSuiviDb().then(
    (db) => new Recorder({ db, tabStates: sessionTabStateStore(browser.storage.session), now: Date.now }),
  );
  const ownOrigin = browser.runtime.getURL('/');
  const action = browser.action ?? browser.browserAction;

  async function refreshBadge(): Promise<void> {
    const today = await (await recorder).todayCounts();
    const deposits = today.dmp_upload;
    await action.setBadgeBackgroundColor({ color: '#1d4ed8' });
    await action.setBadgeText({ text: deposits > 0 ? String(deposits) : '' });
  }

  browser.runtime.onMessage.addListener((raw, sender) =>
    recorder.then((rec) =>
      routeMessage(
        raw,
        { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId },
        {
          recorder: rec,
          ownId: browser.runtime.id,
          ownOrigin,
          log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
          onChange: () => void refreshBadge(),
        },
      ),
    ),
  );

  browser.tabs.onRemoved.addListener((tabId) => void recorder.then((rec) => rec.forgetTab(tabId)));
  void refreshBadge();
});
