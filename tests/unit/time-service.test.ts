import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import type { TimeSpan } from '@/lib/domain/spans';
import type { SenderInfo } from '@/lib/messaging/channels';
import { channelsOf } from '@/lib/messaging/channels';
import type { TimeReply } from '@/lib/messaging/replies';
import { testBackground } from '../support/background';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/domain/settings';
import type { OpenSpan } from '@/lib/domain/time-accounting';
import { MANUAL_TIMER_MAX_MS, TimeService, type TimeServiceDeps } from '@/lib/background/time-service';

/** The open span as session storage keeps it: plain data, copied in and out. */
class MemoryOpenSpan {
  value: unknown = null;
  async get() {
    return this.value === null ? null : structuredClone(this.value);
  }
  async set(open: OpenSpan | null) {
    this.value = open === null ? null : structuredClone(open);
  }
}
class MemoryTimer {
  value: number | null = null;
  async get() {
    return this.value;
  }
  async set(startedAt: number | null) {
    this.value = startedAt;
  }
}

const OWN_ID = 'test-extension-id';
const OWN_ORIGIN = `chrome-extension://${OWN_ID}/`;
const DMP_URL = 'https://www.dmp.fr/ps/dossier';
const TAB = 5;
const OTHER_TAB = 6;

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();
const T0 = at(2026, 3, 2, 9); // Monday 2 March 2026, 09:00 local
const sec = (n: number) => n * 1000;

let db: SuiviDb;
let openSpan: MemoryOpenSpan;
let timer: MemoryTimer;
let clock: number;
let idle: 'active' | 'idle' | 'locked';
let settings: Settings;
let log: ReturnType<typeof vi.fn<(reason: string) => void>>;
let idleState: ReturnType<typeof vi.fn<(thresholdS: number) => Promise<'active' | 'idle' | 'locked'>>>;
let service: TimeService;

/** A message to the background, checked by its router, handled by this test's `service`. */
function route(raw: unknown, sender: SenderInfo): Promise<TimeReply> {
  const background = testBackground({ db, time: service, ownId: OWN_ID, ownOrigin: OWN_ORIGIN, log });
  return background.route(raw, sender) as Promise<TimeReply>;
}

function deps(): TimeServiceDeps {
  return {
    db,
    openSpan,
    timer,
    settings: async () => settings,
    idleState,
    now: () => clock,
    log,
  };
}

beforeEach(async () => {
  db = await openSuiviDb();
  openSpan = new MemoryOpenSpan();
  timer = new MemoryTimer();
  clock = T0;
  idle = 'active';
  settings = { ...DEFAULT_SETTINGS }; // 120 s threshold: gap 30 s
  log = vi.fn<(reason: string) => void>();
  idleState = vi.fn(async () => idle);
  service = new TimeService(deps());
});
afterEach(() => db.close());

const pageSender = (tabId: number = TAB, extra: Partial<SenderInfo> = {}): SenderInfo => ({
  extensionId: OWN_ID,
  url: DMP_URL,
  tabId,
  frameId: 0,
  ...extra,
});
const popupSender: SenderInfo = { extensionId: OWN_ID, url: `${OWN_ORIGIN}popup.html` };

/** A heartbeat from `tabId` at `T0 + s` seconds. */
function beat(s: number, tabId: number = TAB, activity: 'dmp' | 'program' = 'dmp'): Promise<TimeReply> {
  clock = T0 + sec(s);
  return route({ type: 'heartbeat', activity }, pageSender(tabId));
}
const allSpans = async (): Promise<TimeSpan[]> =>
  (await db.getAll('spans')).sort((a, b) => a.start - b.start);
const relative = (spans: TimeSpan[]) => spans.map((s) => [(s.start - T0) / 1000, (s.end - T0) / 1000]);

describe('heartbeats', () => {
  it('extend one span, written at once with the same id and a later end', async () => {
    expect(await beat(0)).toEqual({ ok: true, counting: true });
    // A lone heartbeat is an empty span: nothing written yet, but it is kept open.
    expect(await allSpans()).toEqual([]);
    expect(openSpan.value).toEqual({ site: 'dmp-web', activity: 'dmp', tabId: TAB, start: T0, end: T0 });

    expect(await beat(15)).toEqual({ ok: true, counting: true });
    expect(await allSpans()).toEqual([
      {
        id: `span:dmp-web:dmp:${T0}`,
        site: 'dmp-web',
        activity: 'dmp',
        start: T0,
        end: T0 + sec(15),
        day: '2026-03-02',
      },
    ]);

    await beat(30);
    const spans = await allSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ id: `span:dmp-web:dmp:${T0}`, end: T0 + sec(30) });
    expect(openSpan.value).toMatchObject({ start: T0, end: T0 + sec(30) });
    expect(idleState).toHaveBeenCalledWith(120);
    expect(log).not.toHaveBeenCalled();
  });

  it('the idle threshold of the settings is asked, and sets the gap', async () => {
    settings = { ...DEFAULT_SETTINGS, idleThresholdS: 15 }; // beats every 3.75 s, gap 7.5 s
    await beat(0);
    await beat(5);
    await beat(13); // 8 s after the last beat: more than the gap, a new span
    expect(idleState).toHaveBeenLastCalledWith(15);
    expect(relative(await allSpans())).toEqual([[0, 5]]);
    expect(openSpan.value).toMatchObject({ start: T0 + sec(13), end: T0 + sec(13) });
  });

  it('a heartbeat while idle closes the span and is not counted', async () => {
    await beat(0);
    await beat(15);
    idle = 'idle';
    expect(await beat(40)).toEqual({ ok: true, counting: false });
    // Closed at the idle heartbeat (25 s after the last beat, within the 30 s gap).
    expect(relative(await allSpans())).toEqual([[0, 40]]);
    expect(openSpan.value).toBeNull();

    // Locked: still nothing counted, nothing opened.
    idle = 'locked';
    expect(await beat(55)).toEqual({ ok: true, counting: false });
    expect(openSpan.value).toBeNull();
    expect(relative(await allSpans())).toEqual([[0, 40]]);
  });

  it('a heartbeat from another tab closes the first span there: no double counting', async () => {
    await beat(0, TAB);
    await beat(15, TAB);
    await beat(20, OTHER_TAB);
    await beat(35, OTHER_TAB);
    const spans = await allSpans();
    expect(relative(spans)).toEqual([
      [0, 20],
      [20, 35],
    ]);
    expect(spans.reduce((sum, s) => sum + s.end - s.start, 0)).toBe(sec(35));
    expect(openSpan.value).toMatchObject({ tabId: OTHER_TAB, start: T0 + sec(20), end: T0 + sec(35) });
  });

  it('a new service over the same stores continues the span (service-worker restart)', async () => {
    await beat(0);
    await beat(15);
    service = new TimeService(deps());
    await beat(30);
    const spans = await allSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ id: `span:dmp-web:dmp:${T0}`, start: T0, end: T0 + sec(30) });
  });

  it('an unreadable stored open span is dropped with a log, and counting starts afresh', async () => {
    openSpan.value = { site: 'dmp-web', activity: 'dmp', tabId: TAB, start: T0, end: T0 - 1 };
    expect(await beat(10)).toEqual({ ok: true, counting: true });
    expect(log).toHaveBeenCalledWith('dropped an unreadable open span');
    expect(await allSpans()).toEqual([]);
    expect(openSpan.value).toEqual({
      site: 'dmp-web',
      activity: 'dmp',
      tabId: TAB,
      start: T0 + sec(10),
      end: T0 + sec(10),
    });
  });

  it('an unreadable open span met by stop is dropped too, nothing written', async () => {
    openSpan.value = 'garbage';
    await service.stop();
    expect(log).toHaveBeenCalledWith('dropped an unreadable open span');
    expect(openSpan.value).toBeNull();
    expect(await db.count('spans')).toBe(0);
  });

  it('activity_stop from the page closes its span now', async () => {
    await beat(0);
    await beat(15);
    clock = T0 + sec(18);
    expect(await route({ type: 'activity_stop' }, pageSender())).toEqual({
      ok: true,
      counting: false,
    });
    expect(relative(await allSpans())).toEqual([[0, 18]]);
    expect(openSpan.value).toBeNull();
  });

  it('activity_stop from another tab leaves the span open', async () => {
    await beat(0);
    await beat(15);
    clock = T0 + sec(18);
    expect(await route({ type: 'activity_stop' }, pageSender(OTHER_TAB))).toEqual({
      ok: true,
      counting: false,
    });
    expect(openSpan.value).toMatchObject({ tabId: TAB, end: T0 + sec(15) });
  });
});

describe('stop', () => {
  it('stop(tabId) closes only that tab’s span', async () => {
    await beat(0);
    await beat(15);
    clock = T0 + sec(20);
    await service.stop(OTHER_TAB);
    expect(openSpan.value).toMatchObject({ tabId: TAB });
    expect(relative(await allSpans())).toEqual([[0, 15]]);

    await service.stop(TAB);
    expect(openSpan.value).toBeNull();
    expect(relative(await allSpans())).toEqual([[0, 20]]);
  });

  it('stop() closes whatever span is open, never more than the gap after the last beat', async () => {
    await beat(0);
    await beat(15);
    clock = T0 + sec(300); // noticed five minutes later: 15 + 30 s
    await service.stop();
    expect(relative(await allSpans())).toEqual([[0, 45]]);
    expect(openSpan.value).toBeNull();
  });

  it('stop with nothing open writes nothing', async () => {
    await service.stop();
    await service.stop(TAB);
    expect(await db.count('spans')).toBe(0);
    expect(log).not.toHaveBeenCalled();
  });
});

describe('manual timer', () => {
  const send = (type: 'timer_start' | 'timer_stop' | 'timer_state') => route({ type }, popupSender);

  it('start, state, stop: a manual span from start to stop', async () => {
    expect(await send('timer_state')).toEqual({ ok: true, timerStartedAt: null });
    clock = at(2026, 3, 2, 18);
    expect(await send('timer_start')).toEqual({ ok: true, timerStartedAt: at(2026, 3, 2, 18) });
    expect(timer.value).toBe(at(2026, 3, 2, 18));
    clock = at(2026, 3, 2, 18, 10);
    expect(await send('timer_state')).toEqual({ ok: true, timerStartedAt: at(2026, 3, 2, 18) });
    expect(await db.count('spans')).toBe(0);

    clock = at(2026, 3, 2, 18, 25);
    expect(await send('timer_stop')).toEqual({ ok: true, timerStartedAt: null });
    expect(await allSpans()).toEqual([
      {
        id: `span:manual:manual:${at(2026, 3, 2, 18)}`,
        site: 'manual',
        activity: 'manual',
        start: at(2026, 3, 2, 18),
        end: at(2026, 3, 2, 18, 25),
        day: '2026-03-02',
      },
    ]);
    expect(timer.value).toBeNull();
  });

  it('start twice keeps the first start', async () => {
    clock = at(2026, 3, 2, 8);
    await send('timer_start');
    clock = at(2026, 3, 2, 8, 30);
    expect(await send('timer_start')).toEqual({ ok: true, timerStartedAt: at(2026, 3, 2, 8) });
    expect(timer.value).toBe(at(2026, 3, 2, 8));
  });

  it('a timer left running is cut at MANUAL_TIMER_MAX_MS (8 h)', async () => {
    expect(MANUAL_TIMER_MAX_MS).toBe(8 * 3600_000);
    clock = at(2026, 3, 2, 8);
    await send('timer_start');
    clock = at(2026, 3, 2, 18); // ten hours later, same day
    await send('timer_stop');
    expect(await allSpans()).toEqual([
      expect.objectContaining({ start: at(2026, 3, 2, 8), end: at(2026, 3, 2, 16) }),
    ]);
    expect(timer.value).toBeNull();
  });

  it('stop without a running timer writes nothing', async () => {
    expect(await send('timer_stop')).toEqual({ ok: true, timerStartedAt: null });
    expect(await db.count('spans')).toBe(0);
  });

  it('the timer survives a new service (its start is in storage)', async () => {
    clock = at(2026, 3, 2, 14);
    await send('timer_start');
    service = new TimeService(deps());
    clock = at(2026, 3, 2, 14, 5);
    await send('timer_stop');
    expect(relative(await allSpans()).map(([s, e]) => e! - s!)).toEqual([300]);
  });
});

describe('refusals', () => {
  async function expectRefused(raw: unknown, sender: SenderInfo, reason: string | RegExp): Promise<void> {
    openSpan.value = { site: 'dmp-web', activity: 'dmp', tabId: TAB, start: T0, end: T0 + sec(15) };
    clock = T0 + sec(20);
    const before = structuredClone(openSpan.value);
    const reply = await route(raw, sender);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    if (typeof reason === 'string') expect(reply.error).toBe(reason);
    else expect(reply.error).toMatch(reason);
    expect(log).toHaveBeenLastCalledWith(`refused: ${reply.error}`);
    expect(await db.count('spans')).toBe(0);
    expect(openSpan.value).toEqual(before);
    expect(timer.value).toBeNull();
  }

  it('a message from another extension', async () => {
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      pageSender(TAB, { extensionId: 'other-extension' }),
      'sender is not this extension',
    );
    await expectRefused(
      { type: 'timer_start' },
      { ...popupSender, extensionId: undefined },
      'sender is not this extension',
    );
  });

  it('a heartbeat from the extension’s own page', async () => {
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      { extensionId: OWN_ID, url: `${OWN_ORIGIN}dashboard.html`, tabId: TAB, frameId: 0 },
      'heartbeat must come from a watched page',
    );
    await expectRefused(
      { type: 'activity_stop' },
      popupSender,
      'activity_stop must come from a watched page',
    );
  });

  it('a heartbeat without a tab or a URL', async () => {
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      pageSender(TAB, { tabId: undefined }),
      'heartbeat must come from a watched page',
    );
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      pageSender(TAB, { url: undefined }),
      'heartbeat must come from a watched page',
    );
  });

  it('a heartbeat from a sub-frame', async () => {
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      pageSender(TAB, { frameId: 3 }),
      'heartbeat from a sub-frame',
    );
    await expectRefused(
      { type: 'activity_stop' },
      pageSender(TAB, { frameId: 1 }),
      'activity_stop from a sub-frame',
    );
  });

  it('a heartbeat from a page that is not watched', async () => {
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp' },
      pageSender(TAB, { url: 'https://example.org/' }),
      'heartbeat from a page that is not watched',
    );
    await expectRefused(
      { type: 'activity_stop' },
      pageSender(TAB, { url: 'https://example.org/' }),
      'activity_stop from a page that is not watched',
    );
  });

  it('timer messages from a web page', async () => {
    for (const type of ['timer_start', 'timer_stop', 'timer_state'] as const) {
      await expectRefused({ type }, pageSender(), `only the extension's pages may send ${type}`);
    }
  });

  it('a timer message from a web page does not start or stop the timer', async () => {
    timer.value = T0;
    await route({ type: 'timer_stop' }, pageSender());
    expect(timer.value).toBe(T0);
    expect(await db.count('spans')).toBe(0);
  });

  it('malformed messages', async () => {
    await expectRefused({ type: 'heartbeat', activity: 'manual' }, pageSender(), /^invalid message: /);
    await expectRefused(
      { type: 'heartbeat', activity: 'dmp', title: 'Dupont Jean' },
      pageSender(),
      /^invalid message: /,
    );
    await expectRefused({ type: 'heartbeat' }, pageSender(), /^invalid message: /);
    await expectRefused({ type: 'timer_start', at: 0 }, popupSender, /^invalid message: /);
    await expectRefused('heartbeat', pageSender(), /^invalid message: /);
    await expectRefused(null, pageSender(), /^invalid message: /);
  });
});

describe('time messages in the protocol', () => {
  it('heartbeats come from watched pages, the timer from the extension', () => {
    for (const type of ['heartbeat', 'activity_stop'] as const) expect(channelsOf(type)).toEqual(['watched']);
    for (const type of ['timer_start', 'timer_stop', 'timer_state'] as const)
      expect(channelsOf(type)).toEqual(['extension']);
  });
});
