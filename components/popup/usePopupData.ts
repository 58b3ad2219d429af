import { useCallback, useEffect, useState } from 'preact/hooks';
import { daySummariesBetween, openSuiviDb } from '@/lib/storage/db';
import { localDay, monthPeriod } from '@/lib/domain/calendar';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import type { Settings } from '@/lib/domain/settings';
import { settingsItem } from '@/lib/storage/items';

export interface PopupData {
  model: PopupModel;
  settings: Settings;
}

/** Reads the month's day summaries (about thirty small records) and the settings, and builds what the popup shows. */
export async function loadPopupData(now = Date.now()): Promise<PopupData> {
  const today = localDay(now);
  const { first, last } = monthPeriod(today);
  const [db, settings] = await Promise.all([openSuiviDb(), settingsItem.get()]);
  try {
    const summaries = await daySummariesBetween(db, first, last);
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
