import { browser } from 'wxt/browser';
import { heartbeatIntervalMs, readSettings, SETTINGS_KEY, type Settings } from '../domain/settings';
import type { HeartbeatActivity } from '../domain/time-accounting';
import { sendMessage } from '../messaging/client';

/** Trusted input that shows the user is at work on the page. Listened to passively. */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'mousemove', 'touchstart', 'scroll'] as const;

/**
 * Runs in a content script (top frame): while the page is visible, focused and the user has
 * given input within the idle threshold, sends a heartbeat every interval; says stop when the
 * page is hidden, blurred or left. The timer runs only while the user is active.
 * The page load itself counts as input: the user just asked for this page.
 */
export function startActivityReporter(activity: () => HeartbeatActivity): () => void {
  let settings: Settings = readSettings(undefined);
  let lastInput = performance.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  const beat = () => void sendMessage('heartbeat', { activity: activity() });
  const pageInUse = () => document.visibilityState === 'visible' && document.hasFocus();
  const userActive = () => performance.now() - lastInput < settings.idleThresholdS * 1000;

  const stop = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    void sendMessage('activity_stop');
  };
  const tick = () => {
    if (pageInUse() && userActive()) beat();
    else stop();
  };
  const start = () => {
    if (timer !== undefined || !pageInUse()) return;
    timer = setInterval(tick, heartbeatIntervalMs(settings));
    tick();
  };
  const onInput = (event: Event) => {
    if (!event.isTrusted) return;
    lastInput = performance.now();
    start();
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') stop();
  };
  /** New settings: a running timer takes the new interval at once. */
  const useSettings = (stored: unknown) => {
    settings = readSettings(stored);
    if (timer !== undefined) {
      clearInterval(timer);
      timer = setInterval(tick, heartbeatIntervalMs(settings));
    }
  };
  const onSettings = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[SETTINGS_KEY]) useSettings(changes[SETTINGS_KEY].newValue);
  };

  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
  window.addEventListener('focus', start);
  window.addEventListener('blur', stop);
  window.addEventListener('pagehide', stop);
  document.addEventListener('visibilitychange', onHidden);
  browser.storage.onChanged.addListener(onSettings);
  // Input may start the timer before the saved settings are read: useSettings re-times it.
  void browser.storage.local.get(SETTINGS_KEY).then((stored) => {
    useSettings(stored[SETTINGS_KEY]);
    start();
  });

  return () => {
    stop();
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    window.removeEventListener('focus', start);
    window.removeEventListener('blur', stop);
    window.removeEventListener('pagehide', stop);
    document.removeEventListener('visibilitychange', onHidden);
    browser.storage.onChanged.removeListener(onSettings);
  };
}
