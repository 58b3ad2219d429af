import { describe, expect, it } from 'vitest';
import { builtinProfile, customProfileFrom, type ObligationProfile } from '@/lib/domain/obligations';
import {
  DEFAULT_SETTINGS,
  IDLE_THRESHOLD_MAX_S,
  IDLE_THRESHOLD_MIN_S,
  applySettingsChange,
  heartbeatGapMs,
  heartbeatIntervalMs,
  readSettings,
  type Settings,
} from '@/lib/domain/settings';

const custom = (): ObligationProfile => ({
  ...customProfileFrom(builtinProfile('plfss-2026') as ObligationProfile),
  targetRate: 0.8,
});

describe('defaults', () => {
  it('are the in-force profile, 30 EUR for 20 minutes, 120 s of idle, reminder on', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      profileId: 'in-force',
      customProfile: null,
      consultationFeeEur: 30,
      consultationMinutes: 20,
      idleThresholdS: 120,
      exportReminder: true,
    });
    expect([IDLE_THRESHOLD_MIN_S, IDLE_THRESHOLD_MAX_S]).toEqual([15, 1800]);
  });
});

describe('readSettings', () => {
  it('nothing stored, or not an object: the defaults', () => {
    for (const stored of [undefined, null, 'settings', 42, true])
      expect(readSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('a valid stored value is read whole', () => {
    const stored: Settings = {
      profileId: 'custom',
      customProfile: custom(),
      consultationFeeEur: 26.5,
      consultationMinutes: 15,
      idleThresholdS: 1800,
      exportReminder: false,
    };
    expect(readSettings(structuredClone(stored))).toEqual(stored);
  });

  it('falls back field by field: a bad idle threshold alone does not reset the profile', () => {
    const read = readSettings({ profileId: 'plfss-2026', idleThresholdS: 5, consultationFeeEur: 25 });
    expect(read).toEqual({ ...DEFAULT_SETTINGS, profileId: 'plfss-2026', consultationFeeEur: 25 });
  });

  it('each bad field falls back on its own', () => {
    expect(readSettings({ idleThresholdS: 30.5, exportReminder: false }).idleThresholdS).toBe(120);
    expect(readSettings({ idleThresholdS: 1801, exportReminder: false })).toEqual({
      ...DEFAULT_SETTINGS,
      exportReminder: false,
    });
    expect(readSettings({ idleThresholdS: '60' }).idleThresholdS).toBe(120);
    expect(readSettings({ idleThresholdS: 15 }).idleThresholdS).toBe(15);
    expect(readSettings({ profileId: 'no-such-profile', idleThresholdS: 60 })).toEqual({
      ...DEFAULT_SETTINGS,
      idleThresholdS: 60,
    });
    expect(readSettings({ consultationMinutes: 0, consultationFeeEur: -1, exportReminder: 'yes' })).toEqual(
      DEFAULT_SETTINGS,
    );
  });

  it('a custom profile that fails its schema is dropped, the rest kept', () => {
    const notCustom = { ...custom(), id: 'in-force' };
    const read = readSettings({ profileId: 'custom', customProfile: notCustom, idleThresholdS: 45 });
    expect(read).toEqual({
      ...DEFAULT_SETTINGS,
      profileId: 'custom',
      customProfile: null,
      idleThresholdS: 45,
    });
  });

  it('unknown keys are left out', () => {
    const read = readSettings({ theme: 'dark', idleThresholdS: 60 });
    expect(read).not.toHaveProperty('theme');
    expect(read.idleThresholdS).toBe(60);
  });
});

describe('applySettingsChange', () => {
  const current: Settings = { ...DEFAULT_SETTINGS, profileId: 'plfss-2026', idleThresholdS: 60 };

  it('a valid change returns the whole result', () => {
    expect(applySettingsChange(current, { idleThresholdS: 300 })).toEqual({
      ok: true,
      settings: { ...DEFAULT_SETTINGS, profileId: 'plfss-2026', idleThresholdS: 300 },
    });
    const withCustom = applySettingsChange(current, { profileId: 'custom', customProfile: custom() });
    expect(withCustom).toEqual({
      ok: true,
      settings: { ...current, profileId: 'custom', customProfile: custom() },
    });
    // The current settings are not touched.
    expect(current.idleThresholdS).toBe(60);
    expect(current.profileId).toBe('plfss-2026');
  });

  it('refuses a change that is not an object', () => {
    for (const change of [null, undefined, 'idle', 3, ['idleThresholdS']]) {
      expect(applySettingsChange(current, change)).toEqual({
        ok: false,
        reason: 'settings change must be an object',
      });
    }
  });

  it('refuses an invalid value with the field in the reason', () => {
    const low = applySettingsChange(current, { idleThresholdS: 10 });
    expect(low.ok).toBe(false);
    if (!low.ok) expect(low.reason).toMatch(/^idleThresholdS: /);

    const notInteger = applySettingsChange(current, { idleThresholdS: 60.5, exportReminder: false });
    expect(notInteger.ok).toBe(false);
    if (!notInteger.ok) expect(notInteger.reason).toMatch(/^idleThresholdS: /);

    const profile = applySettingsChange(current, { profileId: 'nope' });
    expect(profile.ok).toBe(false);
    if (!profile.ok) expect(profile.reason).toMatch(/^profileId: /);

    const badCustom = applySettingsChange(current, { customProfile: { ...custom(), status: 'proposed' } });
    expect(badCustom.ok).toBe(false);
    if (!badCustom.ok) expect(badCustom.reason).toContain('custom');
  });

  it('refuses unknown keys (nothing else of the change is applied)', () => {
    const result = applySettingsChange(current, { idleThresholdS: 30, theme: 'dark' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^theme: /);
  });
});

describe('heartbeat timing', () => {
  it('15 s threshold: a beat every 15000 / 4 = 3750 ms, gap 7500 ms', () => {
    expect(heartbeatIntervalMs({ idleThresholdS: 15 })).toBe(3750);
    expect(heartbeatGapMs({ idleThresholdS: 15 })).toBe(7500);
  });

  it('120 s threshold: 120000 / 4 = 30000 ms, capped at 15000 ms; gap 30000 ms', () => {
    expect(heartbeatIntervalMs({ idleThresholdS: 120 })).toBe(15_000);
    expect(heartbeatGapMs({ idleThresholdS: 120 })).toBe(30_000);
  });

  it('1800 s threshold: capped at 15000 ms; gap 30000 ms', () => {
    expect(heartbeatIntervalMs({ idleThresholdS: 1800 })).toBe(15_000);
    expect(heartbeatGapMs({ idleThresholdS: 1800 })).toBe(30_000);
  });

  it('never below 2 s, and 60 s gives exactly the cap', () => {
    expect(heartbeatIntervalMs({ idleThresholdS: 4 })).toBe(2000);
    expect(heartbeatIntervalMs({ idleThresholdS: 40 })).toBe(10_000);
    expect(heartbeatIntervalMs({ idleThresholdS: 60 })).toBe(15_000);
  });
});
