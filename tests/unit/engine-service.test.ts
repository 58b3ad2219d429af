import { describe, expect, it } from 'vitest';
import { openSuiviDb } from '@/lib/storage/db';
import {
  ENCOUNTER_IDLE_MS,
  encounterCounts,
  joinEncounter,
  liveEncounter,
  startEncounter,
  type EncounterState,
} from '@/lib/background/encounters';
import { ProgramService } from '@/lib/background/program-service';
import type { CarriedRecord } from '@/lib/background/carried-store';
import { EventService } from '@/lib/background/event-service';
import type { ProgramReply } from '@/lib/messaging/replies';
import { testBackground } from '../support/background';
import { listSites, listUnconfirmed, putTaughtRule, allTaughtRules } from '@/lib/storage/rule-store';
import type { OverlayPush, ResponsePush } from '@/lib/messaging/page-protocol';

const OWN = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const WEDA = {
  extensionId: OWN,
  url: 'https://secure.weda.fr/FolderMedical/CourrierForm.aspx?PatDk=1',
  tabId: 7,
  frameId: 0,
};
const DASH = { extensionId: OWN, url: `${ORIGIN}dashboard.html` };

async function setup(start = Date.UTC(2026, 2, 10, 9), injectPicker?: (tabId: number) => Promise<void>) {
  const db = await openSuiviDb();
  let clock = start;
  const encounters = new Map<number, EncounterState>();
  const carried = new Map<number, CarriedRecord[]>();
  const pushes: OverlayPush[] = [];
  const registered: string[] = [];
  const encounterStore = {
    get: async (t: number) => encounters.get(t),
    set: async (t: number, s: EncounterState) => void encounters.set(t, s),
    delete: async (t: number) => void encounters.delete(t),
  };
  const push = (_tab: number, m: OverlayPush) => void pushes.push(m);
  const responses: ResponsePush[] = [];
  const events = new EventService({ db, encounters: encounterStore, now: () => clock, push });
  const service = new ProgramService({
    db,
    events,
    encounters: encounterStore,
    carried: {
      get: async (t) => [...(carried.get(t) ?? [])],
      set: async (t, r) => void carried.set(t, r),
      remove: async (t) => void carried.delete(t),
    },
    now: () => clock,
    registerSite: async (h) => void registered.push(`+${h}`),
    unregisterSite: async (h) => void registered.push(`-${h}`),
    push,
    pushAll: (_tab, m) => void responses.push(m),
    log: () => undefined,
    onChange: () => undefined,
    ...(injectPicker && { injectPicker }),
  });
  // Through the background's router: who may talk is checked there.
  const background = testBackground({ db, events, programs: service, ownId: OWN, ownOrigin: ORIGIN });
  const send = (raw: Record<string, unknown>, sender: object = WEDA) =>
    background.route(raw, sender as never) as Promise<ProgramReply>;
  return {
    db,
    service,
    send,
    pushes,
    responses,
    registered,
    encounters,
    now: () => clock,
    tick: (ms: number) => (clock += ms),
  };
}

const attempt = (fields: Record<string, unknown>) => ({
  type: 'engine_attempt',
  site: 'weda',
  ruleId: 'dmp-share',
  kind: 'dmp_upload',
  source: 'auto',
  ...fields,
});

describe('ProgramService: who may talk', () => {
  it("refuses another extension, a page of a site not enabled, and a site id that is not the page's", async () => {
    const { send } = await setup();
    expect(
      await send({ type: 'engine_hello', site: 'weda', topFrame: true }, { ...WEDA, extensionId: 'other' }),
    ).toMatchObject({ ok: false });
    expect(
      await send(
        { type: 'engine_hello', site: 'custom:evil.example.fr', topFrame: true },
        { ...WEDA, url: 'https://evil.example.fr/' },
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining('not an enabled site') });
    expect(await send({ type: 'engine_hello', site: 'custom:secure.weda.fr', topFrame: true })).toMatchObject(
      { ok: false, error: expect.stringContaining('does not match') },
    );
    expect(await send({ type: 'engine_hello', site: 'weda', topFrame: true })).toMatchObject({
      ok: true,
      taught: [],
      carried: [],
    });
  });

  it('refuses page text smuggled in a field, and dashboard messages from a page', async () => {
    const { send } = await setup();
    expect(
      await send(attempt({ attemptId: 'attempt-0001', outcome: 'counted', title: 'DUPONTEL' })),
    ).toMatchObject({ ok: false });
    expect(await send({ type: 'site_add', host: 'evil.example.fr' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('only the dashboard'),
    });
  });

  it("the picker's script goes into the asking tab's top frame; a frame or a failure gets a refusal", async () => {
    const injected: number[] = [];
    let fail = false;
    const { send } = await setup(undefined, async (tabId) => {
      if (fail) throw new Error('Cannot access contents of the page');
      injected.push(tabId);
    });
    expect(await send({ type: 'picker_load', site: 'weda' })).toEqual({ ok: true });
    expect(injected).toEqual([WEDA.tabId]);
    expect(await send({ type: 'picker_load', site: 'weda' }, { ...WEDA, frameId: 3 })).toMatchObject({
      ok: false,
    });
    fail = true;
    expect(await send({ type: 'picker_load', site: 'weda' })).toEqual({
      ok: false,
      error: 'picker_unavailable',
    });
    expect(injected).toEqual([WEDA.tabId]);
  });

  it('a built-in site the user turned off is not listened to', async () => {
    const { send } = await setup();
    expect(await send({ type: 'site_toggle', id: 'weda', enabled: false }, DASH)).toEqual({ ok: true });
    expect(await send({ type: 'engine_hello', site: 'weda', topFrame: true })).toMatchObject({ ok: false });
    await send({ type: 'site_toggle', id: 'weda', enabled: true }, DASH);
    expect(await send({ type: 'engine_hello', site: 'weda', topFrame: true })).toMatchObject({ ok: true });
  });
});

describe('ProgramService: counting', () => {
  it('a confirmed attempt is an event linked to the encounter; the encounter counts once however signalled', async () => {
    const { db, send, pushes } = await setup();
    await send({
      type: 'engine_encounter',
      attemptId: 'attempt-0000',
      site: 'weda',
      ruleId: 'record-opened',
    });
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 30_000 }));
    expect(pushes.at(-1)).toMatchObject({ waiting: true });
    const reply = await send(
      attempt({ attemptId: 'attempt-0001', outcome: 'confirmed', docClass: '11490-0', durationMs: 900 }),
    );
    expect(reply).toMatchObject({
      ok: true,
      counted: [{ id: 'attempt-0001', kind: 'dmp_upload', docClass: '11490-0' }],
    });
    await send(
      attempt({ attemptId: 'attempt-0002', ruleId: 'billing', kind: 'encounter', outcome: 'confirmed' }),
    );
    await send(
      attempt({ attemptId: 'attempt-0003', ruleId: 'billing', kind: 'encounter', outcome: 'confirmed' }),
    );
    const events = await db.getAll('events');
    expect(events).toHaveLength(2);
    const encounter = events.find((e) => e.kind === 'encounter')!;
    expect(encounter.id).toBe(`enc:${encounter.encounter}`);
    expect(events.find((e) => e.kind === 'dmp_upload')).toMatchObject({
      encounter: encounter.encounter,
      durationMs: 900,
      site: 'weda',
      source: 'auto',
    });
    expect(pushes.at(-1)).toMatchObject({ waiting: false, encounterCounts: { dmp_upload: 1, encounter: 1 } });
  });

  it('a failed deposit is recorded as a failure; a cancelled one leaves nothing', async () => {
    const { db, send } = await setup();
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'failed', docClass: '11490-0' }));
    await send(attempt({ attemptId: 'attempt-0002', outcome: 'cancelled' }));
    await send(
      attempt({ attemptId: 'attempt-0003', ruleId: 'sick-leave', kind: 'sick_leave', outcome: 'failed' }),
    );
    expect((await db.getAll('events')).map((e) => [e.id, e.kind])).toEqual([
      ['attempt-0001:failed', 'dmp_upload_failed'],
    ]);
  });

  it('an unanswered attempt goes to the unconfirmed list; a late answer takes it off; the dashboard confirms', async () => {
    const { db, send } = await setup();
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'unconfirmed' }));
    await send(attempt({ attemptId: 'attempt-0002', outcome: 'unconfirmed', docClass: 'VSM' }));
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'confirmed' }));
    expect((await listUnconfirmed(db)).map((u) => u.id)).toEqual(['attempt-0002']);
    await send({ type: 'unconfirmed_resolve', id: 'attempt-0002', confirm: true }, DASH);
    expect(await listUnconfirmed(db)).toEqual([]);
    expect((await db.getAll('events')).map((e) => e.id).sort()).toEqual(['attempt-0001', 'attempt-0002']);
  });

  it('an attempt waiting when its page goes is unconfirmed at the next page, unless a URL there can settle it', async () => {
    const { db, send } = await setup();
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 30_000 }));
    await send(
      attempt({
        attemptId: 'attempt-0002',
        outcome: 'pending',
        timeoutMs: 30_000,
        crossPage: true,
        docClass: 'VSM',
      }),
    );
    const hello = await send({ type: 'engine_hello', site: 'weda', topFrame: true });
    expect(hello).toMatchObject({
      ok: true,
      carried: [{ attemptId: 'attempt-0002', ruleId: 'dmp-share', docClass: 'VSM' }],
    });
    expect((await listUnconfirmed(db)).map((u) => u.id)).toEqual(['attempt-0001']);
  });

  it('closing the tab files what waited there and ends its encounter', async () => {
    const { db, send, service, encounters } = await setup();
    await send({
      type: 'engine_encounter',
      attemptId: 'attempt-0000',
      site: 'weda',
      ruleId: 'record-opened',
    });
    await send(
      attempt({ attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 30_000, crossPage: true }),
    );
    await service.forgetTab(7);
    expect((await listUnconfirmed(db)).map((u) => u.id)).toEqual(['attempt-0001']);
    expect(encounters.has(7)).toBe(false);
  });
});

describe('ProgramService: sites and taught rules', () => {
  it('adding a site registers its script and lets its pages talk; removing it undoes both and its rules', async () => {
    const { db, send, registered } = await setup();
    const page = { extensionId: OWN, url: 'https://lgc.exemple.fr/x', tabId: 3, frameId: 2 };
    expect(
      await send({ type: 'engine_hello', site: 'custom:lgc.exemple.fr', topFrame: false }, page),
    ).toMatchObject({ ok: false });
    expect(await send({ type: 'site_add', host: 'lgc.exemple.fr' }, DASH)).toEqual({ ok: true });
    expect(registered).toEqual(['+lgc.exemple.fr']);
    expect(
      await send({ type: 'engine_hello', site: 'custom:lgc.exemple.fr', topFrame: false }, page),
    ).toMatchObject({ ok: true });
    const saved = await send(
      {
        type: 'taught_save',
        id: 'taught-aaaaaaaa-1111',
        site: 'custom:lgc.exemple.fr',
        name: 'Dépôt DMP',
        event: 'dmp_upload',
        selector: 'button[data-action="t"]',
        successText: 'Transfert effectué',
      },
      page,
    );
    expect(saved).toEqual({ ok: true });
    expect(await allTaughtRules(db)).toMatchObject([{ host: 'lgc.exemple.fr', event: 'dmp_upload' }]);
    await send({ type: 'taught_rename', id: 'taught-aaaaaaaa-1111', name: 'Transfert' }, DASH);
    expect((await allTaughtRules(db))[0]!.name).toBe('Transfert');
    await putTaughtRule(db, {
      id: 'taught-bbbbbbbb-2222',
      host: 'autre.exemple.fr',
      name: 'x',
      event: 'dmp_consult',
      text: 'x',
      createdAt: 1,
    });
    expect(await send({ type: 'site_remove', id: 'custom:lgc.exemple.fr' }, DASH)).toEqual({ ok: true });
    expect(registered).toEqual(['+lgc.exemple.fr', '-lgc.exemple.fr']);
    expect(await listSites(db)).toEqual([]);
    expect((await allTaughtRules(db)).map((r) => r.host)).toEqual(['autre.exemple.fr']);
    expect(
      await send({ type: 'engine_hello', site: 'custom:lgc.exemple.fr', topFrame: false }, page),
    ).toMatchObject({ ok: false });
  });
});

describe('encounters', () => {
  it('an event joins the live encounter; a billing opens one if none; an idle one is over', () => {
    const open = startEncounter('weda', 1000, () => 'enc-1');
    expect(joinEncounter(open, 'dmp_upload', 'weda', 2000)).toEqual({ ...open, lastAt: 2000 });
    expect(joinEncounter(undefined, 'dmp_upload', 'weda', 2000)).toBeUndefined();
    expect(joinEncounter(undefined, 'encounter', 'weda', 2000, () => 'enc-2')).toMatchObject({
      id: 'enc-2',
      startedAt: 2000,
    });
    expect(liveEncounter(open, 1000 + ENCOUNTER_IDLE_MS + 1)).toBeUndefined();
    expect(liveEncounter(open, 1000 + ENCOUNTER_IDLE_MS)).toBe(open);
  });

  it('counts the events of one encounter that were not undone', () => {
    const base = { at: 1, day: '2026-03-10', site: 'weda', source: 'auto' as const };
    const events = [
      { ...base, id: 'a-00000001', kind: 'dmp_upload' as const, encounter: 'enc-1' },
      { ...base, id: 'a-00000002', kind: 'dmp_upload' as const, encounter: 'enc-1', undone: true },
      { ...base, id: 'a-00000003', kind: 'eprescription' as const, encounter: 'enc-1' },
      { ...base, id: 'a-00000004', kind: 'dmp_upload' as const, encounter: 'enc-2' },
    ];
    expect(encounterCounts(events, 'enc-1')).toEqual({ dmp_upload: 1, eprescription: 1 });
  });
});

describe('ProgramService: responses seen through webRequest', () => {
  it('gives the status class of a matching response to the attempt waiting on it, even when it came first', async () => {
    const db = await openSuiviDb();
    const pushed: unknown[] = [];
    let clock = 10_000;
    const encounters = {
      get: async () => undefined,
      set: async () => undefined,
      delete: async () => undefined,
    };
    const events = new EventService({ db, encounters, now: () => clock, push: () => undefined });
    const service = new ProgramService({
      db,
      events,
      encounters,
      carried: { get: async () => [], set: async () => undefined, remove: async () => undefined },
      now: () => clock,
      registerSite: async () => undefined,
      unregisterSite: async () => undefined,
      push: () => undefined,
      pushAll: (_t, m) => void pushed.push(m),
      log: () => undefined,
      onChange: () => undefined,
    });
    const background = testBackground({ db, events, programs: service, ownId: OWN, ownOrigin: ORIGIN });
    const watch = (attemptId: string, startedAt: number) =>
      background.route(
        {
          type: 'engine_watch',
          attemptId,
          site: 'weda',
          watches: [
            { url: '/api/dmp/', status: '2xx' },
            { url: '/api/dmp/', status: '5xx' },
          ],
          timeoutMs: 30_000,
          startedAt,
        },
        WEDA as never,
      );
    await watch('attempt-0001', clock);
    service.responseCompleted(7, 'https://secure.weda.fr/api/agenda?x=1', 200);
    service.responseCompleted(7, 'https://secure.weda.fr/api/dmp/share?PatDk=1', 503);
    expect(pushed).toEqual([{ type: 'response_seen', attemptId: 'attempt-0001', status: '5xx' }]);
    // A fast server: the response before the watch message; an older one is not this attempt's.
    service.responseCompleted(7, 'https://secure.weda.fr/api/dmp/share', 200);
    clock += 100;
    await watch('attempt-0002', clock - 80);
    expect(pushed.at(-1)).toEqual({ type: 'response_seen', attemptId: 'attempt-0002', status: '2xx' });
    clock += 5_000;
    service.responseCompleted(7, 'https://secure.weda.fr/api/dmp/share', 200);
    await watch('attempt-0003', clock + 200);
    expect(pushed).toHaveLength(2);
  });
});

describe('rule health', () => {
  it('notes matches and confirmations, and flags a deposit rule gone silent while its site is used', async () => {
    const { noteRule, noteSiteSeen, ruleState, EMPTY_HEALTH } = await import('@/lib/domain/rule-health');
    const day = 24 * 3600 * 1000;
    let h = noteRule(EMPTY_HEALTH, 'weda', 'dmp-share', 'pending', 1 * day);
    h = noteRule(h, 'weda', 'dmp-share', 'confirmed', 1 * day + 500);
    expect(h.rules['weda/dmp-share']).toEqual({ matchedAt: 1 * day + 500, confirmedAt: 1 * day + 500 });
    expect(ruleState(h, 'weda', 'dmp-share', 2 * day)).toBe('ok');
    h = noteSiteSeen(h, 'weda', 20 * day);
    expect(ruleState(h, 'weda', 'dmp-share', 20 * day)).toBe('silent');
    expect(ruleState(h, 'weda', 'sick-leave', 20 * day)).toBe('never');
    expect(ruleState(h, 'weda', 'sick-leave', 30 * day)).toBe('ok');
    h = noteRule(h, 'weda', 'dmp-share', 'unconfirmed', 20 * day);
    expect(ruleState(h, 'weda', 'dmp-share', 20 * day)).toBe('unconfirmed');
  });
});

describe("ProgramService: an attempt's response watch ends with its page", () => {
  it("ends an attempt's watch with its page: the next page's attempt gets the response, the old one is unconfirmed", async () => {
    const { db, send, service, responses, now, tick } = await setup();
    const watch = (attemptId: string) =>
      send({
        type: 'engine_watch',
        attemptId,
        site: 'weda',
        watches: [{ url: '/api/dmp/', status: '2xx' }],
        timeoutMs: 30_000,
        startedAt: now(),
      });
    // An attempt waits on a response of its own page only (no URL signal): never confirmed...
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 30_000 }));
    await watch('attempt-0001');
    // ...and its page is left well within its time-out: the next page's top frame says hello.
    tick(2_000);
    // A frame of the same page loading is not the page being left.
    await send({ type: 'engine_hello', site: 'weda', topFrame: false }, { ...WEDA, frameId: 3 });
    await send({ type: 'engine_hello', site: 'weda', topFrame: true });
    expect((await listUnconfirmed(db)).map((u) => u.id)).toEqual(['attempt-0001']);
    // The new page's own attempt on the same request pattern.
    tick(1_000);
    await send(attempt({ attemptId: 'attempt-0002', outcome: 'pending', timeoutMs: 30_000 }));
    await watch('attempt-0002');
    service.responseCompleted(7, 'https://secure.weda.fr/api/dmp/share', 200);
    expect(responses).toEqual([{ type: 'response_seen', attemptId: 'attempt-0002', status: '2xx' }]);
  });

  it("keeps an attempt's watch while only a frame of its page loads", async () => {
    const { send, service, responses, now } = await setup();
    await send(attempt({ attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 30_000 }));
    await send({
      type: 'engine_watch',
      attemptId: 'attempt-0001',
      site: 'weda',
      watches: [{ url: '/api/dmp/', status: '2xx' }],
      timeoutMs: 30_000,
      startedAt: now(),
    });
    await send({ type: 'engine_hello', site: 'weda', topFrame: false }, { ...WEDA, frameId: 3 });
    service.responseCompleted(7, 'https://secure.weda.fr/api/dmp/share', 200);
    expect(responses).toEqual([{ type: 'response_seen', attemptId: 'attempt-0001', status: '2xx' }]);
  });
});
