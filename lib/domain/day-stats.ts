import { daysOfPeriod, isMonth, monthPeriod } from './calendar';
import type { DaySummary } from './day-summary';
import { EVENT_KINDS, type EventKind } from './events';
import { feedingRate, rateTally } from './feeding-rate';
import type { ObligationProfile } from './obligations';

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
   * The feeding rate of that day (lib/domain/feeding-rate.ts), for the chosen profile: a share
   * between 0 and 1, 2 decimals; null when the day has nothing to compare deposits with.
   */
  taux_alimentation: number | null;
  /** The rate's parts, so that months and groups can be rated by sums (docs/aggregation.md): */
  /** required documents produced that day; */
  documents_requis: number;
  /** of which deposited in their consultation; */
  documents_requis_deposes: number;
  /** consultations with at least one deposit of a required document. */
  consultations_avec_depot_requis: number;
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
    documents_requis: 0,
    documents_requis_deposes: 0,
    consultations_avec_depot_requis: 0,
  };
}

/**
 * The figures of every local day of `month` (`YYYY-MM`), days without activity included, from
 * the day summaries (lib/domain/day-summary.ts): the same numbers the popup and the dashboard
 * show. The rate of a day is the feeding rate of that day alone, for the chosen profile.
 */
export function monthDayStats(
  summaries: readonly DaySummary[],
  month: string,
  profile: ObligationProfile,
): DayStats[] {
  const byDay = new Map(summaries.map((s) => [s.day, s]));
  return daysOfMonth(month).map((date) => {
    const row = emptyDay(date);
    const s = byDay.get(date);
    if (!s) return row;
    for (const kind of EVENT_KINDS) row[KIND_COLUMN[kind]] = s.counts[kind];
    row.actes_couteux_apres_lecture_dmp = s.costlyActsAfterRead;
    row.minutes_dmp = round(s.timeMs.dmp / 60_000, 1);
    row.minutes_logiciel = round(s.timeMs.program / 60_000, 1);
    const rate = feedingRate([s], profile).rate;
    row.taux_alimentation = rate === null ? null : round(rate, 2);
    const parts = rateTally([s], profile);
    row.documents_requis = parts.produced;
    row.documents_requis_deposes = parts.matched;
    row.consultations_avec_depot_requis = parts.consultationsWithRequired;
    return row;
  });
}
