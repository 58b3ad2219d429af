import { afterEach, beforeEach, describe, expect, it, vi, type Mock, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import type { SenderInfo } from '@/lib/messaging/channels';
import { routeMessage, type RouterDeps } from '@/lib/background/router';
import { testBackground } from '../support/background';

let db: SuiviDb;
let deps: RouterDeps & { log: Mock<(reason: string) => void>; onChange: Mock<() => void> };
/** The handlers behind the router: a refused message never reaches them. */
let handle: MockInstance<RouterDeps['handle']>;

beforeEach(async () => {
  db = await openSuiviDb();
  const log = vi.fn<(reason: string) => void>();
  const onChange = vi.fn<() => void>();
  const background = testBackground({
    db,
    now: () => new Date(2025, 2, 14, 10).getTime(),
    // As the background builds them.
    ownId: fakeBrowser.runtime.id,
    ownOrigin: fakeBrowser.runtime.getURL('/'),
    log,
    onChange,
  });
  deps = { ...background.deps, log, onChange };
  handle = vi.spyOn(deps, 'handle');
});
afterEach(() => db.close());

const DMP_TAB: SenderInfo = {
  extensionId: 'test-extension-id',
  url: 'https://wps-psc.dmp.monespacesante.fr/dmp/recapitulatif',
  tabId: 4,
  frameId: 0,
};
const POPUP: SenderInfo = {
  extensionId: 'test-extension-id',
  url: 'chrome-extension://test-extension-id/popup.html',
};
const READ = { type: 'dmp_page', page: 'record_summary', navType: 'navigate', pageLoadId: 'load-00000001' };
const MANUAL = { type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload', docClass: 'VSM' };

describe('routeMessage refuses', () => {
  it.each<[string, unknown, SenderInfo, RegExp]>([
    ['a foreign extension id', READ, { ...DMP_TAB, extensionId: 'someone-else' }, /not this extension/],
    [
      'a foreign extension page',
      MANUAL,
      { extensionId: 'someone-else', url: 'chrome-extension://someone-else/popup.html' },
      /not this extension/,
    ],
    [
      'a non-DMP https page',
      READ,
      { ...DMP_TAB, url: 'https://example.org/dmp/recapitulatif' },
      /not a matched site/,
    ],
    [
      'a DMP page over plain http',
      READ,
      { ...DMP_TAB, url: 'http://www.dmp.fr/dmp/recapitulatif' },
      /not a matched site/,
    ],
    ['a sub-frame of a DMP page', READ, { ...DMP_TAB, frameId: 3 }, /sub-frame/],
    ['a popup-only message from a content script', MANUAL, DMP_TAB, /dmp_page may not send add_manual/],
    // One wording per channel now: the extension's own pages only, whoever asks.
    [
      'undo_last from a content script',
      { type: 'undo_last' },
      DMP_TAB,
      /only the extension's pages may send undo_last/,
    ],
    ['a page message from the popup', READ, POPUP, /extension_page may not send dmp_page/],
    ['a malformed payload', { ...READ, patientName: 'Dupont' }, DMP_TAB, /invalid message/],
    ['a malformed id', { ...MANUAL, id: 'x' }, POPUP, /invalid message at id/],
    ['null', null, POPUP, /invalid message/],
  ])('%s: logs a reason and writes nothing', async (_, raw, sender, reason) => {
    const reply = await routeMessage(raw, sender, deps);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(reason);
    expect(deps.log).toHaveBeenCalledTimes(1);
    expect(deps.log.mock.calls[0]?.[0]).toMatch(/^refused: /);
    expect(deps.log.mock.calls[0]?.[0]).toMatch(reason);
    expect(handle).not.toHaveBeenCalled();
    expect(deps.onChange).not.toHaveBeenCalled();
    expect(await db.count('events')).toBe(0);
  });
});

describe('routeMessage accepts', () => {
  it('a page message from the top frame of a DMP tab, for that tab', async () => {
    const reply = await routeMessage(READ, DMP_TAB, deps);
    expect(reply).toMatchObject({ ok: true, counted: [{ kind: 'dmp_consult' }] });
    expect(handle).toHaveBeenCalledWith(READ, { channel: 'dmp', tabId: 4 });
    expect(await db.count('events')).toBe(1);
    expect(deps.onChange).toHaveBeenCalledTimes(1);
    expect(deps.log).not.toHaveBeenCalled();
  });

  it('a page message without a frame id (Firefox top frame)', async () => {
    const { frameId: _, ...noFrame } = DMP_TAB;
    expect((await routeMessage(READ, noFrame, deps)).ok).toBe(true);
  });

  it('a manual entry from the popup, not tied to a tab', async () => {
    const reply = await routeMessage(MANUAL, POPUP, deps);
    expect(reply).toMatchObject({ ok: true, today: { dmp_upload: 1 } });
    expect(handle).toHaveBeenCalledWith(MANUAL, { channel: 'extension' });
    expect(await db.count('events')).toBe(1);
    expect(deps.onChange).toHaveBeenCalledTimes(1);
  });

  it('get_today from either side, without a change notice', async () => {
    expect(await routeMessage({ type: 'get_today' }, POPUP, deps)).toMatchObject({
      ok: true,
      today: { dmp_upload: 0 },
    });
    expect(await routeMessage({ type: 'get_today' }, DMP_TAB, deps)).toMatchObject({ ok: true });
    expect(deps.onChange).not.toHaveBeenCalled();
  });

  it('undo from a content script (the overlay)', async () => {
    await routeMessage(READ, DMP_TAB, deps);
    const reply = await routeMessage({ type: 'undo', id: 'read:load-00000001' }, DMP_TAB, deps);
    expect(reply).toMatchObject({ ok: true, today: { dmp_consult: 0 } });
  });

  it('logs a recorder failure', async () => {
    const reply = await routeMessage({ type: 'undo', id: 'unknown-0000001' }, POPUP, deps);
    expect(reply).toEqual({ ok: false, error: 'unknown_event' });
    expect(deps.log).toHaveBeenCalledWith('failed: undo: unknown_event');
  });
});
