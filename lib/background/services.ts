import { browser } from 'wxt/browser';
import type { OverlayPush, ResponsePush } from '../messaging/page-protocol';
import type { SuiviDb } from '../storage/db';
import { dmpTabItem, encounterItem, openConsultationItem, settingsItem } from '../storage/items';
import type { DataService } from './data-service';
import { startDataService } from './data-wiring';
import { EventService } from './event-service';
import type { ProgramService } from './program-service';
import { resyncSites, startProgramService } from './program-wiring';
import { Recorder } from './recorder';
import type { TimeService } from './time-service';
import { startTimeAccounting } from './time-wiring';

/** The background's services, each ready once the database is open. */
export interface BackgroundServices {
  /** The events, whoever detected them (event-service.ts). */
  events: Promise<EventService>;
  /** The DMP web access pages' chain (recorder.ts). */
  recorder: Promise<Recorder>;
  /** Practice programs: built-in adapters, user sites, taught rules (program-service.ts). */
  programs: Promise<ProgramService>;
  /** Time spent: heartbeats from watched pages merged into spans (time-service.ts). */
  time: Promise<TimeService>;
  /** Restore a backup, erase everything (data-service.ts). */
  data: Promise<DataService>;
}

export const log = (reason: string) => console.warn(`[Suivi DMP] ${reason}`);

/**
 * The services over one database connection. `onChange` runs after anything that may have
 * changed today's counts (the badge follows). A restore or an erase also reloads the sites.
 */
export function startServices(database: Promise<SuiviDb>, onChange: () => void): BackgroundServices {
  // Messages to pages: the overlay lives in the top frame; an attempt may wait in any frame.
  const push = (tabId: number, message: OverlayPush) =>
    void browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined);
  const pushAll = (tabId: number, message: ResponsePush) =>
    void browser.tabs.sendMessage(tabId, message).catch(() => undefined);
  const events = database.then(
    (db) =>
      new EventService({
        db,
        encounters: encounterItem,
        openConsultation: openConsultationItem,
        settings: () => settingsItem.get(),
        now: Date.now,
        push,
      }),
  );
  const recorder = events.then((ev) => new Recorder({ events: ev, tabStates: dmpTabItem, now: Date.now }));
  const programs = Promise.all([database, events]).then(([db, ev]) =>
    startProgramService(db, ev, { push, pushAll, log, onChange }),
  );
  const time = database.then((db) => startTimeAccounting(db));
  const data = database.then((db) =>
    startDataService(db, () => {
      onChange();
      resyncSites(db, programs);
    }),
  );
  return { events, recorder, programs, time, data };
}
