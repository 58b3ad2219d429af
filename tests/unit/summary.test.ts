import { describe, expect, it } from 'vitest';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { summarize } from '@/lib/domain/summary';

let n = 0;
function ev(
  fields: Partial<DmpEvent> & Pick<DmpEvent, 'kind'>,
  when = new Date(2025, 2, 14, 10).getTime(),
): DmpEvent {
  n += 1;
  return makeEvent({
    id: `event-${String(n).padStart(4, '0')}`,
    at: when,
    site: 'dmp-web',
    source: 'auto',
    ...fields,
  });
}

describe('summarize', () => {
  it('counts by kind and leaves undone events out', () => {
    const s = summarize([
      ev({ kind: 'dmp_upload', docClass: '11488-4' }),
      ev({ kind: 'dmp_upload', docClass: '11488-4' }),
      ev({ kind: 'dmp_upload', docClass: 'VSM', undone: true }),
      ev({ kind: 'dmp_upload_failed', docClass: 'VSM' }),
      ev({ kind: 'dmp_consult' }),
      ev({ kind: 'dmp_consult', undone: true }),
      ev({ kind: 'sick_leave' }),
    ]);
    expect(s.counts).toEqual({
      dmp_upload: 2,
      dmp_upload_failed: 1,
      dmp_consult: 1,
      encounter: 0,
      document_produced: 0,
      eprescription: 0,
      sick_leave: 1,
      costly_act: 0,
    });
    // Only deposits count by class; the undone VSM and the failed VSM are not deposits.
    expect(s.uploadsByClass).toEqual({ '11488-4': 2 });
  });

  it('counts a deposit without a class as other', () => {
    expect(summarize([ev({ kind: 'dmp_upload' })]).uploadsByClass).toEqual({ other: 1 });
  });

  it('is all zeros for nothing', () => {
    const s = summarize([]);
    expect(Object.values(s.counts).every((c) => c === 0)).toBe(true);
    expect(s.uploadsByClass).toEqual({});
  });
});
