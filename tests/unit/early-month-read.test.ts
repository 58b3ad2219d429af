import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeEvent } from '@/lib/domain/events';
import { DEFAULT_SETTINGS } from '@/lib/domain/settings';
import { DB_NAME, DB_VERSION, openSuiviDb, putEvent } from '@/lib/storage/db';
import {
  EARLY_READ_GLOBAL,
  startEarlyMonthRead,
  takeEarlyMonthRead,
  type EarlyMonthRead,
} from '@/lib/storage/early-month-read';
import { manualTimerItem, settingsItem } from '@/lib/storage/items';
import { loadPopupData } from '@/components/popup/usePopupData';

const NOW = new Date(2026, 10, 20, 10, 0).getTime();
const KEYS = [settingsItem.key, manualTimerItem.key];
const read = (now = NOW) => startEarlyMonthRead((keys) => fakeBrowser.storage.local.get(keys), KEYS, now);

async function seed(): Promise<void> {
  const db = await openSuiviDb();
  const deposit = (id: string, at: number) =>
    putEvent(db, makeEvent({ id, kind: 'dmp_upload', at, site: 'dmp-web', source: 'auto', docClass: 'VSM' }));
  await deposit('this-month-1', NOW - 3_600_000);
  await deposit('this-month-2', new Date(2026, 10, 2, 9).getTime());
  await deposit('last-month', new Date(2026, 9, 30, 9).getTime());
  db.close();
}

async function databaseVersion(): Promise<number | undefined> {
  return (await indexedDB.databases()).find((d) => d.name === DB_NAME)?.version;
}

describe("the popup's early read", () => {
  it("reads this month's day summaries and the stored settings and timer", async () => {
    await seed();
    await settingsItem.set({ ...DEFAULT_SETTINGS, profileId: 'plfss-2026' });
    await manualTimerItem.set(NOW - 60_000);
    const early = read();
    expect(early.today).toBe('2026-11-20');
    expect((await early.summaries)?.map((d) => d.day)).toEqual(['2026-11-02', '2026-11-20']);
    const stored = await early.stored;
    expect(settingsItem.parse(stored?.[settingsItem.key]).profileId).toBe('plfss-2026');
    expect(manualTimerItem.parse(stored?.[manualTimerItem.key])).toBe(NOW - 60_000);
  });

  it('gives the popup the same figures as its own reads', async () => {
    await seed();
    const own = await loadPopupData(NOW);
    const withEarly = await loadPopupData(NOW, read());
    expect(withEarly).toEqual(own);
    expect(withEarly.model.month.counts.dmp_upload).toBe(2);
  });

  it('creates no database where there is none, and the popup then reads as before', async () => {
    const early = read();
    expect(await early.summaries).toBeNull();
    expect(await databaseVersion()).toBeUndefined();
    const data = await loadPopupData(NOW, early);
    expect(data.model.month.counts.dmp_upload).toBe(0);
  });

  it('leaves an older database to the background: not upgraded, read by the popup itself', async () => {
    (await openSuiviDb(DB_VERSION - 1)).close();
    const early = read();
    expect(await early.summaries).toBeNull();
    expect(await databaseVersion()).toBe(DB_VERSION - 1);
  });

  it('reads storage again when it failed early', async () => {
    await seed();
    await settingsItem.set({ ...DEFAULT_SETTINGS, profileId: 'plfss-2026' });
    const failed: EarlyMonthRead = { ...read(), stored: Promise.resolve(null) };
    expect((await loadPopupData(NOW, failed)).settings.profileId).toBe('plfss-2026');
  });

  it('is taken once, and only on the day it was made for', async () => {
    const holder: Record<string, unknown> = { [EARLY_READ_GLOBAL]: read() };
    expect(takeEarlyMonthRead(holder, NOW + 24 * 3_600_000)).toBeUndefined();
    expect(EARLY_READ_GLOBAL in holder).toBe(false);
    holder[EARLY_READ_GLOBAL] = read();
    expect(takeEarlyMonthRead(holder, NOW)?.today).toBe('2026-11-20');
    expect(takeEarlyMonthRead(holder, NOW)).toBeUndefined();
  });
});
