import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { daySummariesBetween, openSuiviDb } from '@/lib/storage/db';
import { localDay, monthBounds } from '@/lib/domain/events';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import { readSettings, SETTINGS_KEY, type Settings } from '@/lib/domain/settings';

export interface PopupData {
  model: PopupModel;
  settings: Settings;
}

/** Reads the month's day summaries (about thirty small records) and the settings, and builds what the popup shows. */
export async function loadPopupData(now = Date.now()): Promise<PopupData> {
  const today = localDay(now);
  const { first, last } = monthBounds(today);
  const [db, stored] = await Promise.all([openSuiviDb(), browser.storage.local.get(SETTINGS_KEY)]);
  try {
    const summaries = await daySummariesBetween(db, first, last);
    const settings = readSettings(stored[SETTINGS_KEY]);
    return { model: buildPopupModel(summaries, settings, today), settings };
  } finally {
    db.close();
  }
}

export function usePopupData(): { data: PopupData | null; refresh: () => Promise<void> } {
  const [data, setData] = useState<PopupData | null>(null);
  const refresh = useCallback(() => loadPopupData().then(setData), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { data, refresh };
}
