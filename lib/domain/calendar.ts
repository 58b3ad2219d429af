/**
 * Local calendar dates, the one place for them: days `YYYY-MM-DD` (the machine's time zone),
 * periods of days, and months `YYYY-MM` as the dashboard walks them. Date arithmetic only: no
 * clock is read here.
 */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A local day's shape, `YYYY-MM-DD` (see `isCalendarDay` for a real date). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `n` with leading zeros to `width` digits: `pad(7)` is `07` (months, days, hours, minutes). */
export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Days and periods

/** The local calendar date of an instant, `YYYY-MM-DD`, in the machine's time zone. */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** True when `day` is `YYYY-MM-DD` and names a real calendar date (no 2025-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Local days `first` to `last`, both included. */
export interface Period {
  first: string;
  last: string;
}

/** The calendar month that holds `day`: its first and last local day. */
export function monthPeriod(day: string): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const lastDate = new Date(y, m, 0).getDate();
  const month = `${y}-${pad(m)}`;
  return { first: `${month}-01`, last: `${month}-${pad(lastDate)}` };
}

/** The calendar year that holds `day`. */
export function yearPeriod(day: string): Period {
  const y = day.slice(0, 4);
  return { first: `${y}-01-01`, last: `${y}-12-31` };
}

export function dayInPeriod(day: string, period: Period): boolean {
  return day >= period.first && day <= period.last;
}

/** `day` plus `n` calendar days (date arithmetic only: no clock, no time zone). */
export function addDays(day: string, n: number): string {
  const d = new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + n),
  );
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Every day of the period, in order (empty when `last` is before `first`). */
export function daysOfPeriod(period: Period): string[] {
  const days: string[] = [];
  for (let day = period.first; day <= period.last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The part of `[start, end)` that falls on one local day. */
export interface DayPart {
  day: string;
  start: number;
  end: number;
}

/**
 * Cuts `[start, end)` at each local midnight in between: one part per local day touched, each
 * holding its real elapsed time (a day of a daylight-saving change has 23 or 25 hours).
 */
export function splitAtLocalMidnights(start: number, end: number): DayPart[] {
  const parts: DayPart[] = [];
  let s = start;
  while (s < end) {
    const d = new Date(s);
    const nextMidnight = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    const e = Math.min(end, nextMidnight > s ? nextMidnight : end);
    parts.push({ day: localDay(s), start: s, end: e });
    s = e;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Months

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
  return monthPeriod(`${month}-01`).last;
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
