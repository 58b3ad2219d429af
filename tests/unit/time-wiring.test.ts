import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startTimeAccounting } from '@/lib/background/time-wiring';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import type { TimeSpan } from '@/lib/domain/spans';
import type { SenderInfo } from '@/lib/messaging/channels';
import type { TimeReply } from '@/lib/messaging/replies';
import { testBackground } from '../support/background';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '@/lib/domain/settings';
import type { TimeService } from '@/lib/background/time-service';

type IdleState = 'active' | 'idle' | 'locked';

/** The fake browser does not implement `idle`: a stub whose listeners the test can call. */
function stubIdle() {
  const listeners: Array<(state: IdleState) => void> = [];
  const idle = {
    state: 'active' as IdleState,
    queryState: vi.fn(async (_threshold: number) => idle.state),
    setDetectionInterval: vi.fn(async (_seconds: number) => undefined),
    onStateChanged: {
      addListener: vi.fn((listener: (state: IdleState) => void) => void listeners.push(listener)),
      removeListener: vi.fn(),
      hasListener: vi.fn(),
    },
    fire: (state: IdleState) => listeners.forEach((l) => l(state)),
  };
  (fakeBrowser as unknown as { idle: unknown }).idle = idle;
  return idle;
}

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();
const T0 = at(2026, 3, 2, 9);
const sec = (n: number) => n * 1000;
const TAB = 4;

/**
 * Lets started work finish. Only `Date` is faked, so this timeout is a real one (`vi.waitFor`
 * would move the fake clock on by its polling interval).
 */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const OWN_ID = fakeBrowser.runtime.id;

let db: SuiviDb;
let idle: ReturnType<typeof stubIdle>;
let service: TimeService;

/** A message through the background's router (its refusals logged as the background does). */
function route(raw: unknown, sender: SenderInfo): Promise<TimeReply> {
  const log = (reason: string) => console.warn(`[Suivi DMP] ${reason}`);
  return testBackground({ db, time: service, log }).route(raw, sender) as Promise<TimeReply>;
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  db = await openSuiviDb();
  idle = stubIdle();
  service = startTimeAccounting(db);
  await flush();
});
afterEach(() => {
  db.close();
  vi.useRealTimers();
});

const pageSender = (tabId = TAB): SenderInfo => ({
  extensionId: OWN_ID,
  url: 'https://www.dmp.fr/dossier',
  tabId,
  frameId: 0,
});
const popupSender: SenderInfo = { extensionId: OWN_ID, url: fakeBrowser.runtime.getURL('/popup.html') };

async function beat(s: number, tabId = TAB) {
  vi.setSystemTime(T0 + sec(s));
  return route({ type: 'heartbeat', activity: 'dmp' }, pageSender(tabId));
}
const openSpan = async () => (await fakeBrowser.storage.session.get('openSpan')).openSpan ?? null;
const spans = async (): Promise<Array<[number, number]>> =>
  ((await db.getAll('spans')) as TimeSpan[])
    .sort((a, b) => a.start - b.start)
    .map((s) => [(s.start - T0) / 1000, (s.end - T0) / 1000]);
/** Listeners start the service's work without waiting: a message queued after it waits for it. */
const settle = () => route({ type: 'timer_state' }, popupSender);
async function closed(): Promise<void> {
  await settle();
  expect(await openSpan()).toBeNull();
}

/** Two heartbeats of TAB, 15 s apart, then the clock at 20 s. */
async function counting(): Promise<void> {
  expect(await beat(0)).toEqual({ ok: true, counting: true });
  expect(await beat(15)).toEqual({ ok: true, counting: true });
  expect(await openSpan()).toMatchObject({
    site: 'dmp-web',
    activity: 'dmp',
    tabId: TAB,
    start: T0,
    end: T0 + sec(15),
  });
  vi.setSystemTime(T0 + sec(20));
}

describe('the service as wired', () => {
  it('keeps the open span in session storage and asks idle with the threshold', async () => {
    await counting();
    expect(await spans()).toEqual([[0, 15]]);
    expect(idle.queryState).toHaveBeenCalledWith(120);
  });

  it('the manual timer lives in local storage', async () => {
    expect(await route({ type: 'timer_start' }, popupSender)).toEqual({
      ok: true,
      timerStartedAt: T0,
    });
    expect((await fakeBrowser.storage.local.get('manualTimerStartedAt')).manualTimerStartedAt).toBe(T0);
    vi.setSystemTime(T0 + sec(600));
    expect(await route({ type: 'timer_stop' }, popupSender)).toEqual({
      ok: true,
      timerStartedAt: null,
    });
    expect(await fakeBrowser.storage.local.get('manualTimerStartedAt')).toEqual({
      manualTimerStartedAt: undefined,
    });
    expect(await spans()).toEqual([[0, 600]]);
  });

  it('refuses a heartbeat from another extension, with a warning in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reply = await route(
      { type: 'heartbeat', activity: 'dmp' },
      { ...pageSender(), extensionId: 'someone-else' },
    );
    expect(reply).toEqual({ ok: false, error: 'sender is not this extension' });
    expect(warn).toHaveBeenCalledWith('[Suivi DMP] refused: sender is not this extension');
    expect(await openSpan()).toBeNull();
  });
});

describe('listeners', () => {
  it('idle closes the span; active does not', async () => {
    await counting();
    idle.fire('active');
    await settle();
    expect(await openSpan()).not.toBeNull();

    idle.fire('idle');
    await closed();
    expect(await spans()).toEqual([[0, 20]]);
  });

  it('lock closes the span', async () => {
    await counting();
    idle.fire('locked');
    await closed();
    expect(await spans()).toEqual([[0, 20]]);
  });

  it('no browser window focused closes the span; another window focused does not', async () => {
    await counting();
    await fakeBrowser.windows.onFocusChanged.trigger(7);
    await settle();
    expect(await openSpan()).not.toBeNull();

    await fakeBrowser.windows.onFocusChanged.trigger(fakeBrowser.windows.WINDOW_ID_NONE);
    await closed();
    expect(await spans()).toEqual([[0, 20]]);
  });

  it('closing the tab closes its span; closing another tab does not', async () => {
    await counting();
    await fakeBrowser.tabs.onRemoved.trigger(TAB + 1, { windowId: 0, isWindowClosing: false });
    await settle();
    expect(await openSpan()).toMatchObject({ tabId: TAB });
    expect(await spans()).toEqual([[0, 15]]);

    await fakeBrowser.tabs.onRemoved.trigger(TAB, { windowId: 0, isWindowClosing: false });
    await closed();
    expect(await spans()).toEqual([[0, 20]]);
  });
});

describe('idle detection interval', () => {
  it('set at start from the settings (default 120 s)', () => {
    expect(idle.setDetectionInterval).toHaveBeenCalledTimes(1);
    expect(idle.setDetectionInterval).toHaveBeenCalledWith(120);
  });

  it('follows a change of the idle threshold', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 15 } });
    await flush();
    expect(idle.setDetectionInterval).toHaveBeenLastCalledWith(15);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 1800 } });
    await flush();
    expect(idle.setDetectionInterval).toHaveBeenLastCalledWith(1800);
    // An unreadable threshold falls back to the default, never below the API's 15 s.
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 5 } });
    await flush();
    expect(idle.setDetectionInterval).toHaveBeenLastCalledWith(120);
    expect(idle.setDetectionInterval).toHaveBeenCalledTimes(4);
    for (const [seconds] of idle.setDetectionInterval.mock.calls) expect(seconds).toBeGreaterThanOrEqual(15);
  });

  it('the idle query uses the new threshold', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 45 } });
    await beat(0);
    expect(idle.queryState).toHaveBeenLastCalledWith(45);
  });

  it('other storage changes leave it alone', async () => {
    await fakeBrowser.storage.local.set({ unrelated: true });
    await fakeBrowser.storage.session.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 15 } });
    await route({ type: 'timer_start' }, popupSender); // writes local storage
    await counting(); // writes session storage
    await flush();
    expect(idle.setDetectionInterval).toHaveBeenCalledTimes(1);
  });
});
