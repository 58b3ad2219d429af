import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from 'idb';
import { getEvent, openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import type { DmpTabState } from '@/lib/sites/dmp-web-flow';
import type { DmpPage } from '@/lib/sites/dmp-web-pages';
import type { DocClass } from '@/lib/domain/doc-classes';
import type { Request as Message } from '@/lib/messaging/protocol';
import type { EventReply as Reply } from '@/lib/messaging/replies';
import type { From } from '@/lib/messaging/channels';
import { Recorder, type FlowMessage, type TabStateStore } from '@/lib/background/recorder';
import { EventService, describeWriteError } from '@/lib/background/event-service';
import { dispatcher, makeHandlers } from '@/lib/background/handlers';
import { testBackground } from '../support/background';

class MemoryTabStates implements TabStateStore {
  readonly map = new Map<number, DmpTabState>();
  async get(tabId: number) {
    const found = this.map.get(tabId);
    return found && structuredClone(found);
  }
  async set(tabId: number, state: DmpTabState) {
    this.map.set(tabId, structuredClone(state));
  }
  async delete(tabId: number) {
    this.map.delete(tabId);
  }
}

const TAB = 12;
let db: SuiviDb;
let tabStates: MemoryTabStates;
let clock: number;
let recorder: Recorder;
let loads = 0;

beforeEach(async () => {
  db = await openSuiviDb();
  tabStates = new MemoryTabStates();
  clock = new Date(2025, 2, 14, 10, 0).getTime();
  const now = () => clock;
  const events = new EventService({
    db,
    encounters: { get: async () => undefined, set: async () => {}, delete: async () => {} },
    now,
    push: () => {},
  });
  recorder = new Recorder({ events, tabStates, now });
  // The page chain and the event messages, as the background hands them out.
  const background = testBackground({ db, now, events, flow: recorder });
  handle = dispatcher(makeHandlers({ ...background, onChange: () => {} })) as typeof handle;
});
let handle: (message: Message, from: From) => Promise<Reply>;
afterEach(() => db.close());

const pageMsg = (
  page: DmpPage,
  navType: 'navigate' | 'reload' = 'navigate',
  submitted?: { flowId: string; docClass: DocClass },
): FlowMessage => ({
  type: 'dmp_page',
  page,
  navType,
  pageLoadId: `load-${String(++loads).padStart(6, '0')}`,
  ...(submitted ? { submitted } : {}),
});
const submittedMsg = (flowId = 'flow-00000001', docClass: DocClass = '11488-4'): FlowMessage => ({
  type: 'dmp_submitted',
  flowId,
  docClass,
});
const accept: FlowMessage = { type: 'dmp_decision', decision: 'accept' };

/** From the DMP tab, or (a "+1", undo last) from the popup. */
async function send(message: Message, tabId: number = TAB): Promise<Reply> {
  clock += 1_000;
  const fromPopup = message.type === 'add_manual' || message.type === 'undo_last';
  return handle(message, fromPopup ? { channel: 'extension' } : { channel: 'dmp', tabId });
}
function ok(reply: Reply): Extract<Reply, { ok: true }> {
  expect(reply).toMatchObject({ ok: true });
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}
async function depositUpTo(stage: 'accepted'): Promise<void> {
  ok(await send(pageMsg('record_summary')));
  ok(await send(pageMsg('add_document')));
  ok(await send(submittedMsg()));
  ok(await send(pageMsg('confirm_action')));
  ok(await send(accept));
  ok(await send(pageMsg('signature')));
  expect(tabStates.map.get(TAB)?.pending?.stage).toBe(stage);
}

describe('deposit flow', () => {
  it('stores one deposit when the confirmation page comes, and says so', async () => {
    await depositUpTo('accepted');
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toEqual([]);

    const reply = ok(await send(pageMsg('upload_confirmed')));
    expect(reply.counted).toEqual([
      { id: 'flow-00000001', kind: 'dmp_upload', docClass: '11488-4', source: 'auto' },
    ]);
    expect(reply.today?.dmp_upload).toBe(1);
    expect(reply.today?.dmp_consult).toBe(1);

    const stored = await getEvent(db, 'flow-00000001');
    expect(stored).toMatchObject({
      kind: 'dmp_upload',
      site: 'dmp-web',
      source: 'auto',
      docClass: '11488-4',
      day: '2025-03-14',
      at: clock,
    });
    // From the submit to the confirmation page: four steps of one second.
    expect(stored?.durationMs).toBe(4_000);
    expect(tabStates.map.get(TAB)).toEqual({ recordOpen: true, lastFlowId: 'flow-00000001' });
  });

  it('the read of the record is stored when the summary opens', async () => {
    const reply = ok(await send(pageMsg('record_summary')));
    expect(reply.counted).toEqual([expect.objectContaining({ kind: 'dmp_consult', source: 'auto' })]);
    expect(await db.count('events')).toBe(1);
  });

  it('a cancelled deposit stores nothing', async () => {
    await send(pageMsg('record_summary'));
    await send(submittedMsg());
    await send({ type: 'dmp_decision', decision: 'cancel' });
    const reply = ok(await send(pageMsg('upload_confirmed')));
    expect(reply.counted).toEqual([]);
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toEqual([]);
  });

  it('page messages need a tab', async () => {
    expect(await recorder.handle(pageMsg('record_summary'))).toEqual({ ok: false, error: 'no_tab' });
    expect(await db.count('events')).toBe(0);
  });

  it('tabs do not share their flow', async () => {
    await depositUpTo('accepted');
    ok(await send(pageMsg('upload_confirmed'), TAB + 1));
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toEqual([]);
  });

  it('forgetTab drops the tab state', async () => {
    await depositUpTo('accepted');
    await recorder.forgetTab(TAB);
    expect(tabStates.map.has(TAB)).toBe(false);
    ok(await send(pageMsg('upload_confirmed')));
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toEqual([]);
  });
});

describe('the submit message lost (sent while the form unloads)', () => {
  it('the pages that carry the kept submit count the deposit once, with its class', async () => {
    const kept = { flowId: 'flow-00000009', docClass: 'VSM' as DocClass };
    ok(await send(pageMsg('record_summary')));
    ok(await send(pageMsg('add_document')));
    ok(await send(pageMsg('confirm_action', 'navigate', kept)));
    ok(await send(pageMsg('signature', 'navigate', kept)));
    const confirmed = ok(await send(pageMsg('upload_confirmed', 'navigate', kept)));
    expect(confirmed.counted).toEqual([
      { id: kept.flowId, kind: 'dmp_upload', docClass: 'VSM', source: 'auto' },
    ]);
    // The submit message, delivered late, and a reload of the confirmation: nothing more.
    expect(ok(await send(submittedMsg(kept.flowId, kept.docClass))).counted).toEqual([]);
    expect(ok(await send(pageMsg('upload_confirmed', 'reload', kept))).counted).toEqual([]);
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toHaveLength(1);
  });
});

describe('duplicates', () => {
  it('the same confirmation delivered twice at once is written once', async () => {
    await depositUpTo('accepted');
    const confirmation = pageMsg('upload_confirmed');
    const [a, b] = await Promise.all([
      recorder.handle(confirmation, TAB),
      recorder.handle(confirmation, TAB),
    ]);
    const countedIds = [...ok(a).counted!, ...ok(b).counted!].map((e) => e.id);
    expect(countedIds).toEqual(['flow-00000001']);
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toHaveLength(1);
  });

  it('a replay after the tab state failed to save does not write a second event', async () => {
    await depositUpTo('accepted');
    const confirmation = pageMsg('upload_confirmed');
    const set = vi.spyOn(tabStates, 'set').mockRejectedValueOnce(new Error('session storage gone'));
    expect(await recorder.handle(confirmation, TAB)).toEqual({ ok: false, error: 'write_failed' });
    expect(set).toHaveBeenCalledTimes(1);
    // The event was written before the state: the retry meets it and adds nothing.
    ok(await recorder.handle(confirmation, TAB));
    expect(await db.getAllFromIndex('events', 'kind', 'dmp_upload')).toHaveLength(1);
    expect(tabStates.map.get(TAB)).toEqual({ recordOpen: true, lastFlowId: 'flow-00000001' });
  });

  it('the same manual entry delivered twice is written once', async () => {
    const msg: Message = { type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload', docClass: 'VSM' };
    ok(await send(msg));
    const second = ok(await send(msg));
    expect(second.today?.dmp_upload).toBe(1);
    expect(await db.count('events')).toBe(1);
  });
});

describe('manual entries and undo', () => {
  it('add_manual stores a manual event and returns today', async () => {
    const reply = ok(
      await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload', docClass: 'VSM' }),
    );
    expect(reply.counted).toEqual([
      { id: 'manual-00000001', kind: 'dmp_upload', docClass: 'VSM', source: 'manual' },
    ]);
    expect(reply.today?.dmp_upload).toBe(1);
    expect(await getEvent(db, 'manual-00000001')).toMatchObject({
      site: 'manual',
      source: 'manual',
      at: clock,
      day: '2025-03-14',
    });

    const read = ok(await send({ type: 'add_manual', id: 'manual-00000002', kind: 'dmp_consult' }));
    expect(await getEvent(db, 'manual-00000002')).not.toHaveProperty('docClass');
    expect(read.today).toMatchObject({ dmp_upload: 1, dmp_consult: 1 });
  });

  it('undo then redo an event', async () => {
    ok(await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' }));
    const undone = ok(await send({ type: 'undo', id: 'manual-00000001' }));
    expect(undone.event).toMatchObject({ id: 'manual-00000001', kind: 'dmp_upload' });
    expect(undone.today?.dmp_upload).toBe(0);
    expect((await getEvent(db, 'manual-00000001'))?.undone).toBe(true);

    const redone = ok(await send({ type: 'redo', id: 'manual-00000001' }));
    expect(redone.today?.dmp_upload).toBe(1);
    expect(await getEvent(db, 'manual-00000001')).not.toHaveProperty('undone');
  });

  it('undo of an unknown event', async () => {
    expect(await send({ type: 'undo', id: 'unknown-000001' })).toEqual({ ok: false, error: 'unknown_event' });
  });

  it('undo_last undoes the newest event still counted, one at a time', async () => {
    ok(await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' }));
    ok(await send({ type: 'add_manual', id: 'manual-00000002', kind: 'dmp_consult' }));
    const first = ok(await send({ type: 'undo_last' }));
    expect(first.event?.id).toBe('manual-00000002');
    expect(first.today).toMatchObject({ dmp_upload: 1, dmp_consult: 0 });
    const second = ok(await send({ type: 'undo_last' }));
    expect(second.event?.id).toBe('manual-00000001');
    expect(second.today?.dmp_upload).toBe(0);
    const none = ok(await send({ type: 'undo_last' }));
    expect(none.event).toBeNull();
  });

  it('get_today counts only today', async () => {
    ok(await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' }));
    clock += 24 * 60 * 60 * 1000;
    ok(await send({ type: 'add_manual', id: 'manual-00000002', kind: 'dmp_upload' }));
    ok(await send({ type: 'add_manual', id: 'manual-00000003', kind: 'dmp_upload' }));
    expect(ok(await send({ type: 'get_today' })).today?.dmp_upload).toBe(2);
  });
});

describe('write failures', () => {
  function failWrites(name: string) {
    const raw = unwrap(db);
    const original = raw.transaction.bind(raw);
    return vi.spyOn(raw, 'transaction').mockImplementation(((
      names: string | string[],
      mode?: IDBTransactionMode,
    ) => {
      if (mode === 'readwrite') throw new DOMException('The quota has been exceeded.', name);
      return original(names, mode);
    }) as typeof raw.transaction);
  }

  it('a full disk answers storage_full and leaves the tab state as it was', async () => {
    await depositUpTo('accepted');
    const before = structuredClone(tabStates.map.get(TAB));
    const spy = failWrites('QuotaExceededError');

    expect(await send(pageMsg('upload_confirmed'))).toEqual({ ok: false, error: 'storage_full' });
    expect(spy).toHaveBeenCalled();
    expect(tabStates.map.get(TAB)).toEqual(before);
    expect(await db.count('events')).toBe(1); // the read only

    // Once there is room again, the same page counts the deposit.
    spy.mockRestore();
    const retry = ok(await send(pageMsg('upload_confirmed', 'reload')));
    expect(retry.counted?.map((e) => e.id)).toEqual(['flow-00000001']);
  });

  it('a full disk on a manual entry answers storage_full', async () => {
    failWrites('QuotaExceededError');
    expect(await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' })).toEqual({
      ok: false,
      error: 'storage_full',
    });
  });

  it('other failures answer write_failed', async () => {
    failWrites('UnknownError');
    expect(await send({ type: 'undo_last' })).toEqual({ ok: true, event: null, today: expect.any(Object) });
    expect(await send({ type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload' })).toEqual({
      ok: false,
      error: 'write_failed',
    });
  });

  it('describeWriteError', () => {
    expect(describeWriteError(new DOMException('x', 'QuotaExceededError'))).toBe('storage_full');
    expect(describeWriteError(new Error('x'))).toBe('write_failed');
    expect(describeWriteError(undefined)).toBe('write_failed');
    expect(describeWriteError(null)).toBe('write_failed');
  });
});
