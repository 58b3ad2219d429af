import { browser } from 'wxt/browser';
import type { SuiviDb } from '../storage/db';
import { IDLE_THRESHOLD_MIN_S, readSettings, SETTINGS_KEY } from '../domain/settings';
import { TimeService } from './time-service';
import type { OpenSpan } from '../domain/time-accounting';

const OPEN_SPAN_KEY = 'openSpan';
const TIMER_KEY = 'manualTimerStartedAt';

/**
 * Time accounting wired to the browser: the open span in session storage, the manual timer in
 * local storage, and the span closed at idle, lock, when no browser window has the focus, or
 * when its tab closes.
 */
export function startTimeAccounting(db: SuiviDb): TimeService {
  const settings = async () => readSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const service = new TimeService({
    db,
    openSpan: {
      get: async () => (await browser.storage.session.get(OPEN_SPAN_KEY))[OPEN_SPAN_KEY] ?? null,
      set: (open: OpenSpan | null) =>
        open
          ? browser.storage.session.set({ [OPEN_SPAN_KEY]: open })
          : browser.storage.session.remove(OPEN_SPAN_KEY),
    },
    timer: {
      get: async () => {
        const value = (await browser.storage.local.get(TIMER_KEY))[TIMER_KEY];
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      },
      set: (startedAt) =>
        startedAt === null
          ? browser.storage.local.remove(TIMER_KEY)
          : browser.storage.local.set({ [TIMER_KEY]: startedAt }),
    },
    settings,
    idleState: (thresholdS) => browser.idle.queryState(Math.max(IDLE_THRESHOLD_MIN_S, thresholdS)),
    now: Date.now,
    log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
  });

  const applyIdleInterval = async () =>
    browser.idle.setDetectionInterval(Math.max(IDLE_THRESHOLD_MIN_S, (await settings()).idleThresholdS));
  void applyIdleInterval();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) void applyIdleInterval();
  });
  browser.idle.onStateChanged.addListener((state) => {
    if (state !== 'active') void service.stop();
  });
  browser.windows?.onFocusChanged.addListener((windowId) => {
    if (windowId === browser.windows.WINDOW_ID_NONE) void service.stop();
  });
  browser.tabs.onRemoved.addListener((tabId) => void service.stop(tabId));
  return service;
}
