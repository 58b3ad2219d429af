import { monthOf, shiftMonth } from './calendar';

/**
 * The monthly reminder to export the month that just ended. No notification permission: the
 * popup and the dashboard show a banner. `storage.local[EXPORT_REMINDER_KEY]` holds the last
 * month whose reminder is done (exported or dismissed); `settings.exportReminder` turns it off.
 */
export const EXPORT_REMINDER_KEY = 'exportReminderDone';

export interface ReminderInput {
  /** Local day `YYYY-MM-DD`. */
  today: string;
  enabled: boolean;
  /** The stored value under EXPORT_REMINDER_KEY (anything: it is checked). */
  doneMonth: unknown;
  /** Whether the month that ended has any event (no reminder for an empty month). */
  previousMonthHasData: boolean;
}

/** The stored month as `YYYY-MM`, or '' for anything else (it sorts before every month). */
function storedMonth(doneMonth: unknown): string {
  return typeof doneMonth === 'string' && /^\d{4}-\d{2}$/.test(doneMonth) ? doneMonth : '';
}

/** The month to remind about (`YYYY-MM`), or null. */
export function reminderMonth({
  today,
  enabled,
  doneMonth,
  previousMonthHasData,
}: ReminderInput): string | null {
  if (!enabled || !previousMonthHasData) return null;
  const previous = shiftMonth(monthOf(today), -1);
  const done = storedMonth(doneMonth);
  return done >= previous ? null : previous;
}

/**
 * The value to store after exporting `month` on `today`: only a month that has ended counts
 * (exporting the month in progress does not stand for its final export), and it never goes back.
 */
export function doneAfterExport(month: string, today: string, doneMonth: unknown): string | null {
  if (month >= monthOf(today)) return null;
  const done = storedMonth(doneMonth);
  return month > done ? month : null;
}
