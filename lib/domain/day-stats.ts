import { daysOfPeriod, isMonth, monthPeriod, splitAtLocalMidnights } from './calendar';
import type { TimeSpan } from '../domain/spans';
import type { DmpEvent, EventKind } from './events';

/**
 * The figures of one local day, named like the columns of the monthly synthèse CSV
 * (docs/csv.md). Counts leave undone events out.
 */
export interface DayStats {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  consultations: number;
  documents_produits: number;
  depots_dmp: number;
  echecs_depot_dmp: number;
  lectures_dmp: number;
  ordonnances_numeriques: number;
  arrets_travail: number;
  actes_couteux: number;
  /** Costly acts whose encounter had a DMP read (`dmp_consult`) strictly before the act. */
  actes_couteux_apres_lecture_dmp: number;
  /** Minutes of `dmp` and `manual` spans on that day, 1 decimal. */
  minutes_dmp: number;
  /** Minutes of `program` spans on that day, 1 decimal. */
  minutes_logiciel: number;
  /**
   * Feeding rate: deposits / documents produced when some were produced, else deposits /
   * consultations when there were some, else null. A ratio (1 = 100 %), 2 decimals, may
   * exceed 1.
   */
  taux_alimentation: number | null;
}

/** Which count each event kind feeds. */
export const KIND_COLUMN = {
  encounter: 'consultations',
  document_produced: 'documents_produits',
  dmp_upload: 'depots_dmp',
  dmp_upload_failed: 'echecs_depot_dmp',
  dmp_consult: 'lectures_dmp',
  eprescription: 'ordonnances_numeriques',
  sick_leave: 'arrets_travail',
  costly_act: 'actes_couteux',
} as const satisfies Record<EventKind, keyof DayStats>;

/** Every local day of a month `YYYY-MM`, in order. Throws on a malformed month. */
export function daysOfMonth(month: string): string[] {
  if (!isMonth(month)) throw new Error(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  return daysOfPeriod(monthPeriod(`${month}-01`));
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** The feeding rate rule (see DayStats.taux_alimentation), unrounded. */
export function feedingRate(depots: number, documents: number, consultations: number): number | null {
  if (documents > 0) return depots / documents;
  if (consultations > 0) return depots / consultations;
  return null;
}

function emptyDay(date: string): DayStats {
  return {
    date,
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
  };
}

/**
 * The figures of every local day of `month` (`YYYY-MM`), days without activity included.
 *
 * - An event belongs to the day stored with it (`day`, the local date when it was recorded,
 *   as the popup counts it); events of other months and undone events are left out.
 * - A costly act counts as "after a DMP read" when a `dmp_consult` that is not undone, of the
 *   same `encounter`, among the given events, happened strictly before it (`at`).
 * - Spans are cut at local midnight of this machine's time zone; `dmp` and `manual` spans
 *   make DMP minutes, `program` spans make program minutes. Spans are summed as given (time
 *   accounting keeps spans of one activity from overlapping).
 */
export function monthDayStats(
  events: readonly DmpEvent[],
  spans: readonly TimeSpan[],
  month: string,
): DayStats[] {
  const days = daysOfMonth(month);
  const byDay = new Map<string, DayStats>(days.map((d) => [d, emptyDay(d)]));

  const active = events.filter((e) => !e.undone);

  // Earliest DMP read of each encounter.
  const firstRead = new Map<string, number>();
  for (const e of active) {
    if (e.kind !== 'dmp_consult' || !e.encounter) continue;
    const seen = firstRead.get(e.encounter);
    if (seen === undefined || e.at < seen) firstRead.set(e.encounter, e.at);
  }

  for (const e of active) {
    const row = byDay.get(e.day);
    if (!row) continue;
    row[KIND_COLUMN[e.kind]] += 1;
    if (e.kind === 'costly_act' && e.encounter) {
      const read = firstRead.get(e.encounter);
      if (read !== undefined && read < e.at) row.actes_couteux_apres_lecture_dmp += 1;
    }
  }

  const dmpMs = new Map<string, number>();
  const programMs = new Map<string, number>();
  for (const span of spans) {
    const target = span.activity === 'program' ? programMs : dmpMs;
    for (const part of splitAtLocalMidnights(span.start, span.end)) {
      if (!byDay.has(part.day)) continue;
      target.set(part.day, (target.get(part.day) ?? 0) + (part.end - part.start));
    }
  }

  for (const row of byDay.values()) {
    row.minutes_dmp = round((dmpMs.get(row.date) ?? 0) / 60_000, 1);
    row.minutes_logiciel = round((programMs.get(row.date) ?? 0) / 60_000, 1);
    const rate = feedingRate(row.depots_dmp, row.documents_produits, row.consultations);
    row.taux_alimentation = rate === null ? null : round(rate, 2);
  }
  return days.map((d) => byDay.get(d)!);
}
