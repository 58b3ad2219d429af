import * as v from 'valibot';
import { TimeSpanSchema, type TimeSpan } from './spans';
import { EventSchema, type DmpEvent } from './events';
import { localDay } from './calendar';
import { ProfileIdSchema } from './obligations';
import { problem, problemDebugText, type Problem } from './problem';

/**
 * JSON backup of everything the extension keeps, and the plan of a restore.
 *
 * Pure: nothing here touches the database. `parseBackup` validates a whole file before anything
 * else looks at it and never throws; `planRestore` says what a restore would change; the
 * caller applies the plan in one transaction (or not at all).
 *
 * File (version 1):
 * `{ format: 'suivi-dmp-backup', version: 1, exportedAt, events, spans, settings, sites,
 *    taughtRules, profileId, customProfile? }`
 * - `exportedAt`: ISO 8601 UTC instant (`2026-03-31T18:00:00.000Z`);
 * - `events`: the event records of the data contract (lib/events.ts `EventSchema`);
 * - `spans`: the time spans (`TimeSpan` in lib/domain/spans.ts);
 * - `settings`: one JSON object; `sites` and `taughtRules`: arrays of JSON objects, each with a
 *   string `id` (their store's key). Their inner shape belongs to their owners: here they are
 *   plain JSON, bounded in size and depth, without keys that could pollute a prototype;
 * - `profileId`: the chosen obligation profile; `customProfile`: the user's edited profile.
 */

export const BACKUP_FORMAT = 'suivi-dmp-backup';
export const BACKUP_VERSION = 1;

/** Bounds a backup must respect; anything larger is refused before validation. */
export const BACKUP_LIMITS = {
  /** Characters of the whole file (about 2,000,000 events of ~200 bytes fit). */
  maxTextLength: 512 * 1024 * 1024 - 64,
  maxEvents: 2_000_000,
  maxSpans: 2_000_000,
  maxSites: 1_000,
  maxTaughtRules: 10_000,
  /** Nesting depth of the whole document (the top object is depth 1). */
  maxDepth: 32,
  /** Any string, key or value. */
  maxStringLength: 20_000,
  /** Keys of one object. */
  maxObjectKeys: 1_000,
  /** Items of an array nested inside settings, sites, rules or the profile. */
  maxNestedArray: 10_000,
  /** Values (objects, arrays, scalars) inside one opaque record (settings, a site, a rule, the profile). */
  maxRecordNodes: 100_000,
} as const;

/** Keys refused anywhere in a backup: an object spread or assign could pollute a prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** A record of a store keyed by `id` (sites, taught rules). */
export type KeyedRecord = JsonObject & { id: string };

export interface BackupContents {
  events: DmpEvent[];
  spans: TimeSpan[];
  settings: JsonObject;
  sites: KeyedRecord[];
  taughtRules: KeyedRecord[];
  profileId: string;
  customProfile?: JsonObject;
}

/**
 * The state a backup is built from, and the local side of a restore, as the stores hold it:
 * looser types than the file's (a store's own record type, `null` for no custom profile), as
 * long as the values are plain JSON data.
 */
export interface BackupState {
  events: readonly DmpEvent[];
  spans: readonly TimeSpan[];
  settings: object;
  sites: ReadonlyArray<{ id: string }>;
  taughtRules: ReadonlyArray<{ id: string }>;
  profileId: string;
  /** `null` or absent: no custom profile. */
  customProfile?: object | null;
}

export interface Backup extends BackupContents {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
}

/** Why a file was refused (for tests, logs and the restore reply). */
export type BackupErrorCode =
  | 'empty'
  | 'too_large'
  | 'not_json'
  | 'truncated'
  | 'wrong_format'
  | 'newer_version'
  | 'unknown_version'
  | 'hostile'
  | 'invalid'
  | 'duplicate_id';

/** A value of a backup that is not plain, bounded JSON; the first parameter is its path. */
export type JsonProblemKey =
  | 'backup_json_not_finite'
  | 'backup_json_too_long'
  | 'backup_json_not_json'
  | 'backup_json_too_many_values'
  | 'backup_json_too_deep'
  | 'backup_json_too_many_items'
  | 'backup_json_too_many_keys'
  | 'backup_json_forbidden_key'
  | 'backup_json_key_too_long';

/**
 * The messages a refused backup is worded with (public/_locales): the refusal, and its detail
 * (a JSON problem, a schema message that is itself a key, the root of the file as a path).
 */
export type BackupProblemKey =
  | 'backup_not_text'
  | 'backup_too_large'
  | 'backup_empty'
  | 'backup_truncated'
  | 'backup_not_json'
  | 'backup_unreadable'
  | 'backup_state_unreadable'
  | 'backup_not_object'
  | 'backup_wrong_format'
  | 'backup_newer_version'
  | 'backup_unknown_version'
  | 'backup_hostile'
  | 'backup_invalid'
  | 'backup_duplicate_id'
  | 'backup_root'
  | SchemaMessageKey
  | JsonProblemKey;

/** `K`: the message keys the validators' problems add (none by default). */
export type ParseBackupResult<K extends string = never> =
  { ok: true; backup: Backup } | { ok: false; code: BackupErrorCode; problem: Problem<BackupProblemKey | K> };

/** What a validator says of a wrong value: a problem to word, or a plain (technical) text. */
export type ValidatorMessage<K extends string = string> = Problem<K> | string | null | undefined;

/**
 * Stricter checks the owners of the opaque parts can plug in (e.g. the obligation profile
 * schema for `customProfile`): each returns a message when the value is wrong, else nothing.
 * `K` is the message keys their problems use.
 */
export interface BackupValidators<K extends string = never> {
  settings?: (value: JsonObject) => ValidatorMessage<K>;
  site?: (value: KeyedRecord) => ValidatorMessage<K>;
  taughtRule?: (value: KeyedRecord) => ValidatorMessage<K>;
  customProfile?: (value: JsonObject) => ValidatorMessage<K>;
}

/** Thrown by `buildBackup`: the state would not make a backup that restores. */
export class BackupBuildError extends Error {
  constructor(readonly problem: Problem<BackupProblemKey>) {
    super(problemDebugText(problem));
  }
}

// ---------------------------------------------------------------------------------------------
// Plain JSON checks

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `events[3].id`; the file itself, with no path, is a message (« (racine) »). */
function pathText(path: ReadonlyArray<string | number>): string | Problem<BackupProblemKey> {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || problem('backup_root');
}

type JsonProblem = Problem<BackupProblemKey>;

interface WalkLimits {
  maxDepth: number;
  maxStringLength: number;
  maxObjectKeys: number;
  maxArray: (path: ReadonlyArray<string | number>) => number;
  maxNodes: number;
}

/**
 * Walks a value without recursion and returns the first problem (with its path), or null:
 * a type JSON does not have (function, undefined, symbol, bigint, a class instance), a
 * non-finite number, a forbidden key, too deep, too long, too many keys or items.
 */
function jsonProblem(
  root: unknown,
  rootPath: ReadonlyArray<string | number>,
  limits: WalkLimits,
): JsonProblem | null {
  // Items keep their parent instead of a copied path: a file of millions of events stays linear.
  interface Item {
    value: unknown;
    parent: Item | null;
    key: string | number | null;
    depth: number;
  }
  const pathOf = (item: Item): Array<string | number> => {
    const keys: Array<string | number> = [];
    for (let it: Item | null = item; it && it.key !== null; it = it.parent) keys.push(it.key);
    return [...rootPath, ...keys.reverse()];
  };
  /** Checks a scalar at once; returns a problem, '' for a container to visit, or null when fine. */
  const scalar = (
    value: unknown,
    parent: Item | null,
    key: string | number | null,
  ): JsonProblem | null | '' => {
    const at = () => (parent === null || key === null ? [...rootPath] : [...pathOf(parent), key]);
    if (value === null || typeof value === 'boolean') return null;
    if (typeof value === 'number')
      return Number.isFinite(value) ? null : problem('backup_json_not_finite', pathText(at()));
    if (typeof value === 'string')
      return value.length > limits.maxStringLength
        ? problem(
            'backup_json_too_long',
            pathText(at()),
            String(value.length),
            String(limits.maxStringLength),
          )
        : null;
    if (typeof value === 'object' && (Array.isArray(value) || isPlainObject(value))) return '';
    return problem('backup_json_not_json', pathText(at()), typeof value);
  };
  const rootItem: Item = { value: root, parent: null, key: null, depth: 1 };
  const rootProblem = scalar(root, null, null);
  if (rootProblem !== '') return rootProblem;
  // Only containers go on the stack; their scalar children are checked in place.
  const stack: Item[] = [rootItem];
  let nodes = 1;
  const visit = (parent: Item, key: string | number, child: unknown): JsonProblem | null => {
    nodes += 1;
    const found = scalar(child, parent, key);
    if (found === '') stack.push({ value: child, parent, key, depth: parent.depth + 1 });
    return found || null;
  };
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { value, depth } = item;
    if (nodes > limits.maxNodes)
      return problem('backup_json_too_many_values', pathText(rootPath), String(limits.maxNodes));
    if (depth > limits.maxDepth)
      return problem('backup_json_too_deep', pathText(pathOf(item)), String(limits.maxDepth));
    if (Array.isArray(value)) {
      const max = limits.maxArray(pathOf(item));
      if (value.length > max)
        return problem(
          'backup_json_too_many_items',
          pathText(pathOf(item)),
          String(value.length),
          String(max),
        );
      for (let i = value.length - 1; i >= 0; i--) {
        const found = visit(item, i, value[i]);
        if (found) return found;
      }
      continue;
    }
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length > limits.maxObjectKeys)
      return problem(
        'backup_json_too_many_keys',
        pathText(pathOf(item)),
        String(keys.length),
        String(limits.maxObjectKeys),
      );
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key))
        return problem('backup_json_forbidden_key', pathText([...pathOf(item), key]), key);
      if (key.length > limits.maxStringLength)
        return problem('backup_json_key_too_long', pathText(pathOf(item)));
      const found = visit(item, key, object[key]);
      if (found) return found;
    }
  }
  return null;
}

const TOP_ARRAYS: Record<string, number> = {
  events: BACKUP_LIMITS.maxEvents,
  spans: BACKUP_LIMITS.maxSpans,
  sites: BACKUP_LIMITS.maxSites,
  taughtRules: BACKUP_LIMITS.maxTaughtRules,
};

const FILE_LIMITS: WalkLimits = {
  maxDepth: BACKUP_LIMITS.maxDepth,
  maxStringLength: BACKUP_LIMITS.maxStringLength,
  maxObjectKeys: BACKUP_LIMITS.maxObjectKeys,
  maxArray: (path) =>
    path.length === 1 && typeof path[0] === 'string'
      ? (TOP_ARRAYS[path[0]] ?? BACKUP_LIMITS.maxNestedArray)
      : BACKUP_LIMITS.maxNestedArray,
  maxNodes: Number.POSITIVE_INFINITY,
};

const RECORD_LIMITS: WalkLimits = {
  maxDepth: BACKUP_LIMITS.maxDepth,
  maxStringLength: BACKUP_LIMITS.maxStringLength,
  maxObjectKeys: BACKUP_LIMITS.maxObjectKeys,
  maxArray: () => BACKUP_LIMITS.maxNestedArray,
  maxNodes: BACKUP_LIMITS.maxRecordNodes,
};

// ---------------------------------------------------------------------------------------------
// Schemas

function recordProblem(value: unknown): JsonProblem | null {
  return jsonProblem(value, [], RECORD_LIMITS);
}

/**
 * Schema messages that are message keys, worded by the interface (`issueDetail`). The
 * record-size check's message stands for its JSON problem, found again from the issue's input.
 */
const SCHEMA_MESSAGE_KEYS = [
  'backup_schema_json_object',
  'backup_schema_record_id',
  'backup_schema_keyed_record',
  'backup_schema_record_size',
] as const;
type SchemaMessageKey = (typeof SCHEMA_MESSAGE_KEYS)[number];
const isSchemaMessageKey = (message: string): message is SchemaMessageKey =>
  (SCHEMA_MESSAGE_KEYS as readonly string[]).includes(message);

const recordSizeCheck = <T>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (dataset.typed && recordProblem(dataset.value))
      addIssue({ message: 'backup_schema_record_size' satisfies SchemaMessageKey });
  });

/** A plain JSON object within the bounds (settings, profile). */
export const JsonObjectSchema = v.pipe(
  v.custom<JsonObject>(isPlainObject, 'backup_schema_json_object' satisfies SchemaMessageKey),
  recordSizeCheck<JsonObject>(),
);

/** Ids of keyed records: bounded, printable, no spaces. */
export const RecordIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9:_.@/-]{1,300}$/, 'backup_schema_record_id' satisfies SchemaMessageKey),
);

/** A record of a store keyed by `id` (a site, a taught rule): a bounded JSON object with a string id. */
export const KeyedRecordSchema = v.pipe(
  v.custom<KeyedRecord>(
    (r) => isPlainObject(r) && v.is(RecordIdSchema, r.id),
    'backup_schema_keyed_record' satisfies SchemaMessageKey,
  ),
  recordSizeCheck<KeyedRecord>(),
);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
export const ExportedAtSchema = v.pipe(
  v.string(),
  v.regex(ISO_INSTANT, 'exportedAt must be an ISO 8601 instant'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'exportedAt is not a real instant'),
);

export const BackupSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  exportedAt: ExportedAtSchema,
  events: v.pipe(v.array(EventSchema), v.maxLength(BACKUP_LIMITS.maxEvents)),
  spans: v.pipe(v.array(TimeSpanSchema), v.maxLength(BACKUP_LIMITS.maxSpans)),
  settings: JsonObjectSchema,
  sites: v.pipe(v.array(KeyedRecordSchema), v.maxLength(BACKUP_LIMITS.maxSites)),
  taughtRules: v.pipe(v.array(KeyedRecordSchema), v.maxLength(BACKUP_LIMITS.maxTaughtRules)),
  profileId: ProfileIdSchema,
  customProfile: v.optional(JsonObjectSchema),
});

// ---------------------------------------------------------------------------------------------
// Parsing

function fail<K extends string = never>(
  code: BackupErrorCode,
  key: BackupProblemKey,
  ...params: Array<string | Problem<BackupProblemKey | K>>
): ParseBackupResult<K> {
  return { ok: false, code, problem: problem(key, ...params) };
}

/**
 * True when the text looks cut off: a string left open, or brackets left open at the end
 * (scanned outside strings, independent of the engine's JSON error wording).
 */
export function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let sawBracket = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      sawBracket = true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return sawBracket && (inString || depth > 0);
}

function duplicateId(records: ReadonlyArray<{ id: string }>): string | null {
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.id)) return r.id;
    seen.add(r.id);
  }
  return null;
}

function issuePath(issue: v.BaseIssue<unknown>): string | Problem<BackupProblemKey> {
  const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? p.key : String(p.key)));
  return pathText(path as Array<string | number>);
}

/** What a schema issue says: a message of ours, a record's JSON problem, or valibot's text. */
function issueDetail(issue: v.BaseIssue<unknown>): string | Problem<BackupProblemKey> {
  if (issue.message === 'backup_schema_record_size') {
    const found = recordProblem(issue.input);
    if (found) return found;
  }
  return isSchemaMessageKey(issue.message) ? problem(issue.message) : issue.message;
}

function validateStructure<K extends string>(
  value: unknown,
  validators: BackupValidators<K>,
): ParseBackupResult<K> {
  if (!isPlainObject(value)) return fail('wrong_format', 'backup_not_object');
  if (value.format !== BACKUP_FORMAT) return fail('wrong_format', 'backup_wrong_format', BACKUP_FORMAT);
  const version = value.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION)
    return fail('newer_version', 'backup_newer_version', String(version), String(BACKUP_VERSION));
  if (version !== BACKUP_VERSION)
    return fail(
      'unknown_version',
      'backup_unknown_version',
      String(JSON.stringify(version)?.slice(0, 40)),
      String(BACKUP_VERSION),
    );

  const hostile = jsonProblem(value, [], FILE_LIMITS);
  if (hostile) return fail('hostile', 'backup_hostile', hostile);

  const parsed = v.safeParse(BackupSchema, value, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return fail('invalid', 'backup_invalid', issuePath(issue), issueDetail(issue));
  }
  const backup = parsed.output as Backup;

  for (const [store, records] of [
    ['events', backup.events],
    ['spans', backup.spans],
    ['sites', backup.sites],
    ['taughtRules', backup.taughtRules],
  ] as const) {
    const dup = duplicateId(records);
    if (dup !== null) return fail('duplicate_id', 'backup_duplicate_id', dup, store);
  }

  const extra: Array<[string, ValidatorMessage<K>]> = [];
  if (validators.settings) extra.push(['settings', validators.settings(backup.settings)]);
  if (validators.customProfile && backup.customProfile)
    extra.push(['customProfile', validators.customProfile(backup.customProfile)]);
  if (validators.site) backup.sites.forEach((s, i) => extra.push([`sites[${i}]`, validators.site!(s)]));
  if (validators.taughtRule)
    backup.taughtRules.forEach((r, i) => extra.push([`taughtRules[${i}]`, validators.taughtRule!(r)]));
  for (const [where, message] of extra) {
    if (message) return fail('invalid', 'backup_invalid', where, message);
  }
  return { ok: true, backup };
}

/**
 * Reads a backup file. The whole file is checked before anything is returned: size, JSON,
 * truncation, format and version, hostile content (prototype keys, depth, sizes, non-JSON
 * values), every record's schema, and duplicate ids. Never throws.
 */
export function parseBackup<K extends string = never>(
  text: string,
  validators: BackupValidators<K> = {},
): ParseBackupResult<K> {
  try {
    if (typeof text !== 'string') return fail('not_json', 'backup_not_text');
    if (text.length > BACKUP_LIMITS.maxTextLength)
      return fail('too_large', 'backup_too_large', String(text.length), String(BACKUP_LIMITS.maxTextLength));
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') return fail('empty', 'backup_empty');
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      if (looksTruncated(body)) return fail('truncated', 'backup_truncated');
      return fail('not_json', 'backup_not_json');
    }
    return validateStructure(value, validators);
  } catch (error) {
    // A stack overflow on absurd nesting, or anything unexpected: refuse, never throw.
    return fail('invalid', 'backup_unreadable', errorText(error));
  }
}

/** Validates an in-memory value (e.g. already parsed JSON) as a backup; never throws. */
export function validateBackup<K extends string = never>(
  value: unknown,
  validators: BackupValidators<K> = {},
): ParseBackupResult<K> {
  try {
    return validateStructure(value, validators);
  } catch (error) {
    return fail('invalid', 'backup_state_unreadable', errorText(error));
  }
}

/** The engine's own words for an unexpected error (technical, not translated). */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Building

function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The backup of a state, as JSON-clean data (undefined fields dropped) so that
 * `parseBackup(serializeBackup(b))` gives back exactly `b`. Throws when the state itself would
 * not pass `parseBackup` (so a backup that cannot be restored is never written silently).
 */
export function buildBackup(state: BackupState, now: number | Date = Date.now()): Backup {
  const backup = toJson({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    events: state.events,
    spans: state.spans,
    settings: state.settings,
    sites: state.sites,
    taughtRules: state.taughtRules,
    profileId: state.profileId,
    ...(state.customProfile == null ? {} : { customProfile: state.customProfile }),
  }) as Backup;
  const checked = validateBackup(backup);
  if (!checked.ok) throw new BackupBuildError(checked.problem);
  return backup;
}

/** The file's text (compact JSON: a large month of events stays small). */
export function serializeBackup(backup: Backup): string {
  return JSON.stringify(backup);
}

/** `suivi-dmp_sauvegarde_YYYY-MM-DD.json`, with the local date of `now`. */
export function backupFilename(now: number | Date = Date.now()): string {
  return `suivi-dmp_sauvegarde_${localDay(new Date(now).getTime())}.json`;
}

// ---------------------------------------------------------------------------------------------
// Planning a restore

export type RestoreMode = 'replace' | 'merge';

/** What a restore does to one store keyed by `id`. */
export interface StorePlan<T extends { id: string }> {
  /** Records to write (`put`), added or updated. */
  put: T[];
  /** Ids to delete. */
  delete: string[];
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Merge only: ids on both sides with different content, where the local record is kept. */
  keptLocal: number;
}

export interface SettingsPlan {
  /** The settings object after the restore. */
  next: Record<string, unknown>;
  changed: boolean;
  addedKeys: string[];
  updatedKeys: string[];
  removedKeys: string[];
}

export interface ProfilePlan {
  profileId: string;
  /** The custom profile after the restore; undefined: none (delete a stored one). */
  customProfile?: object;
  changed: boolean;
}

export interface RestorePlan<B extends BackupState = Backup> {
  mode: RestoreMode;
  events: StorePlan<DmpEvent>;
  spans: StorePlan<TimeSpan>;
  sites: StorePlan<B['sites'][number]>;
  taughtRules: StorePlan<B['taughtRules'][number]>;
  settings: SettingsPlan;
  profile: ProfilePlan;
  /** True when applying the plan would change nothing. */
  noChange: boolean;
}

/** Deep equality of JSON-like values, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return (
    ak.length === bk.length &&
    ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]))
  );
}

function planStore<T extends { id: string }>(
  current: ReadonlyArray<{ id: string }>,
  incoming: readonly T[],
  mode: RestoreMode,
): StorePlan<T> {
  const plan: StorePlan<T> = {
    put: [],
    delete: [],
    added: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    keptLocal: 0,
  };
  const local = new Map<string, { id: string }>();
  for (const r of current) local.set(r.id, r);
  const incomingIds = new Set<string>();
  for (const r of incoming) {
    incomingIds.add(r.id);
    const mine = local.get(r.id);
    if (mine === undefined) {
      plan.put.push(r);
      plan.added += 1;
    } else if (jsonEqual(mine, r)) {
      plan.unchanged += 1;
    } else if (mode === 'replace') {
      plan.put.push(r);
      plan.updated += 1;
    } else {
      plan.keptLocal += 1;
    }
  }
  if (mode === 'replace') {
    for (const id of local.keys()) {
      if (!incomingIds.has(id)) {
        plan.delete.push(id);
        plan.removed += 1;
      }
    }
  }
  return plan;
}

function planSettings(currentSettings: object, incomingSettings: object, mode: RestoreMode): SettingsPlan {
  const current = currentSettings as Record<string, unknown>;
  const incoming = incomingSettings as Record<string, unknown>;
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  // Merge: the local value of a key wins; keys only in the backup are added.
  const next: Record<string, unknown> = mode === 'replace' ? { ...incoming } : { ...incoming, ...current };
  const addedKeys = Object.keys(next).filter((k) => !has(current, k));
  const updatedKeys = Object.keys(next).filter((k) => has(current, k) && !jsonEqual(current[k], next[k]));
  const removedKeys = Object.keys(current).filter((k) => !has(next, k));
  return {
    next,
    changed: addedKeys.length + updatedKeys.length + removedKeys.length > 0,
    addedKeys,
    updatedKeys,
    removedKeys,
  };
}

function planProfile(current: BackupState, backup: BackupState, mode: RestoreMode): ProfilePlan {
  const mine = current.customProfile ?? undefined;
  const theirs = backup.customProfile ?? undefined;
  const profileId = mode === 'replace' ? backup.profileId : current.profileId;
  const customProfile = mode === 'replace' ? theirs : (mine ?? theirs);
  const changed = profileId !== current.profileId || !jsonEqual(customProfile ?? null, mine ?? null);
  return customProfile === undefined ? { profileId, changed } : { profileId, customProfile, changed };
}

/**
 * What restoring `backup` over `current` would change, without changing anything.
 *
 * - `replace`: every store becomes exactly the backup's (records only on this side are
 *   deleted), and so do the settings and the chosen profile.
 * - `merge`: the union of both sides by id, without duplicates. An id on both sides is the
 *   same event (ids come from the detector), so the local record is kept as it is, `undone`
 *   flag included: the local side has the latest undo or redo for the events it shares with
 *   an older backup of itself, and a restore never silently re-counts or un-counts one. Such
 *   ids with different content are reported in `keptLocal`. Settings: local keys win, keys
 *   only in the backup are added. The chosen profile stays; the backup's custom profile is
 *   taken only when there is none here.
 */
export function planRestore<B extends BackupState = Backup>(
  current: BackupState,
  backup: B,
  mode: RestoreMode,
): RestorePlan<B> {
  const events = planStore(current.events, backup.events, mode);
  const spans = planStore(current.spans, backup.spans, mode);
  const sites = planStore<B['sites'][number]>(current.sites, backup.sites, mode);
  const taughtRules = planStore<B['taughtRules'][number]>(current.taughtRules, backup.taughtRules, mode);
  const settings = planSettings(current.settings, backup.settings, mode);
  const profile = planProfile(current, backup, mode);
  const noChange =
    [events, spans, sites, taughtRules].every((p) => p.put.length === 0 && p.delete.length === 0) &&
    !settings.changed &&
    !profile.changed;
  return { mode, events, spans, sites, taughtRules, settings, profile, noChange };
}

/** The state a plan leads to (what the stores hold after applying it); pure, for checks and tests. */
export function stateAfterPlan<B extends BackupState>(
  current: BackupState,
  plan: RestorePlan<B>,
): BackupState {
  const apply = (records: ReadonlyArray<{ id: string }>, p: StorePlan<{ id: string }>) => {
    const byId = new Map<string, { id: string }>(records.map((r) => [r.id, r]));
    for (const id of p.delete) byId.delete(id);
    for (const r of p.put) byId.set(r.id, r);
    return [...byId.values()];
  };
  const next: BackupState = {
    events: apply(current.events, plan.events) as DmpEvent[],
    spans: apply(current.spans, plan.spans) as TimeSpan[],
    settings: plan.settings.next,
    sites: apply(current.sites, plan.sites),
    taughtRules: apply(current.taughtRules, plan.taughtRules),
    profileId: plan.profile.profileId,
  };
  if (plan.profile.customProfile !== undefined) next.customProfile = plan.profile.customProfile;
  return next;
}
