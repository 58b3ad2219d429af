import { describe, expect, it } from 'vitest';
import { formatClock, formatEur, formatMinutes, formatNumber, formatPercent } from '@/lib/domain/format';

/**
 * fr-FR as Node's ICU writes it: groups of digits separated by a narrow no-break space
 * (U+202F), and a no-break space (U+00A0) before "€" and "%".
 */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatNumber', () => {
  it('fr: narrow no-break space between groups, comma for decimals', () => {
    expect(formatNumber(1234567, 'fr')).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatNumber(1234.56, 'fr', 1)).toBe(`1${NNBSP}234,6`);
    expect(formatNumber(2.5, 'fr', 2)).toBe('2,5');
    expect(formatNumber(999, 'fr')).toBe('999');
    // No decimals by default: rounded.
    expect(formatNumber(12.6, 'fr')).toBe('13');
  });

  it('en: comma between groups, point for decimals', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6');
    expect(formatNumber(2.5, 'en', 2)).toBe('2.5');
    expect(formatNumber(12.4, 'en')).toBe('12');
  });
});

describe('formatEur', () => {
  it('fr: euros after the amount, no cents', () => {
    expect(formatEur(2500, 'fr')).toBe(`2${NNBSP}500${NBSP}€`);
    expect(formatEur(106.5, 'fr')).toBe(`107${NBSP}€`);
    expect(formatEur(0, 'fr')).toBe(`0${NBSP}€`);
    expect(formatEur(10000, 'fr')).toBe(`10${NNBSP}000${NBSP}€`);
  });

  it('en: euro sign before the amount, no cents', () => {
    expect(formatEur(2500, 'en')).toBe('€2,500');
    expect(formatEur(106.5, 'en')).toBe('€107');
    expect(formatEur(0, 'en')).toBe('€0');
  });
});

describe('formatPercent', () => {
  it('fr: a no-break space before the sign', () => {
    expect(formatPercent(2 / 3, 'fr')).toBe(`67${NBSP}%`);
    expect(formatPercent(1, 'fr')).toBe(`100${NBSP}%`);
    expect(formatPercent(0, 'fr')).toBe(`0${NBSP}%`);
    expect(formatPercent(12.5, 'fr')).toBe(`1${NNBSP}250${NBSP}%`);
  });

  it('en: the sign right after the number', () => {
    expect(formatPercent(2 / 3, 'en')).toBe('67%');
    expect(formatPercent(1.5, 'en')).toBe('150%');
    expect(formatPercent(0.004, 'en')).toBe('0%');
  });
});

describe('formatMinutes', () => {
  it('under an hour: minutes, rounded', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(12.4)).toBe('12 min');
    expect(formatMinutes(59.4)).toBe('59 min');
  });

  it('from an hour: hours and two-digit minutes', () => {
    // 59.6 rounds to 60: an hour, not "60 min".
    expect(formatMinutes(59.6)).toBe('1 h 00');
    expect(formatMinutes(60)).toBe('1 h 00');
    expect(formatMinutes(125)).toBe('2 h 05');
    expect(formatMinutes(71)).toBe('1 h 11');
    expect(formatMinutes(600)).toBe('10 h 00');
  });
});

describe('formatClock', () => {
  it('minutes and seconds under an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(999)).toBe('0:00');
    expect(formatClock(42_000)).toBe('0:42');
    expect(formatClock(59_999)).toBe('0:59');
    expect(formatClock(60_000)).toBe('1:00');
    expect(formatClock(12 * 60_000 + 5_000)).toBe('12:05');
  });

  it('hours, minutes and seconds from an hour', () => {
    expect(formatClock(3_600_000)).toBe('1:00:00');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(8 * 3_600_000 + 59 * 60_000 + 59_000)).toBe('8:59:59');
  });

  it('a negative time (a clock set back) shows 0:00', () => {
    expect(formatClock(-5_000)).toBe('0:00');
  });
});
