import { browser } from 'wxt/browser';
import type { SuiviDb } from '../storage/db';
import { IDLE_THRESHOLD_MIN_S } from '../domain/settings';
import { manualTimerItem, openSpanItem, settingsItem } from '../storage/items';
import { TimeService } from './time-service';

/**
 * Time accounting wired to the browser: the open span in session storage, the manual timer in
 * local storage, and the span closed at idle, lock, when no browser window has the focus, or
 * when its tab closes.
 */
export function startTimeAccounting(db: SuiviDb): TimeService {
  const settings = () => settingsItem.get();
  const service = new TimeService({
    db,
    openSpan: {
      get: () => openSpanItem.get(),
      set: (open) => (open ? openSpanItem.set(open) : openSpanItem.remove()),
    },
    timer: {
      get: () => manualTimerItem.get(),
      set: (startedAt) => (startedAt === null ? manualTimerItem.remove() : manualTimerItem.set(startedAt)),
    },
    settings,
    idleState: (thresholdS) => browser.idle.queryState(Math.max(IDLE_THRESHOLD_MIN_S, thresholdS)),
    now: Date.now,
    log: (reason) => console.warn(`[Suivi DMP] ${reason}`),
  });

  const applyIdleInterval = async () =>
    browser.idle.setDetectionInterval(Math.max(IDLE_THRESHOLD_MIN_S, (await settings()).idleThresholdS));
  void applyIdleInterval();
  settingsItem.watch(() => void applyIdleInterval());
  browser.idle.onStateChanged.addListener((state) => {
    if (state !== 'active') void service.stop();
  });
  browser.windows?.onFocusChanged.addListener((windowId) => {
    if (windowId === browser.windows.WINDOW_ID_NONE) void service.stop();
  });
  browser.tabs.onRemoved.addListener((tabId) => void service.stop(tabId));
  return service;
}
