/** Calendar months `YYYY-MM` as the dashboard walks them (local dates, no clock, no time zone). */

import { monthBounds } from './events';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH_RE.test(value);
}

/** The month `YYYY-MM` of a local day `YYYY-MM-DD`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** `month` plus `n` months (n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export function lastDayOf(month: string): string {
  return monthBounds(`${month}-01`).last;
}

/**
 * The day a month's figures are computed at (what the popup calls "today"): today in the
 * current month, the month's last day for a past month, its first day for a future one.
 */
export function referenceDay(month: string, today: string): string {
  const current = monthOf(today);
  if (month === current) return today;
  return month < current ? lastDayOf(month) : `${month}-01`;
}

/** `count` months ending with `last`, newest first (the month picker's list). */
export function recentMonths(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(last, -i));
}

/** "mars 2025", "March 2025". */
export function monthLabel(month: string, locale: string): string {
  const d = new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(d);
}

/**
 * The dashboard's address fragment: `#export` (land on the export panel) optionally with a
 * month, `#export=2025-02`. Anything else: no section, no month.
 */
export function parseDashboardHash(hash: string): { section: string | null; month: string | null } {
  const m = /^#([a-z-]+)(?:=(\d{4}-\d{2}))?$/.exec(hash);
  if (!m) return { section: null, month: null };
  return { section: m[1]!, month: m[2] && isMonth(m[2]) ? m[2] : null };
}
