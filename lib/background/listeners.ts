import { browser } from 'wxt/browser';
import { RELEASE_NOTES } from '../domain/release-notes';
import { readManagedSettings, whatsNewItem } from '../storage/items';
import { handleCommand } from './commands';
import { onInstalled } from './first-run';
import { dispatcher, makeHandlers } from './handlers';
import { routeMessage, type RouterDeps } from './router';
import { applyManagedSettings } from './managed-settings';
import { log, type BackgroundServices } from './services';

/** One router for every message: sender and shape checked once (router.ts). */
export function routerDeps(s: BackgroundServices, onChange: () => void): Promise<RouterDeps> {
  return Promise.all([s.recorder, s.events, s.programs, s.time, s.data]).then(([flow, ev, prog, t, d]) => ({
    ownId: browser.runtime.id,
    ownOrigin: browser.runtime.getURL('/'),
    programSite: (host: string) => prog.sites.programSite(host),
    handle: dispatcher(makeHandlers({ flow, events: ev, programs: prog, time: t, data: d, onChange })),
    log,
  }));
}

/**
 * The background's listeners. Call it at the service worker's start, synchronously: MV3 only
 * wakes a worker for the listeners it registered in its first turn. Each waits for its service.
 */
export function listen(s: BackgroundServices, onChange: () => void): void {
  const router = routerDeps(s, onChange);
  browser.runtime.onMessage.addListener((raw, sender) =>
    router.then((deps) =>
      routeMessage(
        raw,
        { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId },
        deps,
      ),
    ),
  );
  // The keyboard shortcut that adds a deposit (commands.ts).
  browser.commands.onCommand.addListener((name) => {
    void s.events
      .then((ev) => handleCommand(name, ev))
      .then((recorded) => {
        if (recorded) onChange();
      });
  });
  // Install: the practice's policy first, then the welcome page; update: what changed (first-run.ts).
  browser.runtime.onInstalled.addListener((details) => {
    void applyManagedSettings().then(() =>
      onInstalled(details, {
        currentVersion: browser.runtime.getManifest().version,
        notes: RELEASE_NOTES,
        whatsNewOn: () => whatsNewItem.get(),
        welcomeOn: () => readManagedSettings().then((r) => !r.ok || r.managed.showWelcome !== false),
        openPage: (path) => browser.tabs.create({ url: browser.runtime.getURL(path) }).then(() => {}),
      }),
    );
  });
  // The practice's policy changed while the browser runs (Chrome re-reads it on its own).
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void applyManagedSettings();
  });
  browser.tabs.onRemoved.addListener((tabId) => void s.recorder.then((rec) => rec.forgetTab(tabId)));
  browser.tabs.onRemoved.addListener((tabId) => void s.programs.then((prog) => prog.forgetTab(tabId)));
  // Responses to a practice program's requests an attempt waits on (response-watch.ts).
  // Only hosts the extension has access to are seen: Weda and the sites the user added.
  browser.webRequest.onCompleted.addListener(
    (details) => {
      if (details.tabId >= 0)
        void s.programs.then((prog) =>
          prog.responseCompleted(details.tabId, details.url, details.statusCode),
        );
    },
    { urls: ['https://*/*', 'http://*/*'], types: ['xmlhttprequest'] },
  );
}
