import { describe, expect, it } from 'vitest';
import type { DocClass } from '@/lib/domain/doc-classes';
import { makeEvent, type DmpEvent, type EventKind } from '@/lib/domain/events';
import { summarizeDay } from '@/lib/domain/day-summary';
import { feedingRate } from '@/lib/domain/feeding-rate';
import { builtinProfile, type ObligationProfile } from '@/lib/domain/obligations';

const at = (y: number, m: number, d: number, h = 9, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const DAY = '2026-11-10';
const T = at(2026, 11, 10);

let n = 0;
function ev(kind: EventKind, extra: Partial<Omit<DmpEvent, 'kind' | 'day'>> = {}): DmpEvent {
  n += 1;
  return makeEvent({
    id: `event-${String(n).padStart(5, '0')}`,
    kind,
    at: T + n * 60_000,
    site: 'weda',
    source: 'auto',
    ...extra,
  });
}

function consultation(id: string, ...rest: Array<[EventKind, DocClass?]>): DmpEvent[] {
  return [
    ev('encounter', { encounter: id }),
    ...rest.map(([kind, docClass]) => ev(kind, { encounter: id, ...(docClass ? { docClass } : {}) })),
  ];
}

const inForce = builtinProfile('in-force') as ObligationProfile;

describe('summarizeDay', () => {
  it('matches produced and deposited documents by class within each consultation', () => {
    const events = [
      ...consultation('enc-aaaaaaaa', ['document_produced', '11502-2'], ['dmp_upload', '11502-2']),
      // Produced but deposited under another class: no match.
      ...consultation('enc-bbbbbbbb', ['document_produced', '11502-2'], ['dmp_upload', '18748-4']),
      // A deposit in another consultation does not match this one's document.
      ...consultation('enc-cccccccc', ['document_produced', '18748-4']),
    ];
    const s = summarizeDay(DAY, events, []);
    expect(s.counts.encounter).toBe(3);
    expect(s.producedByClass).toEqual({ '11502-2': 2, '18748-4': 1 });
    expect(s.uploadsByClass).toEqual({ '11502-2': 1, '18748-4': 1 });
    expect(s.matchedByClass).toEqual({ '11502-2': 1 });
    expect(s.consultationsByDeposits).toEqual({ '11502-2': 1, '18748-4': 1, '': 1 });
    expect(s.depositsOutside).toBe(0);
  });

  it('keeps deposits with no consultation apart, and leaves undone events and other days out', () => {
    const events = [
      ev('dmp_upload', { docClass: '11488-4' }),
      ev('dmp_upload', { docClass: '11488-4', undone: true }),
      makeEvent({
        id: 'event-other-day',
        kind: 'dmp_upload',
        at: at(2026, 11, 11),
        site: 'dmp-web',
        source: 'auto',
      }),
    ];
    const s = summarizeDay(DAY, events, []);
    expect(s.counts.dmp_upload).toBe(1);
    expect(s.depositsOutside).toBe(1);
    expect(s.consultationsByDeposits).toEqual({});
  });

  it('counts a costly act after a DMP read of the same consultation only', () => {
    const events = [
      ...consultation('enc-dddddddd', ['dmp_consult'], ['costly_act']),
      ...consultation('enc-eeeeeeee', ['costly_act'], ['dmp_consult']),
    ];
    expect(summarizeDay(DAY, events, []).costlyActsAfterRead).toBe(1);
  });

  it('splits time at local midnight and keeps DMP and program time apart', () => {
    const spans = [
      {
        id: 'span:weda:program:1',
        site: 'weda',
        activity: 'program' as const,
        start: at(2026, 11, 10, 23, 30),
        end: at(2026, 11, 11, 0, 15),
        day: DAY,
      },
      {
        id: 'span:dmp-web:dmp:1',
        site: 'dmp-web',
        activity: 'dmp' as const,
        start: at(2026, 11, 10, 10),
        end: at(2026, 11, 10, 10, 5),
        day: DAY,
      },
    ];
    expect(summarizeDay(DAY, [], spans).timeMs).toEqual({ dmp: 5 * 60_000, program: 30 * 60_000 });
    expect(summarizeDay('2026-11-11', [], spans).timeMs).toEqual({ dmp: 0, program: 15 * 60_000 });
  });
});

describe('feedingRate', () => {
  it('is the share of required documents deposited in their consultation, never above 1', () => {
    const events = [
      ...consultation(
        'enc-ffffffff',
        ['document_produced', '11502-2'],
        ['dmp_upload', '11502-2'],
        ['dmp_upload', '11502-2'],
      ),
      ...consultation('enc-gggggggg', ['document_produced', '11502-2']),
      ev('dmp_upload', { docClass: '11502-2' }),
      ev('dmp_upload', { docClass: '11502-2' }),
    ];
    const rate = feedingRate([summarizeDay(DAY, events, [])], inForce);
    expect(rate.basis).toBe('documents');
    expect(rate).toMatchObject({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      deposits: 4,
      extraDeposits: 3,
      depositsOutside: 2,
    });
    expect(rate.meetsTarget).toBe(false);
  });

  it('falls back on consultations with a required deposit when no document is ever produced', () => {
    const events = [
      ...consultation('enc-hhhhhhhh', ['dmp_upload', '11502-2'], ['dmp_upload', '11502-2']),
      ...consultation('enc-iiiiiiii', ['dmp_upload', 'other']),
      ...consultation('enc-jjjjjjjj'),
    ];
    const rate = feedingRate([summarizeDay(DAY, events, [])], inForce);
    expect(rate).toMatchObject({ basis: 'consultations', numerator: 1, denominator: 3, extraDeposits: 2 });
    expect(rate.rate).toBeCloseTo(1 / 3);
  });

  it('says there is nothing to compare with when there is neither a document nor a consultation', () => {
    const rate = feedingRate([summarizeDay(DAY, [ev('dmp_upload', { docClass: '11502-2' })], [])], inForce);
    expect(rate).toMatchObject({ basis: 'none', rate: null, denominator: 0, deposits: 1, extraDeposits: 1 });
    expect(rate.meetsTarget).toBeNull();
  });
});
