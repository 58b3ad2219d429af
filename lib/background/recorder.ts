import { SerialQueue } from './serial';
import { eventsBetweenDays, lastActiveEvent, putEvent, setUndone, type SuiviDb } from '../storage/db';
import { localDay } from '../domain/calendar';
import { makeEvent, type DmpEvent, type EventSource } from '../domain/events';
import { summarize, type KindCounts } from '../domain/summary';
import { INITIAL_TAB_STATE, stepDmpFlow, type DmpSignal, type DmpTabState } from '../sites/dmp-web-flow';
import { DMP_WEB_SITE } from '../sites/dmp-web-pages';
import type { Message } from '../messaging/messages';

/** Where the per-tab flow state is kept (session storage in the extension). */
export interface TabStateStore {
  get(tabId: number): Promise<DmpTabState | undefined>;
  set(tabId: number, state: DmpTabState): Promise<void>;
  delete(tabId: number): Promise<void>;
}

/** What the overlay and popup are told about a counted event: no more than they show. */
export interface CountedEvent {
  id: string;
  kind: DmpEvent['kind'];
  docClass?: DmpEvent['docClass'];
  source: EventSource;
}

export type Reply =
  | { ok: true; counted?: CountedEvent[]; today?: KindCounts; event?: CountedEvent | null }
  | { ok: false; error: string };

export interface RecorderDeps {
  db: SuiviDb;
  tabStates: TabStateStore;
  now: () => number;
}

function counted(event: DmpEvent): CountedEvent {
  return { id: event.id, kind: event.kind, docClass: event.docClass, source: event.source };
}

/** Plain-language name of a storage failure, so the user can act on it. */
export function describeWriteError(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'QuotaExceededError') return 'storage_full';
  return 'write_failed';
}

/**
 * The background's single writer: turns validated messages into stored events.
 * Messages of one tab are handled one after another, so two page loads never race on the
 * tab's flow state.
 */
export class Recorder {
  private readonly queue = new SerialQueue<number>();

  constructor(private readonly deps: RecorderDeps) {}

  handle(message: Message, tabId?: number): Promise<Reply> {
    if (tabId === undefined) return this.run(message);
    return this.queue.run(tabId, () => this.run(message, tabId));
  }

  async todayCounts(): Promise<KindCounts> {
    const today = localDay(this.deps.now());
    return summarize(await eventsBetweenDays(this.deps.db, today, today)).counts;
  }

  async forgetTab(tabId: number): Promise<void> {
    await this.deps.tabStates.delete(tabId);
  }

  private async run(message: Message, tabId?: number): Promise<Reply> {
    const { db, now } = this.deps;
    try {
      switch (message.type) {
        case 'dmp_page':
          return await this.stepFlow(tabId, {
            type: 'page',
            page: message.page,
            navType: message.navType,
            pageLoadId: message.pageLoadId,
            fromOtherSite: message.fromOtherSite ?? false,
            at: now(),
          });
        case 'dmp_submitted':
          return await this.stepFlow(tabId, {
            type: 'submitted',
            flowId: message.flowId,
            docClass: message.docClass,
            at: now(),
          });
        case 'dmp_decision':
          return await this.stepFlow(tabId, { type: 'decision', decision: message.decision, at: now() });
        case 'get_today':
          return { ok: true, today: await this.todayCounts() };
        case 'undo':
        case 'redo': {
          const updated = await setUndone(db, message.id, message.type === 'undo');
          if (!updated) return { ok: false, error: 'unknown_event' };
          return { ok: true, event: counted(updated), today: await this.todayCounts() };
        }
        case 'undo_last': {
          const last = await lastActiveEvent(db);
          if (!last) return { ok: true, event: null, today: await this.todayCounts() };
          const updated = await setUndone(db, last.id, true);
          return { ok: true, event: updated ? counted(updated) : null, today: await this.todayCounts() };
        }
        case 'add_manual': {
          const event = makeEvent({
            id: message.id,
            kind: message.kind,
            at: now(),
            site: 'manual',
            source: 'manual',
            ...(message.docClass ? { docClass: message.docClass } : {}),
          });
          await putEvent(db, event);
          return { ok: true, counted: [counted(event)], today: await this.todayCounts() };
        }
      }
    } catch (error) {
      return { ok: false, error: describeWriteError(error) };
    }
  }

  private async stepFlow(tabId: number | undefined, signal: DmpSignal): Promise<Reply> {
    if (tabId === undefined) return { ok: false, error: 'no_tab' };
    const { db, tabStates } = this.deps;
    const before = (await tabStates.get(tabId)) ?? INITIAL_TAB_STATE;
    const step = stepDmpFlow(before, signal);
    const events = step.record.map((e) => makeEvent({ ...e, site: DMP_WEB_SITE, source: 'auto' }));
    // Events first: if writing fails, the flow state is left as it was and a retry can count.
    for (const event of events) await putEvent(db, event);
    await tabStates.set(tabId, step.state);
    return { ok: true, counted: events.map(counted), today: await this.todayCounts() };
  }
}
