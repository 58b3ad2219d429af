// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startActivityReporter } from '@/lib/content/activity-reporter';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '@/lib/domain/settings';
import { settingsItem } from '@/lib/storage/items';
import type { HeartbeatActivity } from '@/lib/domain/time-accounting';

type Sent = { type: 'heartbeat'; activity: HeartbeatActivity } | { type: 'activity_stop' };

let visibility: DocumentVisibilityState;
let focused: boolean;
let activity: HeartbeatActivity;
let sent: Sent[];
let cleanup: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers(); // setInterval and performance.now
  visibility = 'visible';
  focused = true;
  activity = 'dmp';
  sent = [];
  cleanup = undefined;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: Sent) => {
    sent.push(message);
  }) as unknown as typeof fakeBrowser.runtime.sendMessage);
});

afterEach(() => {
  cleanup?.();
  delete (document as { visibilityState?: unknown }).visibilityState;
  vi.useRealTimers();
});

/** Starts the reporter with these settings in storage, and lets it read them. */
async function start(idleThresholdS?: number): Promise<void> {
  if (idleThresholdS !== undefined)
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS } });
  cleanup = startActivityReporter(() => activity, settingsItem);
  await vi.advanceTimersByTimeAsync(0);
}
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const beats = () => sent.filter((m) => m.type === 'heartbeat').length;
const stops = () => sent.filter((m) => m.type === 'activity_stop').length;

/** happy-dom's events are untrusted (no `isTrusted` at all): mark one as the browser would. */
function input(type = 'keydown', trusted = true, target: EventTarget = window): void {
  const event = new Event(type, { bubbles: true });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
}

describe('heartbeats', () => {
  it('one at load, then every interval, until the idle threshold passes without input', async () => {
    // 20 s threshold: a beat every 5 s.
    await start(20);
    expect(sent).toEqual([{ type: 'heartbeat', activity: 'dmp' }]);
    await advance(5_000);
    expect(beats()).toBe(2);
    activity = 'program';
    await advance(10_000); // beats at 10 s and 15 s
    expect(sent.slice(-2)).toEqual([
      { type: 'heartbeat', activity: 'program' },
      { type: 'heartbeat', activity: 'program' },
    ]);
    expect(stops()).toBe(0);
    // At 20 s the load is 20 s old: not less than the threshold, so the page says stop.
    await advance(5_000);
    expect(beats()).toBe(4);
    expect(sent.at(-1)).toEqual({ type: 'activity_stop' });
    // And nothing more while the user does nothing.
    await advance(60_000);
    expect(sent).toHaveLength(5);
  });

  it('trusted input restarts them, and each input pushes the idle time back', async () => {
    await start(20);
    await advance(20_000);
    expect(stops()).toBe(1);
    expect(beats()).toBe(4);

    await advance(5_000); // 25 s
    input('keydown');
    expect(beats()).toBe(5); // at once
    await advance(15_000); // 30, 35, 40 s
    expect(beats()).toBe(8);
    await advance(5_000); // 45 s: the input is 20 s old
    expect(sent.at(-1)).toEqual({ type: 'activity_stop' });
    expect(beats()).toBe(8);

    // Input while running: the stop comes 20 s after the last input.
    input('pointerdown'); // 45 s: beat
    await advance(12_000);
    input('wheel'); // 57 s: already running, no extra beat
    expect(beats()).toBe(9 + 2); // 45, 50, 55
    await advance(18_000); // 60, 65, 70, 75 s: the last input is 18 s old at 75 s
    expect(beats()).toBe(11 + 4);
    expect(stops()).toBe(2);
    await advance(5_000); // 80 s: 23 s
    expect(stops()).toBe(3);
  });

  it('every kind of input counts, also from an element of the page', async () => {
    for (const type of ['pointerdown', 'keydown', 'wheel', 'mousemove', 'touchstart', 'scroll']) {
      await start(20);
      await advance(20_000);
      const before = beats();
      input(type, true, document.body);
      expect(beats(), type).toBe(before + 1);
      cleanup?.();
    }
  });

  it('an untrusted event does not start heartbeats', async () => {
    await start(20);
    await advance(20_000);
    const count = sent.length;
    for (const type of ['pointerdown', 'keydown', 'wheel', 'mousemove', 'touchstart', 'scroll'])
      input(type, false);
    await advance(30_000);
    expect(sent).toHaveLength(count);
    // The same event, trusted, does.
    input('keydown', true);
    expect(sent.at(-1)).toEqual({ type: 'heartbeat', activity: 'dmp' });
  });

  it('an untrusted event does not keep them going either', async () => {
    await start(20);
    await advance(10_000);
    input('mousemove', false);
    await advance(10_000); // 20 s after the load: stop, whatever untrusted events came
    expect(sent.at(-1)).toEqual({ type: 'activity_stop' });
  });

  it('a page loaded hidden or without the focus sends nothing, input or not', async () => {
    visibility = 'hidden';
    await start(20);
    input('keydown');
    await advance(30_000);
    expect(sent).toEqual([]);
    cleanup?.();

    visibility = 'visible';
    focused = false;
    await start(20);
    input('keydown');
    await advance(30_000);
    expect(sent).toEqual([]);
  });
});

describe('stops', () => {
  it('on blur, and starts again on input once focused', async () => {
    await start(20);
    await advance(5_000);
    focused = false;
    window.dispatchEvent(new Event('blur'));
    expect(sent).toEqual([
      { type: 'heartbeat', activity: 'dmp' },
      { type: 'heartbeat', activity: 'dmp' },
      { type: 'activity_stop' },
    ]);
    await advance(30_000);
    expect(sent).toHaveLength(3);

    // The window has the focus again but no focus event came: the next input starts it.
    focused = true;
    input('keydown', true);
    expect(beats()).toBe(3);
    expect(sent.at(-1)).toEqual({ type: 'heartbeat', activity: 'dmp' });
  });

  it('focus after blur restarts at once when the user was active recently', async () => {
    await start(20);
    focused = false;
    window.dispatchEvent(new Event('blur'));
    await advance(3_000);
    focused = true;
    window.dispatchEvent(new Event('focus'));
    expect(sent).toEqual([
      { type: 'heartbeat', activity: 'dmp' },
      { type: 'activity_stop' },
      { type: 'heartbeat', activity: 'dmp' },
    ]);
    await advance(5_000);
    expect(beats()).toBe(3);
  });

  it('when the page is hidden (not on a visibilitychange to visible)', async () => {
    await start(20);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(stops()).toBe(0);
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(sent.at(-1)).toEqual({ type: 'activity_stop' });
    await advance(30_000);
    expect(beats()).toBe(1);
  });

  it('on pagehide', async () => {
    await start(20);
    window.dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([{ type: 'heartbeat', activity: 'dmp' }, { type: 'activity_stop' }]);
    await advance(30_000);
    expect(sent).toHaveLength(2);
  });

  it('a tick that finds the page hidden stops too', async () => {
    await start(20);
    visibility = 'hidden'; // no event
    await advance(5_000);
    expect(sent).toEqual([{ type: 'heartbeat', activity: 'dmp' }, { type: 'activity_stop' }]);
  });

  it('stop is said once, not on each blur', async () => {
    await start(20);
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('pagehide'));
    expect(stops()).toBe(1);
  });
});

describe('settings', () => {
  it('the interval comes from the idle threshold in storage.local', async () => {
    // 15 s: a beat every 3750 ms.
    await start(15);
    await advance(3_749);
    expect(beats()).toBe(1);
    await advance(1);
    expect(beats()).toBe(2);
  });

  it('nothing stored, or an unreadable threshold: every 15 s', async () => {
    await start();
    await advance(14_999);
    expect(beats()).toBe(1);
    await advance(1);
    expect(beats()).toBe(2);
    cleanup?.();

    sent = [];
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 5 } });
    cleanup = startActivityReporter(() => activity, settingsItem);
    await advance(0);
    await advance(14_999);
    expect(beats()).toBe(1);
    await advance(1);
    expect(beats()).toBe(2);
  });

  it('input before the saved settings are read: the interval is re-timed once they are', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 15 } });
    cleanup = startActivityReporter(() => activity, settingsItem);
    input(); // before the read resolves: started with the default 15 s interval
    expect(beats()).toBe(1);
    await advance(0); // the read: 15 s threshold, a beat every 3750 ms
    await advance(3_750);
    expect(beats()).toBe(2);
  });

  it('a change of the settings re-times the running interval', async () => {
    await start(20); // every 5 s
    await advance(2_000);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 60 } }); // every 15 s
    await advance(5_000); // 7 s: the old 5 s interval would have beaten at 5 s
    expect(beats()).toBe(1);
    await advance(10_000); // 17 s: 15 s after the change
    expect(beats()).toBe(2);
    // The new threshold counts too: at 20 s the load is not idle any more under 60 s.
    await advance(15_000); // 32 s
    expect(beats()).toBe(3);
    expect(stops()).toBe(0);
  });

  it('changes elsewhere are ignored', async () => {
    await start(20);
    await fakeBrowser.storage.session.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 60 } });
    await fakeBrowser.storage.local.set({ other: 1 });
    await advance(5_000);
    expect(beats()).toBe(2);
  });

  it('a change while stopped does not start the heartbeats', async () => {
    await start(20);
    window.dispatchEvent(new Event('blur'));
    const count = sent.length;
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 60 } });
    await advance(60_000);
    expect(sent).toHaveLength(count);
  });
});

describe('cleanup', () => {
  it('says stop and removes every listener', async () => {
    await start(20);
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(true);
    cleanup!();
    cleanup = undefined;
    expect(sent).toEqual([{ type: 'heartbeat', activity: 'dmp' }, { type: 'activity_stop' }]);
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(false);

    for (const type of ['pointerdown', 'keydown', 'wheel', 'mousemove', 'touchstart', 'scroll'])
      input(type, true);
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('pagehide'));
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await advance(60_000);
    expect(sent).toHaveLength(2);
  });

  it('says nothing when already stopped', async () => {
    await start(20);
    window.dispatchEvent(new Event('blur'));
    cleanup!();
    cleanup = undefined;
    expect(stops()).toBe(1);
  });
});
