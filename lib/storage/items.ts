import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { DOC_CLASSES } from '../domain/doc-classes';
import { ControlSignalsSchema } from '../domain/control-signals';
import { EVENT_KINDS } from '../domain/events';
import { EMPTY_HEALTH, type HealthRecord } from '../domain/rule-health';
import { readSettings, SETTINGS_KEY, type Settings } from '../domain/settings';
import { OpenSpanSchema, type OpenSpan } from '../domain/time-accounting';
import { EXPORT_REMINDER_KEY } from '../domain/export-reminder';
import { ManagedSettingsSchema, parseManaged, type ManagedSettings } from '../domain/managed';
import { MANUAL_TIMER_KEY } from './keys';

/**
 * Every key the extension keeps in `browser.storage`, defined once. The counts themselves live
 * in IndexedDB (db.ts); these are small values: settings, UI preferences, and what the
 * background must keep between two wake-ups of its service worker.
 *
 * - `local` survives a browser restart: settings and preferences.
 * - `session` is emptied when the browser closes: per-tab state that must not outlive it.
 *
 * Every read goes through a parser: a value that does not parse reads as absent (with a log),
 * never as a crash nor as a wrongly typed value. Key names are the ones stored since the first
 * versions: renaming one needs a versioned migration, or users lose that value.
 *
 * Content scripts (lib/content) may not import this layer: they are handed what they need by
 * their entrypoint (see startActivityReporter). Components (the overlay included) import it.
 */

/** A stored value read through its parser. */
export interface StoredItem<T> {
  /** The key as `browser.storage.<area>` sees it. */
  readonly key: string;
  get(): Promise<T>;
  /** Reads a raw value as `get` does (one read elsewhere: the popup's early script). */
  parse(raw: unknown): T;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Called with the new value (parsed) on every change of this key; returns the unsubscribe. */
  watch(onChange: (value: T) => void): () => void;
}

/** Logs a stored value that does not parse: it is then read as absent. The value is not logged. */
function logUnreadable(key: string, issues: readonly v.BaseIssue<unknown>[]): void {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  console.warn(`[Suivi DMP] storage ${key}: unreadable value ignored (${where} ${issue?.message ?? ''})`);
}

/** A parser from a schema: nothing stored, or something that does not parse, gives `absent`. */
function parseOr<T, A>(key: string, schema: v.GenericSchema<unknown, T>, absent: A) {
  return (raw: unknown): T | A => {
    if (raw == null) return absent;
    const result = v.safeParse(schema, raw);
    if (result.success) return result.output;
    logUnreadable(key, result.issues);
    return absent;
  };
}

export interface Versioning {
  /** Version of the stored shape; WXT keeps it beside the value, under `<key>$`. */
  version: number;
  /** Version → function from the previous shape (WXT runs them: migrate.ts). */
  migrations: Record<number, (old: unknown) => unknown>;
}

/** A migration under way in this context (migrate.ts): reads of versioned items wait for it. */
let migrating: Promise<void> = Promise.resolve();
export function readsWaitFor(migration: Promise<void>): void {
  migrating = migration;
}

/**
 * Values are read and written with `browser.storage` itself: WXT's storage module would add
 * some 3 kB (gzip) to each content script, over their budget (tests/support/bundle-sizes.ts).
 * WXT is used where it helps, for versions and migrations, in the background only (migrate.ts).
 */
/* @__NO_SIDE_EFFECTS__ */
function defineStoredItem<T>(
  area: 'local' | 'session',
  key: string,
  read: (raw: unknown) => T,
  versioning?: Versioning,
): StoredItem<T> {
  const metaKey = `${key}$`; // where WXT keeps the version
  return {
    key,
    async get() {
      if (versioning) await migrating;
      return read((await browser.storage[area].get(key))[key]);
    },
    parse: read,
    // A versioned value is written with its version in one go: after an erase, or on a first
    // write, the mark is there, and the next start does not migrate this value again.
    set: (value) =>
      browser.storage[area].set(
        versioning ? { [key]: value, [metaKey]: { v: versioning.version } } : { [key]: value },
      ),
    remove: () => browser.storage[area].remove(versioning ? [key, metaKey] : key),
    watch(onChange) {
      const listener = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
        if (changedArea === area && key in changes) onChange(read(changes[key]?.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// storage.local

/** Version of the stored settings' shape. v1 is the shape stored before versions existed. */
export const SETTINGS_VERSION = 1;

export const SETTINGS_VERSIONING: Versioning = {
  version: SETTINGS_VERSION,
  // From v2 on: `2: (v1) => v2`, with a test that reads a v1 value.
  migrations: {},
};

/**
 * The user's settings (profile, consultation value, idle threshold, export reminder); local so
 * they outlive the browser. Read field by field over the defaults (readSettings): a bad field
 * falls back alone. Values stored before versions existed are v1 as they are.
 */
export const settingsItem = defineStoredItem<Settings>(
  'local',
  SETTINGS_KEY,
  readSettings,
  SETTINGS_VERSIONING,
);

/** When the popup's manual timer was started (epoch ms), or null; local so a restart keeps it. */
export const manualTimerItem = defineStoredItem<number | null>(
  'local',
  MANUAL_TIMER_KEY,
  parseOr(MANUAL_TIMER_KEY, v.pipe(v.number(), v.finite()), null),
);

/** The last month (`YYYY-MM`) whose export reminder is done; local, one value per install. */
export const exportReminderItem = defineStoredItem<string | undefined>(
  'local',
  EXPORT_REMINDER_KEY,
  parseOr(EXPORT_REMINDER_KEY, v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/)), undefined),
);

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const HealthRecordSchema = v.object({
  rules: v.record(
    v.string(),
    v.object({
      matchedAt: v.optional(v.number()),
      confirmedAt: v.optional(v.number()),
      counts: v.optional(
        v.object({
          matches: Count,
          confirmations: Count,
          failures: Count,
          timeouts: Count,
          cancellations: Count,
          since: v.number(),
        }),
      ),
    }),
  ),
  sitesSeen: v.record(v.string(), v.number()),
});

/**
 * When each practice-program rule last matched and confirmed, and each site was last seen
 * (rule ids and times only); local, so a silent rule shows after days. Background writes it.
 */
export const ruleHealthItem = defineStoredItem<HealthRecord>(
  'local',
  'ruleHealth',
  parseOr('ruleHealth', HealthRecordSchema, EMPTY_HEALTH),
);

const OverlayPlaceSchema = v.object({
  left: v.optional(v.number()),
  top: v.optional(v.number()),
  collapsed: v.optional(v.boolean()),
});
export type OverlayPlace = v.InferOutput<typeof OverlayPlaceSchema>;

/**
 * Where the user put the overlay on a site, and whether it is collapsed: a per-device UI
 * preference, local, written by the content script itself (`overlay:<site>`).
 */
/* @__NO_SIDE_EFFECTS__ */
export function overlayPlaceItem(site: string): StoredItem<OverlayPlace> {
  const key = `overlay:${site}`;
  return defineStoredItem<OverlayPlace>('local', key, parseOr(key, OverlayPlaceSchema, {}));
}

/**
 * Whether an update opens its "what changed" note (CHANGELOG.md's doctor's part); local, on by
 * default, turned off in the dashboard's settings or on the note itself.
 */
export const whatsNewItem = defineStoredItem<boolean>(
  'local',
  'whatsNew',
  parseOr('whatsNew', v.boolean(), true),
);

/**
 * The practice's policy as it was applied last (managed-settings.ts): a value applies again only
 * when the practice changes it, so the doctor's own change afterwards stays.
 */
export const managedAppliedItem = defineStoredItem<ManagedSettings>(
  'local',
  'managedApplied',
  parseOr('managedApplied', ManagedSettingsSchema, {}),
);

// ---------------------------------------------------------------------------------------------
// storage.managed (read only: set by the practice's policy, docs/release.md)

/**
 * The practice's policy for this workstation, checked whole (parseManaged): a bad value gives
 * a Problem to show, and nothing of it is applied. Firefox throws when no policy exists: empty.
 */
export async function readManagedSettings(): Promise<ReturnType<typeof parseManaged>> {
  const raw: Record<string, unknown> = await Promise.resolve(browser.storage.managed?.get())
    .then((r) => r ?? {})
    .catch(() => ({}));
  return parseManaged(Object.keys(raw).length === 0 ? null : raw);
}

// ---------------------------------------------------------------------------------------------
// storage.session

/**
 * The span of time being counted, between two heartbeats; session, so a span never stretches
 * over a browser restart, yet survives the service worker being stopped.
 */
export const openSpanItem = defineStoredItem<OpenSpan | null>(
  'session',
  'openSpan',
  parseOr('openSpan', OpenSpanSchema, null),
);

/** A value kept per browser tab, under `<prefix>:<tabId>` in storage.session. */
export interface PerTabItem<T> {
  get(tabId: number): Promise<T | undefined>;
  set(tabId: number, value: T): Promise<void>;
  delete(tabId: number): Promise<void>;
}

/**
 * Per-tab state in `storage.session`: it survives the service worker being stopped and is gone
 * when the browser closes (tab ids do not outlive it either). Deleted when the tab closes.
 */
/* @__NO_SIDE_EFFECTS__ */
export function perTabItem<T>(prefix: string, schema: v.GenericSchema<unknown, T>): PerTabItem<T> {
  const key = (tabId: number) => `${prefix}:${tabId}`;
  return {
    async get(tabId) {
      const raw = (await browser.storage.session.get(key(tabId)))[key(tabId)];
      return parseOr(key(tabId), schema, undefined)(raw);
    },
    set: (tabId, value) => browser.storage.session.set({ [key(tabId)]: value }),
    delete: (tabId) => browser.storage.session.remove(key(tabId)),
  };
}

// The shapes below belong to higher layers (lib/sites, lib/background), which this layer may
// not import: tests/unit/storage-items.test.ts checks that they stay the same types.

const DocClassSchema = v.picklist(DOC_CLASSES);

/** A tab's DMP web access flow (DmpTabState of lib/sites/dmp-web-flow.ts). */
export const DmpTabStateSchema = v.object({
  recordOpen: v.boolean(),
  switchingRecord: v.optional(v.boolean()),
  pending: v.optional(
    v.object({
      flowId: v.string(),
      docClass: DocClassSchema,
      stage: v.picklist(['submitted', 'refused', 'accepted']),
      startedAt: v.number(),
      updatedAt: v.number(),
    }),
  ),
  lastFlowId: v.optional(v.string()),
});

/** The deposit under way in a DMP web access tab, between its page loads (the recorder's). */
export const dmpTabItem = perTabItem('dmpTab', DmpTabStateSchema);

/** A tab's consultation (EncounterState of lib/background/encounters.ts): a random id only. */
export const EncounterStateSchema = v.object({
  id: v.string(),
  site: v.string(),
  startedAt: v.number(),
  lastAt: v.number(),
});

/** The consultation going on in a tab, so that its events share a random id. */
export const encounterItem = perTabItem('encounter', EncounterStateSchema);

/**
 * The practice program's consultation touched last, in any tab: a deposit or a read on the DMP
 * web access, in another tab, joins it while it is recent (lib/background/encounters.ts).
 */
export const openConsultationItem = defineStoredItem<v.InferOutput<typeof EncounterStateSchema> | null>(
  'session',
  'openConsultation',
  parseOr('openConsultation', EncounterStateSchema, null),
);

/** Attempts waiting for a later page load of their tab (CarriedRecord of program-service.ts). */
export const CarriedRecordsSchema = v.array(
  v.object({
    attemptId: v.string(),
    adapterId: v.string(),
    ruleId: v.string(),
    startedAt: v.number(),
    docClass: v.optional(DocClassSchema),
    kind: v.picklist(EVENT_KINDS),
    source: v.picklist(['auto', 'taught']),
    expiresAt: v.number(),
    crossPage: v.boolean(),
    control: v.optional(ControlSignalsSchema),
  }),
);

/** A practice program's attempts carried across page loads of a tab (`engineCarried:<tabId>`). */
export const carriedAttemptsItem = perTabItem('engineCarried', CarriedRecordsSchema);

/** Ameli Pro: the tab's page has had its sick leave counted (lib/background/sick-leave-watch.ts). */
export const sickLeaveCountedItem = perTabItem('sickLeaveCounted', v.literal(true));
