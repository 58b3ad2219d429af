import { useCallback, useEffect, useState } from 'preact/hooks';
import { eventsBetweenDays, openSuiviDb, spansBetweenDays } from '@/lib/storage/db';
import { localDay, monthPeriod } from '@/lib/domain/calendar';
import { buildPopupModel, type PopupModel } from '@/lib/domain/popup-model';
import type { Settings } from '@/lib/domain/settings';
import { settingsItem } from '@/lib/storage/items';

export interface PopupData {
  model: PopupModel;
  settings: Settings;
}

/** Reads the month's events and spans and the settings, and builds what the popup shows. */
export async function loadPopupData(now = Date.now()): Promise<PopupData> {
  const today = localDay(now);
  const { first, last } = monthPeriod(today);
  const [db, settings] = await Promise.all([openSuiviDb(), settingsItem.get()]);
  try {
    const [events, spans] = await Promise.all([
      eventsBetweenDays(db, first, last),
      spansBetweenDays(db, first, last),
    ]);
    return { model: buildPopupModel(events, spans, settings, today), settings };
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
