import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DmpTabState } from '@/lib/sites/dmp-web-flow';
import { dmpTabItem, DmpTabStateSchema, perTabItem } from '@/lib/storage/items';

/** The recorder's per-tab store, as a restarted service worker builds it again. */
const sessionTabStateStore = () => perTabItem('dmpTab', DmpTabStateSchema);
const PENDING: DmpTabState = {
  recordOpen: true,
  pending: { flowId: 'flow-00000001', docClass: 'VSM', stage: 'accepted', startedAt: 1, updatedAt: 2 },
};

describe("dmpTabItem (the recorder's per-tab flow state)", () => {
  it('is empty for a tab never seen', async () => {
    expect(await dmpTabItem.get(1)).toBeUndefined();
  });

  it('keeps each tab apart in storage.session', async () => {
    const store = dmpTabItem;
    await store.set(1, PENDING);
    await store.set(2, { recordOpen: false });
    expect(await store.get(1)).toEqual(PENDING);
    expect(await store.get(2)).toEqual({ recordOpen: false });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({
      'dmpTab:1': PENDING,
      'dmpTab:2': { recordOpen: false },
    });
    // Nothing in the other areas.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('survives a new store over the same area (a restarted service worker)', async () => {
    await sessionTabStateStore().set(5, PENDING);
    expect(await sessionTabStateStore().get(5)).toEqual(PENDING);
  });

  it('overwrites and deletes', async () => {
    const store = dmpTabItem;
    await store.set(1, PENDING);
    await store.set(1, { recordOpen: true });
    expect(await store.get(1)).toEqual({ recordOpen: true });
    await store.set(2, PENDING);
    await store.delete(1);
    expect(await store.get(1)).toBeUndefined();
    expect(await store.get(2)).toEqual(PENDING);
  });

  it('starts each test from an empty session (fake browser reset)', async () => {
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
