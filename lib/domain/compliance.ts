import type { TimeSpan } from '../domain/spans';
import type { DocClass } from './doc-classes';
import { dayInPeriod, daysOfPeriod, splitAtLocalMidnights, type Period } from './calendar';
import type { DmpEvent } from './events';
import { requiredClassesOn, type ObligationProfile, type ProfileStatus } from './obligations';

/**
 * Compliance figures as pure functions over a period's events and time spans. No browser
 * globals: days are local calendar dates (`YYYY-MM-DD`, the machine's time zone, as
 * `localDay` in calendar.ts), instants are epoch ms. Undone events are left out everywhere.
 */

function active(events: Iterable<DmpEvent>, period?: Period): DmpEvent[] {
  const out: DmpEvent[] = [];
  for (const e of events) if (!e.undone && (!period || dayInPeriod(e.day, period))) out.push(e);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Feeding rate

export type RateBasis = 'documents' | 'consultations' | 'none';

export interface FeedingRate {
  /**
   * What the deposits are compared with: required documents produced (`documents`), or, when
   * the period has no `document_produced` event at all, consultations (`consultations`), or
   * nothing to compare with (`none`).
   */
  basis: RateBasis;
  /** Deposits (`dmp_upload`) of a class required on their day. */
  deposited: number;
  /** Deposits of any class (for context; the rate uses `deposited`). */
  depositedAnyClass: number;
  /** `document_produced` events of a class required on their day. */
  produced: number;
  /** `encounter` events. */
  consultations: number;
  /** `produced` for the documents basis, `consultations` for the consultations basis, else 0. */
  denominator: number;
  /**
   * deposited / denominator; may exceed 1 (documents produced earlier, deposited now); null
   * when the denominator is 0 (basis `none`, or documents produced but none required).
   */
  rate: number | null;
  /** denominator − deposited, at least 0. */
  missing: number;
  targetRate: number;
  /** rate ≥ targetRate (true when nothing required was produced); null for basis `none`. */
  meetsTarget: boolean | null;
}

interface Tally {
  deposited: number;
  depositedAnyClass: number;
  produced: number;
  anyProduced: number;
  consultations: number;
}

function tally(events: DmpEvent[], profile: ObligationProfile): Tally {
  const t: Tally = { deposited: 0, depositedAnyClass: 0, produced: 0, anyProduced: 0, consultations: 0 };
  const requiredByDay = new Map<string, ReadonlySet<DocClass>>();
  const isRequired = (e: DmpEvent): boolean => {
    if (!e.docClass) return false;
    let set = requiredByDay.get(e.day);
    if (!set) {
      set = new Set(requiredClassesOn(profile, e.day));
      requiredByDay.set(e.day, set);
    }
    return set.has(e.docClass);
  };
  for (const e of events) {
    if (e.kind === 'dmp_upload') {
      t.depositedAnyClass += 1;
      if (isRequired(e)) t.deposited += 1;
    } else if (e.kind === 'document_produced') {
      t.anyProduced += 1;
      if (isRequired(e)) t.produced += 1;
    } else if (e.kind === 'encounter') {
      t.consultations += 1;
    }
  }
  return t;
}

function basisOf(t: Tally): RateBasis {
  if (t.anyProduced > 0) return 'documents';
  if (t.consultations > 0) return 'consultations';
  return 'none';
}

function denominatorOf(t: Tally, basis: RateBasis): number {
  return basis === 'documents' ? t.produced : basis === 'consultations' ? t.consultations : 0;
}

/** Tolerance for comparing a rate with a target given as a decimal (0.7 is not exact in binary). */
const EPSILON = 1e-9;

/**
 * Required documents deposited against required documents produced in the period; where the
 * period has no "document produced" signal at all, deposits of required documents per
 * consultation, and `basis` says which. Classes are "required" as of each event's own day, so
 * a period across a phase date is judged by the list in force on each day.
 */
export function feedingRate(
  events: Iterable<DmpEvent>,
  profile: ObligationProfile,
  period: Period,
): FeedingRate {
  const t = tally(active(events, period), profile);
  const basis = basisOf(t);
  const denominator = denominatorOf(t, basis);
  const rate = denominator === 0 ? null : t.deposited / denominator;
  return {
    basis,
    deposited: t.deposited,
    depositedAnyClass: t.depositedAnyClass,
    produced: t.produced,
    consultations: t.consultations,
    denominator,
    rate,
    missing: Math.max(0, denominator - t.deposited),
    targetRate: profile.targetRate,
    // Documents were produced but none of a required class: nothing was missed.
    meetsTarget: basis === 'none' ? null : rate === null ? true : rate + EPSILON >= profile.targetRate,
  };
}

// ---------------------------------------------------------------------------------------------
// Costly acts

export interface CostlyActsAfterRead {
  costlyActs: number;
  /** Costly acts with a `dmp_consult` of the same encounter at an earlier instant. */
  afterRead: number;
  /** afterRead / costlyActs; null when there is no costly act. */
  share: number | null;
}

export function costlyActsAfterRead(events: Iterable<DmpEvent>): CostlyActsAfterRead {
  const list = active(events);
  const firstRead = new Map<string, number>();
  for (const e of list) {
    if (e.kind !== 'dmp_consult' || !e.encounter) continue;
    const seen = firstRead.get(e.encounter);
    if (seen === undefined || e.at < seen) firstRead.set(e.encounter, e.at);
  }
  let costlyActs = 0;
  let afterRead = 0;
  for (const e of list) {
    if (e.kind !== 'costly_act') continue;
    costlyActs += 1;
    const read = e.encounter ? firstRead.get(e.encounter) : undefined;
    if (read !== undefined && read < e.at) afterRead += 1;
  }
  return { costlyActs, afterRead, share: costlyActs === 0 ? null : afterRead / costlyActs };
}

// ---------------------------------------------------------------------------------------------
// Theoretical fine

export const FINE_LABEL = 'théorique';

export interface TheoreticalFine {
  amountEur: number;
  /** Failures counted: shortfall below the target rate, on days from `appliesFrom` to `asOfDay`. */
  failures: number;
  /** True when a calendar year's amount was cut down to the yearly cap. */
  capped: boolean;
  label: typeof FINE_LABEL;
  status: ProfileStatus;
  /** The profile has fine rules and `asOfDay` is on or after their start. */
  inEffect: boolean;
  appliesFrom: string | null;
  /** Basis of the failures count (as in `feedingRate`). */
  basis: RateBasis;
  /**
   * What the period's failures up to `asOfDay` would cost if the rules applied already (same
   * cap per year); 0 when the profile has no fine. For "before its start, it would be ...".
   */
  amountIfAppliedEur: number;
}

/** Failures of a tally: documents below the target share of the denominator. */
function failuresOf(t: Tally, basis: RateBasis, targetRate: number): number {
  const denominator = denominatorOf(t, basis);
  const needed = Math.ceil(targetRate * denominator - EPSILON);
  return Math.max(0, needed - t.deposited);
}

/** failures × per failure, capped per calendar year, for the part of `range` in each year. */
function finedAmount(
  events: DmpEvent[],
  profile: ObligationProfile,
  range: Period,
  basis: RateBasis,
  perFailureEur: number,
  capPerYearEur: number,
): { amount: number; failures: number; capped: boolean } {
  let amount = 0;
  let failures = 0;
  let capped = false;
  if (range.first > range.last) return { amount, failures, capped };
  for (let year = Number(range.first.slice(0, 4)); year <= Number(range.last.slice(0, 4)); year++) {
    const yearRange: Period = {
      first: range.first > `${year}-01-01` ? range.first : `${year}-01-01`,
      last: range.last < `${year}-12-31` ? range.last : `${year}-12-31`,
    };
    const f = failuresOf(tally(active(events, yearRange), profile), basis, profile.targetRate);
    const raw = f * perFailureEur;
    failures += f;
    if (raw > capPerYearEur) capped = true;
    amount += Math.min(raw, capPerYearEur);
  }
  return { amount, failures, capped };
}

/**
 * The fine the profile's rules would give for the period's failures, up to `asOfDay` (days
 * after it are not over yet). Zero when the profile has no fine or before its start date;
 * failures on days before the start date never count. Each calendar year is capped on its own.
 * With a one-month period the cap applies to that month's failures only.
 */
export function theoreticalFine(
  events: Iterable<DmpEvent>,
  profile: ObligationProfile,
  period: Period,
  asOfDay: string,
): TheoreticalFine {
  const fine = profile.fine;
  const upTo: Period = { first: period.first, last: period.last < asOfDay ? period.last : asOfDay };
  const list = active(events, upTo);
  const basis = basisOf(tally(list, profile));
  const result: TheoreticalFine = {
    amountEur: 0,
    failures: 0,
    capped: false,
    label: FINE_LABEL,
    status: profile.status,
    inEffect: fine !== null && asOfDay >= fine.appliesFrom,
    appliesFrom: fine?.appliesFrom ?? null,
    basis,
    amountIfAppliedEur: 0,
  };
  if (!fine) return result;
  result.amountIfAppliedEur = finedAmount(
    list,
    profile,
    upTo,
    basis,
    fine.perFailureEur,
    fine.capPerYearEur,
  ).amount;
  if (!result.inEffect) return result;
  const counted: Period = {
    first: upTo.first > fine.appliesFrom ? upTo.first : fine.appliesFrom,
    last: upTo.last,
  };
  const { amount, failures, capped } = finedAmount(
    list,
    profile,
    counted,
    basis,
    fine.perFailureEur,
    fine.capPerYearEur,
  );
  result.amountEur = amount;
  result.failures = failures;
  result.capped = capped;
  return result;
}

// ---------------------------------------------------------------------------------------------
// DMP time

const DMP_ACTIVITIES: ReadonlySet<TimeSpan['activity']> = new Set(['dmp', 'manual']);

/**
 * DMP minutes (activities `dmp` and `manual`) on each day of the period, every day present
 * (0 when none), in order. A span that crosses midnight counts on each day for its part.
 */
export function dmpMinutesByDay(spans: Iterable<TimeSpan>, period: Period): Record<string, number> {
  const byDay: Record<string, number> = {};
  for (const day of daysOfPeriod(period)) byDay[day] = 0;
  for (const span of spans) {
    if (!DMP_ACTIVITIES.has(span.activity)) continue;
    for (const part of splitAtLocalMidnights(span.start, span.end)) {
      if (part.day in byDay) byDay[part.day] = (byDay[part.day] ?? 0) + (part.end - part.start) / 60_000;
    }
  }
  return byDay;
}

/** Total DMP minutes of the period. */
export function dmpMinutes(spans: Iterable<TimeSpan>, period: Period): number {
  return Object.values(dmpMinutesByDay(spans, period)).reduce((a, b) => a + b, 0);
}

/** Median time of a deposit (durationMs of `dmp_upload`), in seconds; null with none timed. */
export function medianDepositSeconds(events: Iterable<DmpEvent>): number | null {
  const durations = active(events)
    .filter((e) => e.kind === 'dmp_upload' && e.durationMs !== undefined)
    .map((e) => e.durationMs as number)
    .sort((a, b) => a - b);
  if (durations.length === 0) return null;
  const mid = Math.floor(durations.length / 2);
  const ms =
    durations.length % 2 === 1
      ? (durations[mid] as number)
      : ((durations[mid - 1] as number) + (durations[mid] as number)) / 2;
  return ms / 1000;
}

/** DMP minutes of the period per consultation (`encounter` event); null with no consultation. */
export function dmpMinutesPerConsultation(
  spans: Iterable<TimeSpan>,
  events: Iterable<DmpEvent>,
  period: Period,
): number | null {
  const consultations = active(events, period).filter((e) => e.kind === 'encounter').length;
  if (consultations === 0) return null;
  return dmpMinutes(spans, period) / consultations;
}

/** Value of `minutes` of work at `hourlyValueEur` an hour. */
export function timeCost(minutes: number, hourlyValueEur: number): number {
  return (minutes * hourlyValueEur) / 60;
}

/** GP consultation fee (G), in EUR, since December 2024; the user can change it. */
export const GP_CONSULTATION_FEE_EUR = 30;
/** A typical length of a GP consultation, in minutes; the user can change it. */
export const TYPICAL_CONSULTATION_MINUTES = 20;

/**
 * Default value of an hour of the doctor's time: what consultations would earn in that hour,
 * fee × 60 / length (30 EUR and 20 minutes give 90 EUR an hour).
 */
export function defaultHourlyValue(
  consultationFeeEur: number = GP_CONSULTATION_FEE_EUR,
  consultationMinutes: number = TYPICAL_CONSULTATION_MINUTES,
): number {
  if (!(consultationMinutes > 0) || !Number.isFinite(consultationMinutes)) {
    throw new RangeError('consultation length must be a positive number of minutes');
  }
  return (consultationFeeEur * 60) / consultationMinutes;
}
