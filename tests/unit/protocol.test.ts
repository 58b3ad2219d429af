import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import { MESSAGE_NAMES, PROTOCOL, parseRequest } from '@/lib/messaging/protocol';
import { parsePageMessage, type OverlayPush } from '@/lib/messaging/page-protocol';
import { channelsOf, type SenderInfo } from '@/lib/messaging/channels';
import { createClient, createTabClient } from '@/lib/messaging/client';
import { patientClient } from '@/lib/messaging/patience';
import type { EventReply, Failure, TimeReply } from '@/lib/messaging/replies';
import { testBackground } from '../support/background';

const OWN_ID = fakeBrowser.runtime.id;
const ORIGIN = fakeBrowser.runtime.getURL('/');
const POPUP: SenderInfo = { extensionId: OWN_ID, url: `${ORIGIN}popup.html` };
const DASHBOARD: SenderInfo = { extensionId: OWN_ID, url: `${ORIGIN}dashboard.html` };
const DMP_TAB: SenderInfo = {
  extensionId: OWN_ID,
  url: 'https://wps-psc.dmp.monespacesante.fr/dmp/recapitulatif',
  tabId: 4,
  frameId: 0,
};
const WEDA_TAB: SenderInfo = {
  extensionId: OWN_ID,
  url: 'https://secure.weda.fr/FolderMedical/CourrierForm.aspx',
  tabId: 7,
  frameId: 0,
};

describe('the protocol map', () => {
  it('names each message by its own type', () => {
    for (const name of MESSAGE_NAMES) expect(PROTOCOL[name].request.entries.type.literal).toBe(name);
  });

  it('gives every message at least one channel', () => {
    for (const name of MESSAGE_NAMES) expect(channelsOf(name).length, name).toBeGreaterThan(0);
  });

  it('has one message per action (the page variants of undo and "+1" are gone)', () => {
    expect(MESSAGE_NAMES).not.toContain('page_undo');
    expect(MESSAGE_NAMES).not.toContain('page_manual');
    expect(channelsOf('undo')).toEqual(['extension', 'dmp', 'program']);
    expect(channelsOf('add_manual')).toEqual(['extension', 'program']);
  });

  it('refuses an unknown type and a prototype key as a type', () => {
    expect(parseRequest({ type: 'page_undo', id: 'event-00000001', site: 'weda' })).toMatchObject({
      ok: false,
    });
    expect(parseRequest({ type: '__proto__' })).toMatchObject({ ok: false });
    expect(parseRequest({ type: 'constructor' })).toMatchObject({ ok: false });
  });
});

describe('the typed client', () => {
  it('sends the name and fields, and answers the typed reply', async () => {
    const send = vi.fn(async () => ({ ok: true, timerStartedAt: 5 }));
    const sendMessage = createClient(send);
    const reply = await sendMessage('timer_state');
    expectTypeOf(reply).toEqualTypeOf<TimeReply | Failure>();
    expect(send).toHaveBeenCalledWith({ type: 'timer_state' });
    expect(reply).toEqual({ ok: true, timerStartedAt: 5 });

    const undo = await createClient(async (m) => ({ ok: true, event: null, echo: m }))('undo', {
      id: 'event-00000001',
    });
    expectTypeOf(undo).toEqualTypeOf<EventReply | Failure>();
    expect(undo).toMatchObject({ echo: { type: 'undo', id: 'event-00000001' } });
  });

  it('turns a closed background or an empty answer into a failure', async () => {
    expect(await createClient(async () => Promise.reject(new Error('gone')))('get_today')).toEqual({
      ok: false,
      error: 'unreachable',
    });
    expect(await createClient(async () => undefined)('get_today')).toEqual({ ok: false, error: 'no_reply' });
    expect(await createClient(async () => 'yes')('get_today')).toEqual({ ok: false, error: 'no_reply' });
  });

  describe('a page announcement, when the background was stopped as it answered', () => {
    const patience = { waitMs: 2500, tries: 3 };
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('is sent again when its reply never comes, and takes the answer of the next try', async () => {
      const replies = [new Promise<never>(() => {}), Promise.resolve({ ok: true, today: { dmp_upload: 1 } })];
      const send = vi.fn(() => replies.shift()!);
      const pending = patientClient(createClient(send), patience)('get_today');
      await vi.advanceTimersByTimeAsync(2499);
      expect(send).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toEqual({ ok: true, today: { dmp_upload: 1 } });
      expect(send).toHaveBeenCalledTimes(2);
    });

    it('is sent again when the worker could not be reached, and gives up after its tries', async () => {
      const send = vi.fn(async () => Promise.reject(new Error('Could not establish connection')));
      const reply = await patientClient(createClient(send), patience)('get_today');
      expect(reply).toEqual({ ok: false, error: 'unreachable' });
      expect(send).toHaveBeenCalledTimes(3);
    });

    it('is not sent again when the background answered, even with a refusal', async () => {
      const send = vi.fn(async () => ({ ok: false, error: 'disk_full' }));
      expect(await patientClient(createClient(send), patience)('get_today')).toEqual({
        ok: false,
        error: 'disk_full',
      });
      expect(send).toHaveBeenCalledTimes(1);
    });
  });

  it('checks the reply of a message to a page', async () => {
    const sendToTab = createTabClient(async (_tab, message) =>
      (message as { selector?: string }).selector === 'button' ? { found: 2 } : { found: 'many' },
    );
    expect(await sendToTab(3, { type: 'test_rule', selector: 'button' })).toEqual({ found: 2 });
    expect(await sendToTab(3, { type: 'test_rule', selector: 'a' })).toBeUndefined();
    expect(
      await createTabClient(async () => Promise.reject(new Error('no script')))(3, { type: 'start_picker' }),
    ).toBeUndefined();
  });
});

describe('messages pushed to pages', () => {
  it('are parsed on receipt; a wrong shape is ignored', () => {
    const push: OverlayPush = {
      type: 'overlay_push',
      waiting: false,
      depositsToday: 2,
      encounterCounts: { dmp_upload: 1 },
      counted: { id: 'attempt-00000001', kind: 'dmp_upload', source: 'auto' },
    };
    expect(parsePageMessage(push)).toEqual(push);
    expect(
      parsePageMessage({ type: 'response_seen', attemptId: 'attempt-00000001', status: '2xx' }),
    ).toBeTruthy();
    expect(parsePageMessage({ ...push, title: 'Mme Dupont' })).toBeUndefined();
    expect(parsePageMessage({ ...push, depositsToday: -1 })).toBeUndefined();
    expect(parsePageMessage({ ...push, encounterCounts: { patient: 1 } })).toBeUndefined();
    expect(parsePageMessage({ type: 'response_seen', attemptId: 'x', status: '2xx' })).toBeUndefined();
    expect(parsePageMessage({ type: 'delete_everything' })).toBeUndefined();
    expect(parsePageMessage(null)).toBeUndefined();
  });
});

describe('channels, checked once by the router', () => {
  let db: SuiviDb;
  let log: ReturnType<typeof vi.fn<(reason: string) => void>>;
  let pushes: Array<[number, OverlayPush]>;
  let background: ReturnType<typeof testBackground>;
  beforeEach(async () => {
    db = await openSuiviDb();
    log = vi.fn<(reason: string) => void>();
    pushes = [];
    background = testBackground({ db, log, push: (tab, m) => void pushes.push([tab, m]) });
  });
  afterEach(() => db.close());

  it.each<[string, unknown, SenderInfo, RegExp]>([
    [
      'a "+1" from a DMP page',
      { type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' },
      DMP_TAB,
      /a dmp_page may not send add_manual/,
    ],
    [
      'a site named by the popup',
      { type: 'undo', id: 'event-00000001', site: 'weda' },
      POPUP,
      /only a practice-program page names a site/,
    ],
    [
      'a program page that does not name its site',
      { type: 'undo', id: 'event-00000001' },
      WEDA_TAB,
      /must name its site/,
    ],
    [
      'another site named by a program page',
      { type: 'undo', id: 'event-00000001', site: 'custom:x.example' },
      WEDA_TAB,
      /does not match secure\.weda\.fr/,
    ],
    [
      'a dashboard message from the popup',
      { type: 'site_add', host: 'lgc.exemple.fr' },
      POPUP,
      /only the dashboard may send site_add/,
    ],
    [
      'an undo from a DMP sub-frame',
      { type: 'undo', id: 'event-00000001' },
      { ...DMP_TAB, frameId: 2 },
      /undo from a sub-frame/,
    ],
    [
      'a heartbeat from a program sub-frame',
      { type: 'heartbeat', activity: 'program' },
      { ...WEDA_TAB, frameId: 2 },
      /heartbeat from a sub-frame/,
    ],
    [
      'a timer from a program page',
      { type: 'timer_start' },
      WEDA_TAB,
      /only the extension's pages may send timer_start/,
    ],
  ])('refuses %s, with a reason, handling nothing', async (_, raw, sender, reason) => {
    const handle = vi.spyOn(background.deps, 'handle');
    const reply = await background.route(raw, sender);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^refused: /));
    expect(handle).not.toHaveBeenCalled();
    expect(await db.count('events')).toBe(0);
  });

  it('bounds a refusal naming a very long origin', async () => {
    const sender = { ...DMP_TAB, url: `https://${'a'.repeat(2000)}.example/` };
    const reply = await background.route({ type: 'get_today' }, sender);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.length).toBeLessThanOrEqual(300);
  });

  it('a program page (any frame) adds and undoes through the same messages as the popup, and its overlay follows', async () => {
    const frame = { ...WEDA_TAB, frameId: 3 };
    const added = await background.route(
      { type: 'add_manual', id: 'manual-00000001', site: 'weda', kind: 'dmp_upload' },
      frame,
    );
    expect(added).toMatchObject({ ok: true, counted: [{ id: 'manual-00000001', source: 'manual' }] });
    const undone = await background.route({ type: 'undo', id: 'manual-00000001', site: 'weda' }, frame);
    expect(undone).toMatchObject({ ok: true, event: { id: 'manual-00000001' }, today: { dmp_upload: 0 } });
    expect(pushes.at(-1)).toEqual([7, { type: 'overlay_push', depositsToday: 0 }]);
    // The popup's undo tells no overlay.
    const count = pushes.length;
    expect(await background.route({ type: 'redo', id: 'manual-00000001' }, POPUP)).toMatchObject({
      ok: true,
    });
    expect(await background.route({ type: 'undo', id: 'manual-00000001' }, POPUP)).toMatchObject({
      ok: true,
    });
    expect(pushes).toHaveLength(count);
  });

  it('the dashboard may send its messages', async () => {
    expect(await background.route({ type: 'site_toggle', id: 'weda', enabled: false }, DASHBOARD)).toEqual({
      ok: true,
    });
    // Weda turned off: its pages are no longer a channel.
    expect(
      await background.route({ type: 'engine_hello', site: 'weda', topFrame: true }, WEDA_TAB),
    ).toMatchObject({
      ok: false,
      error: 'sender secure.weda.fr is not an enabled site',
    });
  });
});
