import type { DocClass } from './doc-classes';
import type { DmpEvent, EventKind } from './events';

export type KindCounts = Record<EventKind, number>;

export interface PeriodSummary {
  counts: KindCounts;
  /** Deposits (`dmp_upload`) by document class; classes with no deposit are absent. */
  uploadsByClass: Partial<Record<DocClass, number>>;
}

function emptyCounts(): KindCounts {
  return {
    dmp_upload: 0,
    dmp_upload_failed: 0,
    dmp_consult: 0,
    encounter: 0,
    document_produced: 0,
    eprescription: 0,
    sick_leave: 0,
    costly_act: 0,
  };
}

/** Counts of the events that were not undone. */
export function summarize(events: Iterable<DmpEvent>): PeriodSummary {
  const counts = emptyCounts();
  const uploadsByClass: Partial<Record<DocClass, number>> = {};
  for (const event of events) {
    if (event.undone) continue;
    counts[event.kind] += 1;
    if (event.kind === 'dmp_upload') {
      const cls = event.docClass ?? 'other';
      uploadsByClass[cls] = (uploadsByClass[cls] ?? 0) + 1;
    }
  }
  return { counts, uploadsByClass };
}
