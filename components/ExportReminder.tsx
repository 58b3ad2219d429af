import { useEffect, useState } from 'preact/hooks';
import { monthLabel } from '@/lib/domain/calendar';
import { dismissReminder, loadReminderMonth, turnReminderOff } from './dashboard/month-data';
import { uiLang } from './format';
import { t } from './i18n';

/**
 * The monthly reminder, in the popup and at the top of the dashboard: the month that just
 * ended has not been exported yet. "Later" hides it for that month; "Don't remind me" turns
 * `settings.exportReminder` off.
 */
export function ExportReminder({ onExport }: { onExport: (month: string) => void }) {
  const [month, setMonth] = useState<string | null>(null);
  useEffect(() => {
    void loadReminderMonth()
      .then(setMonth)
      .catch(() => setMonth(null));
  }, []);
  if (!month) return null;
  const label = monthLabel(month, uiLang() === 'fr' ? 'fr-FR' : 'en-GB');
  return (
    <div class="export-reminder" role="region" aria-label={t('reminderLabel')} data-testid="export-reminder">
      <p>{t('reminderText', label)}</p>
      <div class="reminder-actions">
        <button type="button" class="primary" onClick={() => onExport(month)}>
          {t('reminderExport', label)}
        </button>
        <button type="button" onClick={() => void dismissReminder(month).then(() => setMonth(null))}>
          {t('reminderLater')}
        </button>
        <button type="button" class="link" onClick={() => void turnReminderOff().then(() => setMonth(null))}>
          {t('reminderOff')}
        </button>
      </div>
    </div>
  );
}
