import { localDay, monthPeriod } from '../domain/calendar';
import { feedingRate, rateGlance, type RateGlance } from '../domain/feeding-rate';
import { resolveProfile } from '../domain/obligations';
import type { Settings } from '../domain/settings';
import { daySummariesBetween, type SuiviDb } from '../storage/db';

/**
 * The month's feeding rate for the overlay: the popup's computation (lib/domain/popup-model.ts
 * calls the same `feedingRate` on the same day summaries), cut down to a glance.
 */
export async function monthRateGlance(db: SuiviDb, settings: Settings, now: number): Promise<RateGlance> {
  const today = localDay(now);
  const days = await daySummariesBetween(db, monthPeriod(today).first, today);
  return rateGlance(feedingRate(days, resolveProfile(settings.profileId, settings.customProfile)));
}
