import { browser } from 'wxt/browser';
import type { OverlayPush, ResponsePush } from '../messaging/page-protocol';
import type { SuiviDb } from '../storage/db';
import { encounterItem, ruleHealthItem, sickLeaveCountedItem } from '../storage/items';
import { listSites } from '../storage/rule-store';
import { carriedAttemptsStore } from './carried-store';
import type { EventService } from './event-service';
import { ProgramService } from './program-service';
import {
  injectIntoOpenTabs,
  registerSiteScript,
  syncSiteScripts,
  unregisterSiteScript,
  type ScriptingLike,
} from './site-scripts';

export interface ProgramWiring {
  /** Tells a tab's top frame what was counted. */
  push(tabId: number, message: OverlayPush): void;
  /** Tells every frame of a tab (the attempt may wait in an iframe). */
  pushAll(tabId: number, message: ResponsePush): void;
  log(reason: string): void;
  /** After anything that may have changed today's counts. */
  onChange(): void;
}

/** The button picker, injected only when the doctor teaches a button (lib/content/picker-slot.ts). */
export const PICKER_SCRIPT = '/picker.js';

const scripting = () => browser.scripting as unknown as ScriptingLike;
const siteScriptsFailed = (e: unknown) => console.warn('[Suivi DMP] site scripts', e);

/**
 * Practice programs wired to the browser (built-in adapters, user sites, taught rules): a
 * user site's content script is registered with the scripting API and injected into its open
 * tabs at once; at start, the registered scripts follow the enabled user sites.
 */
export function startProgramService(
  db: SuiviDb,
  events: EventService,
  wiring: ProgramWiring,
): ProgramService {
  const service = new ProgramService({
    db,
    events,
    encounters: encounterItem,
    carried: carriedAttemptsStore,
    sickLeavesCounted: sickLeaveCountedItem,
    now: Date.now,
    registerSite: async (host) => {
      await registerSiteScript(scripting(), host);
      await injectIntoOpenTabs(
        {
          query: (q) => browser.tabs.query(q),
          executeScript: (i) => browser.scripting.executeScript(i as never),
        },
        host,
      );
    },
    injectPicker: async (tabId) => {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PICKER_SCRIPT] });
    },
    unregisterSite: (host) => unregisterSiteScript(scripting(), browser.permissions, host),
    push: wiring.push,
    pushAll: wiring.pushAll,
    health: ruleHealthItem,
    log: wiring.log,
    onChange: wiring.onChange,
  });
  void service.sites
    .enabledUserHosts()
    .then((hosts) => syncSiteScripts(scripting(), browser.permissions, hosts))
    .catch(siteScriptsFailed);
  return service;
}

/** After a restore or an erase: the sites are read again, their scripts follow the new data. */
export function resyncSites(db: SuiviDb, programs: Promise<ProgramService>): void {
  void programs.then((prog) => prog.sites.reloadSites());
  void listSites(db)
    .then((sites) =>
      syncSiteScripts(
        scripting(),
        browser.permissions,
        sites.filter((s) => s.host && s.enabled).map((s) => s.host!),
      ),
    )
    .catch(siteScriptsFailed);
}
