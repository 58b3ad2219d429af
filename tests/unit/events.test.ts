import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { localDay, monthPeriod } from '@/lib/domain/calendar';
import { EventSchema, makeEvent } from '@/lib/domain/events';

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) =>
  new Date(y, m - 1, d, h, min, s, ms).getTime();

describe('localDay', () => {
  it('gives the local date on each side of midnight', () => {
    expect(localDay(at(2025, 3, 14, 23, 59, 59, 999))).toBe('2025-03-14');
    expect(localDay(at(2025, 3, 15, 0, 0, 0, 0))).toBe('2025-03-15');
  });

  it('rolls over months and years at midnight', () => {
    expect(localDay(at(2024, 12, 31, 23, 59, 59, 999))).toBe('2024-12-31');
    expect(localDay(at(2025, 1, 1))).toBe('2025-01-01');
    expect(localDay(at(2024, 2, 29, 12))).toBe('2024-02-29');
  });

  it('pads month and day to two digits', () => {
    expect(localDay(at(2025, 1, 5, 8))).toBe('2025-01-05');
  });
});

describe('monthPeriod', () => {
  it('February of a leap year ends on the 29th', () => {
    expect(monthPeriod('2024-02-10')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
  });

  it('February of a common year ends on the 28th', () => {
    expect(monthPeriod('2025-02-28')).toEqual({ first: '2025-02-01', last: '2025-02-28' });
    expect(monthPeriod('2100-02-01').last).toBe('2100-02-28');
    expect(monthPeriod('2000-02-01').last).toBe('2000-02-29');
  });

  it('31-day and 30-day months', () => {
    expect(monthPeriod('2025-01-31')).toEqual({ first: '2025-01-01', last: '2025-01-31' });
    expect(monthPeriod('2025-07-01')).toEqual({ first: '2025-07-01', last: '2025-07-31' });
    expect(monthPeriod('2025-12-15')).toEqual({ first: '2025-12-01', last: '2025-12-31' });
    expect(monthPeriod('2025-04-30')).toEqual({ first: '2025-04-01', last: '2025-04-30' });
  });
});

describe('makeEvent', () => {
  const base = {
    id: 'flow-12345678',
    kind: 'dmp_upload',
    at: at(2025, 3, 14, 23, 30),
    site: 'dmp-web',
    source: 'auto',
  } as const;

  it('derives day from at', () => {
    const event = makeEvent({ ...base, docClass: 'VSM', durationMs: 1200 });
    expect(event).toEqual({ ...base, docClass: 'VSM', durationMs: 1200, day: '2025-03-14' });
    expect(v.is(EventSchema, event)).toBe(true);
  });

  it('accepts custom site ids', () => {
    expect(makeEvent({ ...base, site: 'custom:logiciel.example.fr' }).site).toBe(
      'custom:logiciel.example.fr',
    );
  });

  it.each([
    ['an unknown kind', { kind: 'dmp_delete' }],
    ['an unknown source', { source: 'robot' }],
    ['an unknown docClass', { docClass: 'SYNTH' }],
    ['a short id', { id: 'abc' }],
    ['an id with spaces (free text)', { id: 'Jean Dupont 1234' }],
    ['an overlong id', { id: 'a'.repeat(81) }],
    ['a negative time', { at: -1 }],
    ['a fractional time', { at: 1.5 }],
    ['a site id with upper case', { site: 'DMP-Web' }],
    ['a negative duration', { durationMs: -5 }],
    ['a non-boolean undone', { undone: 'yes' }],
  ])('rejects %s', (_, patch) => {
    expect(() => makeEvent({ ...base, ...(patch as object) } as Parameters<typeof makeEvent>[0])).toThrow();
  });

  it('rejects an extra field (no free text smuggled in)', () => {
    expect(() => makeEvent({ ...base, title: 'CR Dupont' } as Parameters<typeof makeEvent>[0])).toThrow();
  });
});
