import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startServices, type BackgroundServices } from '@/lib/background/services';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The fake browser does not implement `idle` nor `scripting`: stubs that record their calls. */
function stubBrowser() {
  (fakeBrowser as unknown as { idle: unknown }).idle = {
    queryState: vi.fn(async () => 'active'),
    setDetectionInterval: vi.fn(async () => undefined),
    onStateChanged: { addListener: vi.fn() },
  };
  const scripting = {
    getRegisteredContentScripts: vi.fn(async () => [] as Array<{ id: string }>),
    registerContentScripts: vi.fn(async () => undefined),
    unregisterContentScripts: vi.fn(async () => undefined),
  };
  Object.assign(fakeBrowser.scripting, scripting);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
  return { scripting };
}

let services: BackgroundServices | undefined;
let database: Promise<SuiviDb> | undefined;
afterEach(async () => {
  // Whatever is still under way ends before the database is deleted.
  await flush();
  (await database)?.close();
  services = undefined;
  database = undefined;
});

describe("the background's services", () => {
  it('start over the database connection given, and the site scripts follow the enabled sites', async () => {
    const { scripting } = stubBrowser();
    database = openSuiviDb();
    services = startServices(database, vi.fn());
    const [events, recorder, programs, time, data] = await Promise.all([
      services.events,
      services.recorder,
      services.programs,
      services.time,
      services.data,
    ]);
    expect([events, recorder, programs, time, data].every(Boolean)).toBe(true);
    expect(await events.todayCounts()).toMatchObject({ dmp_upload: 0 });
    await flush();
    // No user site yet: nothing to register.
    expect(scripting.getRegisteredContentScripts).toHaveBeenCalled();
    expect(scripting.registerContentScripts).not.toHaveBeenCalled();
  });

  it('an erase: the badge follows, and the site scripts are synced with the (empty) sites again', async () => {
    const { scripting } = stubBrowser();
    const onChange = vi.fn();
    database = openSuiviDb();
    services = startServices(database, onChange);
    const data = await services.data;
    await flush();
    scripting.getRegisteredContentScripts.mockResolvedValue([{ id: 'suivi-site-old.example.fr' }]);
    const reply = await data.handle({ type: 'erase_all' });
    expect(reply).toMatchObject({ ok: true, erased: true });
    expect(onChange).toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(scripting.unregisterContentScripts).toHaveBeenCalledWith({ ids: ['suivi-site-old.example.fr'] }),
    );
  });
});
