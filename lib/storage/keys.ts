/** Keys of `storage.local` that a script reads without the stored items' parsers (entrypoints/popup-early.ts). */
export const MANUAL_TIMER_KEY = 'manualTimerStartedAt';
