import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import { daySummariesBetween, openSuiviDb } from '@/lib/storage/db';
import { localDay, monthPeriod } from '@/lib/domain/calendar';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import type { Settings } from '@/lib/domain/settings';
import { manualTimerItem, settingsItem } from '@/lib/storage/items';
import type { EarlyMonthRead } from '@/lib/storage/early-month-read';

export interface PopupData {
  model: PopupModel;
  settings: Settings;
  /** When the manual timer was started, or null: read from storage, so opening the popup does not wake the background. */
  timerStartedAt: number | null;
}

/**
 * Reads the month's day summaries (about thirty small records) and the settings, and builds what
 * the popup shows. What the popup's early script already read for today is taken as it is
 * (lib/storage/early-month-read.ts); anything it could not read is read here.
 */
export async function loadPopupData(now = Date.now(), early?: EarlyMonthRead): Promise<PopupData> {
  const today = early?.today ?? localDay(now);
  const [summaries, stored] = early ? await Promise.all([early.summaries, early.stored]) : [null, null];
  const [days, settings, timerStartedAt] = await Promise.all([
    summaries ?? readDays(today),
    stored ? settingsItem.parse(stored[settingsItem.key]) : settingsItem.get(),
    stored ? manualTimerItem.parse(stored[manualTimerItem.key]) : manualTimerItem.get(),
  ]);
  return { model: buildPopupModel(days, settings, today), settings, timerStartedAt };
}

async function readDays(today: string) {
  const { first, last } = monthPeriod(today);
  const db = await openSuiviDb();
  try {
    return await daySummariesBetween(db, first, last);
  } finally {
    db.close();
  }
}

/**
 * The popup's data. `first` is a read started before the first render (the popup's entrypoint
 * starts it as its script loads), so the database opens while Preact draws: a glance is a
 * matter of milliseconds.
 */
export function usePopupData(first?: Promise<PopupData>): {
  data: PopupData | null;
  refresh: () => Promise<void>;
} {
  const [data, setData] = useState<PopupData | null>(null);
  const refresh = useCallback(() => loadPopupData().then(setData), []);
  // A layout effect runs as soon as the first render is committed; a plain effect would wait
  // for the next frame to be painted, and the figures with it (up to 16 ms).
  useLayoutEffect(() => {
    void (first ?? loadPopupData()).then(setData);
  }, [first]);
  return { data, refresh };
}
