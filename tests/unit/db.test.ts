import { afterEach, describe, expect, it } from 'vitest';
import {
  DB_NAME,
  DB_VERSION,
  MIGRATIONS,
  eventsBetweenDays,
  getEvent,
  getSchemaMeta,
  lastActiveEvent,
  openSuiviDb,
  putEvent,
  putSpans,
  setUndone,
  type SuiviDb,
} from '@/lib/storage/db';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { summarizeDays } from '@/lib/domain/day-summary';

const opened: SuiviDb[] = [];
async function open(version?: number): Promise<SuiviDb> {
  const db = await openSuiviDb(version);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function ev(id: string, when: Date, fields: Partial<DmpEvent> = {}): DmpEvent {
  return makeEvent({
    id,
    kind: 'dmp_upload',
    at: when.getTime(),
    site: 'dmp-web',
    source: 'auto',
    docClass: '11488-4',
    ...fields,
  });
}

/** A sample of what version 1 stored. */
const V1_SAMPLE: DmpEvent[] = [
  ev('v1-upload-0001', new Date(2025, 0, 31, 17, 5), { durationMs: 42_000 }),
  ev('v1-failed-0002', new Date(2025, 1, 1, 9, 0), { kind: 'dmp_upload_failed', docClass: 'VSM' }),
  ev('read:v1-page-0003', new Date(2025, 1, 1, 9, 30), { kind: 'dmp_consult', docClass: undefined }),
  ev('manual-v1-0004', new Date(2025, 1, 2, 11, 0), { source: 'manual', site: 'manual', undone: true }),
].map((e) => JSON.parse(JSON.stringify(e)) as DmpEvent);

describe('migrations', () => {
  it('has one step per version', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('upgrades a version 1 database step by step and keeps its events', async () => {
    const v1 = await open(1);
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames].sort()).toEqual(['events', 'meta']);
    for (const e of V1_SAMPLE) await v1.put('events', e);
    const metaV1 = await getSchemaMeta(v1);
    expect(metaV1?.version).toBe(1);
    expect(Object.keys(metaV1?.migratedAt ?? {})).toEqual(['1']);
    v1.close();

    const db = await open();
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('spans')).toBe(true);
    expect([...db.transaction('events').store.indexNames].sort()).toEqual(['at', 'day', 'kind']);

    const kept = await db.getAll('events');
    expect(kept.sort((a, b) => a.at - b.at)).toEqual(V1_SAMPLE);

    const meta = await getSchemaMeta(db);
    expect(meta?.version).toBe(DB_VERSION);
    for (let version = 1; version <= DB_VERSION; version++) {
      expect(meta?.migratedAt[String(version)], `migratedAt[${version}]`).toEqual(expect.any(Number));
    }
    // The first step's date is the one of the v1 open, not rewritten by the upgrade.
    expect(meta?.migratedAt['1']).toBe(metaV1?.migratedAt['1']);

    // v2 data: spans are stored and read by day.
    await db.put('spans', {
      id: 'span-1',
      site: 'dmp-web',
      activity: 'dmp',
      start: 1,
      end: 2,
      day: '2025-02-01',
    });
    expect(await db.getAllFromIndex('spans', 'day', '2025-02-01')).toHaveLength(1);
  });

  it('creates every store on a fresh install and records each step', async () => {
    const db = await open();
    expect([...db.objectStoreNames].sort()).toEqual([
      'days',
      'events',
      'meta',
      'sites',
      'spans',
      'taughtRules',
      'unconfirmed',
    ]);
    const meta = await getSchemaMeta(db);
    expect(meta).toMatchObject({ key: 'schema', version: DB_VERSION });
    expect(Object.keys(meta?.migratedAt ?? {}).sort()).toEqual(MIGRATIONS.map((_, i) => String(i + 1)));
  });

  it('upgrades a version 3 database to 4: a summary per day with activity, built from the data kept', async () => {
    const v3 = await open(3);
    for (const e of V1_SAMPLE) await v3.put('events', e);
    const spanStart = new Date(2025, 1, 1, 23, 50).getTime();
    await v3.put('spans', {
      id: 'span:dmp-web:dmp:v3',
      site: 'dmp-web',
      activity: 'dmp',
      start: spanStart,
      end: spanStart + 20 * 60_000,
      day: '2025-02-01',
    });
    v3.close();
    const db = await open(4);
    const days = await db.getAll('days');
    // 2025-02-02 holds an undone event only, and the span's last ten minutes.
    expect(days.map((d) => d.day)).toEqual(['2025-01-31', '2025-02-01', '2025-02-02']);
    expect(days[0]).toMatchObject({
      counts: { dmp_upload: 1 },
      uploadsByClass: { '11488-4': 1 },
      depositDurationsMs: [42_000],
    });
    expect(days[1]).toMatchObject({
      counts: { dmp_upload_failed: 1, dmp_consult: 1 },
      timeMs: { dmp: 10 * 60_000 },
    });
    expect(days[2]).toMatchObject({ counts: { dmp_upload: 0 }, timeMs: { dmp: 10 * 60_000 } });
  });

  it('keeps the day summary in step with each event written, undone and redone', async () => {
    const db = await open();
    const e = ev('upload-summary-1', new Date(2026, 10, 10, 9));
    await putEvent(db, e);
    expect((await db.get('days', '2026-11-10'))?.counts.dmp_upload).toBe(1);
    await setUndone(db, e.id, true);
    expect(await db.get('days', '2026-11-10')).toBeUndefined();
    await setUndone(db, e.id, false);
    expect((await db.get('days', '2026-11-10'))?.counts.dmp_upload).toBe(1);
  });

  it('counts a span filed under another day than it lies on here (a backup from another time zone), whatever writes that day next', async () => {
    const db = await open();
    const minutes = (n: number) => n * 60_000;
    // Made 4 hours ahead (La Réunion from Paris): 21:00 here on the 10th, filed under the 11th.
    const ahead = new Date(2026, 10, 10, 21).getTime();
    // Made 4 hours behind (Guadeloupe): 23:30 here on the 20th to 00:30 on the 21st, filed under the 19th.
    const behind = new Date(2026, 10, 20, 23, 30).getTime();
    const spans = [
      { id: 'span:dmp-web:dmp:ahead', start: ahead, end: ahead + minutes(30), day: '2026-11-11' },
      { id: 'span:dmp-web:dmp:behind', start: behind, end: behind + minutes(60), day: '2026-11-19' },
    ].map((s) => ({ ...s, site: 'dmp-web', activity: 'dmp' as const }));
    await putSpans(db, spans);
    await putEvent(db, ev('upload-ahead-1', new Date(2026, 10, 10, 9)));
    await putEvent(db, ev('upload-behind-1', new Date(2026, 10, 21, 9)));
    expect((await db.get('days', '2026-11-10'))?.timeMs.dmp).toBe(minutes(30));
    expect((await db.get('days', '2026-11-20'))?.timeMs.dmp).toBe(minutes(30));
    expect((await db.get('days', '2026-11-21'))?.timeMs.dmp).toBe(minutes(30));
    expect(await db.getAll('days')).toEqual(summarizeDays(await db.getAll('events'), spans));
  });

  it('upgrades a version 2 database to 3: sites, taught rules and unconfirmed attempts, data kept', async () => {
    const v2 = await open(2);
    await v2.put('events', V1_SAMPLE[0]!);
    await v2.put('spans', {
      id: 'span-v2',
      site: 'dmp-web',
      activity: 'dmp',
      start: 1,
      end: 2,
      day: '2025-02-01',
    });
    v2.close();
    const db = await open(3);
    expect(await db.getAll('events')).toEqual([V1_SAMPLE[0]]);
    expect(await db.count('spans')).toBe(1);
    await db.put('sites', {
      id: 'custom:logiciel.exemple.fr',
      host: 'logiciel.exemple.fr',
      enabled: true,
      addedAt: 1,
    });
    await db.put('taughtRules', {
      id: 'taught-aaaaaaaa',
      host: 'logiciel.exemple.fr',
      name: 'Envoi',
      event: 'dmp_upload',
      text: '^envoyer$',
      createdAt: 1,
    });
    await db.put('unconfirmed', {
      id: 'attempt-0001',
      at: 1,
      day: '1970-01-01',
      site: 'weda',
      ruleId: 'dmp-share',
      kind: 'dmp_upload',
      source: 'auto',
    });
    expect(await db.getAllFromIndex('taughtRules', 'host', 'logiciel.exemple.fr')).toHaveLength(1);
    expect(await db.getAllFromIndex('unconfirmed', 'day', '1970-01-01')).toHaveLength(1);
    expect((await getSchemaMeta(db))?.migratedAt['3']).toEqual(expect.any(Number));
  });

  it('reopening at the same version changes nothing', async () => {
    const first = await open();
    const meta = await getSchemaMeta(first);
    await putEvent(first, V1_SAMPLE[0]!);
    first.close();
    const again = await open();
    expect(await getSchemaMeta(again)).toEqual(meta);
    expect(await again.count('events')).toBe(1);
  });

  it('uses the documented database name', async () => {
    const db = await open();
    expect(db.name).toBe('suivi-dmp');
    expect(DB_NAME).toBe('suivi-dmp');
  });
});

describe('events store', () => {
  it('putEvent is idempotent and never overwrites a stored event', async () => {
    const db = await open();
    const original = ev('flow-aaaaaaaa', new Date(2025, 2, 14, 10));
    expect(await putEvent(db, original)).toBe('added');
    await setUndone(db, original.id, true);

    const replay = { ...original, docClass: 'VSM' as const };
    expect(await putEvent(db, replay)).toBe('exists');
    const stored = await getEvent(db, original.id);
    expect(stored?.undone).toBe(true);
    expect(stored?.docClass).toBe('11488-4');
    expect(await db.count('events')).toBe(1);
  });

  it('eventsBetweenDays includes both bounds and nothing outside', async () => {
    const db = await open();
    await putEvent(db, ev('day-before-0001', new Date(2025, 1, 28, 23, 59)));
    await putEvent(db, ev('first-day-0002', new Date(2025, 2, 1, 0, 0)));
    await putEvent(db, ev('mid-month-0003', new Date(2025, 2, 15, 12)));
    await putEvent(db, ev('last-day-00004', new Date(2025, 2, 31, 23, 59)));
    await putEvent(db, ev('day-after-0005', new Date(2025, 3, 1, 0, 0)));
    const march = await eventsBetweenDays(db, '2025-03-01', '2025-03-31');
    expect(march.map((e) => e.id).sort()).toEqual(['first-day-0002', 'last-day-00004', 'mid-month-0003']);
    const oneDay = await eventsBetweenDays(db, '2025-03-15', '2025-03-15');
    expect(oneDay.map((e) => e.id)).toEqual(['mid-month-0003']);
  });

  it('setUndone marks, restores, and reports unknown ids', async () => {
    const db = await open();
    await putEvent(db, ev('flow-bbbbbbbb', new Date(2025, 2, 14, 10)));
    expect((await setUndone(db, 'flow-bbbbbbbb', true))?.undone).toBe(true);
    expect((await getEvent(db, 'flow-bbbbbbbb'))?.undone).toBe(true);
    const restored = await setUndone(db, 'flow-bbbbbbbb', false);
    expect(restored).not.toHaveProperty('undone');
    expect(await getEvent(db, 'flow-bbbbbbbb')).not.toHaveProperty('undone');
    expect(await setUndone(db, 'flow-unknown0', true)).toBeUndefined();
    expect(await db.count('events')).toBe(1);
  });

  it('lastActiveEvent is the newest event that is not undone', async () => {
    const db = await open();
    expect(await lastActiveEvent(db)).toBeUndefined();
    // Inserted out of time order: the `at` index decides, not insertion.
    await putEvent(db, ev('newest-00000003', new Date(2025, 2, 14, 12)));
    await putEvent(db, ev('oldest-00000001', new Date(2025, 2, 14, 8)));
    await putEvent(db, ev('middle-00000002', new Date(2025, 2, 14, 10)));
    expect((await lastActiveEvent(db))?.id).toBe('newest-00000003');
    await setUndone(db, 'newest-00000003', true);
    expect((await lastActiveEvent(db))?.id).toBe('middle-00000002');
    await setUndone(db, 'middle-00000002', true);
    await setUndone(db, 'oldest-00000001', true);
    expect(await lastActiveEvent(db)).toBeUndefined();
  });
});

describe('a newer build opening the database', () => {
  it('is not blocked by a connection this build still holds: that connection closes', async () => {
    const db = await openSuiviDb();
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION + 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked by the older connection'));
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    // The old connection is closed: using it fails rather than writing into a newer schema.
    expect(() => db.transaction('events')).toThrow();
  });
});
