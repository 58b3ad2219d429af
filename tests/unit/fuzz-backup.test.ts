import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupSchema,
  parseBackup,
  serializeBackup,
  type Backup,
  type BackupErrorCode,
  type ParseBackupResult,
} from '@/lib/domain/backup';
import { DataService } from '@/lib/background/data-service';
import { parseExtensionBackup, type DataProblemKey } from '@/lib/domain/backup-extension';
import { readBackupState } from '@/lib/storage/backup-state';
import { testBackground } from '../support/background';
import { problemText } from '@/components/i18n';
import { openSuiviDb, putEvent, type SuiviDb } from '@/lib/storage/db';
import type { TimeSpan } from '@/lib/domain/spans';
import { DOC_CLASSES } from '@/lib/domain/doc-classes';
import { EVENT_KINDS, makeEvent, type DmpEvent } from '@/lib/domain/events';
import { DEFAULT_SETTINGS, SETTINGS_KEY, readSettings } from '@/lib/domain/settings';
import { Rng, mulberry32 } from '../support/rng';

/**
 * Hostile and broken backup files: at least 2,000 random, cut, corrupted and mutated files
 * through parseBackup and the background's restore (lib/background/data-service.ts). Nothing throws, an
 * invalid file is refused with a clear (French) reason and a known code and changes nothing,
 * and a file changed in valid ways parses, round-trips exactly and restores exactly.
 *
 * Seeded: a failure prints the seed and the file index; `FUZZ_SEED=<n>` replays a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const FILES = Number(process.env.FUZZ_FILES ?? 2_400);
const CODES: readonly BackupErrorCode[] = [
  'empty',
  'too_large',
  'not_json',
  'truncated',
  'wrong_format',
  'newer_version',
  'unknown_version',
  'hostile',
  'invalid',
  'duplicate_id',
];
/** A refusal is shown to the user: a sentence, not a page of text. */
const MAX_ERROR = 1_000;

const BASE_AT = new Date(2026, 2, 2, 9).getTime();

/** A valid backup as this extension writes it (settings, sites, rules pass their owners' schemas). */
function validBackup(rng: Rng, events = 3 + rng.int(8)): Backup {
  const list: DmpEvent[] = [];
  for (let i = 0; i < events; i++) {
    const kind = rng.pick(EVENT_KINDS);
    list.push(
      makeEvent({
        id: `event-${String(i).padStart(4, '0')}-${rng.int(1e6)}`,
        kind,
        at: BASE_AT + rng.int(30 * 86_400_000),
        site: rng.pick(['dmp-web', 'weda', 'manual', 'custom:cabinet.example']),
        source: rng.pick(['auto', 'manual', 'taught'] as const),
        ...(rng.chance(0.5) ? { docClass: rng.pick(DOC_CLASSES) } : {}),
        ...(rng.chance(0.3) ? { encounter: `enc-${rng.int(1e8)}-xyz` } : {}),
        ...(kind === 'dmp_upload' && rng.chance(0.5) ? { durationMs: rng.int(600_000) } : {}),
        ...(rng.chance(0.2) ? { undone: true } : {}),
      }),
    );
  }
  const spans: TimeSpan[] = Array.from({ length: rng.int(4) }, (_, i) => {
    const start = BASE_AT + i * 3_600_000;
    return {
      id: `span:dmp-web:dmp:${start}`,
      site: 'dmp-web',
      activity: 'dmp',
      start,
      end: start + rng.int(3_600_000),
      day: '2026-03-02',
    };
  });
  const {
    profileId: _p,
    customProfile: _c,
    ...settings
  } = { ...DEFAULT_SETTINGS, idleThresholdS: 15 + rng.int(600), exportReminder: rng.chance(0.5) };
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(BASE_AT + 40 * 86_400_000).toISOString(),
    events: list,
    spans,
    settings,
    sites: [
      { id: 'weda', enabled: rng.chance(0.5), addedAt: BASE_AT },
      { id: 'custom:cabinet.example', host: 'cabinet.example', enabled: true, addedAt: BASE_AT },
    ],
    taughtRules: [
      {
        id: 'taught-abcdef12',
        host: 'cabinet.example',
        name: 'Envoyer',
        event: 'dmp_upload',
        selector: 'button.envoi',
        createdAt: BASE_AT,
      },
    ],
    profileId: rng.pick(['in-force', 'plfss-2026', 'lfss-2026-art85']),
  };
}

function hugeString(rng: Rng): string {
  return rng.pick(['a', 'é', '"', '\\\\']).repeat(rng.pick([25_000, 200_000]));
}
function deepText(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + '1' + close.repeat(depth);
}

type Kind = 'random' | 'truncated' | 'corrupted' | 'invalid' | 'valid';
interface FileCase {
  text: string;
  kind: Kind;
  /** For valid files: the backup the file must read as. */
  expected?: Backup;
}

/** Changes that always make a file invalid, each on a fresh copy of a valid one. */
const INVALID_MUTATIONS: Array<(b: Record<string, unknown>, rng: Rng) => string | void> = [
  (b, rng) =>
    void delete b[
      rng.pick(['version', 'exportedAt', 'events', 'spans', 'settings', 'sites', 'taughtRules', 'profileId'])
    ],
  (b, rng) => void (b[rng.pick(['extra', 'Events', 'patient', 'events '])] = 1),
  (b, rng) => void (b.format = rng.pick(['suivi-dmp', 'SUIVI-DMP-BACKUP', '', null, 1])),
  (b, rng) => void (b.version = rng.pick([0, 2, 99, '1', 1.5, null, -1])),
  (b, rng) => void (b.exportedAt = rng.pick(['hier', '2026-13-45T99:99:99Z', 12, '', null])),
  (b, rng) =>
    void (b[rng.pick(['events', 'spans', 'sites', 'taughtRules'])] = rng.pick([
      {},
      'x',
      null,
      3,
      [1],
      [null],
      [[]],
    ])),
  (b, rng) => {
    const events = b.events as Array<Record<string, unknown>>;
    if (events.length === 0) return void (b.events = [{}]);
    const e = events[rng.int(events.length)]!;
    const key = rng.pick([
      'id',
      'kind',
      'at',
      'day',
      'site',
      'source',
      'docClass',
      'durationMs',
      'undone',
      'patientName',
    ]);
    e[key] = rng.pick(['', 'x', -1, 1.5, 'Dupont Jeanne', null, {}, [], 'zzz', 1e21, true, 'a'.repeat(81)]);
    if (key === 'docClass' && e.docClass === undefined) e.docClass = 'x';
  },
  (b) => {
    // The same id twice.
    const events = b.events as unknown[];
    events.push(structuredClone(events[0]));
  },
  (b, rng) => void (b.profileId = rng.pick(['', 'Inconnu', 'x'.repeat(60), 'not-a-profile', 3])),
  (b, rng) =>
    void ((b.settings as Record<string, unknown>)[
      rng.pick(['idleThresholdS', 'unknownSetting', 'consultationMinutes'])
    ] = rng.pick([-5, 'beaucoup', null, 1e9, {}])),
  (b, rng) =>
    void (b.sites as unknown[]).push(
      rng.pick([
        { id: 'custom:x', enabled: 'oui' },
        { enabled: true },
        { id: '', enabled: true, addedAt: 0 },
        'weda',
      ]),
    ),
  (b, rng) =>
    void (b.taughtRules as unknown[]).push(
      rng.pick([
        { id: 'taught-x' },
        { id: 'rule', host: 'x', name: 'n', event: 'dmp_upload', createdAt: 0 },
        [],
      ]),
    ),
  // Hostile content: prototype keys (own keys, as JSON.parse makes them), depth, size.
  (b, rng) =>
    JSON.stringify(b).replace(
      '"settings":{',
      `"settings":{"${rng.pick(['__proto__', 'constructor', 'prototype'])}":{"polluted":true},`,
    ),
  (b, rng) =>
    JSON.stringify(b).replace(
      '"sites":[{',
      `"sites":[{"${rng.pick(['__proto__', 'constructor'])}":{"isAdmin":true},`,
    ),
  (b) => JSON.stringify(b).replace(/^\{/, '{"__proto__":{"polluted":true},'),
  (b, rng) =>
    JSON.stringify(b).replace(
      '"settings":{',
      `"settings":{"nested":${deepText(rng.pick([40, 1_000, 100_000]), rng.pick(['[', '{"a":']), rng.pick([']', '}']))},`,
    ),
  (b, rng) => void ((b.settings as Record<string, unknown>).exportReminder = hugeString(rng)),
  (b, rng) =>
    void ((b.events as Array<Record<string, unknown>>)[0] = {
      ...(b.events as Array<Record<string, unknown>>)[0],
      id: hugeString(rng),
    }),
  (b) => JSON.stringify(b).replace(/"at":\d+/, '"at":1e999'),
  (b) =>
    JSON.stringify(b).replace(
      '"settings":{',
      `"settings":{${Array.from({ length: 1_200 }, (_, i) => `"k${i}":${i}`).join(',')},`,
    ),
  (b) =>
    void (b.spans = [
      { id: 'span:x:dmp:1', site: 'dmp-web', activity: 'dmp', start: 10, end: 5, day: '2026-03-02' },
    ]),
];

function fileCase(index: number): FileCase {
  const rng = new Rng(mulberry32(SEED ^ Math.imul(index + 1, 0x85ebca6b)));
  const base = validBackup(rng);
  const text = serializeBackup(base);
  const r = rng.int(20);
  if (r < 3) {
    // Random text: garbage, JSON of the wrong shape, empty, a BOM, binary.
    const options = [
      '',
      '   \n\t',
      '\ufeff',
      'null',
      'true',
      '[]',
      '"suivi-dmp-backup"',
      '{}',
      '{"format":"suivi-dmp-backup"}',
      `{"format":"suivi-dmp-backup","version":${BACKUP_VERSION}}`,
      'PK\u0003\u0004\u0000\u0000binary',
      Array.from({ length: rng.int(200) }, () => String.fromCharCode(rng.int(0xffff))).join(''),
      JSON.stringify(Array.from({ length: rng.int(50) }, () => rng.next())),
      deepText(200_000),
      deepText(5_000, '{"a":', '}'),
      '{"format":"suivi-dmp-backup","version":1,"events":[' + '{"id":"x"},'.repeat(rng.int(2000)) + '{}]}',
      'NaN',
      '1e999',
      `\ufeff${text}garbage`,
      text.replace(/"/g, "'"),
    ];
    return { text: rng.pick(options), kind: 'random' };
  }
  if (r < 6) {
    // Cut anywhere (a download or a copy that stopped).
    return { text: text.slice(0, 1 + rng.int(text.length - 1)), kind: 'truncated' };
  }
  if (r < 9) {
    // A few characters flipped, inserted or deleted: may or may not stay valid.
    let t = text;
    for (let n = 1 + rng.int(4); n > 0; n--) {
      const at = rng.int(t.length);
      const c = String.fromCharCode(
        rng.pick([32 + rng.int(95), rng.int(0xffff), 0x22, 0x7b, 0x7d, 0x2c, 0x5c]),
      );
      const op = rng.int(3);
      t =
        op === 0
          ? t.slice(0, at) + c + t.slice(at + 1)
          : op === 1
            ? t.slice(0, at) + c + t.slice(at)
            : t.slice(0, at) + t.slice(at + 1);
    }
    return { text: t, kind: 'corrupted' };
  }
  if (r < 16) {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const mutation = rng.pick(INVALID_MUTATIONS);
    const out = mutation(raw, rng);
    return { text: typeof out === 'string' ? out : JSON.stringify(raw), kind: 'invalid' };
  }
  // Changed in valid ways: other ids, order, kinds, fewer or more events, other settings values.
  const b = structuredClone(base);
  b.events = b.events.slice(rng.int(2));
  if (rng.chance(0.5)) b.events.reverse();
  b.events.push(
    makeEvent({
      id: `added-${index}-${rng.int(1e6)}`,
      kind: rng.pick(EVENT_KINDS),
      at: BASE_AT + rng.int(1e9),
      site: 'dmp-web',
      source: 'manual',
    }),
  );
  if (rng.chance(0.3)) b.spans = [];
  if (rng.chance(0.3)) b.taughtRules = [];
  b.settings = {
    ...b.settings,
    consultationMinutes: 1 + rng.int(200),
    consultationFeeEur: rng.int(100_000) / 100,
  };
  b.exportedAt = new Date(BASE_AT + rng.int(1e10)).toISOString();
  // Pretty-printed or with a BOM, as an editor may save it.
  const pretty = rng.chance(0.3) ? JSON.stringify(b, null, 2) : serializeBackup(b);
  return { text: rng.chance(0.2) ? `\ufeff${pretty}` : pretty, kind: 'valid', expected: b };
}

const OWN_ID = 'test-extension-id';
const DASHBOARD = { extensionId: OWN_ID, url: `chrome-extension://${OWN_ID}/dashboard.html` };
let db: SuiviDb;
let service: DataService;
let onChange: ReturnType<typeof vi.fn>;

async function dump(): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const name of Array.from(db.objectStoreNames).sort()) out[name] = await db.getAll(name as 'events');
  out.local = await fakeBrowser.storage.local.get(null);
  out.session = await fakeBrowser.storage.session.get(null);
  return JSON.stringify(out);
}

beforeEach(async () => {
  db = await openSuiviDb();
  for (let i = 0; i < 3; i++)
    await putEvent(
      db,
      makeEvent({
        id: `local-event-000${i}`,
        kind: 'dmp_upload',
        at: BASE_AT + i * 1000,
        site: 'dmp-web',
        source: 'auto',
      }),
    );
  await db.put('spans', {
    id: 'span:dmp-web:dmp:1',
    site: 'dmp-web',
    activity: 'dmp',
    start: 1,
    end: 2,
    day: '1970-01-01',
  });
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 90 } });
  onChange = vi.fn();
  service = new DataService({
    db,
    settings: {
      get: async () => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
      set: async (s) => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: s }),
    },
    clearStorage: async () => {
      await fakeBrowser.storage.local.clear();
      await fakeBrowser.storage.session.clear();
    },
    log: () => undefined,
    onChange: onChange as () => void,
  });
});
afterEach(() => db.close());

const byId = <T extends { id: string }>(list: readonly T[]) =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('fuzzing backup files', () => {
  it(
    `reads ${FILES} random, cut, corrupted and mutated files without throwing; refuses the bad ones clearly, changing nothing`,
    { timeout: 240_000 },
    async () => {
      const tally: Record<Kind, number> = { random: 0, truncated: 0, corrupted: 0, invalid: 0, valid: 0 };
      const failures: string[] = [];
      const say = (i: number, c: FileCase, what: string) =>
        `${what}: seed ${SEED} file #${i} (${c.kind}) ${JSON.stringify(c.text.slice(0, 160))}`;
      let before = await dump();

      for (let i = 0; i < FILES && failures.length < 10; i++) {
        const c = fileCase(i);
        tally[c.kind] += 1;
        let plain: ParseBackupResult;
        let ext: ParseBackupResult<DataProblemKey>;
        try {
          plain = parseBackup(c.text);
          ext = parseExtensionBackup(c.text);
        } catch (error) {
          failures.push(say(i, c, `threw ${String(error)}`));
          continue;
        }
        for (const result of [plain, ext]) {
          if (result.ok) {
            // Whatever is accepted is a well-formed backup that reads back the same.
            if (!v.is(BackupSchema, result.backup))
              failures.push(say(i, c, 'accepted a file that is not a backup'));
            const again = parseBackup(serializeBackup(result.backup));
            if (!again.ok || JSON.stringify(again.backup) !== JSON.stringify(result.backup))
              failures.push(say(i, c, 'accepted file does not round-trip'));
          } else {
            if (!CODES.includes(result.code)) failures.push(say(i, c, `unknown code ${result.code}`));
            // The refusal as a French user reads it (tests/unit/setup.ts).
            const error = problemText(result.problem);
            if (typeof error !== 'string' || error.length < 15)
              failures.push(say(i, c, `unclear error ${JSON.stringify(error)}`));
            if (error.length > MAX_ERROR) failures.push(say(i, c, `error of ${error.length} characters`));
          }
        }
        if (['random', 'truncated', 'invalid'].includes(c.kind) && ext.ok)
          failures.push(say(i, c, 'accepted an invalid file'));
        if (c.kind === 'truncated' && !plain.ok && !['truncated', 'not_json'].includes(plain.code))
          failures.push(say(i, c, `cut file refused as ${plain.code}`));
        if (c.kind === 'valid') {
          if (!ext.ok)
            failures.push(say(i, c, `refused a valid file: ${ext.ok ? '' : problemText(ext.problem)}`));
          else if (JSON.stringify(ext.backup) !== JSON.stringify(c.expected))
            failures.push(say(i, c, 'valid file read differently'));
        }

        // The same file through the background's restore, as the dashboard sends it.
        let reply;
        try {
          reply = await testBackground({
            db,
            data: service,
            ownId: OWN_ID,
            ownOrigin: `chrome-extension://${OWN_ID}/`,
          }).route({ type: 'restore_apply', text: c.text, mode: i % 2 ? 'merge' : 'replace' }, DASHBOARD);
        } catch (error) {
          failures.push(say(i, c, `restore threw ${String(error)}`));
          continue;
        }
        if (reply.ok !== ext.ok)
          failures.push(
            say(i, c, `restore answered ${JSON.stringify(reply).slice(0, 200)} for a parse ${ext.ok}`),
          );
        if (!ext.ok) {
          if (
            reply.ok ||
            !('problem' in reply) ||
            JSON.stringify(reply.problem) !== JSON.stringify(ext.problem)
          )
            failures.push(say(i, c, 'restore refusal differs from the parse'));
          if (i % 20 === 0 && (await dump()) !== before)
            failures.push(say(i, c, 'a refused restore changed a store'));
        } else if (i % 2 === 0) {
          // Replace: the stores become exactly the file's.
          const expected = ext.backup;
          const state = await readBackupState(
            db,
            (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
          );
          const same =
            JSON.stringify(byId(state.events)) === JSON.stringify(byId(expected.events)) &&
            JSON.stringify(byId(state.spans)) === JSON.stringify(byId(expected.spans)) &&
            JSON.stringify(byId(state.sites)) === JSON.stringify(byId(expected.sites)) &&
            JSON.stringify(byId(state.taughtRules)) === JSON.stringify(byId(expected.taughtRules)) &&
            state.profileId === expected.profileId &&
            JSON.stringify(readSettings({ ...state.settings, profileId: state.profileId })) ===
              JSON.stringify(readSettings({ ...expected.settings, profileId: expected.profileId }));
          if (!same) failures.push(say(i, c, 'restored state differs from the file'));
          before = await dump();
        } else {
          // Merge: every event of the file is there, none doubled.
          const events = await db.getAll('events');
          if (new Set(events.map((e) => e.id)).size !== events.length)
            failures.push(say(i, c, 'merge doubled an event'));
          for (const e of ext.backup.events)
            if (!events.some((x) => x.id === e.id)) failures.push(say(i, c, `merge lost ${e.id}`));
          before = await dump();
        }
      }

      expect(failures, failures.join('\n')).toEqual([]);
      expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
      for (const kind of Object.keys(tally) as Kind[])
        expect(tally[kind], kind).toBeGreaterThan(FILES * 0.08);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    },
  );
});
