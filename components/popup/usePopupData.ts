import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import { daySummariesBetween, openSuiviDb } from '@/lib/storage/db';
import { localDay, monthPeriod } from '@/lib/domain/calendar';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import type { Settings } from '@/lib/domain/settings';
import { manualTimerItem, settingsItem } from '@/lib/storage/items';

export interface PopupData {
  model: PopupModel;
  settings: Settings;
  /** When the manual timer was started, or null: read from storage, so opening the popup does not wake the background. */
  timerStartedAt: number | null;
}

/** Reads the month's day summaries (about thirty small records) and the settings, and builds what the popup shows. */
export async function loadPopupData(now = Date.now()): Promise<PopupData> {
  const today = localDay(now);
  const { first, last } = monthPeriod(today);
  const [db, settings, timerStartedAt] = await Promise.all([
    openSuiviDb(),
    settingsItem.get(),
    manualTimerItem.get(),
  ]);
  try {
    const summaries = await daySummariesBetween(db, first, last);
    return { model: buildPopupModel(summaries, settings, today), settings, timerStartedAt };
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
