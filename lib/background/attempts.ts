import type { SuiviDb } from '../storage/db';
import { makeEvent } from '../domain/events';
import { noteRule, noteTimeout, type HealthRecord } from '../domain/rule-health';
import type { RequestOf } from '../messaging/protocol';
import type { OverlayPush } from '../messaging/page-protocol';
import type { CarriedAttempt, EventReply, OkReply } from '../messaging/replies';
import { makeUnconfirmed } from '../domain/unconfirmed';
import { putUnconfirmed, takeUnconfirmed, touchTaughtRule } from '../storage/rule-store';
import type { CarriedRecord, CarriedStore } from './carried-store';
import { liveEncounter, type EncounterStore } from './encounters';
import { counted, type EventService } from './event-service';

export interface AttemptsDeps {
  db: SuiviDb;
  events: EventService;
  encounters: EncounterStore;
  carried: CarriedStore;
  now: () => number;
  push(tabId: number, message: OverlayPush): void;
  /** Notes a rule's match or outcome in rule health (lib/background/rule-health-store.ts). */
  updateHealth(change: (h: HealthRecord) => HealthRecord): Promise<void>;
}

/**
 * The attempts of practice-program rules (a click on "share to the DMP", a billing...): counted
 * ones become events, waiting ones are kept across page loads, and those no answer settled are
 * filed as unconfirmed for the user to decide on the dashboard.
 */
export class Attempts {
  constructor(private readonly deps: AttemptsDeps) {}

  async report(message: RequestOf<'engine_attempt'>, tabId: number, site: string): Promise<EventReply> {
    const { db, now, events } = this.deps;
    await this.deps.updateHealth((h) => noteRule(h, site, message.ruleId, message.outcome, now()));
    if (message.source === 'taught') await touchTaughtRule(db, message.ruleId, now()).catch(() => undefined);
    await this.dropCarried(tabId, message.attemptId);
    // An answer that came after the attempt was filed as unconfirmed takes it off that list.
    if (message.outcome !== 'unconfirmed' && message.outcome !== 'pending')
      await takeUnconfirmed(db, message.attemptId);
    switch (message.outcome) {
      case 'pending': {
        // Every waiting attempt is kept here too: if its page goes away before the answer
        // (navigation, tab closed), it is filed as unconfirmed instead of being lost.
        const list = await this.deps.carried.get(tabId);
        list.push({
          attemptId: message.attemptId,
          adapterId: site,
          ruleId: message.ruleId,
          startedAt: now(),
          kind: message.kind,
          source: message.source,
          expiresAt: now() + (message.timeoutMs ?? 60_000),
          crossPage: message.crossPage ?? false,
          ...(message.docClass ? { docClass: message.docClass } : {}),
          ...(message.control ? { control: message.control } : {}),
        });
        await this.deps.carried.set(tabId, list.slice(-16));
        this.deps.push(tabId, { type: 'overlay_push', waiting: true });
        return { ok: true };
      }
      case 'counted':
      case 'confirmed': {
        const event = await events.record(tabId, {
          id: message.attemptId,
          kind: message.kind,
          site,
          source: message.source,
          ...(message.docClass ? { docClass: message.docClass } : {}),
          ...(message.kind === 'dmp_upload' && message.durationMs !== undefined
            ? { durationMs: message.durationMs }
            : {}),
        });
        return { ok: true, counted: event ? [counted(event)] : [] };
      }
      case 'failed': {
        if (message.kind !== 'dmp_upload') {
          this.deps.push(tabId, { type: 'overlay_push', waiting: false });
          return { ok: true, counted: [] };
        }
        const event = await events.record(tabId, {
          id: `${message.attemptId}:failed`,
          kind: 'dmp_upload_failed',
          site,
          source: message.source,
          ...(message.docClass ? { docClass: message.docClass } : {}),
        });
        return { ok: true, counted: event ? [counted(event)] : [] };
      }
      case 'cancelled':
        this.deps.push(tabId, { type: 'overlay_push', waiting: false });
        return { ok: true };
      case 'unconfirmed': {
        const encounter = liveEncounter(await this.deps.encounters.get(tabId), now());
        await putUnconfirmed(
          db,
          makeUnconfirmed({
            id: message.attemptId,
            at: now(),
            site,
            ruleId: message.ruleId,
            kind: message.kind,
            source: message.source,
            ...(message.docClass ? { docClass: message.docClass } : {}),
            ...(encounter ? { encounter: encounter.id } : {}),
            ...(message.control ? { control: message.control } : {}),
          }),
        );
        this.deps.push(tabId, { type: 'overlay_push', waiting: false });
        return { ok: true };
      }
    }
  }

  /**
   * A new page of the tab: attempts that a URL there can still settle go back to the page;
   * the others (expired, or waiting on their own page only) are filed as unconfirmed.
   */
  async takeCarried(tabId: number, site: string): Promise<CarriedAttempt[]> {
    const now = this.deps.now();
    const all = await this.deps.carried.get(tabId);
    const live: CarriedRecord[] = [];
    for (const item of all) {
      if (item.expiresAt > now && item.crossPage) live.push(item);
      else await this.fileUnconfirmed(item);
    }
    await this.deps.carried.set(tabId, live);
    return live
      .filter((c) => c.adapterId === site)
      .map(({ attemptId, adapterId, ruleId, startedAt, docClass }) => ({
        attemptId,
        adapterId,
        ruleId,
        startedAt,
        ...(docClass ? { docClass } : {}),
      }));
  }

  /** The tab was closed: what waited there is unconfirmed. */
  async forgetTab(tabId: number): Promise<void> {
    for (const item of await this.deps.carried.get(tabId)) await this.fileUnconfirmed(item);
    await this.deps.carried.remove(tabId);
  }

  /** The user says whether an unconfirmed attempt really happened. */
  async resolve(id: string, confirm: boolean): Promise<OkReply> {
    const record = await takeUnconfirmed(this.deps.db, id);
    if (record && confirm) {
      const { at, kind, site, source, docClass, encounter } = record;
      await this.deps.events.writeAll([
        makeEvent({
          id: record.id,
          at,
          kind,
          site,
          source,
          ...(docClass ? { docClass } : {}),
          ...(encounter ? { encounter } : {}),
        }),
      ]);
    }
    return { ok: true };
  }

  /** An attempt whose page went away before any answer: a time-out, filed for the user. */
  private async fileUnconfirmed(item: CarriedRecord): Promise<void> {
    await this.deps.updateHealth((h) => noteTimeout(h, item.adapterId, item.ruleId, this.deps.now()));
    await putUnconfirmed(
      this.deps.db,
      makeUnconfirmed({
        id: item.attemptId,
        at: item.startedAt,
        site: item.adapterId,
        ruleId: item.ruleId,
        kind: item.kind,
        source: item.source,
        ...(item.docClass ? { docClass: item.docClass } : {}),
        ...(item.control ? { control: item.control } : {}),
      }),
    );
  }

  private async dropCarried(tabId: number, attemptId: string): Promise<void> {
    const list = await this.deps.carried.get(tabId);
    if (list.some((c) => c.attemptId === attemptId))
      await this.deps.carried.set(
        tabId,
        list.filter((c) => c.attemptId !== attemptId),
      );
  }
}
