import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_LIMITS,
  backupFilename,
  buildBackup,
  jsonEqual,
  looksTruncated,
  parseBackup,
  planRestore,
  serializeBackup,
  stateAfterPlan,
  type Backup,
  type BackupContents,
  type ParseBackupResult,
} from '@/lib/domain/backup';
import type { TimeSpan } from '@/lib/domain/spans';
import { problemDebugText } from '@/lib/domain/problem';
import { problemText } from '@/components/i18n';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const NOW = Date.UTC(2026, 3, 1, 8, 30, 0, 123);

function ev(id: string, kind: DmpEvent['kind'], when: number, fields: Partial<DmpEvent> = {}): DmpEvent {
  return makeEvent({ id, kind, at: when, site: 'dmp-web', source: 'auto', ...fields });
}

function span(id: string, start: number, minutes: number, activity: TimeSpan['activity'] = 'dmp'): TimeSpan {
  return {
    id,
    site: activity === 'manual' ? 'manual' : 'dmp-web',
    activity,
    start,
    end: start + minutes * 60_000,
    day: '2026-03-02',
  };
}

function state(overrides: Partial<BackupContents> = {}): BackupContents {
  return {
    events: [
      ev('event-a-0001', 'dmp_upload', at(2026, 3, 2, 9), { docClass: 'VSM', durationMs: 61_000 }),
      ev('event-a-0002', 'dmp_consult', at(2026, 3, 2, 9, 5), { encounter: 'enc-aaaaaaaa' }),
      ev('event-a-0003', 'dmp_upload', at(2026, 3, 2, 10), { undone: true, source: 'manual' }),
      ev('event-a-0004', 'costly_act', at(2026, 3, 2, 9, 10), {
        site: 'custom:pro.exemple.fr',
        source: 'taught',
        encounter: 'enc-aaaaaaaa',
      }),
    ],
    spans: [
      span('span:dmp-web:dmp:1', at(2026, 3, 2, 9), 12),
      span('span:manual:manual:2', at(2026, 3, 2, 18), 5, 'manual'),
    ],
    settings: {
      idleSeconds: 60,
      reminder: true,
      hourlyValue: 52.5,
      nested: { list: [1, 'deux', null, { ok: false }] },
    },
    sites: [
      { id: 'weda', enabled: false },
      { id: 'custom:pro.exemple.fr', origin: 'https://pro.exemple.fr', enabled: true },
    ],
    taughtRules: [
      {
        id: 'rule-1',
        host: 'pro.exemple.fr',
        selector: 'button[data-action="send"]',
        produces: 'dmp_upload',
      },
    ],
    profileId: 'custom',
    customProfile: {
      id: 'custom',
      status: 'custom',
      targetRate: 0.6,
      label: { fr: 'Mon profil', en: 'My profile' },
    },
    ...overrides,
  };
}

function validText(mutate?: (raw: Record<string, unknown>) => void): string {
  const raw = JSON.parse(serializeBackup(buildBackup(state(), NOW))) as Record<string, unknown>;
  mutate?.(raw);
  return JSON.stringify(raw);
}

/** A refusal: its code, its message key, and its text as a French user reads it (setup.ts). */
function refused(result: ParseBackupResult): { code: string; key: string; text: string } {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  const text = problemText(result.problem);
  expect(text.length).toBeGreaterThan(10);
  return { code: result.code, key: result.problem.key, text };
}

describe('buildBackup and parseBackup', () => {
  it('round-trips exactly through JSON', () => {
    const backup = buildBackup(state(), NOW);
    expect(backup.format).toBe(BACKUP_FORMAT);
    expect(backup.version).toBe(1);
    expect(backup.exportedAt).toBe('2026-04-01T08:30:00.123Z');
    const result = parseBackup(serializeBackup(backup));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.backup).toStrictEqual(backup);
    // And the backup holds the state itself, field for field.
    const { format: _f, version: _v, exportedAt: _e, ...contents } = result.backup;
    expect(contents).toStrictEqual(state());
  });

  it('drops undefined fields so the round trip stays exact', () => {
    const s = state({ customProfile: undefined });
    s.events[0] = { ...s.events[0]!, undone: undefined, encounter: undefined };
    s.settings = { ...s.settings, unset: undefined as unknown as null };
    const backup = buildBackup(s, NOW);
    expect('customProfile' in backup).toBe(false);
    expect('undone' in backup.events[0]!).toBe(false);
    expect('unset' in backup.settings).toBe(false);
    const result = parseBackup(serializeBackup(backup));
    expect(result.ok && result.backup).toStrictEqual(backup);
    // A stored "no custom profile" (null) is no custom profile in the file either.
    expect('customProfile' in buildBackup({ ...state(), customProfile: null }, NOW)).toBe(false);
  });

  it('refuses to build a backup of a state that could not be restored', () => {
    const bad = state();
    bad.events.push({ ...bad.events[0]!, id: 'bad id with spaces' });
    expect(() => buildBackup(bad, NOW)).toThrow(/events\[4\]\.id/);
    // Only a record's own data goes into the file, never what its prototype carries.
    const odd = Object.assign(Object.create({ inherited: 1 }) as object, { id: 'x' }) as { id: string };
    expect(buildBackup({ ...state(), sites: [odd] }, NOW).sites).toStrictEqual([{ id: 'x' }]);
  });

  it('accepts a BOM before the JSON', () => {
    expect(parseBackup('\uFEFF' + validText()).ok).toBe(true);
  });

  it('names the file with the local date', () => {
    expect(backupFilename(new Date(2026, 2, 9, 12))).toBe('suivi-dmp_sauvegarde_2026-03-09.json');
  });
});

describe('parseBackup refuses bad files with a clear message', () => {
  it('an empty file', () => {
    expect(refused(parseBackup('')).code).toBe('empty');
    expect(refused(parseBackup('  \n')).text).toMatch(/vide/);
    expect(refused(parseBackup('')).key).toBe('backup_empty');
  });

  it('a corrupt file', () => {
    const r = refused(parseBackup(validText().replace('"events":[', '"events":[,')));
    expect(r.code).toBe('not_json');
    expect(r.key).toBe('backup_not_json');
    expect(r.text).toMatch(/corrompu/);
    expect(refused(parseBackup('PK\u0003\u0004 binary zip')).code).toBe('not_json');
    expect(refused(parseBackup('{"a":1}}')).code).toBe('not_json');
  });

  it('a truncated file, wherever it was cut', () => {
    const text = validText();
    for (const cut of [1, 20, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1]) {
      const r = refused(parseBackup(text.slice(0, cut)));
      expect(r.code, `cut at ${cut}`).toBe('truncated');
      expect(r.key).toBe('backup_truncated');
      expect(r.text).toMatch(/tronqué/);
    }
    expect(looksTruncated('{"a":"x}')).toBe(true);
    expect(looksTruncated('{"a":"[{"}')).toBe(false);
  });

  it('another JSON file, or JSON that is not an object', () => {
    expect(refused(parseBackup('{"name":"package","version":"1.0.0"}')).code).toBe('wrong_format');
    expect(refused(parseBackup('[1,2,3]')).code).toBe('wrong_format');
    expect(refused(parseBackup('"suivi-dmp-backup"')).code).toBe('wrong_format');
    expect(refused(parseBackup('null')).text).toMatch(/pas une sauvegarde Suivi DMP/);
  });

  it('a newer version, and unknown versions', () => {
    const newer = refused(parseBackup(validText((raw) => (raw.version = 2))));
    expect(newer.code).toBe('newer_version');
    expect(newer.key).toBe('backup_newer_version');
    expect(newer.text).toMatch(/plus récente.*mettez l'extension à jour/);
    for (const version of ['1', 0, -1, 1.5, null]) {
      const r = refused(parseBackup(validText((raw) => (raw.version = version))));
      expect(r.code, String(version)).toBe('unknown_version');
      expect(r.text).toMatch(/Version de sauvegarde inconnue/);
    }
    expect(refused(parseBackup(validText((raw) => delete raw.version))).code).toBe('unknown_version');
  });

  it('prototype-polluting keys anywhere', () => {
    const cases = [
      validText().replace('"settings":{', '"settings":{"__proto__":{"polluted":true},'),
      validText().replace(
        '"settings":{',
        '"settings":{"nested2":{"constructor":{"prototype":{"polluted":true}}},',
      ),
      validText().replace('"id":"weda"', '"id":"weda","prototype":1'),
      validText().replace('{"format"', '{"__proto__":{"polluted":true},"format"'),
      validText().replace('"kind":"dmp_upload"', '"__proto__":{"polluted":true},"kind":"dmp_upload"'),
    ];
    for (const text of cases) {
      const r = refused(parseBackup(text));
      expect(r.code).toBe('hostile');
      expect(r.key).toBe('backup_hostile');
      expect(r.text).toMatch(/clé interdite « (__proto__|constructor|prototype) »/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('an oversized events array, without reading it item by item', () => {
    const zeros = new Array(BACKUP_LIMITS.maxEvents + 1).fill('0').join(',');
    const r = refused(
      parseBackup(validText().replace(/"events":\[.*?\],"spans"/, `"events":[${zeros}],"spans"`)),
    );
    expect(r.code).toBe('hostile');
    expect(r.text).toContain(
      `events : trop d'éléments (${BACKUP_LIMITS.maxEvents + 1}, maximum ${BACKUP_LIMITS.maxEvents})`,
    );
  });

  it('too long strings, too deep nesting, too many keys', () => {
    const long = 'x'.repeat(BACKUP_LIMITS.maxStringLength + 1);
    expect(
      refused(parseBackup(validText((raw) => ((raw.settings as Record<string, unknown>).note = long)))).text,
    ).toMatch(/settings\.note : texte trop long/);
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(
      refused(parseBackup(validText().replace('"settings":{', `"settings":{"deep":${deep},`))).text,
    ).toMatch(/imbrication trop profonde/);
    const many = Object.fromEntries(
      Array.from({ length: BACKUP_LIMITS.maxObjectKeys + 1 }, (_, i) => [`k${i}`, i]),
    );
    expect(refused(parseBackup(validText((raw) => (raw.settings = many)))).text).toMatch(
      /settings : trop de clés/,
    );
    const wide = new Array(BACKUP_LIMITS.maxNestedArray + 1).fill(0);
    expect(
      refused(parseBackup(validText((raw) => ((raw.settings as Record<string, unknown>).wide = wide)))).text,
    ).toMatch(/settings\.wide : trop d'éléments/);
  });

  it('absurd nesting that could overflow a recursive reader', () => {
    const r = refused(
      parseBackup(
        validText().replace('"settings":{', `"settings":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)},`),
      ),
    );
    expect(['hostile', 'not_json', 'invalid']).toContain(r.code);
  });

  it('wrong types and unknown fields, with the path of the first fault', () => {
    const cases: Array<[(raw: Record<string, unknown>) => void, RegExp]> = [
      [(raw) => ((raw.events as Record<string, unknown>[])[1]!.kind = 'dmp_delete'), /events\[1\]\.kind/],
      [(raw) => ((raw.events as Record<string, unknown>[])[0]!.at = '2026-03-02'), /events\[0\]\.at/],
      [
        (raw) => ((raw.events as Record<string, unknown>[])[2]!.patientName = 'DUPONT'),
        /events\[2\]\.patientName/,
      ],
      [(raw) => ((raw.spans as Record<string, unknown>[])[0]!.end = 0), /spans\[0\].*ends before it starts/],
      [(raw) => ((raw.spans as Record<string, unknown>[])[1]!.activity = 'coffee'), /spans\[1\]\.activity/],
      [(raw) => (raw.events = {}), /events/],
      [(raw) => (raw.settings = [1, 2]), /settings : doit être un objet JSON/],
      [
        (raw) => ((raw.sites as unknown[])[0] = { enabled: true }),
        /sites\[0\] : doit être un objet JSON avec un « id »/,
      ],
      [(raw) => (raw.taughtRules = ['button']), /taughtRules\[0\]/],
      [(raw) => (raw.profileId = 'Mon Profil!'), /profileId/],
      [(raw) => (raw.exportedAt = 'yesterday'), /exportedAt/],
      [(raw) => (raw.extra = true), /extra/],
    ];
    for (const [mutate, path] of cases) {
      const r = refused(parseBackup(validText(mutate)));
      expect(r.code, String(path)).toBe('invalid');
      expect(r.key).toBe('backup_invalid');
      expect(r.text).toMatch(/^Sauvegarde invalide, rien n'a été changé/);
      expect(r.text).toMatch(path);
    }
  });

  it('duplicate ids in a store', () => {
    const r = refused(
      parseBackup(validText((raw) => (raw.events as unknown[]).push((raw.events as unknown[])[0]))),
    );
    expect(r.code).toBe('duplicate_id');
    expect(r.key).toBe('backup_duplicate_id');
    expect(r.text).toContain('event-a-0001');
  });

  it('a custom check the owner of a part plugs in', () => {
    const r = refused(
      parseBackup(validText(), {
        customProfile: (p) => (p.targetRate === 0.6 ? 'targetRate suspicious' : null),
      }),
    );
    expect(r.text).toMatch(/customProfile : targetRate suspicious/);
    expect(parseBackup(validText(), { customProfile: () => null }).ok).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [
      undefined,
      null,
      42,
      {},
      [],
      '\u0000',
      '{"format":"suivi-dmp-backup","version":1}',
    ]) {
      expect(() => parseBackup(input as unknown as string)).not.toThrow();
      expect(parseBackup(input as unknown as string).ok).toBe(false);
    }
  });
});

describe('planRestore', () => {
  const here = (): BackupContents =>
    state({
      events: [
        ev('event-a-0001', 'dmp_upload', at(2026, 3, 2, 9), { docClass: 'VSM' }),
        ev('event-a-0002', 'dmp_consult', at(2026, 3, 2, 9, 5)),
        ev('event-a-0003', 'dmp_upload', at(2026, 3, 2, 10), { undone: true }),
      ],
      spans: [span('span:dmp-web:dmp:1', at(2026, 3, 2, 9), 12)],
      settings: { idleSeconds: 60, reminder: true },
      sites: [{ id: 'weda', enabled: false }],
      taughtRules: [],
      profileId: 'in-force',
      customProfile: undefined,
    });
  const other = (): BackupContents =>
    state({
      events: [
        // Shared with here, undone there but not here: the local record is kept.
        ev('event-a-0001', 'dmp_upload', at(2026, 3, 2, 9), { docClass: 'VSM', undone: true }),
        // Shared and identical.
        ev('event-a-0002', 'dmp_consult', at(2026, 3, 2, 9, 5)),
        // Shared, undone here, restored there: still the local record.
        ev('event-a-0003', 'dmp_upload', at(2026, 3, 2, 10)),
        // Only in the backup (another browser).
        ev('event-b-0001', 'dmp_upload', at(2026, 3, 3, 9), { site: 'weda' }),
        ev('event-b-0002', 'encounter', at(2026, 3, 3, 9)),
      ],
      spans: [
        span('span:dmp-web:dmp:1', at(2026, 3, 2, 9), 12),
        span('span:weda:program:9', at(2026, 3, 3, 9), 30, 'program'),
      ],
      settings: { idleSeconds: 120, theme: 'dark' },
      sites: [
        { id: 'weda', enabled: true },
        { id: 'custom:pro.exemple.fr', enabled: true },
      ],
      taughtRules: [{ id: 'rule-1', host: 'pro.exemple.fr' }],
      profileId: 'plfss-2026',
    });

  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object') {
      Object.freeze(value);
      for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
  }

  it('merge keeps both sides without duplicates, and the local record of a shared id', () => {
    const current = deepFreeze(here());
    const incoming = deepFreeze(other());
    const plan = planRestore(current, incoming, 'merge');
    expect(plan.events).toMatchObject({ added: 2, updated: 0, removed: 0, unchanged: 1, keptLocal: 2 });
    expect(plan.events.put.map((e) => e.id)).toEqual(['event-b-0001', 'event-b-0002']);
    expect(plan.events.delete).toEqual([]);
    expect(plan.spans).toMatchObject({ added: 1, unchanged: 1, removed: 0 });
    expect(plan.sites).toMatchObject({ added: 1, keptLocal: 1 });
    expect(plan.taughtRules).toMatchObject({ added: 1 });
    expect(plan.settings.next).toEqual({ idleSeconds: 60, reminder: true, theme: 'dark' });
    expect(plan.settings).toMatchObject({ addedKeys: ['theme'], updatedKeys: [], removedKeys: [] });
    expect(plan.profile).toEqual({
      profileId: 'in-force',
      customProfile: state().customProfile,
      changed: true,
    });
    expect(plan.noChange).toBe(false);

    const after = stateAfterPlan(current, plan);
    const ids = after.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([
      'event-a-0001',
      'event-a-0002',
      'event-a-0003',
      'event-b-0001',
      'event-b-0002',
    ]);
    expect(after.events.find((e) => e.id === 'event-a-0001')!.undone).toBeUndefined();
    expect(after.events.find((e) => e.id === 'event-a-0003')!.undone).toBe(true);
    expect(after.sites.find((s) => s.id === 'weda')).toEqual({ id: 'weda', enabled: false });
  });

  it('merging the same backup again changes nothing', () => {
    const current = here();
    const once = stateAfterPlan(current, planRestore(current, other(), 'merge'));
    const again = planRestore(once, other(), 'merge');
    expect(again.noChange).toBe(true);
    expect(again.events.put).toEqual([]);
    expect(again.events.added).toBe(0);
  });

  it('merging from each side gives the same set of events', () => {
    const ab = stateAfterPlan(here(), planRestore(here(), other(), 'merge'))
      .events.map((e) => e.id)
      .sort();
    const ba = stateAfterPlan(other(), planRestore(other(), here(), 'merge'))
      .events.map((e) => e.id)
      .sort();
    expect(ab).toEqual(ba);
  });

  it('replace makes every store exactly the backup, and says what it removes', () => {
    const current = deepFreeze(here());
    const incoming = deepFreeze(other());
    const plan = planRestore(current, incoming, 'replace');
    expect(plan.events).toMatchObject({ added: 2, updated: 2, removed: 0, unchanged: 1, keptLocal: 0 });
    expect(plan.sites).toMatchObject({ added: 1, updated: 1 });
    const back = planRestore(incoming, current, 'replace');
    expect(back.events).toMatchObject({ removed: 2, added: 0, updated: 2 });
    expect(back.events.delete.sort()).toEqual(['event-b-0001', 'event-b-0002']);
    expect(back.taughtRules).toMatchObject({ removed: 1 });
    expect(plan.settings).toMatchObject({
      next: { idleSeconds: 120, theme: 'dark' },
      updatedKeys: ['idleSeconds'],
      removedKeys: ['reminder'],
    });

    const after = stateAfterPlan(current, plan);
    const sortById = <T extends { id: string }>(xs: readonly T[]) =>
      [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(after.events)).toEqual(sortById(incoming.events));
    expect(sortById(after.spans)).toEqual(sortById(incoming.spans));
    expect(after.settings).toEqual(incoming.settings);
    expect(after.profileId).toBe('plfss-2026');
    expect(jsonEqual(after.customProfile, incoming.customProfile)).toBe(true);
  });

  it('replacing with the same data changes nothing', () => {
    const plan = planRestore(here(), here(), 'replace');
    expect(plan.noChange).toBe(true);
    expect(plan.events).toMatchObject({ unchanged: 3, added: 0, updated: 0, removed: 0 });
  });

  it('works on a parsed backup (the restore path end to end, minus the database)', () => {
    const backupText = serializeBackup(buildBackup(other(), NOW));
    const parsed = parseBackup(backupText);
    if (!parsed.ok) throw new Error(problemDebugText(parsed.problem));
    const backup: Backup = parsed.backup;
    const plan = planRestore(here(), backup, 'merge');
    expect(plan.events.added).toBe(2);
  });
});
