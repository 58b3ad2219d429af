/**
 * What the doctor's time is worth: the DMP minutes the popup shows are also given in euros, at
 * the value of an hour of consultations (the user can change the fee and the length).
 */

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
