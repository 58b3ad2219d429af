import * as v from 'valibot';
import { CustomProfileSchema, DEFAULT_PROFILE_ID, PROFILE_IDS } from './obligations';
import { GP_CONSULTATION_FEE_EUR, TYPICAL_CONSULTATION_MINUTES } from './time-value';
import { HEARTBEAT_MS } from './time-accounting';

/** The user's settings, kept in `storage.local` under one key (settingsItem, lib/storage/items.ts) and checked on every read. */
export const SETTINGS_KEY = 'settings';

export const IDLE_THRESHOLD_MIN_S = 15; // the browser's idle API does not go lower
export const IDLE_THRESHOLD_MAX_S = 1800;

export const SettingsSchema = v.strictObject({
  /** The obligation profile the popup measures against. */
  profileId: v.picklist(PROFILE_IDS),
  /** The user's own profile, edited in the dashboard. */
  customProfile: v.optional(v.nullable(CustomProfileSchema)),
  /** A consultation's fee and length give the value of an hour of the doctor's time. */
  consultationFeeEur: v.pipe(v.number(), v.minValue(0), v.maxValue(1000)),
  consultationMinutes: v.pipe(v.number(), v.minValue(1), v.maxValue(240)),
  /** No input for this long (seconds) and the time stops being counted. */
  idleThresholdS: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(IDLE_THRESHOLD_MIN_S),
    v.maxValue(IDLE_THRESHOLD_MAX_S),
  ),
  /** A reminder, at the start of a month, to export the month that ended. */
  exportReminder: v.boolean(),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  profileId: DEFAULT_PROFILE_ID,
  customProfile: null,
  consultationFeeEur: GP_CONSULTATION_FEE_EUR,
  consultationMinutes: TYPICAL_CONSULTATION_MINUTES,
  idleThresholdS: 120,
  exportReminder: true,
};

/** Stored settings over the defaults; anything unreadable falls back to the default, field by field. */
export function readSettings(stored: unknown): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
      const candidate = { ...DEFAULT_SETTINGS, [key]: (stored as Record<string, unknown>)[key] };
      if (
        (stored as Record<string, unknown>)[key] !== undefined &&
        v.safeParse(SettingsSchema, candidate).success
      ) {
        merged[key] = (stored as Record<string, unknown>)[key];
      }
    }
  }
  return v.parse(SettingsSchema, merged);
}

/** Checks a change before it is saved: the whole result must be valid, or nothing is. */
export function applySettingsChange(
  current: Settings,
  change: unknown,
): { ok: true; settings: Settings } | { ok: false; reason: string } {
  if (!change || typeof change !== 'object' || Array.isArray(change))
    return { ok: false, reason: 'settings change must be an object' };
  const result = v.safeParse(SettingsSchema, { ...current, ...change });
  if (result.success) return { ok: true, settings: result.output };
  const issue = result.issues[0];
  return {
    ok: false,
    reason: `${issue.path?.map((p) => String(p.key)).join('.') ?? 'settings'}: ${issue.message}`,
  };
}

/** How often an active tab reports itself: often enough for short idle thresholds. */
export function heartbeatIntervalMs(settings: Pick<Settings, 'idleThresholdS'>): number {
  return Math.min(HEARTBEAT_MS, Math.max(2000, (settings.idleThresholdS * 1000) / 4));
}

/** Time between two heartbeats beyond which the pause is not counted. */
export function heartbeatGapMs(settings: Pick<Settings, 'idleThresholdS'>): number {
  return 2 * heartbeatIntervalMs(settings);
}
