import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SuiviDb } from '@/lib/storage/db';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/domain/settings';
import type { OpenSpan } from '@/lib/domain/time-accounting';
import type { OverlayPush } from '@/lib/messaging/protocol';
import type { SenderInfo } from '@/lib/messaging/channels';
import type { DmpTabState } from '@/lib/sites/dmp-web-flow';
import { DataService } from '@/lib/background/data-service';
import type { EncounterState, EncounterStore } from '@/lib/background/encounters';
import { EventService } from '@/lib/background/event-service';
import { dispatcher, makeHandlers } from '@/lib/background/handlers';
import { ProgramService } from '@/lib/background/program-service';
import type { CarriedRecord, CarriedStore } from '@/lib/background/carried-store';
import { Recorder, type TabStateStore } from '@/lib/background/recorder';
import { routeMessage, type RouterDeps } from '@/lib/background/router';
import { TimeService } from '@/lib/background/time-service';

/**
 * The background as entrypoints/background.ts builds it, over a test database: each service
 * may be given (a test's own, with its own fakes), the others are built with in-memory stores.
 * Messages go through the real router, channels and handlers.
 */
export interface TestBackgroundOptions {
  db: SuiviDb;
  now?: () => number;
  ownId?: string;
  ownOrigin?: string;
  log?: (reason: string) => void;
  onChange?: () => void;
  push?: (tabId: number, message: OverlayPush) => void;
  encounters?: EncounterStore;
  events?: EventService;
  flow?: Recorder;
  programs?: ProgramService;
  time?: TimeService;
  data?: DataService;
}

export function memoryTabStates(): TabStateStore {
  const map = new Map<number, DmpTabState>();
  return {
    get: async (id) => map.get(id),
    set: async (id, state) => void map.set(id, state),
    delete: async (id) => void map.delete(id),
  };
}

export function memoryEncounters(): EncounterStore {
  const map = new Map<number, EncounterState>();
  return {
    get: async (id) => map.get(id),
    set: async (id, state) => void map.set(id, state),
    delete: async (id) => void map.delete(id),
  };
}

export function memoryCarried(): CarriedStore {
  const map = new Map<number, CarriedRecord[]>();
  return {
    get: async (id) => [...(map.get(id) ?? [])],
    set: async (id, records) => void map.set(id, records),
    remove: async (id) => void map.delete(id),
  };
}

export function testBackground(options: TestBackgroundOptions) {
  const { db } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const onChange = options.onChange ?? (() => undefined);
  const push = options.push ?? (() => undefined);
  const encounters = options.encounters ?? memoryEncounters();
  const events = options.events ?? new EventService({ db, encounters, now, push });
  const flow = options.flow ?? new Recorder({ events, tabStates: memoryTabStates(), now });
  const programs =
    options.programs ??
    new ProgramService({
      db,
      events,
      encounters,
      carried: memoryCarried(),
      now,
      registerSite: async () => undefined,
      unregisterSite: async () => undefined,
      push,
      log,
      onChange,
    });
  let open: OpenSpan | null = null;
  let timer: number | null = null;
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const time =
    options.time ??
    new TimeService({
      db,
      openSpan: { get: async () => open, set: async (o) => void (open = o) },
      timer: { get: async () => timer, set: async (t) => void (timer = t) },
      settings: async () => settings,
      idleState: async () => 'active',
      now,
      log,
    });
  const data =
    options.data ??
    new DataService({
      db,
      settings: { get: async () => settings, set: async () => undefined },
      clearStorage: async () => undefined,
      log,
      onChange,
    });
  const handlers = makeHandlers({ flow, events, programs, time, data, onChange });
  const deps: RouterDeps = {
    ownId: options.ownId ?? fakeBrowser.runtime.id,
    ownOrigin: options.ownOrigin ?? fakeBrowser.runtime.getURL('/'),
    programSite: (host) => programs.sites.programSite(host),
    handle: dispatcher(handlers),
    log,
  };
  return {
    events,
    flow,
    programs,
    time,
    data,
    handlers,
    deps,
    route: (raw: unknown, sender: SenderInfo) => routeMessage(raw, sender, deps),
  };
}
