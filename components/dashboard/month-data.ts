import { useCallback, useEffect, useState } from 'preact/hooks';
import { daySummariesBetween, eventsBetweenDays, openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import type { DaySummary } from '@/lib/domain/day-summary';
import { monthDayStats, type DayStats } from '@/lib/domain/day-stats';
import type { DmpEvent } from '@/lib/domain/events';
import { doneAfterExport, reminderMonth } from '@/lib/domain/export-reminder';
import { lastDayOf, localDay, monthOf, referenceDay, shiftMonth } from '@/lib/domain/calendar';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import { applySettingsChange, type Settings } from '@/lib/domain/settings';
import { exportReminderItem, settingsItem } from '@/lib/storage/items';

/** Fired on `window` after the dashboard asked the background to change data (undo, restore...). */
export const DATA_CHANGED = 'suivi-dmp-data-changed';

export function notifyDataChanged(): void {
  window.dispatchEvent(new Event(DATA_CHANGED));
}

export interface MonthData {
  month: string;
  /** The day the figures are computed at (see lib/months.ts referenceDay). */
  refDay: string;
  /** The month's events, for the journal and the table by class. */
  events: DmpEvent[];
  /** The month's day summaries: every figure of the report comes from them. */
  summaries: DaySummary[];
  settings: Settings;
  /** Every day of the month, as the synthèse CSV writes it. */
  days: DayStats[];
  /** The popup's figures for that month (same functions, same numbers). */
  model: PopupModel;
}

async function withDb<T>(read: (db: SuiviDb) => Promise<T>): Promise<T> {
  const db = await openSuiviDb();
  try {
    return await read(db);
  } finally {
    db.close();
  }
}

/** Reads a month's events and spans and the settings, and computes what the report shows. */
export async function loadMonthData(month: string, now = Date.now()): Promise<MonthData> {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const [{ events, summaries }, settings] = await Promise.all([
    withDb(async (db) => {
      const [events, summaries] = await Promise.all([
        eventsBetweenDays(db, first, last),
        daySummariesBetween(db, first, last),
      ]);
      return { events, summaries };
    }),
    settingsItem.get(),
  ]);
  const refDay = referenceDay(month, localDay(now));
  const model = buildPopupModel(summaries, settings, refDay);
  return {
    month,
    refDay,
    events,
    summaries,
    settings,
    days: monthDayStats(summaries, month, model.profile),
    model,
  };
}

/** A month's data, reloaded when the month changes, after the dashboard's own writes, and when settings change. */
export function useMonthData(month: string): { data: MonthData | null; refresh: () => Promise<void> } {
  const [data, setData] = useState<MonthData | null>(null);
  const refresh = useCallback(() => loadMonthData(month).then(setData), [month]);
  useEffect(() => {
    void refresh();
    const onChange = () => void refresh();
    window.addEventListener(DATA_CHANGED, onChange);
    const unwatch = settingsItem.watch(onChange);
    return () => {
      window.removeEventListener(DATA_CHANGED, onChange);
      unwatch();
    };
  }, [refresh]);
  return { data, refresh };
}

/** The month the reminder is about, or null (reminder off, done, or nothing happened that month). */
export async function loadReminderMonth(now = Date.now()): Promise<string | null> {
  const today = localDay(now);
  const previous = shiftMonth(monthOf(today), -1);
  const [settings, doneMonth] = await Promise.all([settingsItem.get(), exportReminderItem.get()]);
  if (!settings.exportReminder) return null;
  const count = await withDb((db) =>
    db.countFromIndex('events', 'day', IDBKeyRange.bound(`${previous}-01`, lastDayOf(previous))),
  );
  return reminderMonth({
    today,
    enabled: settings.exportReminder,
    doneMonth,
    previousMonthHasData: count > 0,
  });
}

/** After an export of `month`: the reminder for it is done (only for a month that has ended). */
export async function markExported(month: string, now = Date.now()): Promise<void> {
  const next = doneAfterExport(month, localDay(now), await exportReminderItem.get());
  if (next) await exportReminderItem.set(next);
}

/** "Later": no reminder for this month any more (the next month will have its own). */
export async function dismissReminder(month: string): Promise<void> {
  await exportReminderItem.set(month);
}

/** "Don't remind me": settings.exportReminder off (back on in the settings). */
export async function turnReminderOff(): Promise<void> {
  const change = applySettingsChange(await settingsItem.get(), { exportReminder: false });
  if (change.ok) await settingsItem.set(change.settings);
}
