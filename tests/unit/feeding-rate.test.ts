import { describe, expect, it } from 'vitest';
import type { TimeSpan } from '@/lib/domain/spans';
import type { DocClass } from '@/lib/domain/doc-classes';
import { makeEvent, type DmpEvent, type EventKind } from '@/lib/domain/events';
import {
  addDays,
  dayInPeriod,
  daysOfPeriod,
  monthPeriod,
  splitAtLocalMidnights,
  yearPeriod,
  type Period,
} from '@/lib/domain/calendar';
import { defaultHourlyValue, timeCost } from '@/lib/domain/time-value';
import {
  costlyActsAfterRead,
  dmpMinutesOf,
  dmpMinutesPerConsultation,
  medianDepositSeconds,
  summarizeDays,
} from '@/lib/domain/day-summary';
import { FINE_LABEL, feedingRate, theoreticalFine } from '@/lib/domain/feeding-rate';
import { builtinProfile, customProfileFrom, type ObligationProfile } from '@/lib/domain/obligations';

/**
 * Dates are built with the local constructor, so the tests hold in any time zone; the
 * daylight-saving cases also assert the Europe/Paris figures when run with TZ=Europe/Paris.
 */
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;
const PARIS = TZ === 'Europe/Paris';
const UTC = TZ === 'UTC' || TZ === 'Etc/UTC';

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();

/** The day summaries of a period, as the background keeps them, from raw events and spans. */
const daysOf = (events: DmpEvent[], period: Period, spans: TimeSpan[] = []) =>
  summarizeDays(events, spans).filter((d) => dayInPeriod(d.day, period));

/** DMP minutes of each day of the period (0 for a day with none), from the day summaries. */
function dmpMinutesByDay(spans: TimeSpan[], period: Period): Record<string, number> {
  const days = new Map(daysOf([], period, spans).map((d) => [d.day, d]));
  return Object.fromEntries(
    daysOfPeriod(period).map((day) => [day, (days.get(day)?.timeMs.dmp ?? 0) / 60_000]),
  );
}

let n = 0;
function ev(
  kind: EventKind,
  when: number,
  extra: Partial<Omit<DmpEvent, 'kind' | 'at' | 'day'>> = {},
): DmpEvent {
  n += 1;
  return makeEvent({
    id: `event-${String(n).padStart(5, '0')}`,
    kind,
    at: when,
    site: 'weda',
    source: 'auto',
    ...extra,
  });
}
/** `count` events of one kind and class on one day, an hour apart from 08:00. */
function many(
  count: number,
  kind: EventKind,
  y: number,
  m: number,
  d: number,
  docClass?: DocClass,
): DmpEvent[] {
  return Array.from({ length: count }, (_, i) => ev(kind, at(y, m, d, 8 + i), docClass ? { docClass } : {}));
}

const profile = (id: string): ObligationProfile => builtinProfile(id) as ObligationProfile;
const inForce = profile('in-force');
const lfss = profile('lfss-2026-art85'); // fine from 2028-07-01
const plfss = profile('plfss-2026');

function span(activity: TimeSpan['activity'], start: number, end: number): TimeSpan {
  return {
    id: `span:test:${activity}:${start}`,
    site: activity === 'manual' ? 'manual' : 'weda',
    activity,
    start,
    end,
    day: '',
  };
}

describe('periods', () => {
  it('month period of a day, across a year end and in February', () => {
    expect(monthPeriod('2025-12-15')).toEqual({ first: '2025-12-01', last: '2025-12-31' });
    expect(monthPeriod('2026-01-01')).toEqual({ first: '2026-01-01', last: '2026-01-31' });
    expect(monthPeriod('2028-02-10')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(yearPeriod('2028-07-14')).toEqual({ first: '2028-01-01', last: '2028-12-31' });
  });

  it('days of a period cross month and year ends', () => {
    expect(daysOfPeriod({ first: '2025-12-30', last: '2026-01-02' })).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
    expect(daysOfPeriod(monthPeriod('2025-03-09'))).toHaveLength(31);
    expect(daysOfPeriod({ first: '2025-03-02', last: '2025-03-01' })).toEqual([]);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});

describe('splitAtLocalMidnights', () => {
  it('keeps a span inside one day whole', () => {
    expect(splitAtLocalMidnights(at(2025, 3, 3, 9), at(2025, 3, 3, 10))).toEqual([
      { day: '2025-03-03', start: at(2025, 3, 3, 9), end: at(2025, 3, 3, 10) },
    ]);
  });

  it('cuts at each local midnight, year end included', () => {
    // 31/12 22:00 -> 02/01 01:00: 2 h on the 31st, 24 h on the 1st, 1 h on the 2nd.
    const parts = splitAtLocalMidnights(at(2025, 12, 31, 22), at(2026, 1, 2, 1));
    expect(parts.map((p) => p.day)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
    expect(parts[0]?.end).toBe(at(2026, 1, 1));
    expect(parts[1]?.start).toBe(at(2026, 1, 1));
    expect(parts[1]?.end).toBe(at(2026, 1, 2));
    expect(parts[2]?.end).toBe(at(2026, 1, 2, 1));
    expect((parts[0]!.end - parts[0]!.start) / 3_600_000).toBe(2);
    expect((parts[2]!.end - parts[2]!.start) / 3_600_000).toBe(1);
  });

  it('gives nothing for an empty or reversed span', () => {
    expect(splitAtLocalMidnights(at(2025, 3, 3, 9), at(2025, 3, 3, 9))).toEqual([]);
    expect(splitAtLocalMidnights(at(2025, 3, 3, 9), at(2025, 3, 3, 8))).toEqual([]);
  });

  it('the day of the autumn change holds its real length (25 h in Paris)', () => {
    const parts = splitAtLocalMidnights(at(2025, 10, 25, 12), at(2025, 10, 27, 12));
    expect(parts.map((p) => p.day)).toEqual(['2025-10-25', '2025-10-26', '2025-10-27']);
    const hours = (parts[1]!.end - parts[1]!.start) / 3_600_000;
    if (PARIS) expect(hours).toBe(25);
    if (UTC) expect(hours).toBe(24);
  });
});

describe('feedingRate', () => {
  const march2026 = monthPeriod('2026-03-01');

  it('documents basis: required deposited / required produced', () => {
    const events = [
      // Produced: 4 prescriptions of health products + 2 certificates + 4 letters = 10 required,
      // plus 3 consultation reports (not required by the arrêté, left out).
      ...many(4, 'document_produced', 2026, 3, 2, '57833-6'),
      ...many(2, 'document_produced', 2026, 3, 3, '89601-9'),
      ...many(4, 'document_produced', 2026, 3, 4, '18761-7'),
      ...many(3, 'document_produced', 2026, 3, 5, '11488-4'),
      // Deposited: 3 + 4 required, 2 consultation reports (not required), 1 certificate undone.
      ...many(3, 'dmp_upload', 2026, 3, 2, '57833-6'),
      ...many(4, 'dmp_upload', 2026, 3, 4, '18761-7'),
      ...many(2, 'dmp_upload', 2026, 3, 5, '11488-4'),
      ev('dmp_upload', at(2026, 3, 3, 9), { docClass: '89601-9', undone: true }),
      // Outside the period (1 April): not counted.
      ev('dmp_upload', at(2026, 4, 1, 9), { docClass: '57833-6' }),
      ev('encounter', at(2026, 3, 2, 8)),
    ];
    const r = feedingRate(daysOf(events, march2026), inForce);
    // 7 / 10 = 0.7; missing 10 - 7 = 3; target 1 not met.
    // No event names its consultation here: documents and deposits are matched per day and class.
    expect(r).toEqual({
      basis: 'documents',
      numerator: 7,
      denominator: 10,
      deposits: 9,
      extraDeposits: 2,
      depositsOutside: 9,
      rate: 0.7,
      missing: 3,
      targetRate: 1,
      meetsTarget: false,
    });
    // The same figures meet a target of 70% (0.7 compared with a tolerance).
    const custom = { ...customProfileFrom(inForce), targetRate: 0.7 };
    expect(feedingRate(daysOf(events, march2026), custom).meetsTarget).toBe(true);
    expect(feedingRate(daysOf(events, march2026), { ...custom, targetRate: 0.71 }).meetsTarget).toBe(false);
  });

  it('falls back to consultations when no document_produced event is in the period, and says so', () => {
    // 8 consultations: 5 with a VSM deposit (required), 1 with a consultation report (not).
    const consultation = (i: number) => `enc-mar10-${i}`;
    const events = [
      ...Array.from({ length: 8 }, (_, i) =>
        ev('encounter', at(2026, 3, 10, 8 + i), { encounter: consultation(i) }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        ev('dmp_upload', at(2026, 3, 10, 8 + i, 30), { docClass: 'VSM', encounter: consultation(i) }),
      ),
      ev('dmp_upload', at(2026, 3, 10, 13, 30), { docClass: '11488-4', encounter: consultation(5) }),
      // An undone "produced" event does not switch the basis to documents.
      ev('document_produced', at(2026, 3, 11, 9), { docClass: 'VSM', undone: true }),
      // A produced event of February does not either.
      ev('document_produced', at(2026, 2, 28, 9), { docClass: 'VSM' }),
    ];
    const r = feedingRate(daysOf(events, march2026), inForce);
    // 5 consultations with a required deposit / 8 consultations = 0.625; missing 8 - 5 = 3.
    expect(r.basis).toBe('consultations');
    expect(r.numerator).toBe(5);
    expect(r.denominator).toBe(8);
    expect(r.rate).toBe(0.625);
    expect(r.missing).toBe(3);
    expect(r.deposits).toBe(6);
    expect(r.extraDeposits).toBe(1);
    expect(r.meetsTarget).toBe(false);
  });

  it('an empty month has no basis, no rate, nothing missing', () => {
    expect(feedingRate(daysOf([], monthPeriod('2026-02-01')), inForce)).toEqual({
      basis: 'none',
      numerator: 0,
      denominator: 0,
      deposits: 0,
      extraDeposits: 0,
      depositsOutside: 0,
      rate: null,
      missing: 0,
      targetRate: 1,
      meetsTarget: null,
    });
  });

  it('judges each event by the document list in force on its own day (31/12/2023 phase)', () => {
    const events = [
      // Operative reports: not yet required on 30/12/2023, required from 31/12/2023.
      ev('document_produced', at(2023, 12, 30, 10), { docClass: '34874-8' }),
      ev('document_produced', at(2023, 12, 31, 10), { docClass: '34874-8' }),
      ev('dmp_upload', at(2023, 12, 30, 11), { docClass: '34874-8' }),
    ];
    const r = feedingRate(daysOf(events, monthPeriod('2023-12-01')), inForce);
    // Required produced: 1 (the 31st). Required deposited: 0 (the deposit of the 30th was not required).
    expect(r.denominator).toBe(1);
    expect(r.numerator).toBe(0);
    expect(r.deposits).toBe(1);
    expect(r.rate).toBe(0);
    expect(r.missing).toBe(1);
  });

  it('more deposits than documents: the rate stops at 1, the extra deposit is counted apart', () => {
    const events = [
      ...many(2, 'document_produced', 2026, 3, 2, '57833-6'),
      ...many(3, 'dmp_upload', 2026, 3, 2, '57833-6'),
    ];
    const r = feedingRate(daysOf(events, march2026), inForce);
    expect(r.rate).toBe(1);
    expect(r.extraDeposits).toBe(1);
    expect(r.missing).toBe(0);
    expect(r.meetsTarget).toBe(true);
  });

  it('documents produced but none required: no rate, nothing missed', () => {
    const r = feedingRate(daysOf(many(3, 'document_produced', 2026, 3, 2, '11488-4'), march2026), inForce);
    expect(r.basis).toBe('documents');
    expect(r.rate).toBeNull();
    expect(r.missing).toBe(0);
    expect(r.meetsTarget).toBe(true);
  });
});

describe('costlyActsAfterRead', () => {
  it('counts a costly act only after a read of the same encounter at an earlier instant', () => {
    const events = [
      // e1: read 10:00, act 10:05 -> counted.
      ev('dmp_consult', at(2026, 3, 2, 10, 0), { encounter: 'enc-000001' }),
      ev('costly_act', at(2026, 3, 2, 10, 5), { encounter: 'enc-000001' }),
      // e2: act 11:00, read 11:10 (after) -> not counted.
      ev('costly_act', at(2026, 3, 2, 11, 0), { encounter: 'enc-000002' }),
      ev('dmp_consult', at(2026, 3, 2, 11, 10), { encounter: 'enc-000002' }),
      // Act with no encounter -> not counted.
      ev('dmp_consult', at(2026, 3, 2, 12, 0), { encounter: 'enc-000003' }),
      ev('costly_act', at(2026, 3, 2, 12, 5)),
      // Read of another encounter -> not counted.
      ev('dmp_consult', at(2026, 3, 2, 13, 0), { encounter: 'enc-000004' }),
      ev('costly_act', at(2026, 3, 2, 13, 5), { encounter: 'enc-000005' }),
      // Read undone -> not counted.
      ev('dmp_consult', at(2026, 3, 2, 14, 0), { encounter: 'enc-000006', undone: true }),
      ev('costly_act', at(2026, 3, 2, 14, 5), { encounter: 'enc-000006' }),
      // Same instant is not "before" -> not counted.
      ev('dmp_consult', at(2026, 3, 2, 15, 0), { encounter: 'enc-000007' }),
      ev('costly_act', at(2026, 3, 2, 15, 0), { encounter: 'enc-000007' }),
      // Undone act -> not an act.
      ev('costly_act', at(2026, 3, 2, 16, 0), { encounter: 'enc-000001', undone: true }),
    ];
    // 6 acts, 1 after a read: 1/6.
    expect(costlyActsAfterRead(summarizeDays(events, []))).toEqual({
      costlyActs: 6,
      afterRead: 1,
      share: 1 / 6,
    });
  });

  it('two acts after one read of the encounter both count', () => {
    const events = [
      ev('dmp_consult', at(2026, 3, 2, 10, 0), { encounter: 'enc-000010' }),
      ev('costly_act', at(2026, 3, 2, 10, 5), { encounter: 'enc-000010' }),
      ev('costly_act', at(2026, 3, 2, 10, 6), { encounter: 'enc-000010' }),
      ev('costly_act', at(2026, 3, 2, 10, 7), { encounter: 'enc-000011' }),
    ];
    // 2 of 3.
    expect(costlyActsAfterRead(summarizeDays(events, [])).share).toBeCloseTo(2 / 3, 12);
  });

  it('no costly act: no share', () => {
    expect(
      costlyActsAfterRead(
        summarizeDays([ev('dmp_consult', at(2026, 3, 2, 10), { encounter: 'enc-000001' })], []),
      ),
    ).toEqual({
      costlyActs: 0,
      afterRead: 0,
      share: null,
    });
  });
});

describe('theoreticalFine', () => {
  /** `produced` required documents and `deposited` deposits of them on one day. */
  const month = (y: number, m: number, produced: number, deposited: number, d = 10): DmpEvent[] => [
    ...many(produced, 'document_produced', y, m, d, '57833-6'),
    ...many(deposited, 'dmp_upload', y, m, d, '57833-6'),
  ];

  it('failures × 2,500 EUR once the rules apply', () => {
    // July 2028: 10 produced, 7 deposited -> 3 failures x 2,500 = 7,500 EUR (under the 10,000 cap).
    const f = theoreticalFine(
      daysOf(month(2028, 7, 10, 7), monthPeriod('2028-07-01')),
      lfss,
      monthPeriod('2028-07-01').first,
      '2028-07-31',
    );
    expect(f).toEqual({
      amountEur: 7500,
      failures: 3,
      capped: false,
      label: 'théorique',
      status: 'censured',
      inEffect: true,
      appliesFrom: '2028-07-01',
      basis: 'documents',
      amountIfAppliedEur: 7500,
    });
    expect(FINE_LABEL).toBe('théorique');
  });

  it('caps a month at 10,000 EUR', () => {
    // 10 produced, 5 deposited -> 5 x 2,500 = 12,500 -> capped to 10,000.
    const f = theoreticalFine(
      daysOf(month(2028, 7, 10, 5), monthPeriod('2028-07-01')),
      lfss,
      monthPeriod('2028-07-01').first,
      '2028-07-31',
    );
    expect(f.failures).toBe(5);
    expect(f.amountEur).toBe(10000);
    expect(f.capped).toBe(true);
  });

  it('caps across a year: failures of several months add up to the yearly cap', () => {
    // 2029: January 3 failures (10 - 7), February 2 failures (4 - 2) -> 5 x 2,500 = 12,500 -> 10,000.
    const events = [...month(2029, 1, 10, 7), ...month(2029, 2, 4, 2)];
    const f = theoreticalFine(
      daysOf(events, yearPeriod('2029-06-01')),
      lfss,
      yearPeriod('2029-06-01').first,
      '2029-12-31',
    );
    expect(f.failures).toBe(5);
    expect(f.amountEur).toBe(10000);
    expect(f.capped).toBe(true);
    // January alone: 3 x 2,500 = 7,500, not capped.
    expect(
      theoreticalFine(
        daysOf(events, monthPeriod('2029-01-01')),
        lfss,
        monthPeriod('2029-01-01').first,
        '2029-12-31',
      ).amountEur,
    ).toBe(7500);
  });

  it('caps each calendar year on its own across 31 December', () => {
    // December 2028: 5 failures -> 12,500 -> capped 10,000. January 2029: 3 failures -> 7,500.
    // Total 17,500 (one cap of 10,000 for both would be wrong).
    const events = [...month(2028, 12, 5, 0, 20), ...month(2029, 1, 3, 0, 5)];
    const f = theoreticalFine(
      daysOf(events, { first: '2028-12-01', last: '2029-01-31' }),
      lfss,
      { first: '2028-12-01', last: '2029-01-31' }.first,
      '2029-01-31',
    );
    expect(f.failures).toBe(8);
    expect(f.amountEur).toBe(17500);
    expect(f.capped).toBe(true);
  });

  it('is zero before the start date, and says what it would be', () => {
    // June 2028, before 1 July 2028: 3 failures do not count; they would cost 7,500.
    const f = theoreticalFine(
      daysOf(month(2028, 6, 10, 7), monthPeriod('2028-06-01')),
      lfss,
      monthPeriod('2028-06-01').first,
      '2028-06-30',
    );
    expect(f.amountEur).toBe(0);
    expect(f.failures).toBe(0);
    expect(f.inEffect).toBe(false);
    expect(f.amountIfAppliedEur).toBe(7500);
  });

  it('never counts failures of days before the start date, even looked at later', () => {
    // Year 2028 seen on 31/12/2028: June has 2 failures (2 - 0), July 2 (3 - 1).
    // Only July's count: 2 x 2,500 = 5,000.
    const events = [...month(2028, 6, 2, 0), ...month(2028, 7, 3, 1)];
    const f = theoreticalFine(
      daysOf(events, yearPeriod('2028-01-01')),
      lfss,
      yearPeriod('2028-01-01').first,
      '2028-12-31',
    );
    expect(f.failures).toBe(2);
    expect(f.amountEur).toBe(5000);
    expect(f.amountIfAppliedEur).toBe(10000); // 4 x 2,500 = 10,000, exactly the cap
    // June looked at in July: the rules are in effect, but June's days are before them.
    const june = theoreticalFine(
      daysOf(events, monthPeriod('2028-06-01')),
      lfss,
      monthPeriod('2028-06-01').first,
      '2028-07-15',
    );
    expect(june.inEffect).toBe(true);
    expect(june.amountEur).toBe(0);
  });

  it('does not count days after asOfDay', () => {
    // January 2029 seen on the 15th: the failure of the 20th is not counted yet.
    const events = [...month(2029, 1, 2, 1, 10), ...month(2029, 1, 1, 0, 20)];
    expect(
      theoreticalFine(
        daysOf(events, monthPeriod('2029-01-01')),
        lfss,
        monthPeriod('2029-01-01').first,
        '2029-01-15',
      ).failures,
    ).toBe(1);
    expect(
      theoreticalFine(
        daysOf(events, monthPeriod('2029-01-01')),
        lfss,
        monthPeriod('2029-01-01').first,
        '2029-01-31',
      ).failures,
    ).toBe(2);
  });

  it('is zero under a profile with no fine', () => {
    const f = theoreticalFine(
      daysOf(month(2028, 7, 10, 0), monthPeriod('2028-07-01')),
      inForce,
      monthPeriod('2028-07-01').first,
      '2028-07-31',
    );
    expect(f).toMatchObject({
      amountEur: 0,
      failures: 0,
      capped: false,
      inEffect: false,
      appliesFrom: null,
      amountIfAppliedEur: 0,
      status: 'in_force',
    });
  });

  it('carries the status of the profile', () => {
    expect(
      theoreticalFine(
        daysOf([], monthPeriod('2028-07-01')),
        plfss,
        monthPeriod('2028-07-01').first,
        '2028-07-31',
      ).status,
    ).toBe('proposed');
  });

  it('counts failures against the target rate (a custom profile at 80%)', () => {
    const custom: ObligationProfile = {
      ...customProfileFrom(inForce),
      targetRate: 0.8,
      fine: { perFailureEur: 100, capPerYearEur: 1000, appliesFrom: '2026-01-01' },
    };
    // 10 produced, 7 deposited: 80% of 10 = 8 needed -> 1 failure -> 100 EUR.
    expect(
      theoreticalFine(
        daysOf(month(2026, 3, 10, 7), monthPeriod('2026-03-01')),
        custom,
        monthPeriod('2026-03-01').first,
        '2026-03-31',
      ),
    ).toMatchObject({ failures: 1, amountEur: 100 });
    // 75%: 7.5 rounds up to 8 needed -> still 1 failure; 8 deposited -> none.
    const at75 = { ...custom, targetRate: 0.75 };
    expect(
      theoreticalFine(
        daysOf(month(2026, 3, 10, 7), monthPeriod('2026-03-01')),
        at75,
        monthPeriod('2026-03-01').first,
        '2026-03-31',
      ).failures,
    ).toBe(1);
    expect(
      theoreticalFine(
        daysOf(month(2026, 3, 10, 8), monthPeriod('2026-03-01')),
        at75,
        monthPeriod('2026-03-01').first,
        '2026-03-31',
      ).failures,
    ).toBe(0);
  });

  it('uses consultations as the basis when no document is signalled', () => {
    // 4 consultations, 1 with a required deposit -> 3 failures x 2,500 = 7,500.
    const events = [
      ...Array.from({ length: 4 }, (_, i) =>
        ev('encounter', at(2028, 9, 4, 8 + i), { encounter: `enc-sep4-${i}` }),
      ),
      ev('dmp_upload', at(2028, 9, 4, 8, 30), { docClass: 'VSM', encounter: 'enc-sep4-0' }),
    ];
    const f = theoreticalFine(
      daysOf(events, monthPeriod('2028-09-01')),
      lfss,
      monthPeriod('2028-09-01').first,
      '2028-09-30',
    );
    expect(f.basis).toBe('consultations');
    expect(f.failures).toBe(3);
    expect(f.amountEur).toBe(7500);
  });
});

describe('DMP time', () => {
  const march = monthPeriod('2025-03-01'); // spring change in Paris on Sunday 30/03/2025, 02:00 -> 03:00

  it('minutes by day over a month with a daylight-saving change', () => {
    const spans = [
      span('dmp', at(2025, 3, 3, 9, 0, 0), at(2025, 3, 3, 9, 12, 30)), // 12.5 min
      span('program', at(2025, 3, 3, 10), at(2025, 3, 3, 11)), // program time: not DMP
      span('manual', at(2025, 3, 3, 18), at(2025, 3, 3, 18, 20)), // 20 min, manual timer counts
      span('dmp', at(2025, 3, 10, 23, 50), at(2025, 3, 11, 0, 15)), // 10 min on the 10th, 15 on the 11th
      span('dmp', at(2025, 3, 30, 1, 30), at(2025, 3, 30, 3, 30)), // across the change
      span('dmp', at(2025, 2, 28, 23), at(2025, 3, 1, 1)), // only the 60 min of 1 March are in the month
      span('dmp', at(2025, 3, 31, 23, 30), at(2025, 4, 1, 0, 30)), // 30 min on the 31st
    ];
    const byDay = dmpMinutesByDay(spans, march);
    expect(Object.keys(byDay)).toHaveLength(31);
    expect(Object.keys(byDay)[0]).toBe('2025-03-01');
    expect(byDay['2025-03-01']).toBe(60);
    expect(byDay['2025-03-02']).toBe(0);
    expect(byDay['2025-03-03']).toBe(32.5); // 12.5 + 20
    expect(byDay['2025-03-10']).toBe(10);
    expect(byDay['2025-03-11']).toBe(15);
    expect(byDay['2025-03-31']).toBe(30);
    expect(byDay['2025-02-28']).toBeUndefined();
    // 01:30 -> 03:30 on the wall clock: 60 real minutes in Paris (02:00-03:00 does not exist), 120 in UTC.
    if (PARIS) expect(byDay['2025-03-30']).toBe(60);
    if (UTC) expect(byDay['2025-03-30']).toBe(120);
    expect(byDay['2025-03-30']).toBe((at(2025, 3, 30, 3, 30) - at(2025, 3, 30, 1, 30)) / 60_000);
    const dst = byDay['2025-03-30'] as number;
    // Total: 60 + 32.5 + 10 + 15 + dst + 30 = 147.5 + dst.
    expect(dmpMinutesOf(daysOf([], march, spans))).toBe(147.5 + dst);
  });

  it('a whole autumn-change day is 1,500 minutes in Paris', () => {
    const byDay = dmpMinutesByDay(
      [span('dmp', at(2025, 10, 26), at(2025, 10, 27))],
      monthPeriod('2025-10-01'),
    );
    if (PARIS) expect(byDay['2025-10-26']).toBe(1500); // 25 h
    if (UTC) expect(byDay['2025-10-26']).toBe(1440);
    expect(byDay['2025-10-25']).toBe(0);
    expect(byDay['2025-10-27']).toBe(0);
  });

  it('an empty month is all zeros', () => {
    const byDay = dmpMinutesByDay([], monthPeriod('2026-02-01'));
    expect(Object.keys(byDay)).toHaveLength(28);
    expect(Object.values(byDay).every((m) => m === 0)).toBe(true);
    expect(dmpMinutesOf(daysOf([], monthPeriod('2026-02-01'), []))).toBe(0);
    expect(dmpMinutesPerConsultation(daysOf([], monthPeriod('2026-02-01'), []))).toBeNull();
    expect(medianDepositSeconds(summarizeDays([], []))).toBeNull();
  });

  it('a span across the year end counts on each side', () => {
    const s = [span('dmp', at(2025, 12, 31, 23, 45), at(2026, 1, 1, 0, 20))];
    expect(dmpMinutesByDay(s, monthPeriod('2025-12-01'))['2025-12-31']).toBe(15);
    expect(dmpMinutesByDay(s, monthPeriod('2026-01-01'))['2026-01-01']).toBe(20);
  });

  it('median deposit time, odd and even counts, undone and untimed left out', () => {
    const odd = [
      ev('dmp_upload', at(2026, 3, 2, 9), { durationMs: 40_000 }),
      ev('dmp_upload', at(2026, 3, 2, 10), { durationMs: 10_000 }),
      ev('dmp_upload', at(2026, 3, 2, 11), { durationMs: 25_000 }),
      ev('dmp_upload', at(2026, 3, 2, 12)), // not timed
      ev('dmp_upload', at(2026, 3, 2, 13), { durationMs: 999_000, undone: true }),
      ev('dmp_upload_failed', at(2026, 3, 2, 14), { durationMs: 500_000 }),
    ];
    // 10, 25, 40 -> 25 s.
    expect(medianDepositSeconds(summarizeDays(odd, []))).toBe(25);
    // 10, 20, 30, 70 -> (20 + 30) / 2 = 25 s (a mean would be 32.5); adding 90 -> 10, 20, 30, 70, 90 -> 30 s.
    const even = [10_000, 70_000, 20_000, 30_000].map((d, i) =>
      ev('dmp_upload', at(2026, 3, 3, 9 + i), { durationMs: d }),
    );
    expect(medianDepositSeconds(summarizeDays(even, []))).toBe(25);
    expect(
      medianDepositSeconds(
        summarizeDays([...even, ev('dmp_upload', at(2026, 3, 4, 9), { durationMs: 90_000 })], []),
      ),
    ).toBe(30);
  });

  it('minutes per consultation', () => {
    const period = monthPeriod('2026-03-01');
    const spans = [
      span('dmp', at(2026, 3, 2, 9), at(2026, 3, 2, 10)), // 60
      span('manual', at(2026, 3, 5, 18), at(2026, 3, 5, 18, 30)), // 30
      span('program', at(2026, 3, 5, 9), at(2026, 3, 5, 12)), // not DMP
    ];
    const events = [
      ...many(6, 'encounter', 2026, 3, 2),
      ev('encounter', at(2026, 3, 2, 20), { undone: true }),
      ev('encounter', at(2026, 4, 1, 9)),
    ];
    // (60 + 30) / 6 = 15 min.
    expect(dmpMinutesPerConsultation(daysOf(events, period, spans))).toBe(15);
  });

  it('time cost and hourly value', () => {
    // 30 EUR x 60 / 20 min = 90 EUR an hour.
    expect(defaultHourlyValue()).toBe(90);
    // 26.5 x 60 / 15 = 106.
    expect(defaultHourlyValue(26.5, 15)).toBe(106);
    // 45 min at 90 EUR/h = 67.5 EUR.
    expect(timeCost(45, 90)).toBe(67.5);
    expect(timeCost(0, 90)).toBe(0);
    expect(() => defaultHourlyValue(30, 0)).toThrow(RangeError);
  });
});
