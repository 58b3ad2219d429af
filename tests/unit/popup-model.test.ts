import { describe, expect, it } from 'vitest';
import { pad } from '@/lib/domain/calendar';
import type { FeedingRate } from '@/lib/domain/feeding-rate';
import type { TimeSpan } from '@/lib/domain/spans';
import type { DocClass } from '@/lib/domain/doc-classes';
import { makeEvent, type DmpEvent, type EventKind } from '@/lib/domain/events';
import { builtinProfile, customProfileFrom, type ObligationProfile } from '@/lib/domain/obligations';
import { buildPopupModel, rateBand } from '@/lib/domain/popup-model';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/domain/settings';
import { summarizeDays } from '@/lib/domain/day-summary';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

/**
 * One hand-worked month: events on the 10th and on the 20th ("today"), the same in any month
 * (`y`, `m`), so each profile is judged on the same facts.
 *
 * Deposits carry the consultation that was open when they were made, as the background links
 * them. Live events (undone ones left out):
 * - deposits: 11490-0 (required, 40 s), 11488-4 (a consultation report: not required, 20 s),
 *   18748-4 (required, 60 s) -> 3 deposits, 2 of a required class; median 40 s;
 * - documents produced: 11490-0, 18748-4, 57833-6 (required), 11488-4 (not) -> 4, 3 required;
 * - encounters E1 (10th), E2 and E3 (20th) -> 3; one failed deposit; two reads;
 * - costly acts: E1 after a read of E1 (counts), E2 before its read (does not), E3 with a read
 *   only in E1 (does not) -> 3 acts, 1 after a read.
 * Undone: a deposit of 57833-6 (1 s), an encounter and a costly act of E1.
 */
function monthEvents(y: number, m: number): DmpEvent[] {
  let n = 0;
  const ev = (
    kind: EventKind,
    d: number,
    h: number,
    min: number,
    extra: { docClass?: DocClass; encounter?: string; durationMs?: number; undone?: boolean } = {},
  ) =>
    makeEvent({
      id: `event-${y}${pad(m)}-${pad(++n)}`,
      kind,
      at: at(y, m, d, h, min),
      site: 'weda',
      source: 'auto',
      ...extra,
    });
  const E1 = 'encounter-0001';
  const E2 = 'encounter-0002';
  const E3 = 'encounter-0003';
  return [
    // The 10th.
    ev('encounter', 10, 9, 0, { encounter: E1 }),
    ev('dmp_consult', 10, 9, 5, { encounter: E1 }),
    ev('costly_act', 10, 9, 10, { encounter: E1 }),
    ev('document_produced', 10, 9, 15, { docClass: '11490-0', encounter: E1 }),
    ev('dmp_upload', 10, 9, 20, { docClass: '11490-0', encounter: E1, durationMs: 40_000 }),
    ev('document_produced', 10, 9, 25, { docClass: '11488-4', encounter: E1 }),
    ev('dmp_upload', 10, 9, 30, { docClass: '11488-4', encounter: E1, durationMs: 20_000 }),
    // The 20th, today.
    ev('encounter', 20, 10, 0, { encounter: E2 }),
    ev('costly_act', 20, 10, 5, { encounter: E2 }),
    ev('dmp_consult', 20, 10, 10, { encounter: E2 }),
    ev('document_produced', 20, 10, 15, { docClass: '18748-4', encounter: E2 }),
    ev('document_produced', 20, 10, 20, { docClass: '57833-6', encounter: E2 }),
    ev('dmp_upload_failed', 20, 10, 22, { docClass: '18748-4' }),
    ev('dmp_upload', 20, 10, 25, { docClass: '18748-4', encounter: E2, durationMs: 60_000 }),
    ev('dmp_upload', 20, 10, 30, { docClass: '57833-6', encounter: E2, durationMs: 1_000, undone: true }),
    ev('encounter', 20, 11, 0, { encounter: E3 }),
    ev('costly_act', 20, 11, 5, { encounter: E3 }),
    ev('encounter', 20, 11, 30, { encounter: 'encounter-0004', undone: true }),
    ev('costly_act', 20, 11, 40, { encounter: E1, undone: true }),
  ];
}

/**
 * DMP time: 30 min of dmp on the 10th; 10 + 6 min of dmp and 15 min of manual timer today;
 * 10 min the evening before (a span from 23:50 to 00:10 counts half on each day); an hour of
 * program time and 20 min of the previous month that do not count.
 * Month: 30 + 10 + 10 + 6 + 15 = 71 min. Today: 10 + 6 + 15 = 31 min.
 */
function monthSpans(y: number, m: number): TimeSpan[] {
  const span = (activity: TimeSpan['activity'], start: number, end: number): TimeSpan => ({
    id: `span:${activity === 'manual' ? 'manual' : 'dmp-web'}:${activity}:${start}`,
    site: activity === 'manual' ? 'manual' : 'dmp-web',
    activity,
    start,
    end,
    day: '',
  });
  return [
    span('dmp', at(y, m, 0, 10), at(y, m, 0, 10, 20)), // last day of the previous month
    span('dmp', at(y, m, 10, 9), at(y, m, 10, 9, 30)),
    span('program', at(y, m, 10, 10), at(y, m, 10, 11)),
    span('dmp', at(y, m, 19, 23, 50), at(y, m, 20, 0, 10)),
    span('dmp', at(y, m, 20, 10), at(y, m, 20, 10, 6)),
    span('manual', at(y, m, 20, 18), at(y, m, 20, 18, 15)),
  ];
}

const settingsFor = (fields: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...fields });

const MONTH_COUNTS = {
  dmp_upload: 3,
  dmp_upload_failed: 1,
  dmp_consult: 2,
  encounter: 3,
  document_produced: 4,
  eprescription: 0,
  sick_leave: 0,
  costly_act: 3,
};
const TODAY_COUNTS = {
  dmp_upload: 1,
  dmp_upload_failed: 1,
  dmp_consult: 1,
  encounter: 2,
  document_produced: 2,
  eprescription: 0,
  sick_leave: 0,
  costly_act: 2,
};
/**
 * 2 of the 3 required documents produced were deposited in their consultation: the same in
 * every profile built on the arrêté's list. The third deposit (a consultation report, not
 * required) is counted apart.
 */
const RATE_2_OF_3 = {
  basis: 'documents',
  numerator: 2,
  denominator: 3,
  deposits: 3,
  extraDeposits: 1,
  depositsOutside: 0,
  rate: 2 / 3,
  missing: 1,
  targetRate: 1,
  meetsTarget: false,
};

describe('buildPopupModel, profile in force', () => {
  const model = buildPopupModel(
    summarizeDays(monthEvents(2026, 3), monthSpans(2026, 3)),
    settingsFor({}),
    '2026-03-20',
  );

  it('uses the profile of the settings', () => {
    expect(model.profile.id).toBe('in-force');
  });

  it('today: counts of the 20th only, undone left out, and today’s DMP minutes', () => {
    expect(model.today.counts).toEqual(TODAY_COUNTS);
    expect(model.today.uploadsByClass).toEqual({ '18748-4': 1 });
    expect(model.today.dmpMinutes).toBeCloseTo(31, 9);
  });

  it('month: counts, deposits by class, feeding rate', () => {
    expect(model.month.counts).toEqual(MONTH_COUNTS);
    expect(model.month.uploadsByClass).toEqual({ '11490-0': 1, '11488-4': 1, '18748-4': 1 });
    expect(model.month.rate).toEqual(RATE_2_OF_3);
    expect(rateBand(model.month.rate)).toBe('partial');
  });

  it('month: no fine in force, no costly-act figure', () => {
    expect(model.month.fine).toEqual({
      amountEur: 0,
      failures: 0,
      capped: false,
      label: 'théorique',
      status: 'in_force',
      inEffect: false,
      appliesFrom: null,
      basis: 'documents',
      amountIfAppliedEur: 0,
    });
    expect(model.month.costlyActs).toBeNull();
  });

  it('month: time, its value and cost, median deposit, minutes per consultation', () => {
    expect(model.month.dmpMinutes).toBeCloseTo(71, 9);
    // 30 EUR for 20 minutes: 90 EUR an hour; 71 min cost 71 × 90 / 60 = 106.5 EUR.
    expect(model.month.hourlyValueEur).toBe(90);
    expect(model.month.costEur).toBeCloseTo(106.5, 9);
    // Live deposits of 20, 40 and 60 s (the undone 1 s one would make it 30 s).
    expect(model.month.medianDepositSeconds).toBe(40);
    expect(model.month.minutesPerConsultation).toBeCloseTo(71 / 3, 9);
  });

  it('the consultation fee and length of the settings give the hourly value', () => {
    const other = buildPopupModel(
      summarizeDays(monthEvents(2026, 3), monthSpans(2026, 3)),
      settingsFor({ consultationFeeEur: 25, consultationMinutes: 15 }),
      '2026-03-20',
    );
    expect(other.month.hourlyValueEur).toBe(100);
    expect(other.month.costEur).toBeCloseTo((71 * 100) / 60, 9);
  });

  it('an empty month', () => {
    const empty = buildPopupModel(summarizeDays([], []), settingsFor({}), '2026-03-20');
    expect(empty.month.rate).toMatchObject({ basis: 'none', rate: null, meetsTarget: null, denominator: 0 });
    expect(rateBand(empty.month.rate)).toBe('none');
    expect(empty.month.dmpMinutes).toBe(0);
    expect(empty.month.costEur).toBe(0);
    expect(empty.month.medianDepositSeconds).toBeNull();
    expect(empty.month.minutesPerConsultation).toBeNull();
    expect(empty.today.dmpMinutes).toBe(0);
  });
});

describe('buildPopupModel, PLFSS 2026 profile (fine from 2027-07-01)', () => {
  const settings = settingsFor({ profileId: 'plfss-2026' });

  it('before the start date: no fine, but what it would be', () => {
    const model = buildPopupModel(
      summarizeDays(monthEvents(2027, 6), monthSpans(2027, 6)),
      settings,
      '2027-06-20',
    );
    expect(model.profile.id).toBe('plfss-2026');
    expect(model.month.rate).toEqual(RATE_2_OF_3);
    // One failure (3 required produced, 2 deposited) at 2500 EUR, under the 10000 EUR cap.
    expect(model.month.fine).toEqual({
      amountEur: 0,
      failures: 0,
      capped: false,
      label: 'théorique',
      status: 'proposed',
      inEffect: false,
      appliesFrom: '2027-07-01',
      basis: 'documents',
      amountIfAppliedEur: 2500,
    });
    expect(model.month.costlyActs).toEqual({ costlyActs: 3, afterRead: 1, share: 1 / 3 });
  });

  it('after the start date: the fine applies', () => {
    const model = buildPopupModel(
      summarizeDays(monthEvents(2027, 7), monthSpans(2027, 7)),
      settings,
      '2027-07-20',
    );
    expect(model.month.fine).toEqual({
      amountEur: 2500,
      failures: 1,
      capped: false,
      label: 'théorique',
      status: 'proposed',
      inEffect: true,
      appliesFrom: '2027-07-01',
      basis: 'documents',
      amountIfAppliedEur: 2500,
    });
    expect(model.month.costlyActs).toEqual({ costlyActs: 3, afterRead: 1, share: 1 / 3 });
    expect(model.month.dmpMinutes).toBeCloseTo(71, 9);
    expect(model.today.dmpMinutes).toBeCloseTo(31, 9);
  });

  it('days after today are not judged yet', () => {
    // On the 15th only the 10th counts: 1 required produced, 1 deposited, no failure.
    const model = buildPopupModel(
      summarizeDays(monthEvents(2027, 7), monthSpans(2027, 7)),
      settings,
      '2027-07-15',
    );
    expect(model.month.fine).toMatchObject({
      amountEur: 0,
      failures: 0,
      inEffect: true,
      amountIfAppliedEur: 0,
    });
  });
});

describe('buildPopupModel, custom profile from the settings', () => {
  const customProfile: ObligationProfile = {
    ...customProfileFrom(builtinProfile('in-force') as ObligationProfile),
    requiredClasses: [
      {
        from: null,
        items: [
          {
            label: { fr: 'Imagerie et prescriptions', en: 'Imaging and prescriptions' },
            classes: ['18748-4', '57833-6'],
          },
        ],
      },
    ],
    targetRate: 0.6,
    fine: { perFailureEur: 300, capPerYearEur: 10_000, appliesFrom: '2026-01-01' },
    consultBeforeCostlyActs: true,
  };

  it('is judged by its own classes, target and fine', () => {
    const model = buildPopupModel(
      summarizeDays(monthEvents(2026, 3), monthSpans(2026, 3)),
      settingsFor({ profileId: 'custom', customProfile }),
      '2026-03-20',
    );
    expect(model.profile).toBe(customProfile);
    // Required: 18748-4 and 57833-6 produced (2), 18748-4 deposited (1, the 57833-6 one is undone).
    expect(model.month.rate).toEqual({
      basis: 'documents',
      numerator: 1,
      denominator: 2,
      deposits: 3,
      extraDeposits: 2,
      depositsOutside: 0,
      rate: 0.5,
      missing: 1,
      targetRate: 0.6,
      meetsTarget: false,
    });
    // 0.5 is below 0.6 but at least half of it.
    expect(rateBand(model.month.rate)).toBe('partial');
    // Needed ceil(0.6 × 2) = 2, deposited 1: one failure at 300 EUR.
    expect(model.month.fine).toMatchObject({
      amountEur: 300,
      failures: 1,
      capped: false,
      status: 'custom',
      inEffect: true,
      amountIfAppliedEur: 300,
    });
    expect(model.month.costlyActs).toEqual({ costlyActs: 3, afterRead: 1, share: 1 / 3 });
  });

  it('a yearly cap below one failure caps the amount', () => {
    const capped = {
      ...customProfile,
      fine: { perFailureEur: 300, capPerYearEur: 200, appliesFrom: '2026-01-01' },
    };
    const model = buildPopupModel(
      summarizeDays(monthEvents(2026, 3), []),
      settingsFor({ profileId: 'custom', customProfile: capped }),
      '2026-03-20',
    );
    expect(model.month.fine).toMatchObject({ amountEur: 200, failures: 1, capped: true });
  });

  it('the custom profile is used only when it is the chosen one; no custom profile gives the template', () => {
    const notChosen = buildPopupModel(
      summarizeDays(monthEvents(2026, 3), []),
      settingsFor({ profileId: 'in-force', customProfile }),
      '2026-03-20',
    );
    expect(notChosen.profile.id).toBe('in-force');
    expect(notChosen.month.rate.targetRate).toBe(1);

    const template = buildPopupModel(
      summarizeDays(monthEvents(2026, 3), []),
      settingsFor({ profileId: 'custom', customProfile: null }),
      '2026-03-20',
    );
    expect(template.profile).toMatchObject({ id: 'custom', status: 'custom', fine: null, targetRate: 1 });
    expect(template.month.rate).toEqual(RATE_2_OF_3);
    expect(template.month.costlyActs).toBeNull();
  });
});

describe('rateBand', () => {
  const rate = (fields: Partial<FeedingRate>): FeedingRate => ({
    basis: 'documents',
    numerator: 0,
    denominator: 0,
    deposits: 0,
    extraDeposits: 0,
    depositsOutside: 0,
    rate: null,
    missing: 0,
    targetRate: 1,
    meetsTarget: null,
    ...fields,
  });

  it('none without a rate', () => {
    expect(rateBand(rate({ basis: 'none', rate: null, meetsTarget: null }))).toBe('none');
    // Documents produced but none required: no rate, though the target is met.
    expect(rateBand(rate({ rate: null, meetsTarget: true }))).toBe('none');
  });

  it('good at or above the target', () => {
    expect(rateBand(rate({ rate: 1, meetsTarget: true }))).toBe('good');
    expect(rateBand(rate({ rate: 0.7, targetRate: 0.7, meetsTarget: true }))).toBe('good');
  });

  it('partial from half the target, low below', () => {
    expect(rateBand(rate({ rate: 0.5, targetRate: 1, meetsTarget: false }))).toBe('partial');
    expect(rateBand(rate({ rate: 0.99, targetRate: 1, meetsTarget: false }))).toBe('partial');
    expect(rateBand(rate({ rate: 0.49, targetRate: 1, meetsTarget: false }))).toBe('low');
    expect(rateBand(rate({ rate: 0, targetRate: 1, meetsTarget: false }))).toBe('low');
    expect(rateBand(rate({ rate: 0.35, targetRate: 0.7, meetsTarget: false }))).toBe('partial');
    expect(rateBand(rate({ rate: 0.34, targetRate: 0.7, meetsTarget: false }))).toBe('low');
  });
});
