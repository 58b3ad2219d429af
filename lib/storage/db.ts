import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { addDays, splitAtLocalMidnights } from '../domain/calendar';
import { isEmptySummary, summarizeDay, type DaySummary } from '../domain/day-summary';
import type { DmpEvent } from '../domain/events';
import type { TimeSpan } from '../domain/spans';
import type { SiteRecord, TaughtRule } from '../domain/rules';
import type { UnconfirmedRecord } from '../domain/unconfirmed';

export const DB_NAME = 'suivi-dmp';

export interface MetaRecord {
  key: 'schema';
  version: number;
  /** When each version's step ran, epoch ms, by version number. */
  migratedAt: Record<string, number>;
}

export interface SuiviDbSchema extends DBSchema {
  events: {
    key: string;
    value: DmpEvent;
    indexes: { day: string; kind: string; at: number };
  };
  meta: { key: string; value: MetaRecord };
  spans: { key: string; value: TimeSpan; indexes: { day: string } };
  sites: { key: string; value: SiteRecord };
  taughtRules: { key: string; value: TaughtRule; indexes: { host: string } };
  unconfirmed: { key: string; value: UnconfirmedRecord; indexes: { day: string } };
  /** One summary per local day with activity, kept with the events and spans (below). */
  days: { key: string; value: DaySummary };
}

export type SuiviDb = IDBPDatabase<SuiviDbSchema>;
type UpgradeTx = IDBPTransaction<SuiviDbSchema, StoreNames<SuiviDbSchema>[], 'versionchange'>;

/**
 * One step per schema version, run in order from the stored version to the newest.
 * A step never rewrites an earlier one: a change of layout is a new step.
 */
export const MIGRATIONS: ReadonlyArray<(db: SuiviDb, tx: UpgradeTx) => void> = [
  // v1: events with the indexes the popup and reports read by, and the meta record.
  (db) => {
    const events = db.createObjectStore('events', { keyPath: 'id' });
    events.createIndex('day', 'day');
    events.createIndex('kind', 'kind');
    events.createIndex('at', 'at');
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  // v2: time spans in their own store, read by day.
  (db) => {
    const spans = db.createObjectStore('spans', { keyPath: 'id' });
    spans.createIndex('day', 'day');
  },
  // v3: sites the user enabled (or built-ins turned off), taught rules by host, and attempts
  // that no confirmation followed (the dashboard's "non confirmés" list).
  (db) => {
    db.createObjectStore('sites', { keyPath: 'id' });
    const taught = db.createObjectStore('taughtRules', { keyPath: 'id' });
    taught.createIndex('host', 'host');
    const unconfirmed = db.createObjectStore('unconfirmed', { keyPath: 'id' });
    unconfirmed.createIndex('day', 'day');
  },
  // v4: a summary per local day, built here from the events and spans already stored.
  (db, tx) => {
    db.createObjectStore('days', { keyPath: 'day' });
    void rebuildDaySummaries(tx);
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Opens (and, where needed, upgrades) the database up to `version`. */
export function openSuiviDb(version: number = DB_VERSION): Promise<SuiviDb> {
  return openDB<SuiviDbSchema>(DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      for (const migrate of MIGRATIONS.slice(oldVersion, target)) migrate(db, tx);
      const meta = tx.objectStore('meta');
      void meta.get('schema').then((previous) => {
        const migratedAt = { ...(previous?.migratedAt ?? {}) };
        for (let v = oldVersion + 1; v <= target; v++) migratedAt[String(v)] = Date.now();
        return meta.put({ key: 'schema', version: target, migratedAt });
      });
    },
    // A newer build wants to upgrade: step aside rather than leave its pages waiting forever.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

export type PutResult = 'added' | 'exists';

/** Idempotent write: an id already stored is left as it is (a repeated message changes nothing). */
export async function putEvent(db: SuiviDb, event: DmpEvent): Promise<PutResult> {
  const tx = db.transaction(SUMMARY_STORES, 'readwrite');
  const events = tx.objectStore('events');
  const existing = await events.get(event.id);
  if (existing) {
    await tx.done;
    return 'exists';
  }
  await events.add(event);
  await refreshDaySummaries(tx, [event.day]);
  await tx.done;
  return 'added';
}

export function getEvent(db: SuiviDb, id: string): Promise<DmpEvent | undefined> {
  return db.get('events', id);
}

/** Events of the local days `first` to `last`, both included. */
export function eventsBetweenDays(db: SuiviDb, first: string, last: string): Promise<DmpEvent[]> {
  return db.getAllFromIndex('events', 'day', IDBKeyRange.bound(first, last));
}

/** Marks an event undone or restores it; returns the updated event, or undefined if unknown. */
export async function setUndone(db: SuiviDb, id: string, undone: boolean): Promise<DmpEvent | undefined> {
  const tx = db.transaction(SUMMARY_STORES, 'readwrite');
  const events = tx.objectStore('events');
  const event = await events.get(id);
  if (!event) {
    await tx.done;
    return undefined;
  }
  const updated: DmpEvent = { ...event };
  if (undone) updated.undone = true;
  else delete updated.undone;
  await events.put(updated);
  await refreshDaySummaries(tx, [updated.day]);
  await tx.done;
  return updated;
}

/** Writes time spans (new or grown) and the summaries of the days they count on, at once. */
export async function putSpans(db: SuiviDb, spans: readonly TimeSpan[]): Promise<void> {
  if (spans.length === 0) return;
  const tx = db.transaction(SUMMARY_STORES, 'readwrite');
  const store = tx.objectStore('spans');
  await Promise.all(spans.map((s) => store.put(s)));
  await refreshDaySummaries(tx, spans.flatMap(daysOfSpan));
  await tx.done;
}

/** The most recent event (by time) that is not undone, looking back from the newest. */
export async function lastActiveEvent(db: SuiviDb): Promise<DmpEvent | undefined> {
  let cursor = await db.transaction('events').store.index('at').openCursor(null, 'prev');
  while (cursor) {
    if (!cursor.value.undone) return cursor.value;
    cursor = await cursor.continue();
  }
  return undefined;
}

export function getSchemaMeta(db: SuiviDb): Promise<MetaRecord | undefined> {
  return db.get('meta', 'schema');
}

// ---------------------------------------------------------------------------------------------
// Day summaries

/**
 * The per-day summary store is a cache of `summarizeDay` over the raw events and spans. It is
 * rewritten in the same transaction as every change of those (an event recorded, undone or
 * redone, a span written, a restore, an erase), so it can never lag behind them.
 */

/** The stores a transaction that changes events or spans must hold, so it can keep summaries. */
export const SUMMARY_STORES = ['events', 'spans', 'days'] as const satisfies StoreNames<SuiviDbSchema>[];

/** Any transaction that holds at least the summary stores. */
type SummaryTx = IDBPTransaction<SuiviDbSchema, StoreNames<SuiviDbSchema>[], 'readwrite' | 'versionchange'>;

/** The local days a span counts on (one crossing midnight counts on both). */
export function daysOfSpan(span: TimeSpan): string[] {
  return [...new Set([span.day, ...splitAtLocalMidnights(span.start, span.end).map((p) => p.day)])];
}

/** Recomputes the summary of each day from that day's events and spans, within `tx`. */
export async function refreshDaySummaries(tx: SummaryTx, days: Iterable<string>): Promise<void> {
  const events = tx.objectStore('events').index('day');
  // A span is filed under the day it starts where it was recorded, and a day also holds the
  // tail of the day before's. A span restored from a backup made in another time zone is filed
  // under that zone's day, up to one day apart from here either way: so a day's spans are those
  // filed from two days before it to the day after it (summarizeDay keeps only its part).
  const spans = tx.objectStore('spans').index('day');
  const store = tx.objectStore('days');
  for (const day of new Set(days)) {
    const [dayEvents, daySpans] = await Promise.all([
      events.getAll(day),
      spans.getAll(IDBKeyRange.bound(addDays(day, -2), addDays(day, 1))),
    ]);
    const summary = summarizeDay(day, dayEvents, daySpans);
    if (isEmptySummary(summary)) await store.delete(day);
    else await store.put(summary);
  }
}

/** Rebuilds every summary from all the events and spans (migration, restore). */
export async function rebuildDaySummaries(tx: SummaryTx): Promise<void> {
  const [events, spans] = await Promise.all([
    tx.objectStore('events').getAll(),
    tx.objectStore('spans').getAll(),
  ]);
  const days = new Set<string>();
  for (const e of events) days.add(e.day);
  for (const s of spans) for (const d of daysOfSpan(s)) days.add(d);
  const eventsByDay = new Map<string, DmpEvent[]>();
  for (const e of events) eventsByDay.set(e.day, [...(eventsByDay.get(e.day) ?? []), e]);
  const spansByDay = new Map<string, TimeSpan[]>();
  for (const s of spans) for (const d of daysOfSpan(s)) spansByDay.set(d, [...(spansByDay.get(d) ?? []), s]);
  const store = tx.objectStore('days');
  await store.clear();
  for (const day of days) {
    const summary = summarizeDay(day, eventsByDay.get(day) ?? [], spansByDay.get(day) ?? []);
    if (!isEmptySummary(summary)) await store.put(summary);
  }
}

/** Summaries of the local days `first` to `last`, both included; days with nothing are absent. */
export function daySummariesBetween(db: SuiviDb, first: string, last: string): Promise<DaySummary[]> {
  return db.getAll('days', IDBKeyRange.bound(first, last));
}
