import { monthPeriod } from './calendar';
import { defaultHourlyValue, timeCost } from './time-value';
import {
  costlyActsAfterRead,
  dmpMinutesOf,
  dmpMinutesPerConsultation,
  medianDepositSeconds,
  sumCounts,
  type CostlyActsAfterRead,
  type DaySummary,
} from './day-summary';
import { feedingRate, theoreticalFine, type FeedingRate, type TheoreticalFine } from './feeding-rate';
import { resolveProfile, type ObligationProfile } from './obligations';
import type { Settings } from './settings';
import type { PeriodSummary } from './summary';

/** Everything the popup shows, computed from the month's day summaries (no formatting). */
export interface PopupModel {
  profile: ObligationProfile;
  today: PeriodSummary & { dmpMinutes: number };
  month: PeriodSummary & {
    rate: FeedingRate;
    fine: TheoreticalFine;
    dmpMinutes: number;
    hourlyValueEur: number;
    costEur: number;
    medianDepositSeconds: number | null;
    minutesPerConsultation: number | null;
    /** Only when the profile asks to read the DMP before costly acts. */
    costlyActs: CostlyActsAfterRead | null;
  };
}

/** Rate colour band: at or above target, at least half of it, or below. */
export type RateBand = 'good' | 'partial' | 'low' | 'none';

export function rateBand(rate: FeedingRate): RateBand {
  if (rate.rate === null) return 'none';
  if (rate.meetsTarget) return 'good';
  return rate.rate >= rate.targetRate / 2 ? 'partial' : 'low';
}

/** The popup's figures for the month that holds `today`, from that month's day summaries. */
export function buildPopupModel(
  monthDays: readonly DaySummary[],
  settings: Settings,
  today: string,
): PopupModel {
  const profile = resolveProfile(settings.profileId, settings.customProfile);
  const month = monthPeriod(today);
  const days = monthDays.filter((d) => d.day >= month.first && d.day <= month.last);
  const todays = days.filter((d) => d.day === today);
  const hourlyValueEur = defaultHourlyValue(settings.consultationFeeEur, settings.consultationMinutes);
  const minutes = dmpMinutesOf(days);
  return {
    profile,
    today: { ...sumCounts(todays), dmpMinutes: dmpMinutesOf(todays) },
    month: {
      ...sumCounts(days),
      rate: feedingRate(days, profile),
      fine: theoreticalFine(days, profile, month.first, today),
      dmpMinutes: minutes,
      hourlyValueEur,
      costEur: timeCost(minutes, hourlyValueEur),
      medianDepositSeconds: medianDepositSeconds(days),
      minutesPerConsultation: dmpMinutesPerConsultation(days),
      costlyActs: profile.consultBeforeCostlyActs ? costlyActsAfterRead(days) : null,
    },
  };
}
