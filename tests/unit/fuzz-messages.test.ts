import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSuiviDb, putEvent, type SuiviDb } from '@/lib/storage/db';
import { makeEvent } from '@/lib/domain/events';
import type { SenderInfo } from '@/lib/messaging/channels';
import { MESSAGE_NAMES, parseRequest } from '@/lib/messaging/protocol';
import { Recorder } from '@/lib/background/recorder';
import { routeMessage, type RouterDeps } from '@/lib/background/router';
import { dmpTabItem, encounterItem } from '@/lib/storage/items';
import { EventService } from '@/lib/background/event-service';
import { ProgramService } from '@/lib/background/program-service';
import { carriedAttemptsStore } from '@/lib/background/carried-store';
import { makeUnconfirmed } from '@/lib/domain/unconfirmed';
import { putSite, putTaughtRule, putUnconfirmed } from '@/lib/storage/rule-store';
import { TimeService } from '@/lib/background/time-service';
import { DataService } from '@/lib/background/data-service';
import { parseExtensionBackup } from '@/lib/domain/backup-extension';
import { testBackground } from '../support/background';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY } from '@/lib/domain/settings';
import { DMP_WEB_SITE } from '@/lib/sites/dmp-web-pages';
import { Rng, mulberry32 } from '../support/rng';

/**
 * Hostile input to the background: at least 10,000 random and malformed messages (plus valid
 * ones from senders that may not send them) through the real router, recorder, programs,
 * time and data services over fake-indexeddb. Nothing throws, every refusal says why, and no
 * store (IndexedDB, storage.local, storage.session) changes by a single byte.
 *
 * Seeded: a failure prints the seed and the message index; `FUZZ_SEED=<n>` replays a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260601);
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 12_000);
/** Stores are compared after every batch of this many messages (each message is logged by index). */
const BATCH = 100;
/** A refusal's reason is for a log line: bounded whatever the message carried. */
const MAX_REASON = 600;

// ---------------------------------------------------------------------------------------------
// The world the messages fall into

const OWN_ID = 'test-extension-id';
const NOW = new Date(2025, 2, 14, 10, 0).getTime();
const CUSTOM_HOST = 'cabinet.example';

const DMP_TAB: SenderInfo = {
  extensionId: OWN_ID,
  url: 'https://wps-psc.dmp.monespacesante.fr/dmp/confirmationajout?patient=1',
  tabId: 4,
  frameId: 0,
};
const POPUP: SenderInfo = { extensionId: OWN_ID, url: `chrome-extension://${OWN_ID}/popup.html` };
const DASHBOARD: SenderInfo = { extensionId: OWN_ID, url: `chrome-extension://${OWN_ID}/dashboard.html` };
const WEDA_TAB: SenderInfo = {
  extensionId: OWN_ID,
  url: 'https://secure.weda.fr/FolderMedical/CourrierForm.aspx?PatDk=1',
  tabId: 7,
  frameId: 0,
};
const WEDA_FRAME: SenderInfo = { ...WEDA_TAB, frameId: 3 };
const CUSTOM_TAB: SenderInfo = {
  extensionId: OWN_ID,
  url: `https://${CUSTOM_HOST}/dossier`,
  tabId: 9,
  frameId: 0,
};
const LEGIT_SENDERS = [DMP_TAB, POPUP, DASHBOARD, WEDA_TAB, WEDA_FRAME, CUSTOM_TAB];

/** Senders that may send nothing at all: every message from them must be refused. */
const HOSTILE_SENDERS: SenderInfo[] = [
  { ...DMP_TAB, extensionId: 'another-extension' },
  { ...POPUP, extensionId: 'another-extension' },
  { ...POPUP, extensionId: undefined },
  { url: POPUP.url },
  { extensionId: 'another-extension', url: 'chrome-extension://another-extension/popup.html' },
  { extensionId: OWN_ID, url: 'https://evil.example/dmp/confirmationajout', tabId: 5, frameId: 0 },
  {
    extensionId: OWN_ID,
    url: 'https://wps-psc.dmp.monespacesante.fr.evil.example/dmp/confirmationajout',
    tabId: 5,
    frameId: 0,
  },
  {
    extensionId: OWN_ID,
    url: 'https://evil.example/?u=https://wps-psc.dmp.monespacesante.fr/',
    tabId: 5,
    frameId: 0,
  },
  {
    extensionId: OWN_ID,
    url: 'http://wps-psc.dmp.monespacesante.fr/dmp/confirmationajout',
    tabId: 5,
    frameId: 0,
  },
  { extensionId: OWN_ID, url: 'data:text/html,<b>x</b>', tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, url: 'javascript:alert(1)', tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, url: 'not a url', tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, url: '', tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, url: 'file:///etc/passwd', tabId: 5, frameId: 0 },
  { extensionId: OWN_ID, url: 'https://unknown-program.example/', tabId: 5, frameId: 0 },
];

function hostileSenderFor(rng: Rng): SenderInfo {
  if (rng.chance(0.85)) return rng.pick(HOSTILE_SENDERS);
  // A random sender object (what a broken browser could hand over).
  return {
    extensionId: rng.pick([undefined, '', 'x'.repeat(rng.int(300)), 'TEST-EXTENSION-ID', `${OWN_ID} `]),
    url: rng.pick([
      undefined,
      '',
      'https://',
      'chrome-extension://',
      'about:blank',
      `https://${'a'.repeat(rng.int(4000))}.fr/`,
    ]),
    tabId: rng.pick([undefined, -1, 0, 1.5, Number.MAX_SAFE_INTEGER]),
    frameId: rng.pick([undefined, 0, 1]),
  };
}

// ---------------------------------------------------------------------------------------------
// Messages

/** One valid message (at least) of every type of the protocol (lib/messaging/protocol.ts). */
const VALID: Array<Record<string, unknown>> = [
  {
    type: 'dmp_page',
    page: 'upload_confirmed',
    navType: 'navigate',
    pageLoadId: 'load-00000001',
    fromOtherSite: false,
  },
  {
    type: 'dmp_page',
    page: 'record_summary',
    navType: 'navigate',
    pageLoadId: 'load-00000002',
    fromOtherSite: true,
  },
  {
    // A page of the deposit chain carrying the submit its tab kept (a flow id and a class only).
    type: 'dmp_page',
    page: 'confirm_action',
    navType: 'navigate',
    pageLoadId: 'load-00000003',
    submitted: { flowId: 'flow-00000002', docClass: 'VSM' },
  },
  { type: 'dmp_submitted', flowId: 'flow-00000001', docClass: '11488-4' },
  { type: 'dmp_decision', decision: 'accept' },
  { type: 'get_today' },
  { type: 'undo', id: 'seed-event-0001' },
  { type: 'redo', id: 'seed-event-0002' },
  { type: 'add_manual', id: 'manual-00000001', kind: 'dmp_upload', docClass: 'VSM' },
  { type: 'undo_last' },
  { type: 'engine_hello', site: 'weda', topFrame: true },
  {
    type: 'engine_attempt',
    attemptId: 'attempt-00000001',
    site: 'weda',
    ruleId: 'dmp-share',
    kind: 'dmp_upload',
    source: 'auto',
    outcome: 'confirmed',
    docClass: '11490-0',
    durationMs: 1200,
    crossPage: false,
    timeoutMs: 30_000,
  },
  {
    type: 'engine_attempt',
    attemptId: 'attempt-00000002',
    site: 'weda',
    ruleId: 'dmp-share',
    kind: 'dmp_upload',
    source: 'auto',
    outcome: 'pending',
  },
  {
    type: 'engine_attempt',
    attemptId: 'seed-unconf-0001',
    site: 'weda',
    ruleId: 'dmp-share',
    kind: 'dmp_upload',
    source: 'auto',
    outcome: 'failed',
  },
  { type: 'engine_encounter', attemptId: 'attempt-00000003', site: 'weda', ruleId: 'record-opened' },
  {
    type: 'engine_watch',
    attemptId: 'attempt-00000002',
    site: 'weda',
    watches: [{ url: '/api/dmp/', status: '2xx' }],
    timeoutMs: 30_000,
    startedAt: NOW - 1_000,
  },
  { type: 'undo', id: 'seed-event-0001', site: 'weda' },
  { type: 'add_manual', id: 'manual-00000002', site: 'weda', kind: 'dmp_consult' },
  { type: 'picker_load', site: 'weda' },
  {
    type: 'taught_save',
    id: 'taught-0000000001',
    site: `custom:${CUSTOM_HOST}`,
    name: 'Envoyer',
    event: 'dmp_upload',
    selector: '#envoyer',
    text: 'envoyer',
  },
  { type: 'site_add', host: 'autre-cabinet.example' },
  { type: 'site_remove', id: `custom:${CUSTOM_HOST}` },
  { type: 'site_toggle', id: 'weda', enabled: false },
  { type: 'taught_rename', id: 'taught-seed-00000001', name: 'Nouveau nom' },
  { type: 'taught_delete', id: 'taught-seed-00000001' },
  { type: 'unconfirmed_resolve', id: 'seed-unconf-0001', confirm: true },
  { type: 'heartbeat', activity: 'dmp' },
  { type: 'activity_stop' },
  { type: 'timer_start' },
  { type: 'timer_stop' },
  { type: 'timer_state' },
  { type: 'restore_apply', text: '{"format":"suivi-dmp-backup","version":1}', mode: 'replace' },
  { type: 'erase_all' },
];
const TYPES = [...new Set(VALID.map((m) => m.type as string))];

/** Whether a message is one the background would act on from the right sender. */
function isActionable(raw: unknown): boolean {
  const parsed = parseRequest(raw);
  if (!parsed.ok) return false;
  // A restore of a file the background would refuse changes nothing, from any sender.
  return parsed.message.type !== 'restore_apply' || parseExtensionBackup(parsed.message.text).ok;
}

const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
];
const STRINGS = [
  '',
  ' ',
  'get_today',
  'dmp_page',
  'DMP_PAGE',
  'dmp_page ',
  'dmp\u200bpage',
  'ԁmp_page',
  'undefined',
  'null',
  '{}',
  '<script>alert(1)</script>',
  'Dupont Jeanne 1 84 03 75 123 456 78',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '🩺',
  'custom:evil.example',
  'weda',
  'dmp-web',
  'seed-event-0001',
  'https://wps-psc.dmp.monespacesante.fr/',
  ...POLLUTION_KEYS,
];

function hugeString(rng: Rng): string {
  const length = rng.pick([10_000, 10_000, 100_000, 1_000_000]);
  return rng
    .pick(['a', 'é', '🩺', 'seed-event-0001', '\u0000'])
    .repeat(Math.ceil(length / 2))
    .slice(0, length);
}

function randomString(rng: Rng): string {
  const r = rng.int(10);
  if (r < 6) return rng.pick(STRINGS);
  if (r < 7 && rng.chance(0.5)) return hugeString(rng);
  let s = '';
  const n = rng.int(40);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.8) ? 32 + rng.int(95) : rng.int(0xffff));
  return s;
}

function randomNumber(rng: Rng): number {
  return rng.pick([
    0,
    -0,
    -1,
    1,
    1.5,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    1e308,
    -1e308,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.EPSILON,
    rng.next() * 1e9,
  ]);
}

/** Nested `depth` deep, without recursion (a real message can be this deep). */
function deep(rng: Rng, depth: number): unknown {
  let value: unknown = rng.pick([null, 'x', 1, { type: 'get_today' }]);
  for (let i = 0; i < depth; i++)
    value = rng.chance(0.5) ? [value] : { [rng.pick(['a', 'type', '__proto__', 'id'])]: value };
  return value;
}

/** An object with own keys that a careless spread or assign would turn into a prototype. */
function pollutionObject(rng: Rng, inner: Record<string, unknown> = {}): Record<string, unknown> {
  const key = rng.pick(POLLUTION_KEYS.slice(0, 3));
  const payload = rng.chance(0.5)
    ? { polluted: 'yes', type: 'get_today', isAdmin: true }
    : { prototype: { polluted: 'yes' } };
  // An own, enumerable `__proto__` key, as JSON.parse, structured clone or JSON messaging make it.
  const out = { ...inner };
  Object.defineProperty(out, key, { value: payload, enumerable: true, writable: true, configurable: true });
  return out;
}

function randomJson(rng: Rng, depth = 0): unknown {
  const r = rng.int(depth > 3 ? 5 : 9);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return randomNumber(rng);
    case 3:
    case 4:
      return randomString(rng);
    case 5: {
      const n = rng.int(6);
      return Array.from({ length: n }, () => randomJson(rng, depth + 1));
    }
    case 6:
      return deep(rng, rng.pick([10, 100, 1_000, 10_000]));
    case 7:
      return pollutionObject(rng, { type: rng.pick(TYPES) });
    default: {
      const out: Record<string, unknown> = {};
      const n = rng.int(6);
      for (let i = 0; i < n; i++)
        out[rng.chance(0.3) ? 'type' : randomString(rng).slice(0, 40)] = rng.chance(0.3)
          ? rng.pick(TYPES)
          : randomJson(rng, depth + 1);
      return out;
    }
  }
}

/** A valid message, changed in one to three ways. */
function mutate(rng: Rng): unknown {
  let m: Record<string, unknown> = structuredClone(rng.pick(VALID));
  const steps = 1 + rng.int(3);
  for (let s = 0; s < steps; s++) {
    const nested = m.submitted;
    if (nested && typeof nested === 'object' && !Array.isArray(nested) && rng.chance(0.5)) {
      // Inside the kept submit a page carries: text smuggled along, an id or a class that is not one.
      const inner = nested as Record<string, unknown>;
      switch (rng.int(4)) {
        case 0:
          inner[rng.pick(['title', 'fileName', 'patient', 'at'])] = randomJson(rng);
          break;
        case 1:
          inner.flowId = rng.pick(['x', 'a'.repeat(81), 'flow 0001', 'Dupont Jeanne', hugeString(rng)]);
          break;
        case 2:
          inner.docClass = rng.pick(['SYNTH', 'Synthèse médicale', '', 'VSM ', randomJson(rng)]);
          break;
        default:
          delete inner[rng.pick(['flowId', 'docClass'])];
      }
      continue;
    }
    const keys = Object.keys(m);
    const key = rng.pick(keys);
    switch (rng.int(12)) {
      case 0: // a field missing
        delete m[key];
        break;
      case 1: // an extra field (page text smuggled along)
        m[rng.pick(['patientName', 'nir', 'title', 'extra', 'Type', 'type ', 'tabId', 'frameId'])] =
          randomJson(rng);
        break;
      case 2: // a field of the wrong type
        m[key] = randomJson(rng);
        break;
      case 3: // a huge string
        m[key] = hugeString(rng);
        break;
      case 4: {
        // the type, nearly right
        const t = typeof m.type === 'string' ? m.type : rng.pick(TYPES);
        m.type = rng.pick([
          t.toUpperCase(),
          `${t} `,
          ` ${t}`,
          t.replace('_', '-'),
          t.replace('_', '\u200b_'),
          `${t}\u0000`,
          [t],
          { toString: t },
          Object.assign(Object.create(null), { type: t }),
          rng.pick(TYPES).slice(1),
        ]);
        break;
      }
      case 5: // prototype pollution riding on a valid message
        m = pollutionObject(rng, m);
        break;
      case 6: // deep nesting in a field
        m[key] = deep(rng, rng.pick([50, 1_000, 10_000]));
        break;
      case 7: // numeric edges
        m[key] = randomNumber(rng);
        break;
      case 8: // ids and hosts that try to escape their pattern
        m[key] = rng.pick([
          'seed-event-0001\n',
          'seed event 0001',
          'a'.repeat(81),
          'x',
          `custom:${'a'.repeat(300)}`,
          'custom:EVIL.example',
          'taught-../../x',
          '../seed-event-0001',
          'évènement-0001',
          '*',
          '%',
        ]);
        break;
      case 9: {
        // the message wrapped or flattened
        let text: string;
        try {
          text = JSON.stringify(m);
        } catch {
          text = '{"type":"get_today"';
        }
        return rng.pick([[m], { message: m }, { type: m }, text, { data: m, type: undefined }]);
      }
      case 10: // null or an array where an object is expected
        m[key] = rng.pick([null, [], [m[key]], {}, true]);
        break;
      default: // an unknown enum value
        m[key] = rng.pick([
          'accept ',
          'Accept',
          'other-kind',
          'dmp_uploads',
          'VSM ',
          '11488-4x',
          'pending2',
          'prerender ',
          '',
        ]);
    }
  }
  return m;
}

interface Case {
  raw: unknown;
  sender: SenderInfo;
  kind: 'random' | 'mutated' | 'valid-wrong-sender';
}

function makeCase(index: number): Case {
  const rng = new Rng(mulberry32(SEED ^ Math.imul(index + 1, 0x9e3779b1)));
  const r = rng.int(10);
  let raw: unknown;
  let kind: Case['kind'];
  if (r < 3) {
    raw = randomJson(rng);
    kind = 'random';
  } else if (r < 9) {
    raw = mutate(rng);
    kind = 'mutated';
  } else {
    raw = structuredClone(rng.pick(VALID));
    kind = 'valid-wrong-sender';
  }
  // Whatever still parses goes to a sender that may not send it; the rest to anyone.
  if (isActionable(raw))
    return { raw, sender: hostileSenderFor(rng), kind: kind === 'random' ? kind : 'valid-wrong-sender' };
  return { raw, sender: rng.chance(0.7) ? rng.pick(LEGIT_SENDERS) : hostileSenderFor(rng), kind };
}

function describeCase(index: number, c: Case): string {
  let text: string;
  try {
    text = JSON.stringify(c.raw) ?? String(c.raw);
  } catch (error) {
    text = `(unprintable: ${String(error)})`;
  }
  return `seed ${SEED} message #${index} (${c.kind}) from ${JSON.stringify(c.sender).slice(0, 200)}: ${text.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------
// Setup

let db: SuiviDb;
let deps: RouterDeps;
let log: Mock<(reason: string) => void>;
let onChange: Mock<() => void>;
let push: Mock<(tabId: number, message: unknown) => void>;
let registerSite: Mock<(host: string) => Promise<void>>;

async function seed(): Promise<void> {
  for (const [id, kind, minutes] of [
    ['seed-event-0001', 'dmp_upload', 10],
    ['seed-event-0002', 'dmp_consult', 20],
    ['seed-event-0003', 'dmp_upload_failed', 30],
  ] as const) {
    await putEvent(
      db,
      makeEvent({
        id,
        kind,
        at: NOW - minutes * 60_000,
        site: DMP_WEB_SITE,
        source: 'auto',
        ...(kind === 'dmp_upload' ? { docClass: '11488-4' } : {}),
      }),
    );
  }
  await db.put('events', {
    ...makeEvent({
      id: 'seed-event-0004',
      kind: 'dmp_upload',
      at: NOW - 3_600_000,
      site: 'weda',
      source: 'auto',
    }),
    undone: true,
  });
  await db.put('spans', {
    id: `span:dmp-web:dmp:${NOW - 600_000}`,
    site: DMP_WEB_SITE,
    activity: 'dmp',
    start: NOW - 600_000,
    end: NOW - 300_000,
    day: '2025-03-14',
  });
  await putSite(db, {
    id: `custom:${CUSTOM_HOST}`,
    host: CUSTOM_HOST,
    enabled: true,
    addedAt: NOW - 86_400_000,
  });
  await putTaughtRule(db, {
    id: 'taught-seed-00000001',
    host: CUSTOM_HOST,
    name: 'Envoyer au DMP',
    event: 'dmp_upload',
    selector: 'button.envoi',
    createdAt: NOW - 86_400_000,
  });
  await putUnconfirmed(
    db,
    makeUnconfirmed({
      id: 'seed-unconf-0001',
      at: NOW - 1_800_000,
      site: 'weda',
      ruleId: 'dmp-share',
      kind: 'dmp_upload',
      source: 'auto',
    }),
  );
  // A deposit accepted and waiting for its confirmation page: a forged page message would count it.
  await fakeBrowser.storage.session.set({
    'dmpTab:4': {
      recordOpen: true,
      pending: {
        flowId: 'flow-seed-0001',
        docClass: '11488-4',
        stage: 'accepted',
        startedAt: NOW - 60_000,
        updatedAt: NOW - 30_000,
      },
    },
    'encounter:7': {
      id: 'encounter-seed-0001',
      site: 'weda',
      startedAt: NOW - 600_000,
      lastAt: NOW - 60_000,
    },
    'engineCarried:7': [
      {
        attemptId: 'carried-seed-0001',
        adapterId: 'weda',
        ruleId: 'dmp-share',
        startedAt: NOW - 10_000,
        kind: 'dmp_upload',
        source: 'auto',
        expiresAt: NOW + 50_000,
        crossPage: true,
      },
    ],
    openSpan: { site: DMP_WEB_SITE, activity: 'dmp', tabId: 4, start: NOW - 120_000, end: NOW - 10_000 },
  });
  await fakeBrowser.storage.local.set({
    [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, idleThresholdS: 60 },
    manualTimerStartedAt: NOW - 900_000,
    'overlay:dmp-web': { collapsed: false },
  });
}

/** Every object store, and both extension storage areas. */
async function dump(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of Array.from(db.objectStoreNames).sort())
    out[`idb:${name}`] = await db.getAll(name as 'events');
  out['storage:local'] = await fakeBrowser.storage.local.get(null);
  out['storage:session'] = await fakeBrowser.storage.session.get(null);
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

beforeEach(async () => {
  db = await openSuiviDb();
  await seed();
  const ownOrigin = fakeBrowser.runtime.getURL('/');
  log = vi.fn<(reason: string) => void>();
  onChange = vi.fn<() => void>();
  push = vi.fn<(tabId: number, message: unknown) => void>();
  registerSite = vi.fn<(host: string) => Promise<void>>(async () => undefined);
  const encounters = encounterItem;
  const events = new EventService({ db, encounters, now: () => NOW, push });
  const programs = new ProgramService({
    db,
    events,
    encounters,
    carried: carriedAttemptsStore,
    now: () => NOW,
    registerSite,
    unregisterSite: registerSite,
    push,
    log,
    onChange,
  });
  const time = new TimeService({
    db,
    openSpan: {
      get: async () => (await fakeBrowser.storage.session.get('openSpan')).openSpan ?? null,
      set: async (open) =>
        open
          ? fakeBrowser.storage.session.set({ openSpan: open })
          : fakeBrowser.storage.session.remove('openSpan'),
    },
    timer: {
      get: async () =>
        ((await fakeBrowser.storage.local.get('manualTimerStartedAt')).manualTimerStartedAt as
          number | undefined) ?? null,
      set: async (at) =>
        at === null
          ? fakeBrowser.storage.local.remove('manualTimerStartedAt')
          : fakeBrowser.storage.local.set({ manualTimerStartedAt: at }),
    },
    settings: async () => readSettings((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]),
    idleState: async () => 'active',
    now: () => NOW,
    log,
  });
  const data = new DataService({
    db,
    settings: {
      get: async () => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
      set: async (settings) => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: settings }),
    },
    clearStorage: async () => {
      await fakeBrowser.storage.local.clear();
      await fakeBrowser.storage.session.clear();
    },
    log,
    onChange,
  });
  const flow = new Recorder({
    events,
    tabStates: dmpTabItem,
    now: () => NOW,
  });
  // The background's router, channels and handlers over these services.
  deps = testBackground({
    db,
    now: () => NOW,
    ownId: OWN_ID,
    ownOrigin,
    log,
    onChange,
    push,
    encounters,
    events,
    flow,
    programs,
    time,
    data,
  }).deps;
});
afterEach(() => db.close());

describe('fuzzing the background with hostile messages', () => {
  it('the valid templates really are valid (so their mutations are near misses)', () => {
    for (const m of VALID) {
      if (m.type === 'restore_apply') expect(parseRequest(m).ok).toBe(true);
      else expect(isActionable(m), JSON.stringify(m)).toBe(true);
    }
    // Every message of the protocol is among them.
    expect(TYPES.slice().sort()).toEqual(MESSAGE_NAMES.slice().sort());
  });

  it(
    `refuses ${MESSAGES} random, malformed and misdirected messages, with a reason, writing nothing`,
    { timeout: 240_000 },
    async () => {
      const initial = await dump();
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      const tally: Record<Case['kind'], number> = { random: 0, mutated: 0, 'valid-wrong-sender': 0 };
      const failures: string[] = [];
      let batch: string[] = [];

      for (let i = 0; i < MESSAGES && failures.length < 10; i++) {
        const c = makeCase(i);
        tally[c.kind] += 1;
        batch.push(describeCase(i, c));
        log.mockClear();
        let reply: { ok: boolean; error?: string } | undefined;
        try {
          reply = (await routeMessage(c.raw, c.sender, deps)) as { ok: boolean; error?: string };
        } catch (error) {
          failures.push(`threw ${String(error)}: ${describeCase(i, c)}`);
          continue;
        }
        if (!reply || reply.ok !== false)
          failures.push(`not refused (${JSON.stringify(reply)?.slice(0, 200)}): ${describeCase(i, c)}`);
        else if (typeof reply.error !== 'string' || reply.error.trim() === '')
          failures.push(`refused without a reason: ${describeCase(i, c)}`);
        else if (reply.error.length > MAX_REASON)
          failures.push(`reason of ${reply.error.length} characters: ${describeCase(i, c)}`);
        const logged = log.mock.calls.map((call) => call[0]);
        if (
          logged.length === 0 ||
          logged.some((line) => typeof line !== 'string' || line.length > MAX_REASON + 40)
        )
          failures.push(
            `refusal not logged, or logged at length ${logged.map((l) => l.length).join(',')}: ${describeCase(i, c)}`,
          );

        if ((i + 1) % BATCH === 0 || i === MESSAGES - 1) {
          const now = await dump();
          try {
            expect(now).toEqual(initial);
          } catch {
            failures.push(
              `a store changed during messages ${i + 1 - batch.length}..${i}:\n  ${batch.join('\n  ')}`,
            );
            break;
          }
          batch = [];
        }
      }

      expect(failures, failures.join('\n')).toEqual([]);
      expect(tally.random + tally.mutated + tally['valid-wrong-sender']).toBeGreaterThanOrEqual(10_000);
      // Each family is well represented.
      expect(tally.random).toBeGreaterThan(MESSAGES * 0.2);
      expect(tally.mutated).toBeGreaterThan(MESSAGES * 0.4);
      expect(tally['valid-wrong-sender']).toBeGreaterThan(MESSAGES * 0.08);
      expect(onChange).not.toHaveBeenCalled();
      expect(push).not.toHaveBeenCalled();
      expect(registerSite).not.toHaveBeenCalled();
      // Nothing reached a prototype.
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    },
  );

  it('the same world accepts the real thing (the fuzz is not refusing everything by accident)', async () => {
    const before = await dump();
    expect(await routeMessage(VALID[0], DMP_TAB, deps)).toMatchObject({
      ok: true,
      counted: [{ id: 'flow-seed-0001', kind: 'dmp_upload' }],
    });
    expect(
      await routeMessage(
        { type: 'add_manual', id: 'manual-00000009', site: `custom:${CUSTOM_HOST}`, kind: 'dmp_consult' },
        CUSTOM_TAB,
        deps,
      ),
    ).toMatchObject({ ok: true });
    expect(await routeMessage({ type: 'timer_state' }, POPUP, deps)).toEqual({
      ok: true,
      timerStartedAt: NOW - 900_000,
    });
    expect(await dump()).not.toEqual(before);
    expect(await db.count('events')).toBe(6);
  });
});
