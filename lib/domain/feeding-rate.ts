import type { DocClass } from './doc-classes';
import type { DaySummary } from './day-summary';
import { requiredClassesOn, type ObligationProfile } from './obligations';

/**
 * The feeding rate, defined once for the popup, the overlay, the dashboard and the CSV:
 *
 *   the share of the required documents produced in consultations that were deposited in the
 *   DMP during the same consultation; where the practice program never says which documents
 *   it produced, the share of consultations with at least one deposit of a required document.
 *
 * It is a share, between 0 and 1. Deposits beyond what it matches (a second copy, a class the
 * profile does not require, a deposit outside any consultation) are counted apart, never
 * added to it. "Required" is judged on each day by the profile's list in force that day.
 */
export type RateBasis = 'documents' | 'consultations' | 'none';

export interface FeedingRate {
  /**
   * `documents`: some document was produced in the period; `consultations`: none was, but
   * there were consultations; `none`: neither, so there is nothing to compare deposits with.
   */
  basis: RateBasis;
  /** Required documents produced and deposited (documents), or consultations with a required deposit. */
  numerator: number;
  /** Required documents produced (documents), or consultations (consultations); 0 for none. */
  denominator: number;
  /** numerator / denominator, in [0, 1]; null when the denominator is 0. */
  rate: number | null;
  /** Every deposit of the period, of any class. */
  deposits: number;
  /** Deposits the rate does not use: beyond a match, of a class not required, or outside. */
  extraDeposits: number;
  /** Deposits linked to no consultation. */
  depositsOutside: number;
  /** denominator − numerator. */
  missing: number;
  targetRate: number;
  /** rate ≥ target; true when documents were produced but none required; null for `none`. */
  meetsTarget: boolean | null;
}

/** The parts of a period the rate is made of, summed over its days. */
export interface RateTally {
  produced: number;
  matched: number;
  anyProduced: number;
  consultations: number;
  consultationsWithRequired: number;
  deposits: number;
  depositsOutside: number;
}

/** Tolerance for comparing a rate with a target given as a decimal (0.7 is not exact in binary). */
const EPSILON = 1e-9;

function requiredOn(
  profile: ObligationProfile,
  day: string,
  cache: Map<string, Set<DocClass>>,
): Set<DocClass> {
  let set = cache.get(day);
  if (!set) {
    set = new Set(requiredClassesOn(profile, day));
    cache.set(day, set);
  }
  return set;
}

/** Sums the day summaries into what the rate needs, with the profile's required classes applied. */
export function rateTally(days: Iterable<DaySummary>, profile: ObligationProfile): RateTally {
  const t: RateTally = {
    produced: 0,
    matched: 0,
    anyProduced: 0,
    consultations: 0,
    consultationsWithRequired: 0,
    deposits: 0,
    depositsOutside: 0,
  };
  const cache = new Map<string, Set<DocClass>>();
  for (const d of days) {
    const required = requiredOn(profile, d.day, cache);
    t.anyProduced += d.counts.document_produced;
    t.deposits += d.counts.dmp_upload;
    t.depositsOutside += d.depositsOutside;
    for (const [cls, n] of Object.entries(d.producedByClass) as [DocClass, number][]) {
      if (required.has(cls)) t.produced += n;
    }
    for (const [cls, n] of Object.entries(d.matchedByClass) as [DocClass, number][]) {
      if (required.has(cls)) t.matched += n;
    }
    for (const [key, n] of Object.entries(d.consultationsByDeposits)) {
      t.consultations += n;
      if (key !== '' && key.split(' ').some((cls) => required.has(cls as DocClass))) {
        t.consultationsWithRequired += n;
      }
    }
  }
  return t;
}

export function basisOf(t: RateTally): RateBasis {
  if (t.anyProduced > 0) return 'documents';
  if (t.consultations > 0) return 'consultations';
  return 'none';
}

/** Numerator and denominator of a tally on a basis. */
export function fractionOf(t: RateTally, basis: RateBasis): { numerator: number; denominator: number } {
  if (basis === 'documents') return { numerator: t.matched, denominator: t.produced };
  if (basis === 'consultations')
    return { numerator: t.consultationsWithRequired, denominator: t.consultations };
  return { numerator: 0, denominator: 0 };
}

/** The feeding rate of the given days (see the definition above). */
export function feedingRate(days: Iterable<DaySummary>, profile: ObligationProfile): FeedingRate {
  const t = rateTally(days, profile);
  const basis = basisOf(t);
  const { numerator, denominator } = fractionOf(t, basis);
  const rate = denominator === 0 ? null : numerator / denominator;
  return {
    basis,
    numerator,
    denominator,
    rate,
    deposits: t.deposits,
    extraDeposits: t.deposits - numerator,
    depositsOutside: t.depositsOutside,
    missing: denominator - numerator,
    targetRate: profile.targetRate,
    meetsTarget: basis === 'none' ? null : rate === null ? true : rate + EPSILON >= profile.targetRate,
  };
}

/**
 * The month's rate as the overlay shows it on the program's and the DMP's pages: the same
 * figure as the popup's, cut to what a pill can hold (computed by `feedingRate`, never again).
 */
export type RateGlance = Pick<FeedingRate, 'basis' | 'numerator' | 'denominator' | 'rate' | 'meetsTarget'>;

export function rateGlance(r: FeedingRate): RateGlance {
  return {
    basis: r.basis,
    numerator: r.numerator,
    denominator: r.denominator,
    rate: r.rate,
    meetsTarget: r.meetsTarget,
  };
}

/** Failures of a tally: how far the numerator falls short of the target share. */
export function failuresOf(t: RateTally, basis: RateBasis, targetRate: number): number {
  const { numerator, denominator } = fractionOf(t, basis);
  const needed = Math.ceil(targetRate * denominator - EPSILON);
  return Math.max(0, needed - numerator);
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
  status: ObligationProfile['status'];
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

/** failures × per failure, capped per calendar year, over the given days. */
function finedAmount(
  days: readonly DaySummary[],
  profile: ObligationProfile,
  basis: RateBasis,
  perFailureEur: number,
  capPerYearEur: number,
): { amount: number; failures: number; capped: boolean } {
  const byYear = new Map<string, DaySummary[]>();
  for (const d of days) byYear.set(d.day.slice(0, 4), [...(byYear.get(d.day.slice(0, 4)) ?? []), d]);
  let amount = 0;
  let failures = 0;
  let capped = false;
  for (const yearDays of byYear.values()) {
    const f = failuresOf(rateTally(yearDays, profile), basis, profile.targetRate);
    const raw = f * perFailureEur;
    failures += f;
    if (raw > capPerYearEur) capped = true;
    amount += Math.min(raw, capPerYearEur);
  }
  return { amount, failures, capped };
}

/**
 * The fine the profile's rules would give for the failures of the days from `first` to
 * `asOfDay` (days after it are not over yet). Zero when the profile has no fine or before its
 * start date; failures on days before the start date never count. Each calendar year is
 * capped on its own.
 */
export function theoreticalFine(
  days: readonly DaySummary[],
  profile: ObligationProfile,
  first: string,
  asOfDay: string,
): TheoreticalFine {
  const fine = profile.fine;
  const upTo = days.filter((d) => d.day >= first && d.day <= asOfDay);
  const basis = basisOf(rateTally(upTo, profile));
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
    upTo,
    profile,
    basis,
    fine.perFailureEur,
    fine.capPerYearEur,
  ).amount;
  if (!result.inEffect) return result;
  const counted = upTo.filter((d) => d.day >= fine.appliesFrom);
  const { amount, failures, capped } = finedAmount(
    counted,
    profile,
    basis,
    fine.perFailureEur,
    fine.capPerYearEur,
  );
  return { ...result, amountEur: amount, failures, capped };
}
