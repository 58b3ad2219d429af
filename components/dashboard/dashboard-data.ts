import { browser } from 'wxt/browser';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';

/** Reads for the dashboard's sections (writes go through the background, the single writer). */
export async function readDb<T>(read: (db: SuiviDb) => Promise<T>): Promise<T> {
  const db = await openSuiviDb();
  try {
    return await read(db);
  } finally {
    db.close();
  }
}

export function formatWhen(at: number): string {
  return new Date(at).toLocaleString(browser.i18n.getUILanguage(), {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}
