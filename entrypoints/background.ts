import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openSuiviDb } from '@/lib/storage/db';
import { Recorder } from '@/lib/background/recorder';
import { routeMessage } from '@/lib/background/router';
import { dispatcher, makeHandlers } from '@/lib/background/handlers';
import { EventService } from '@/lib/background/event-service';
import { startTimeAccounting } from '@/lib/background/time-wiring';
import { handleCommand } from '@/lib/background/commands';
import { startDataService } from '@/lib/background/data-wiring';
import { listSites } from '@/lib/storage/rule-store';
import { ProgramService } from '@/lib/background/program-service';
import { carriedAttemptsStore } from '@/lib/background/carried-store';
import { dmpTabItem, encounterItem, openConsultationItem, ruleHealthItem } from '@/lib/storage/items';
import { migrateStoredItems } from '@/lib/storage/migrate';
import type { OverlayPush, ResponsePush } from '@/lib/messaging/page-protocol';
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
  const ownOrigin = browser.runtime.getURL('/');
  const log = (reason: string) => console.warn(`[Suivi DMP] ${reason}`);
  // Messages to pages: the overlay lives in the top frame; an attempt may wait in any frame.
  const push = (tabId: number, message: OverlayPush) =>
    void browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined);
  const pushAll = (tabId: number, message: ResponsePush) =>
    void browser.tabs.sendMessage(tabId, message).catch(() => undefined);
  // The events, whoever detected them: lib/background/event-service.ts.
  const events = database.then(
    (db) =>
      new EventService({
        db,
        encounters: encounterItem,
        openConsultation: openConsultationItem,
        now: Date.now,
        push,
      }),
  );
  // The DMP web access pages' chain.
  const recorder = events.then((ev) => new Recorder({ events: ev, tabStates: dmpTabItem, now: Date.now }));
  // Practice programs (built-in adapters, user sites, taught rules).
  const scripting = browser.scripting as unknown as ScriptingLike;
  const programs = Promise.all([database, events]).then(([db, ev]) => {
    const service = new ProgramService({
      db,
      events: ev,
      encounters: encounterItem,
      carried: carriedAttemptsStore,
      now: Date.now,
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
      push,
      pushAll,
      health: ruleHealthItem,
      log,
      onChange: () => void refreshBadge(),
    });
    void service.sites
      .enabledUserHosts()
      .then((hosts) => syncSiteScripts(scripting, browser.permissions, hosts))
      .catch((e) => console.warn('[Suivi DMP] site scripts', e));
    return service;
  });
  // Time spent: heartbeats from watched pages merged into spans (lib/background/time-service.ts).
  const time = database.then((db) => startTimeAccounting(db));
  // Restore a backup, erase everything (lib/background/data-service.ts); then the badge and the
  // user sites' scripts follow the new data.
  const data = database.then((db) =>
    startDataService(db, () => {
      void refreshBadge();
      void programs.then((prog) => prog.sites.reloadSites());
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
  // One router for every message: sender and shape checked once (lib/background/router.ts).
  const router = Promise.all([recorder, events, programs, time, data]).then(([flow, ev, prog, t, d]) => ({
    ownId: browser.runtime.id,
    ownOrigin,
    programSite: (host: string) => prog.sites.programSite(host),
    handle: dispatcher(
      makeHandlers({
        flow,
        events: ev,
        programs: prog,
        time: t,
        data: d,
        onChange: () => void refreshBadge(),
      }),
    ),
    log,
  }));
  const action = browser.action ?? browser.browserAction;

  async function refreshBadge(): Promise<void> {
    const today = await (await events).todayCounts();
    const deposits = today.dmp_upload;
    await action.setBadgeBackgroundColor({ color: '#1d4ed8' });
    await action.setBadgeText({ text: deposits > 0 ? String(deposits) : '' });
  }

  browser.runtime.onMessage.addListener((raw, sender) =>
    router.then((deps) =>
      routeMessage(
        raw,
        { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId },
        deps,
      ),
    ),
  );

  browser.commands.onCommand.addListener((name) => {
    void events
      .then((ev) => handleCommand(name, ev))
      .then((recorded) => {
        if (recorded) void refreshBadge();
      });
  });
  browser.tabs.onRemoved.addListener((tabId) => void recorder.then((rec) => rec.forgetTab(tabId)));
  browser.tabs.onRemoved.addListener((tabId) => void programs.then((prog) => prog.forgetTab(tabId)));
  // Responses to a practice program's requests an attempt waits on (lib/background/response-watch.ts).
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
