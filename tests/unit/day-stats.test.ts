import { describe, expect, it } from 'vitest';
import type { TimeSpan } from '@/lib/domain/spans';
import { daysOfMonth, monthDayStats, type DayStats } from '@/lib/domain/day-stats';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { summarizeDays } from '@/lib/domain/day-summary';
import { builtinProfile } from '@/lib/domain/obligations';
import { inTimeZone } from '../support/time-zone';

const IN_FORCE = builtinProfile('in-force')!;

/** Local time, in whatever zone the test runs in (default, or TZ=Europe/Paris). */
const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();

let n = 0;
function ev(kind: DmpEvent['kind'], when: number, fields: Partial<DmpEvent> = {}): DmpEvent {
  n += 1;
  return makeEvent({
    id: `event-${String(n).padStart(5, '0')}`,
    kind,
    at: when,
    site: 'dmp-web',
    source: 'auto',
    ...fields,
  });
}

let s = 0;
function span(activity: TimeSpan['activity'], start: number, end: number): TimeSpan {
  s += 1;
  return {
    id: `span-${s}`,
    site: 'dmp-web',
    activity,
    start,
    end,
    day: new Date(start).toISOString().slice(0, 10),
  };
}

function row(rows: DayStats[], date: string): DayStats {
  const found = rows.find((r) => r.date === date);
  if (!found) throw new Error(`no row for ${date}`);
  return found;
}

describe('daysOfMonth', () => {
  it('lists every day of 31-day, 30-day and February months', () => {
    expect(daysOfMonth('2026-03')).toHaveLength(31);
    expect(daysOfMonth('2026-03')[0]).toBe('2026-03-01');
    expect(daysOfMonth('2026-03')[30]).toBe('2026-03-31');
    expect(daysOfMonth('2026-04')).toHaveLength(30);
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02').at(-1)).toBe('2028-02-29');
  });

  it('refuses a malformed month', () => {
    expect(() => daysOfMonth('2026-13')).toThrow(/YYYY-MM/);
    expect(() => daysOfMonth('2026-3')).toThrow(/YYYY-MM/);
  });
});

describe('monthDayStats', () => {
  it('gives every day of an empty month with zeros and no rate', () => {
    const rows = monthDayStats(summarizeDays([], []), '2026-03', IN_FORCE);
    expect(rows.map((r) => r.date)).toEqual(daysOfMonth('2026-03'));
    for (const r of rows) {
      expect(r).toEqual({
        date: r.date,
        consultations: 0,
        documents_produits: 0,
        depots_dmp: 0,
        echecs_depot_dmp: 0,
        lectures_dmp: 0,
        ordonnances_numeriques: 0,
        arrets_travail: 0,
        actes_couteux: 0,
        actes_couteux_apres_lecture_dmp: 0,
        minutes_dmp: 0,
        minutes_logiciel: 0,
        taux_alimentation: null,
        documents_requis: 0,
        documents_requis_deposes: 0,
        consultations_avec_depot_requis: 0,
      });
    }
  });

  it('counts each kind on its day, and leaves undone events and other months out', () => {
    const d = (h: number) => at(2026, 3, 10, h);
    const events = [
      ev('encounter', d(9)),
      ev('encounter', d(10)),
      ev('encounter', d(11), { undone: true }),
      ev('document_produced', d(9)),
      ev('dmp_upload', d(9), { docClass: '11488-4' }),
      ev('dmp_upload', d(10), { docClass: 'VSM', undone: true }),
      ev('dmp_upload_failed', d(10)),
      ev('dmp_consult', d(9)),
      ev('dmp_consult', d(10)),
      ev('dmp_consult', d(11)),
      ev('eprescription', d(9)),
      ev('sick_leave', d(9)),
      ev('sick_leave', d(10)),
      ev('costly_act', d(12)),
      ev('dmp_upload', at(2026, 3, 11, 9)),
      ev('dmp_upload', at(2026, 4, 1, 9)), // next month: ignored
      ev('encounter', at(2026, 2, 28, 23, 59)), // previous month: ignored
    ];
    const rows = monthDayStats(summarizeDays(events, []), '2026-03', IN_FORCE);
    expect(row(rows, '2026-03-10')).toMatchObject({
      consultations: 2,
      documents_produits: 1,
      depots_dmp: 1,
      echecs_depot_dmp: 1,
      lectures_dmp: 3,
      ordonnances_numeriques: 1,
      arrets_travail: 2,
      actes_couteux: 1,
      actes_couteux_apres_lecture_dmp: 0,
    });
    expect(row(rows, '2026-03-11').depots_dmp).toBe(1);
    expect(row(rows, '2026-03-01').consultations).toBe(0);
    const total = rows.reduce((sum, r) => sum + r.depots_dmp + r.consultations, 0);
    expect(total).toBe(4);
  });

  it('counts a costly act after a DMP read only for a read of the same encounter, earlier, not undone', () => {
    const d = (h: number, m = 0) => at(2026, 3, 12, h, m);
    const events = [
      // Encounter A: read at 9:00, act at 9:10 -> counted.
      ev('dmp_consult', d(9), { encounter: 'enc-aaaaaaaa' }),
      ev('costly_act', d(9, 10), { encounter: 'enc-aaaaaaaa' }),
      // Encounter B: act at 10:00, read only at 10:05 -> not counted.
      ev('costly_act', d(10), { encounter: 'enc-bbbbbbbb' }),
      ev('dmp_consult', d(10, 5), { encounter: 'enc-bbbbbbbb' }),
      // Encounter C: the read was undone -> not counted.
      ev('dmp_consult', d(11), { encounter: 'enc-cccccccc', undone: true }),
      ev('costly_act', d(11, 5), { encounter: 'enc-cccccccc' }),
      // Encounter D: read in another encounter (A) before, but not D's own -> not counted.
      ev('costly_act', d(12), { encounter: 'enc-dddddddd' }),
      // An act without encounter -> not counted.
      ev('costly_act', d(13)),
      // Encounter A again: second act after the same read -> counted.
      ev('costly_act', d(14), { encounter: 'enc-aaaaaaaa' }),
      // Encounter E: the read is on the previous day (encounter over midnight) -> not counted:
      // each day is judged on its own events (lib/domain/day-summary.ts).
      ev('dmp_consult', at(2026, 3, 11, 23, 50), { encounter: 'enc-eeeeeeee' }),
      ev('costly_act', d(0, 10), { encounter: 'enc-eeeeeeee' }),
    ];
    const r = row(monthDayStats(summarizeDays(events, []), '2026-03', IN_FORCE), '2026-03-12');
    expect(r.actes_couteux).toBe(7);
    expect(r.actes_couteux_apres_lecture_dmp).toBe(2);
  });

  it('sums DMP (dmp and manual) and program minutes per day, with one decimal', () => {
    const spans = [
      span('dmp', at(2026, 3, 5, 9), at(2026, 3, 5, 9, 10)), // 10 min
      span('manual', at(2026, 3, 5, 12), at(2026, 3, 5, 12, 1, 30)), // 1.5 min
      span('program', at(2026, 3, 5, 14), at(2026, 3, 5, 14, 1, 40)), // 1.666.. min -> 1.7
      span('program', at(2026, 3, 6, 8), at(2026, 3, 6, 8, 0, 2)), // 0.033.. min -> 0.0
    ];
    const rows = monthDayStats(summarizeDays([], spans), '2026-03', IN_FORCE);
    expect(row(rows, '2026-03-05').minutes_dmp).toBe(11.5);
    expect(row(rows, '2026-03-05').minutes_logiciel).toBe(1.7);
    expect(row(rows, '2026-03-06').minutes_logiciel).toBe(0);
    expect(row(rows, '2026-03-07').minutes_dmp).toBe(0);
  });

  it('cuts a span at local midnight, and keeps only the part inside the month', () => {
    const spans = [
      span('dmp', at(2026, 3, 9, 23, 30), at(2026, 3, 10, 0, 45)),
      span('dmp', at(2026, 2, 28, 23, 50), at(2026, 3, 1, 0, 20)), // 10 min in February
      span('program', at(2026, 3, 31, 23, 0), at(2026, 4, 1, 1, 0)), // 60 min in April
      span('dmp', at(2026, 3, 20, 10), at(2026, 3, 20, 9)), // ends before it starts: nothing
    ];
    const rows = monthDayStats(summarizeDays([], spans), '2026-03', IN_FORCE);
    expect(row(rows, '2026-03-09').minutes_dmp).toBe(30);
    expect(row(rows, '2026-03-10').minutes_dmp).toBe(45);
    expect(row(rows, '2026-03-01').minutes_dmp).toBe(20);
    expect(row(rows, '2026-03-31').minutes_logiciel).toBe(60);
    expect(row(rows, '2026-03-20').minutes_dmp).toBe(0);
    expect(rows.reduce((sum, r) => sum + r.minutes_dmp, 0)).toBe(95);
  });

  it('rates each day on its own: required documents matched in their consultation, else consultations with a required deposit, else none', () => {
    const inConsultation = (
      id: string,
      kind: DmpEvent['kind'],
      when: number,
      docClass = '11502-2' as const,
    ) => ev(kind, when, { encounter: id, docClass });
    const events = [
      // 1st: a consultation produced 3 required documents, 1 deposited in it: 0.33.
      ev('encounter', at(2026, 3, 1, 9), { encounter: 'enc-day1-aaaa' }),
      ...[1, 2, 3].map((h) => inConsultation('enc-day1-aaaa', 'document_produced', at(2026, 3, 1, 9, h))),
      inConsultation('enc-day1-aaaa', 'dmp_upload', at(2026, 3, 1, 9, 30)),
      // 2nd: no document produced; 3 consultations, 2 with a required deposit: 0.67.
      ...['a', 'b', 'c'].map((x, h) =>
        ev('encounter', at(2026, 3, 2, 9 + h), { encounter: `enc-day2-${x}aaa` }),
      ),
      inConsultation('enc-day2-aaaa', 'dmp_upload', at(2026, 3, 2, 9, 30)),
      inConsultation('enc-day2-baaa', 'dmp_upload', at(2026, 3, 2, 10, 30)),
      // 3rd: 3 deposits and nothing else: no rate.
      ...[1, 2, 3].map((h) => ev('dmp_upload', at(2026, 3, 3, 9 + h), { docClass: '11502-2' })),
      // 4th: 3 deposits for 2 documents of one consultation: 1, never above (the third is apart).
      ev('encounter', at(2026, 3, 4, 8), { encounter: 'enc-day4-aaaa' }),
      ...[1, 2].map((m) => inConsultation('enc-day4-aaaa', 'document_produced', at(2026, 3, 4, 8, m))),
      ...[1, 2, 3].map((h) => inConsultation('enc-day4-aaaa', 'dmp_upload', at(2026, 3, 4, 9 + h))),
      // 5th: 1 consultation, no deposit: 0.
      ev('encounter', at(2026, 3, 5, 9), { encounter: 'enc-day5-aaaa' }),
    ];
    const rows = monthDayStats(summarizeDays(events, []), '2026-03', IN_FORCE);
    expect(row(rows, '2026-03-01').taux_alimentation).toBe(0.33);
    expect(row(rows, '2026-03-02').taux_alimentation).toBe(0.67);
    expect(row(rows, '2026-03-03').taux_alimentation).toBeNull();
    expect(row(rows, '2026-03-04').taux_alimentation).toBe(1);
    expect(row(rows, '2026-03-05').taux_alimentation).toBe(0);
    expect(row(rows, '2026-03-06').taux_alimentation).toBeNull();
  });
});

describe('in Europe/Paris, around daylight-saving changes', () => {
  inTimeZone('Europe/Paris');

  it('the spring-forward day (29 March 2026) has 23 hours, the fall-back day (25 October 2026) 25', () => {
    const spring = monthDayStats(
      summarizeDays([], [span('dmp', at(2026, 3, 29), at(2026, 3, 30))]),
      '2026-03',
      IN_FORCE,
    );
    expect(row(spring, '2026-03-29').minutes_dmp).toBe(23 * 60);
    expect(row(spring, '2026-03-28').minutes_dmp).toBe(0);
    expect(row(spring, '2026-03-30').minutes_dmp).toBe(0);
    const fall = monthDayStats(
      summarizeDays([], [span('program', at(2026, 10, 25), at(2026, 10, 26))]),
      '2026-10',
      IN_FORCE,
    );
    expect(row(fall, '2026-10-25').minutes_logiciel).toBe(25 * 60);
  });

  it('a span over the missing hour counts real time: 01:30 to 03:30 local is one hour', () => {
    const rows = monthDayStats(
      summarizeDays([], [span('dmp', at(2026, 3, 29, 1, 30), at(2026, 3, 29, 3, 30))]),
      '2026-03',
      IN_FORCE,
    );
    expect(row(rows, '2026-03-29').minutes_dmp).toBe(60);
  });

  it('cuts at the local midnight, not the UTC one', () => {
    // 23:00 to 01:00 Paris time (22:00 to 00:00 UTC in winter): one hour on each local day.
    const rows = monthDayStats(
      summarizeDays([], [span('dmp', Date.UTC(2026, 2, 9, 22), Date.UTC(2026, 2, 10, 0))]),
      '2026-03',
      IN_FORCE,
    );
    expect([row(rows, '2026-03-09').minutes_dmp, row(rows, '2026-03-10').minutes_dmp]).toEqual([60, 60]);
  });

  it('puts an event on its stored local day', () => {
    const e = ev('dmp_upload', Date.UTC(2026, 2, 28, 23, 30)); // 00:30 on the 29th in Paris
    expect(e.day).toBe('2026-03-29');
    const rows = monthDayStats(summarizeDays([e], []), '2026-03', IN_FORCE);
    expect(row(rows, '2026-03-29').depots_dmp).toBe(1);
    expect(row(rows, '2026-03-28').depots_dmp).toBe(0);
  });
});
