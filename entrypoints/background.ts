import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openSuiviDb } from '@/lib/storage/db';
import { Recorder } from '@/lib/background/recorder';
import { routeMessage } from '@/lib/background/router';
import { startTimeAccounting } from '@/lib/background/time-wiring';
import { handleCommand } from '@/lib/background/commands';
import { startDataService } from '@/lib/background/data-wiring';
import { listSites } from '@/lib/storage/rule-store';
import { DMP_WEB_SITE, isDmpWebHost } from '@/lib/sites/dmp-web-pages';
import { ProgramService, sessionCarriedStore } from '@/lib/background/program-service';
import { dmpTabItem, encounterItem, ruleHealthItem } from '@/lib/storage/items';
import { migrateStoredItems } from '@/lib/storage/migrate';
import {
  injectIntoOpenTabs,
  registerSiteScript,
  syncSiteScripts,
  unregisterSiteScript,
  type ScriptingLike,
} from '@/lib/background/site-scripts';

export default defineBackground(() => {
  // MV3 may stop this worker at any time: everything it needs is rebuilt from storage.
  // Stored values in their current shape first (reads of settings wait for it).
  void migrateStoredItems();
  // One database connection, shared by the services below.
  const database = openSuiviDb();
  const recorder = database.then((db) => new Recorder({ db, tabStates: dmpTabItem, now: Date.now }));
  const ownOrigin = browser.runtime.getURL('/');
  // Practice programs (built-in adapters, user sites, taught rules): lib/engine/service.ts.
  const scripting = browser.scripting as unknown as ScriptingLike;
  const programs = database.then((db) => {
    const service = new ProgramService({
      db,
      encounters: encounterItem,
      carried: sessionCarriedStore(browser.storage.session),
      now: Date.now,
      ownId: browser.runtime.id,
      ownOrigin,
      registerSite: async (host) => {
        await registerSiteScript(scripting, host);
        await injectIntoOpenTabs(
          {
            query: (q) => browser.tabs.query(q),
            executeScript: (i) => browser.scripting.executeScript(i as never),
          },
          host,
        );
      },
      unregisterSite: (host) => unregisterSiteScript(scripting, browser.permissions, host),
      push: (tabId, message) =>
        void browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined),
      pushAll: (tabId, message) => void browser.tabs.sendMessage(tabId, message).catch(() => undefined),
      health: ruleHealthItem,
      log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
      onChange: () => void refreshBadge(),
    });
    void service
      .enabledUserHosts()
      .then((hosts) => syncSiteScripts(scripting, browser.permissions, hosts))
      .catch((e) => console.warn('[Suivi DMP] site scripts', e));
    return service;
  });
  // Time spent: heartbeats from watched pages merged into spans (lib/time-service.ts).
  const time = database.then((db) =>
    startTimeAccounting(db, async (url) => {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'https:' && isDmpWebHost(hostname)) return DMP_WEB_SITE;
      return (await programs).siteOfPage(url);
    }),
  );
  // Restore a backup, erase everything (lib/data-service.ts); then the badge and the user
  // sites' scripts follow the new data.
  const data = database.then((db) =>
    startDataService(db, () => {
      void refreshBadge();
      void programs.then((prog) => prog.reloadSites());
      void listSites(db)
        .then((sites) =>
          syncSiteScripts(
            scripting,
            browser.permissions,
            sites.filter((s) => s.host && s.enabled).map((s) => s.host!),
          ),
        )
        .catch((e) => console.warn('[Suivi DMP] site scripts', e));
    }),
  );
  const action = browser.action ?? browser.browserAction;

  async function refreshBadge(): Promise<void> {
    const today = await (await recorder).todayCounts();
    const deposits = today.dmp_upload;
    await action.setBadgeBackgroundColor({ color: '#1d4ed8' });
    await action.setBadgeText({ text: deposits > 0 ? String(deposits) : '' });
  }

  browser.runtime.onMessage.addListener((raw, sender) =>
    Promise.all([recorder, programs, time, data]).then(([rec, prog, timeService, dataService]) =>
      routeMessage(
        raw,
        { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId },
        {
          recorder: rec,
          ownId: browser.runtime.id,
          ownOrigin,
          log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
          onChange: () => void refreshBadge(),
          programs: prog,
          time: timeService,
          data: dataService,
        },
      ),
    ),
  );

  browser.commands.onCommand.addListener((name) => {
    void recorder
      .then((rec) => handleCommand(name, rec))
      .then((recorded) => {
        if (recorded) void refreshBadge();
      });
  });
  browser.tabs.onRemoved.addListener((tabId) => void recorder.then((rec) => rec.forgetTab(tabId)));
  browser.tabs.onRemoved.addListener((tabId) => void programs.then((prog) => prog.forgetTab(tabId)));
  // Responses to a practice program's requests an attempt waits on (lib/engine/service.ts).
  // Only hosts the extension has access to are seen: Weda and the sites the user added.
  browser.webRequest.onCompleted.addListener(
    (details) => {
      if (details.tabId >= 0)
        void programs.then((prog) => prog.responseCompleted(details.tabId, details.url, details.statusCode));
    },
    { urls: ['https://*/*', 'http://*/*'], types: ['xmlhttprequest'] },
  );
  void refreshBadge();
});
