import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as v from 'valibot';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  carriedAttemptsItem,
  CarriedRecordsSchema,
  dmpTabItem,
  DmpTabStateSchema,
  encounterItem,
  EncounterStateSchema,
  exportReminderItem,
  manualTimerItem,
  openSpanItem,
  overlayPlaceItem,
  ruleHealthItem,
  SETTINGS_VERSION,
  settingsItem,
} from '@/lib/storage/items';
import { migrateStoredItems } from '@/lib/storage/migrate';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '@/lib/domain/settings';
import { EMPTY_HEALTH } from '@/lib/domain/rule-health';
import type { DmpTabState } from '@/lib/sites/dmp-web-flow';
import type { EncounterState } from '@/lib/background/encounters';
import type { CarriedRecord } from '@/lib/background/carried-store';

const local = () => fakeBrowser.storage.local.get(null);
const session = () => fakeBrowser.storage.session.get(null);

/** Each single item: its key, what it reads when empty, a valid value, and a corrupt one. */
const SINGLE = [
  {
    item: settingsItem,
    area: 'local',
    key: 'settings',
    empty: DEFAULT_SETTINGS,
    valid: { ...DEFAULT_SETTINGS, idleThresholdS: 60 },
    corrupt: 'settings',
  },
  {
    item: manualTimerItem,
    area: 'local',
    key: 'manualTimerStartedAt',
    empty: null,
    valid: 1_700_000_000_000,
    corrupt: '1700000000000',
  },
  {
    item: exportReminderItem,
    area: 'local',
    key: 'exportReminderDone',
    empty: undefined,
    valid: '2026-02',
    corrupt: '2026-2',
  },
  {
    item: ruleHealthItem,
    area: 'local',
    key: 'ruleHealth',
    empty: EMPTY_HEALTH,
    valid: { rules: { 'weda/dmp': { matchedAt: 5 } }, sitesSeen: { weda: 5 } },
    corrupt: { rules: [] },
  },
  {
    item: overlayPlaceItem('weda'),
    area: 'local',
    key: 'overlay:weda',
    empty: {},
    valid: { left: 10, top: 20, collapsed: true },
    corrupt: { left: 'far' },
  },
  {
    item: openSpanItem,
    area: 'session',
    key: 'openSpan',
    empty: null,
    valid: { site: 'dmp-web', activity: 'dmp', tabId: 3, start: 1, end: 2 },
    corrupt: { site: 'dmp-web', activity: 'dmp', tabId: 3, start: 2, end: 1 },
  },
] as const;

const areaOf = (name: 'local' | 'session') => fakeBrowser.storage[name];

describe('single items', () => {
  for (const c of SINGLE) {
    it(`${c.area}:${c.key} reads its fallback when empty, and a stored value`, async () => {
      const item = c.item as unknown as { get(): Promise<unknown>; set(x: unknown): Promise<void> };
      expect(await item.get()).toEqual(c.empty);
      await item.set(c.valid);
      expect((await areaOf(c.area).get(c.key))[c.key]).toEqual(c.valid);
      expect(await item.get()).toEqual(c.valid);
    });

    it(`${c.area}:${c.key}: a corrupt value reads as absent, with a log`, async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      await areaOf(c.area).set({ [c.key]: c.corrupt });
      expect(await c.item.get()).toEqual(c.empty);
      // Settings fall back field by field, silently (readSettings); the others say so.
      if (c.item !== settingsItem) expect(warn).toHaveBeenCalledWith(expect.stringContaining(c.key));
    });
  }

  it('remove empties the key, and the item reads its fallback again', async () => {
    await manualTimerItem.set(42);
    await manualTimerItem.remove();
    expect(await local()).toEqual({});
    expect(await manualTimerItem.get()).toBeNull();
  });

  it('watch: parsed new values of this key in this area only, until unwatched', async () => {
    const seen: Settings[] = [];
    const unwatch = settingsItem.watch((s) => seen.push(s));
    await fakeBrowser.storage.session.set({ settings: { idleThresholdS: 60 } });
    await fakeBrowser.storage.local.set({ other: 1 });
    await fakeBrowser.storage.local.set({ settings: { idleThresholdS: 60, theme: 'dark' } });
    unwatch();
    await fakeBrowser.storage.local.set({ settings: { idleThresholdS: 90 } });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, idleThresholdS: 60 }]);
  });
});

describe('settings versions', () => {
  const stored = { profileId: 'plfss-2026', idleThresholdS: 5, consultationFeeEur: 25, theme: 'dark' };

  it('unversioned settings (stored before versions) read exactly as before, and stay untouched', async () => {
    await fakeBrowser.storage.local.set({ settings: stored });
    await migrateStoredItems(); // what the background runs as it starts
    expect(await settingsItem.get()).toEqual(readSettings(stored));
    expect(await local()).toEqual({ settings: stored });
  });

  it('a newer version than this code knows (a downgrade) is logged and read as it is', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ settings: stored, settings$: { v: SETTINGS_VERSION + 1 } });
    await migrateStoredItems();
    expect(error).toHaveBeenCalled();
    expect(await settingsItem.get()).toEqual(readSettings(stored));
    expect(await local()).toEqual({ settings: stored, settings$: { v: SETTINGS_VERSION + 1 } });
  });

  it('a write marks the version beside the value (WXT keeps it under `settings$`)', async () => {
    await settingsItem.set(DEFAULT_SETTINGS);
    expect(await local()).toEqual({ settings: DEFAULT_SETTINGS, settings$: { v: SETTINGS_VERSION } });
    // Also after an erase, when WXT itself would not mark it again.
    await fakeBrowser.storage.local.clear();
    await settingsItem.set({ ...DEFAULT_SETTINGS, exportReminder: false });
    expect((await local()).settings$).toEqual({ v: SETTINGS_VERSION });
    // Removing the value removes its mark too.
    await settingsItem.remove();
    expect(await local()).toEqual({});
  });
});

describe('perTabItem', () => {
  const pending: DmpTabState = {
    recordOpen: true,
    pending: { flowId: 'flow-00000001', docClass: 'VSM', stage: 'accepted', startedAt: 1, updatedAt: 2 },
  };

  it('is empty for a tab never seen, keeps tabs apart, and deletes one tab only', async () => {
    expect(await dmpTabItem.get(1)).toBeUndefined();
    await dmpTabItem.set(1, pending);
    await dmpTabItem.set(2, { recordOpen: false });
    expect(await dmpTabItem.get(1)).toEqual(pending);
    expect(await dmpTabItem.get(2)).toEqual({ recordOpen: false });
    expect(await session()).toEqual({ 'dmpTab:1': pending, 'dmpTab:2': { recordOpen: false } });
    await dmpTabItem.delete(1);
    expect(await dmpTabItem.get(1)).toBeUndefined();
    expect(await session()).toEqual({ 'dmpTab:2': { recordOpen: false } });
    expect(await local()).toEqual({});
  });

  it('keeps each prefix apart: the same tab has its flow, encounter and carried attempts', async () => {
    const encounter: EncounterState = { id: 'e1', site: 'weda', startedAt: 1, lastAt: 2 };
    const carried: CarriedRecord[] = [
      {
        attemptId: 'a1',
        adapterId: 'weda',
        ruleId: 'r1',
        startedAt: 1,
        kind: 'dmp_upload',
        source: 'auto',
        expiresAt: 9,
        crossPage: true,
      },
    ];
    await dmpTabItem.set(7, pending);
    await encounterItem.set(7, encounter);
    await carriedAttemptsItem.set(7, carried);
    expect(await session()).toEqual({
      'dmpTab:7': pending,
      'encounter:7': encounter,
      'engineCarried:7': carried,
    });
    await encounterItem.delete(7);
    expect(await dmpTabItem.get(7)).toEqual(pending);
    expect(await carriedAttemptsItem.get(7)).toEqual(carried);
  });

  it('a corrupt value reads as absent, with a log, and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.session.set({
      'dmpTab:1': { recordOpen: 'yes' },
      'encounter:1': 'e1',
      'engineCarried:1': [{ attemptId: 'a1' }],
    });
    expect(await dmpTabItem.get(1)).toBeUndefined();
    expect(await encounterItem.get(1)).toBeUndefined();
    expect(await carriedAttemptsItem.get(1)).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dmpTab:1'));
  });

  it('the stored shapes are the types their owners use', () => {
    expectTypeOf<v.InferOutput<typeof DmpTabStateSchema>>().toEqualTypeOf<DmpTabState>();
    expectTypeOf<v.InferOutput<typeof EncounterStateSchema>>().toEqualTypeOf<EncounterState>();
    expectTypeOf<v.InferOutput<typeof CarriedRecordsSchema>>().toEqualTypeOf<CarriedRecord[]>();
  });
});
