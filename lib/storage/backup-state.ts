import type { StoreNames } from 'idb';
import type { BackupState } from '../domain/backup';
import { splitSettings } from '../domain/backup-extension';
import { readSettings } from '../domain/settings';
import type { SuiviDb, SuiviDbSchema } from './db';

/** Stores a restore writes (those this database has), in one transaction. */
export const RESTORE_STORES = ['events', 'spans', 'sites', 'taughtRules'] as const;
export type RestoreStore = (typeof RESTORE_STORES)[number];

export interface StoreContents {
  events: BackupState['events'];
  spans: BackupState['spans'];
  sites: BackupState['sites'];
  taughtRules: BackupState['taughtRules'];
}

/** Reads every store a backup holds (a store this database does not have yet reads as empty). */
export async function readStores(db: SuiviDb): Promise<StoreContents> {
  const names = new Set<string>(Array.from(db.objectStoreNames));
  const all = <S extends RestoreStore>(store: S) =>
    names.has(store) ? db.getAll(store as StoreNames<SuiviDbSchema>) : Promise.resolve([]);
  const [events, spans, sites, taughtRules] = await Promise.all([
    all('events'),
    all('spans'),
    all('sites'),
    all('taughtRules'),
  ]);
  return {
    events: events as StoreContents['events'],
    spans: spans as StoreContents['spans'],
    sites: sites as StoreContents['sites'],
    taughtRules: taughtRules as StoreContents['taughtRules'],
  };
}

/** The whole state a backup is built from, or a restore is planned against. */
export async function readBackupState(db: SuiviDb, storedSettings: unknown): Promise<BackupState> {
  return { ...(await readStores(db)), ...splitSettings(readSettings(storedSettings)) };
}
