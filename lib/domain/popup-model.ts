import type { TimeSpan } from '../domain/spans';
import { monthPeriod } from './calendar';
import type { DmpEvent } from './events';
import {
  costlyActsAfterRead,
  defaultHourlyValue,
  dmpMinutes,
  dmpMinutesPerConsultation,
  feedingRate,
  medianDepositSeconds,
  theoreticalFine,
  timeCost,
  type CostlyActsAfterRead,
  type FeedingRate,
  type TheoreticalFine,
} from './compliance';
import { resolveProfile, type ObligationProfile } from './obligations';
import type { Settings } from './settings';
import { summarize, type PeriodSummary } from './summary';

/** Everything the popup shows, computed from the month's events and spans (no formatting). */
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

export function buildPopupModel(
  monthEvents: DmpEvent[],
  monthSpans: TimeSpan[],
  settings: Settings,
  today: string,
): PopupModel {
  const profile = resolveProfile(settings.profileId, settings.customProfile);
  const month = monthPeriod(today);
  const todayPeriod = { first: today, last: today };
  const hourlyValueEur = defaultHourlyValue(settings.consultationFeeEur, settings.consultationMinutes);
  const minutes = dmpMinutes(monthSpans, month);
  return {
    profile,
    today: {
      ...summarize(monthEvents.filter((e) => e.day === today)),
      dmpMinutes: dmpMinutes(monthSpans, todayPeriod),
    },
    month: {
      ...summarize(monthEvents),
      rate: feedingRate(monthEvents, profile, month),
      fine: theoreticalFine(monthEvents, profile, month, today),
      dmpMinutes: minutes,
      hourlyValueEur,
      costEur: timeCost(minutes, hourlyValueEur),
      medianDepositSeconds: medianDepositSeconds(monthEvents),
      minutesPerConsultation: dmpMinutesPerConsultation(monthSpans, monthEvents, month),
      costlyActs: profile.consultBeforeCostlyActs ? costlyActsAfterRead(monthEvents) : null,
    },
  };
}
