import { localDay, monthPeriod } from '../domain/calendar';
import type { DaySummary } from '../domain/day-summary';
import { DB_NAME, DB_VERSION } from './db';

/**
 * The popup's reads, started by a small script of their own before the popup's modules load
 * (entrypoints/popup-early.ts): on a busy machine those modules take some 20 ms to be evaluated,
 * and the database and settings are read meanwhile. The popup takes what was read for today
 * (components/popup/usePopupData.ts) and reads again itself if anything is missing.
 *
 * The database is opened at the version this build knows, never created nor upgraded here:
 * that is the background's job (lib/storage/db.ts). A database missing or older is left alone.
 */
export interface EarlyMonthRead {
  /** The local day the reads were made for. */
  today: string;
  /** The month's day summaries, or null when the database could not be read as it is. */
  summaries: Promise<DaySummary[] | null>;
  /** The raw stored values of the keys asked, or null when storage failed. */
  stored: Promise<Record<string, unknown> | null>;
}

/** Where the early script leaves its reads for the popup's module. */
export const EARLY_READ_GLOBAL = '__suiviDmpEarlyRead';

export function startEarlyMonthRead(
  idb: IDBFactory,
  getStored: (keys: string[]) => Promise<Record<string, unknown>>,
  keys: string[],
  now: number,
): EarlyMonthRead {
  const today = localDay(now);
  const { first, last } = monthPeriod(today);
  return {
    today,
    summaries: readDays(idb, first, last),
    stored: getStored(keys).catch(() => null),
  };
}

function readDays(idb: IDBFactory, first: string, last: string): Promise<DaySummary[] | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = idb.open(DB_NAME, DB_VERSION);
    } catch {
      return resolve(null);
    }
    // Missing or older: give it back untouched (aborting the version change creates nothing).
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // Never hold up the background's own upgrade.
      db.onversionchange = () => db.close();
      try {
        const read = db.transaction('days').objectStore('days').getAll(IDBKeyRange.bound(first, last));
        read.onsuccess = () => resolve(read.result as DaySummary[]);
        read.onerror = () => resolve(null);
      } catch {
        resolve(null);
      } finally {
        db.close();
      }
    };
  });
}

/** Today's early read, if the early script left one for this day. */
export function takeEarlyMonthRead(global: object, now: number): EarlyMonthRead | undefined {
  const early = (global as Record<string, unknown>)[EARLY_READ_GLOBAL] as EarlyMonthRead | undefined;
  delete (global as Record<string, unknown>)[EARLY_READ_GLOBAL];
  return early && early.today === localDay(now) ? early : undefined;
}
