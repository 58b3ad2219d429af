import { eventsBetweenDays, lastActiveEvent, putEvent, setUndone, type SuiviDb } from '../storage/db';
import { localDay } from '../domain/calendar';
import { makeEvent, type DmpEvent, type EventKind } from '../domain/events';
import type { DocClass } from '../domain/doc-classes';
import type { RateGlance } from '../domain/feeding-rate';
import type { Settings } from '../domain/settings';
import { summarize, type KindCounts } from '../domain/summary';
import type { OverlayPush } from '../messaging/page-protocol';
import type { CountedEvent, EncounterCounts, EventReply } from '../messaging/replies';
import {
  encounterCounts,
  encounterEventId,
  joinEncounter,
  linkableConsultation,
  liveEncounter,
  startEncounter,
  type EncounterState,
  type EncounterStore,
} from './encounters';
import { monthRateGlance } from './month-rate';

export interface EventServiceDeps {
  db: SuiviDb;
  /** Each tab's consultation (practice-program pages link their events to it). */
  encounters: EncounterStore;
  /** The consultation touched last in any tab; DMP web access events join it while recent. */
  openConsultation?: {
    get(): Promise<EncounterState | null>;
    set(state: EncounterState | null): Promise<void>;
  };
  now: () => number;
  /** The saved settings (the obligation profile): with them, replies carry the month's rate. */
  settings?: () => Promise<Settings>;
  /** Tells a tab's top frame what was counted (the overlay of a practice-program page). */
  push(tabId: number, message: OverlayPush): void;
}

/** Plain-language name of a storage failure, so the user can act on it. */
export function describeWriteError(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'QuotaExceededError') return 'storage_full';
  return 'write_failed';
}

export function counted(event: DmpEvent): CountedEvent {
  return { id: event.id, kind: event.kind, docClass: event.docClass, source: event.source };
}

/** A storage failure becomes a reply the page can show, never an exception. */
async function guarded(job: () => Promise<EventReply>): Promise<EventReply> {
  try {
    return await job();
  } catch (error) {
    return { ok: false, error: describeWriteError(error) };
  }
}

/**
 * The events themselves, whoever detected them (the DMP web access chain, a practice program's
 * rule, the user by hand): record, undo, redo, add by hand, today's counts. The only code that
 * writes the events store apart from a restore or an erase.
 *
 * `overlayTab` names a practice-program tab: its consultation is joined and its overlay told.
 */
export class EventService {
  constructor(private readonly deps: EventServiceDeps) {}

  async todayCounts(): Promise<KindCounts> {
    return summarize(await this.todayEvents()).counts;
  }

  /** What an overlay shows: today's counts and, when the settings are known, the month's rate. */
  async figures(): Promise<{ today: KindCounts; month?: RateGlance }> {
    const [today, month] = await Promise.all([this.todayCounts(), this.monthRate()]);
    return { today, ...(month ? { month } : {}) };
  }

  /** The figures, and the counts of the tab's consultation when one is going on. */
  async status(
    tabId: number,
    withMonth = true,
  ): Promise<{ today: KindCounts; month?: RateGlance; encounterCounts?: EncounterCounts }> {
    // The month's rate is for an overlay: a sub-frame, which has none, is spared the read.
    const [events, month] = await Promise.all([this.todayEvents(), withMonth ? this.monthRate() : undefined]);
    const encounter = liveEncounter(await this.deps.encounters.get(tabId), this.deps.now());
    return {
      today: summarize(events).counts,
      ...(month ? { month } : {}),
      ...(encounter ? { encounterCounts: encounterCounts(events, encounter.id) } : {}),
    };
  }

  today(): Promise<EventReply> {
    return guarded(async () => ({ ok: true, ...(await this.figures()) }));
  }

  private async monthRate(): Promise<RateGlance | undefined> {
    const { settings, db, now } = this.deps;
    return settings ? monthRateGlance(db, await settings(), now()) : undefined;
  }

  /** A record was opened in a practice-program tab: a new consultation starts there. */
  async startConsultation(tabId: number, site: string): Promise<void> {
    const encounter = startEncounter(site, this.deps.now());
    await this.deps.encounters.set(tabId, encounter);
    await this.deps.openConsultation?.set(encounter);
  }

  /**
   * Writes the DMP web access's events in order (an id already stored is left alone). While a
   * consultation is open in the practice program, in another tab, they belong to it: the link is
   * a time window, nothing about the patient. Returns the events as written.
   */
  async writeAll(events: readonly DmpEvent[]): Promise<DmpEvent[]> {
    const written: DmpEvent[] = [];
    for (const event of events) {
      const linked = event.encounter ? event : await this.joinOpenConsultation(event);
      await putEvent(this.deps.db, linked);
      written.push(linked);
    }
    return written;
  }

  private async joinOpenConsultation(event: DmpEvent): Promise<DmpEvent> {
    const store = this.deps.openConsultation;
    const open = linkableConsultation(await store?.get(), event.at);
    if (!store || !open) return event;
    await store.set({ ...open, lastAt: event.at });
    return { ...event, encounter: open.id };
  }

  /**
   * Writes an event linked to the tab's consultation, then tells the tab's overlay. Returns the
   * event if it was new (the same consultation signalled twice counts once).
   */
  async record(
    tabId: number,
    fields: Omit<DmpEvent, 'day' | 'at' | 'encounter'>,
  ): Promise<DmpEvent | undefined> {
    const { db, now, encounters } = this.deps;
    const at = now();
    const encounter = joinEncounter(await encounters.get(tabId), fields.kind, fields.site, at);
    if (encounter) {
      await encounters.set(tabId, encounter);
      await this.deps.openConsultation?.set(encounter);
    }
    const id = fields.kind === 'encounter' && encounter ? encounterEventId(encounter.id) : fields.id;
    const event = makeEvent({ ...fields, id, at, ...(encounter ? { encounter: encounter.id } : {}) });
    const result = await putEvent(db, event);
    const status = await this.status(tabId);
    this.deps.push(tabId, {
      type: 'overlay_push',
      waiting: false,
      depositsToday: status.today.dmp_upload,
      ...(status.month ? { month: status.month } : {}),
      ...(status.encounterCounts ? { encounterCounts: status.encounterCounts } : {}),
      ...(result === 'added' ? { counted: counted(event) } : {}),
    });
    return result === 'added' ? event : undefined;
  }

  /** A deposit or a read the extension could not see, entered by the user. */
  addByHand(
    entry: { id: string; kind: EventKind; docClass?: DocClass },
    overlayTab?: number,
  ): Promise<EventReply> {
    const fields = {
      id: entry.id,
      kind: entry.kind,
      site: 'manual',
      source: 'manual' as const,
      ...(entry.docClass ? { docClass: entry.docClass } : {}),
    };
    return guarded(async () => {
      if (overlayTab !== undefined) {
        // From a page's overlay: a repeated "+1" is not shown as counted twice.
        const event = await this.record(overlayTab, fields);
        return { ok: true, counted: event ? [counted(event)] : [], ...(await this.status(overlayTab)) };
      }
      const event = makeEvent({ ...fields, at: this.deps.now() });
      await putEvent(this.deps.db, event);
      return { ok: true, counted: [counted(event)], ...(await this.figures()) };
    });
  }

  undo(id: string, overlayTab?: number): Promise<EventReply> {
    return this.setUndone(id, true, overlayTab);
  }

  redo(id: string): Promise<EventReply> {
    return this.setUndone(id, false);
  }

  /** The newest event still counted is undone (the popup's "undo last"). */
  undoLast(): Promise<EventReply> {
    return guarded(async () => {
      const last = await lastActiveEvent(this.deps.db);
      if (!last) return { ok: true, event: null, ...(await this.figures()) };
      const updated = await setUndone(this.deps.db, last.id, true);
      return { ok: true, event: updated ? counted(updated) : null, ...(await this.figures()) };
    });
  }

  private setUndone(id: string, undone: boolean, overlayTab?: number): Promise<EventReply> {
    return guarded(async () => {
      const updated = await setUndone(this.deps.db, id, undone);
      if (!updated) return { ok: false, error: 'unknown_event' };
      if (overlayTab === undefined) return { ok: true, event: counted(updated), ...(await this.figures()) };
      const status = await this.status(overlayTab);
      this.deps.push(overlayTab, {
        type: 'overlay_push',
        depositsToday: status.today.dmp_upload,
        ...(status.month ? { month: status.month } : {}),
        ...(status.encounterCounts ? { encounterCounts: status.encounterCounts } : {}),
      });
      return { ok: true, event: counted(updated), ...status };
    });
  }

  private todayEvents(): Promise<DmpEvent[]> {
    const today = localDay(this.deps.now());
    return eventsBetweenDays(this.deps.db, today, today);
  }
}
