import { DEFAULT_SETTINGS, heartbeatIntervalMs, type Settings } from '../domain/settings';
import type { HeartbeatActivity } from '../domain/time-accounting';
import { sendMessage } from '../messaging/client';

/**
 * The saved settings, read and watched. lib/content may not import lib/storage (layer rules,
 * eslint.config.js), so the entrypoint hands in `settingsItem` (lib/storage/items.ts): the key,
 * its parsing and its migrations stay defined in one place, and the page only reads them.
 */
export interface SettingsSource {
  get(): Promise<Settings>;
  watch(onChange: (settings: Settings) => void): () => void;
}

/** Trusted input that shows the user is at work on the page. Listened to passively. */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'mousemove', 'touchstart', 'scroll'] as const;

/**
 * Runs in a content script (top frame): while the page is visible, focused and the user has
 * given input within the idle threshold, sends a heartbeat every interval; says stop when the
 * page is hidden, blurred or left. The timer runs only while the user is active.
 * The page load itself counts as input: the user just asked for this page.
 */
export function startActivityReporter(activity: () => HeartbeatActivity, saved: SettingsSource): () => void {
  let settings: Settings = DEFAULT_SETTINGS;
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
  const useSettings = (next: Settings) => {
    settings = next;
    if (timer !== undefined) {
      clearInterval(timer);
      timer = setInterval(tick, heartbeatIntervalMs(settings));
    }
  };

  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
  window.addEventListener('focus', start);
  window.addEventListener('blur', stop);
  window.addEventListener('pagehide', stop);
  document.addEventListener('visibilitychange', onHidden);
  const unwatch = saved.watch(useSettings);
  // Input may start the timer before the saved settings are read: useSettings re-times it.
  void saved.get().then((stored) => {
    useSettings(stored);
    start();
  });

  return () => {
    stop();
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    window.removeEventListener('focus', start);
    window.removeEventListener('blur', stop);
    window.removeEventListener('pagehide', stop);
    document.removeEventListener('visibilitychange', onHidden);
    unwatch();
  };
}
