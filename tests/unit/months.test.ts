import { describe, expect, it } from 'vitest';
import { doneAfterExport, reminderMonth } from '@/lib/domain/export-reminder';
import {
  monthOf,
  isMonth,
  lastDayOf,
  monthLabel,
  parseDashboardHash,
  recentMonths,
  referenceDay,
  shiftMonth,
} from '@/lib/domain/calendar';

describe('months', () => {
  it('shifts across years both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -15)).toBe('2024-12');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });

  it('knows the last day, leap years included', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-11')).toBe('2026-11-30');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('computes a month at today, its last day, or its first day', () => {
    expect(referenceDay('2026-11', '2026-11-23')).toBe('2026-11-23');
    expect(referenceDay('2026-10', '2026-11-23')).toBe('2026-10-31');
    expect(referenceDay('2026-12', '2026-11-23')).toBe('2026-12-01');
  });

  it('lists the picker months newest first', () => {
    expect(recentMonths('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
  });

  it('names months in French and English', () => {
    expect(monthLabel('2026-03', 'fr-FR')).toBe('mars 2026');
    expect(monthLabel('2026-03', 'en-GB')).toBe('March 2026');
  });

  it('reads the dashboard hash', () => {
    expect(parseDashboardHash('#export')).toEqual({ section: 'export', month: null });
    expect(parseDashboardHash('#export=2026-10')).toEqual({ section: 'export', month: '2026-10' });
    expect(parseDashboardHash('#export=2026-13')).toEqual({ section: 'export', month: null });
    expect(parseDashboardHash('#<img onerror=x>')).toEqual({ section: null, month: null });
    expect(parseDashboardHash('')).toEqual({ section: null, month: null });
    expect(isMonth('2026-00')).toBe(false);
  });
});

describe('export reminder', () => {
  const base = { today: '2026-11-02', enabled: true, doneMonth: undefined, previousMonthHasData: true };

  it('reminds about the month that just ended', () => {
    expect(reminderMonth(base)).toBe('2026-10');
    expect(reminderMonth({ ...base, today: '2027-01-15' })).toBe('2026-12');
  });

  it('not when turned off, done, or when nothing happened that month', () => {
    expect(reminderMonth({ ...base, enabled: false })).toBeNull();
    expect(reminderMonth({ ...base, doneMonth: '2026-10' })).toBeNull();
    expect(reminderMonth({ ...base, previousMonthHasData: false })).toBeNull();
    // An older done month, or garbage in storage: still reminds.
    expect(reminderMonth({ ...base, doneMonth: '2026-08' })).toBe('2026-10');
    expect(reminderMonth({ ...base, doneMonth: { evil: true } })).toBe('2026-10');
  });

  it('an export counts only for a month that has ended, and never goes back', () => {
    expect(doneAfterExport('2026-10', '2026-11-02', undefined)).toBe('2026-10');
    expect(doneAfterExport('2026-11', '2026-11-02', undefined)).toBeNull();
    expect(doneAfterExport('2026-09', '2026-11-02', '2026-10')).toBeNull();
  });
});

describe('monthOf', () => {
  it('keeps YYYY-MM of a day', () => {
    expect(monthOf('2025-03-14')).toBe('2025-03');
  });
});
