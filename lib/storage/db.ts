import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DmpEvent } from '../domain/events';
import type { TimeSpan } from '../domain/spans';
import type { SiteRecord, TaughtRule } from '../domain/rules';
import type { UnconfirmedRecord } from './rule-store';

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
  const tx = db.transaction('events', 'readwrite');
  const existing = await tx.store.get(event.id);
  if (existing) {
    await tx.done;
    return 'exists';
  }
  await tx.store.add(event);
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

/** Time spans of the local days `first` to `last`, both included. */
export function spansBetweenDays(db: SuiviDb, first: string, last: string): Promise<TimeSpan[]> {
  return db.getAllFromIndex('spans', 'day', IDBKeyRange.bound(first, last));
}

/** Marks an event undone or restores it; returns the updated event, or undefined if unknown. */
export async function setUndone(db: SuiviDb, id: string, undone: boolean): Promise<DmpEvent | undefined> {
  const tx = db.transaction('events', 'readwrite');
  const event = await tx.store.get(id);
  if (!event) {
    await tx.done;
    return undefined;
  }
  const updated: DmpEvent = { ...event };
  if (undone) updated.undone = true;
  else delete updated.undone;
  await tx.store.put(updated);
  await tx.done;
  return updated;
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
