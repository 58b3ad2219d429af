import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildBackup, serializeBackup, type BackupState } from '@/lib/domain/backup';
import { DataService } from '@/lib/background/data-service';
import { parseExtensionBackup } from '@/lib/domain/backup-extension';
import { readBackupState } from '@/lib/storage/backup-state';
import type { DataReply } from '@/lib/messaging/replies';
import { channelsOf } from '@/lib/messaging/channels';
import { testBackground } from '../support/background';
import { problemText } from '@/components/i18n';
import { openSuiviDb, putEvent, type SuiviDb } from '@/lib/storage/db';
import type { TimeSpan } from '@/lib/domain/spans';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/domain/settings';
import type { SenderInfo } from '@/lib/messaging/channels';

const OWN_ID = 'own-extension-id';
const ORIGIN = 'chrome-extension://own-extension-id/';
const DASHBOARD: SenderInfo = { extensionId: OWN_ID, url: `${ORIGIN}dashboard.html` };

function ev(id: string, day: number, fields: Partial<DmpEvent> = {}): DmpEvent {
  return makeEvent({
    id,
    kind: 'dmp_upload',
    at: new Date(2026, 2, day, 10).getTime(),
    site: 'dmp-web',
    source: 'auto',
    docClass: '11488-4',
    ...fields,
  });
}

function span(start: number, minutes: number): TimeSpan {
  return {
    id: `span:dmp-web:dmp:${start}`,
    site: 'dmp-web',
    activity: 'dmp',
    start,
    end: start + minutes * 60_000,
    day: '2026-03-02',
  };
}

const SITE = {
  id: 'custom:logiciel.example.fr',
  host: 'logiciel.example.fr',
  enabled: true,
  addedAt: 1_700_000_000_000,
};
const RULE = {
  id: 'taught-abcdef123456',
  host: 'logiciel.example.fr',
  name: 'Envoyer au DMP',
  event: 'dmp_upload' as const,
  selector: '#envoyer',
  createdAt: 1_700_000_000_000,
};

let db: SuiviDb;
let stored: Settings;
let settingsWrites: number;
let cleared: number;
let changes: number;
let service: DataService;

function backupText(state: Partial<BackupState> = {}): string {
  return serializeBackup(
    buildBackup(
      {
        events: [],
        spans: [],
        settings: { consultationFeeEur: 26.5 },
        sites: [],
        taughtRules: [],
        profileId: 'plfss-2026',
        customProfile: null,
        ...state,
      },
      Date.UTC(2026, 3, 1),
    ),
  );
}

async function snapshot() {
  return {
    ...(await readBackupState(db, stored)),
    unconfirmed: await db.getAll('unconfirmed'),
    stored: structuredClone(stored),
    settingsWrites,
  };
}

function restore(
  text: string,
  mode: 'replace' | 'merge' = 'replace',
  sender: SenderInfo = DASHBOARD,
): Promise<DataReply> {
  return route({ type: 'restore_apply', text, mode }, sender);
}

beforeEach(async () => {
  db = await openSuiviDb();
  stored = { ...DEFAULT_SETTINGS };
  settingsWrites = 0;
  cleared = 0;
  changes = 0;
  await putEvent(db, ev('local-0001', 2));
  await putEvent(db, ev('local-0002', 3, { kind: 'dmp_consult', docClass: undefined }));
  await db.put('spans', span(new Date(2026, 2, 2, 9).getTime(), 5));
  service = new DataService({
    db,
    settings: {
      get: async () => stored,
      set: async (s) => {
        stored = s;
        settingsWrites += 1;
      },
    },
    clearStorage: async () => {
      cleared += 1;
    },
    log: () => {},
    onChange: () => {
      changes += 1;
    },
  });
});

afterEach(() => db.close());

/** A message to the background, through its router, handled by this test's `service`. */
function route(raw: unknown, sender: SenderInfo): Promise<DataReply> {
  return testBackground({ db, data: service, ownId: OWN_ID, ownOrigin: ORIGIN }).route(
    raw,
    sender,
  ) as Promise<DataReply>;
}

describe('data service messages', () => {
  it("restore and erase come from the extension's pages only", () => {
    expect(channelsOf('restore_apply')).toEqual(['extension']);
    expect(channelsOf('erase_all')).toEqual(['extension']);
  });

  it('refuses another extension, a web page, and a malformed message, changing nothing', async () => {
    const before = await snapshot();
    expect(
      await route({ type: 'erase_all' }, { extensionId: 'other', url: `${ORIGIN}dashboard.html` }),
    ).toMatchObject({ ok: false });
    expect(
      await route(
        { type: 'erase_all' },
        { extensionId: OWN_ID, url: 'https://wps-psc.dmp.monespacesante.fr/dmp/x', tabId: 3 },
      ),
    ).toMatchObject({
      ok: false,
    });
    expect(await route({ type: 'erase_all', extra: 1 }, DASHBOARD)).toMatchObject({ ok: false });
    expect(
      await route({ type: 'restore_apply', text: backupText(), mode: 'overwrite' }, DASHBOARD),
    ).toMatchObject({ ok: false });
    expect(await snapshot()).toEqual(before);
    expect(changes).toBe(0);
  });
});

describe('restore', () => {
  it('replace: the stores, settings and profile become the backup, in one transaction', async () => {
    const spy = vi.spyOn(db, 'transaction');
    const incoming = [ev('backup-0001', 5), ev('backup-0002', 6, { kind: 'dmp_upload_failed' })];
    const reply = await restore(
      backupText({
        events: incoming,
        spans: [span(new Date(2026, 2, 5, 9).getTime(), 7)],
        sites: [SITE],
        taughtRules: [RULE],
      }),
    );
    expect(reply).toMatchObject({
      ok: true,
      restored: {
        mode: 'replace',
        events: { added: 2, updated: 0, removed: 2 },
        sites: { added: 1 },
        taughtRules: { added: 1 },
        profileChanged: true,
      },
    });
    const writes = spy.mock.calls.filter((c) => c[1] === 'readwrite');
    expect(writes).toHaveLength(1);
    expect(writes[0]![0]).toEqual(['events', 'spans', 'sites', 'taughtRules', 'days']);
    expect((await db.getAll('events')).map((e) => e.id).sort()).toEqual(['backup-0001', 'backup-0002']);
    expect(await db.getAll('spans')).toHaveLength(1);
    expect(await db.getAll('sites')).toEqual([SITE]);
    expect(await db.getAll('taughtRules')).toEqual([RULE]);
    expect(stored).toMatchObject({ profileId: 'plfss-2026', consultationFeeEur: 26.5, customProfile: null });
    expect(changes).toBe(1);
  });

  it('merge keeps both sides, without duplicates, and the local record of an id on both sides', async () => {
    const reply = await restore(
      backupText({ events: [ev('local-0001', 2, { undone: true }), ev('backup-0001', 5)], sites: [SITE] }),
      'merge',
    );
    expect(reply).toMatchObject({
      ok: true,
      restored: { events: { added: 1, updated: 0, removed: 0 }, profileChanged: false },
    });
    const events = await db.getAll('events');
    expect(events.map((e) => e.id).sort()).toEqual(['backup-0001', 'local-0001', 'local-0002']);
    expect(events.find((e) => e.id === 'local-0001')!.undone).toBeUndefined();
    expect(await db.getAll('spans')).toHaveLength(1);
    // Local settings win; the chosen profile stays.
    expect(stored.profileId).toBe(DEFAULT_SETTINGS.profileId);
    expect(stored.consultationFeeEur).toBe(DEFAULT_SETTINGS.consultationFeeEur);
  });

  it('a backup of this very state changes nothing and writes nothing', async () => {
    const state = await readBackupState(db, stored);
    const spy = vi.spyOn(db, 'transaction');
    const reply = await restore(serializeBackup(buildBackup(state)));
    expect(reply).toMatchObject({ ok: true, restored: { noChange: true } });
    expect(spy.mock.calls.filter((c) => c[1] === 'readwrite')).toHaveLength(0);
    expect(settingsWrites).toBe(0);
  });

  const bad: Array<[string, () => string, string]> = [
    [
      'hostile (prototype key)',
      () => backupText().replace('"settings":{', '"settings":{"__proto__":{"polluted":true},'),
      'hostile',
    ],
    ['corrupt (not JSON)', () => backupText().replace('"format"', 'format'), 'not_json'],
    ['truncated', () => backupText({ events: [ev('backup-0001', 5)] }).slice(0, 150), 'truncated'],
    ['wrong version', () => backupText().replace('"version":1', '"version":7'), 'newer_version'],
    ['unknown version', () => backupText().replace('"version":1', '"version":"1"'), 'unknown_version'],
    [
      'invalid taught rule',
      () =>
        backupText({ taughtRules: [{ ...RULE, id: 'taught-abcdef123456' }] }).replace(
          '"event":"dmp_upload"',
          '"event":"rm -rf"',
        ),
      'invalid',
    ],
    [
      'unknown setting',
      () => backupText().replace('"settings":{', '"settings":{"remoteUrl":"https://example.com",'),
      'invalid',
    ],
    [
      'unknown profile',
      () => backupText().replace('"profileId":"plfss-2026"', '"profileId":"made-up"'),
      'invalid',
    ],
  ];
  for (const [name, make, code] of bad) {
    it(`a ${name} file changes nothing and says why in French`, async () => {
      const before = await snapshot();
      const reply = await restore(make());
      expect(reply).toMatchObject({ ok: false, code });
      // Worded by the dashboard from the reply's problem; here as a French user reads it.
      expect(!reply.ok && reply.problem && problemText(reply.problem)).toMatch(
        /[éèà]|rien n'a été changé|Sauvegarde|fichier/i,
      );
      expect(await snapshot()).toEqual(before);
      expect(changes).toBe(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('a write failing half-way leaves every store as it was', async () => {
    const before = await snapshot();
    // The sites' put cannot even be queued (after the events' ones were): the transaction must abort.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<typeof put>
    ) {
      if (this.name === 'sites') throw new DOMException('simulated', 'DataCloneError');
      return put.apply(this, args);
    });
    const reply = await restore(backupText({ events: [ev('backup-0001', 5)], sites: [SITE] }));
    expect(reply).toMatchObject({ ok: false, code: 'write_failed' });
    vi.restoreAllMocks();
    expect(await snapshot()).toEqual(before);
  });

  it('the dashboard preview uses the same checks (parseExtensionBackup)', () => {
    expect(parseExtensionBackup(backupText()).ok).toBe(true);
    expect(parseExtensionBackup('{"format":"suivi-dmp-backup"').ok).toBe(false);
  });
});

describe('erase', () => {
  it('empties every store but the schema record, and the storage areas', async () => {
    await db.put('sites', SITE);
    await db.put('taughtRules', RULE);
    await db.put('unconfirmed', {
      id: 'unconf-00000001',
      at: Date.now(),
      day: '2026-03-02',
      kind: 'dmp_upload',
      site: 'custom:logiciel.example.fr',
      source: 'taught',
    } as never);
    expect(await route({ type: 'erase_all' }, DASHBOARD)).toEqual({ ok: true, erased: true });
    for (const store of ['events', 'spans', 'sites', 'taughtRules', 'unconfirmed'] as const)
      expect(await db.getAll(store), store).toEqual([]);
    expect(await db.get('meta', 'schema')).toBeDefined();
    expect(cleared).toBe(1);
    expect(changes).toBe(1);
  });
});

describe('router', () => {
  it('hands restore and erase to the data service, before the recorder sees them', async () => {
    const { routeMessage } = await import('@/lib/background/router');
    const handled: unknown[] = [];
    const background = testBackground({ db, data: service, ownId: OWN_ID, ownOrigin: ORIGIN });
    vi.spyOn(background.flow, 'handle').mockImplementation(async () => ({
      ok: false as const,
      error: 'recorder should not see this',
    }));
    const stub = vi
      .spyOn(service, 'handle')
      .mockImplementation(async (raw: unknown) => (handled.push(raw), { ok: true as const, erased: true }));
    const deps = background.deps;
    expect(await routeMessage({ type: 'erase_all' }, DASHBOARD, deps)).toEqual({ ok: true, erased: true });
    expect(
      await routeMessage({ type: 'restore_apply', text: '{}', mode: 'merge' }, DASHBOARD, deps),
    ).toMatchObject({ ok: true });
    expect(handled).toHaveLength(2);
    stub.mockRestore();
    // Through the real service, a web page is refused.
    const reply = await routeMessage(
      { type: 'erase_all' },
      { extensionId: OWN_ID, url: 'https://example.com/' },
      deps,
    );
    expect(reply).toMatchObject({ ok: false });
    expect(await db.count('events')).toBe(2);
  });
});
