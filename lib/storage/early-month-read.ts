import { localDay, monthPeriod } from '../domain/calendar';
import type { DaySummary } from '../domain/day-summary';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, daySummariesBetween, type SuiviDbSchema } from './db';

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
  getStored: (keys: string[]) => Promise<Record<string, unknown>>,
  keys: string[],
  now: number,
): EarlyMonthRead {
  const today = localDay(now);
  const { first, last } = monthPeriod(today);
  return {
    today,
    summaries: readDays(first, last),
    stored: getStored(keys).catch(() => null),
  };
}

/** The month's summaries through the database's own reader, at this build's version only. */
async function readDays(first: string, last: string): Promise<DaySummary[] | null> {
  try {
    const db = await openDB<SuiviDbSchema>(DB_NAME, DB_VERSION, {
      // Missing or older: give it back untouched (aborting the version change creates nothing).
      upgrade(_db, _old, _new, transaction) {
        transaction.done.catch(() => undefined); // the abort is the intent, not an error
        transaction.abort();
      },
    });
    try {
      return await daySummariesBetween(db, first, last);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Today's early read, if the early script left one for this day. */
export function takeEarlyMonthRead(global: object, now: number): EarlyMonthRead | undefined {
  const early = (global as Record<string, unknown>)[EARLY_READ_GLOBAL] as EarlyMonthRead | undefined;
  delete (global as Record<string, unknown>)[EARLY_READ_GLOBAL];
  return early && early.today === localDay(now) ? early : undefined;
}
