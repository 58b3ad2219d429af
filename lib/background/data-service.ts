import * as v from 'valibot';
import {
  BACKUP_LIMITS,
  parseBackup,
  planRestore,
  type Backup,
  type BackupState,
  type BackupProblemKey,
  type BackupValidators,
  type ParseBackupResult,
  type RestoreMode,
  type RestorePlan,
} from '../domain/backup';
import { rebuildDaySummaries, type SuiviDb, type SuiviDbSchema } from '../storage/db';
import { issueReason, type SenderInfo } from '../messaging/messages';
import { CustomProfileSchema, PROFILE_IDS } from '../domain/obligations';
import { DEFAULT_SETTINGS, readSettings, SettingsSchema, type Settings } from '../domain/settings';
import { SiteRecordSchema, TaughtRuleSchema } from '../domain/rules';
import type { StoreNames } from 'idb';
import { problem, problemDebugText, type Problem } from '../domain/problem';
import { SerialQueue } from './serial';

/**
 * The user's data as a whole: restore a backup, erase everything. The background is the only
 * writer; the dashboard reads, previews a restore with the same pure functions (lib/backup.ts),
 * and asks this service to apply it. The file is parsed again here: what is written is what
 * this service checked, whatever the page sent.
 */
export const DataMessageSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('restore_apply'),
    text: v.pipe(v.string(), v.maxLength(BACKUP_LIMITS.maxTextLength)),
    mode: v.picklist(['replace', 'merge'] as const),
  }),
  v.strictObject({ type: v.literal('erase_all') }),
]);
export type DataMessage = v.InferOutput<typeof DataMessageSchema>;

const DATA_TYPES = new Set(['restore_apply', 'erase_all']);

export function isDataMessage(raw: unknown): boolean {
  return (
    typeof raw === 'object' && raw !== null && DATA_TYPES.has((raw as { type?: unknown }).type as string)
  );
}

/** What a restore changed, store by store (counts only). */
export interface RestoreSummary {
  mode: RestoreMode;
  events: { added: number; updated: number; removed: number };
  spans: { added: number; updated: number; removed: number };
  sites: { added: number; updated: number; removed: number };
  taughtRules: { added: number; updated: number; removed: number };
  settingsChanged: boolean;
  profileChanged: boolean;
  noChange: boolean;
}

/** Messages of the checks and failures of this service, beside the backup's own (public/_locales). */
export type DataProblemKey =
  | 'backup_setting_unknown'
  | 'backup_setting_invalid'
  | 'backup_profile_invalid'
  | 'backup_site_invalid'
  | 'backup_rule_invalid'
  | 'backup_unknown_profile'
  | 'restore_store_missing'
  | 'restore_storage_full'
  | 'restore_write_failed'
  | 'erase_failed';

export type DataProblem = Problem<BackupProblemKey | DataProblemKey>;

/**
 * A refusal carries `error`, the reason in technical words (logs), and, when the user should
 * read it, `problem`, which the dashboard words in the user's language.
 */
export type DataReply =
  | { ok: true; restored?: RestoreSummary; erased?: boolean }
  | { ok: false; error: string; code?: string; problem?: DataProblem };

function failed(code: string | undefined, p: DataProblem): DataReply {
  return { ok: false, error: problemDebugText(p), ...(code ? { code } : {}), problem: p };
}

/** Stores a restore writes (those this database has), in one transaction. */
export const RESTORE_STORES = ['events', 'spans', 'sites', 'taughtRules'] as const;
type RestoreStore = (typeof RESTORE_STORES)[number];

// ---------------------------------------------------------------------------------------------
// Pure helpers (shared with the dashboard's preview)

/**
 * Checks the parts lib/backup.ts keeps opaque with their owners' schemas: settings (each known
 * key valid, no unknown key), the custom profile, sites and taught rules.
 */
export const EXTENSION_BACKUP_VALIDATORS: BackupValidators<DataProblemKey> = {
  settings: (value) => {
    for (const [key, item] of Object.entries(value)) {
      if (!Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, key))
        return problem('backup_setting_unknown', key.slice(0, 40));
      const result = v.safeParse(SettingsSchema, { ...DEFAULT_SETTINGS, [key]: item });
      if (!result.success) return problem('backup_setting_invalid', key, result.issues[0].message);
    }
    return null;
  },
  customProfile: (value) => {
    const result = v.safeParse(CustomProfileSchema, value);
    return result.success ? null : problem('backup_profile_invalid', result.issues[0].message);
  },
  site: (value) => {
    const result = v.safeParse(SiteRecordSchema, value);
    return result.success ? null : problem('backup_site_invalid', result.issues[0].message);
  },
  taughtRule: (value) => {
    const result = v.safeParse(TaughtRuleSchema, value);
    return result.success ? null : problem('backup_rule_invalid', result.issues[0].message);
  },
};

/** parseBackup with this extension's validators, and a known obligation profile. Never throws. */
export function parseExtensionBackup(text: string): ParseBackupResult<DataProblemKey> {
  const parsed = parseBackup(text, EXTENSION_BACKUP_VALIDATORS);
  if (parsed.ok && !(PROFILE_IDS as readonly string[]).includes(parsed.backup.profileId)) {
    return {
      ok: false,
      code: 'invalid',
      problem: problem('backup_unknown_profile', parsed.backup.profileId),
    };
  }
  return parsed;
}

/** The stored settings as a backup holds them: the chosen profile apart, the rest in `settings`. */
export function splitSettings(
  settings: Settings,
): Pick<BackupState, 'settings' | 'profileId' | 'customProfile'> {
  const { profileId, customProfile, ...rest } = settings;
  return { settings: rest, profileId, customProfile: customProfile ?? null };
}

/** The settings after a restore: the plan's settings and profile, checked field by field. */
export function settingsAfterPlan(plan: RestorePlan<Backup>): Settings {
  const next = {
    ...plan.settings.next,
    profileId: plan.profile.profileId,
    customProfile: plan.profile.customProfile ?? null,
  };
  return readSettings(next);
}

export interface StoreContents {
  events: BackupState['events'];
  spans: BackupState['spans'];
  sites: BackupState['sites'];
  taughtRules: BackupState['taughtRules'];
}

/** Reads every store a backup holds (a store this database does not have yet reads as empty). */
export async function readStores(db: SuiviDb): Promise<StoreContents> {
  const names = new Set<string>(Array.from(db.objectStoreNames));
  const all = <S extends RestoreStore>(store: S) =>
    names.has(store) ? db.getAll(store as StoreNames<SuiviDbSchema>) : Promise.resolve([]);
  const [events, spans, sites, taughtRules] = await Promise.all([
    all('events'),
    all('spans'),
    all('sites'),
    all('taughtRules'),
  ]);
  return {
    events: events as StoreContents['events'],
    spans: spans as StoreContents['spans'],
    sites: sites as StoreContents['sites'],
    taughtRules: taughtRules as StoreContents['taughtRules'],
  };
}

/** The whole state a backup is built from, or a restore is planned against. */
export async function readBackupState(db: SuiviDb, storedSettings: unknown): Promise<BackupState> {
  return { ...(await readStores(db)), ...splitSettings(readSettings(storedSettings)) };
}

export function summarizePlan(plan: RestorePlan<Backup>): RestoreSummary {
  const counts = (p: { added: number; updated: number; removed: number }) => ({
    added: p.added,
    updated: p.updated,
    removed: p.removed,
  });
  return {
    mode: plan.mode,
    events: counts(plan.events),
    spans: counts(plan.spans),
    sites: counts(plan.sites),
    taughtRules: counts(plan.taughtRules),
    settingsChanged: plan.settings.changed,
    profileChanged: plan.profile.changed,
    noChange: plan.noChange,
  };
}

// ---------------------------------------------------------------------------------------------
// The service

export interface DataServiceDeps {
  db: SuiviDb;
  /** The `settings` key of storage.local. */
  settings: { get(): Promise<unknown>; set(settings: Settings): Promise<void> };
  /** Empties the extension's storage areas (local and session). */
  clearStorage: () => Promise<void>;
  ownId: string;
  ownOrigin: string;
  log: (reason: string) => void;
  /** After a restore or an erase (badge, site scripts). */
  onChange: () => void;
}

/** Restore and erase, from the extension's own pages only, one at a time. */
export class DataService {
  private readonly queue = new SerialQueue<'data'>();

  constructor(private readonly deps: DataServiceDeps) {}

  route(raw: unknown, sender: SenderInfo): Promise<DataReply> {
    return this.queue.run('data', () => this.handle(raw, sender));
  }

  private refuse(reason: string): DataReply {
    this.deps.log(`refused: ${reason}`);
    return { ok: false, error: reason };
  }

  private async handle(raw: unknown, sender: SenderInfo): Promise<DataReply> {
    if (sender.extensionId !== this.deps.ownId) return this.refuse('sender is not this extension');
    if (!sender.url?.startsWith(this.deps.ownOrigin))
      return this.refuse("only the extension's pages may restore or erase");
    const parsed = v.safeParse(DataMessageSchema, raw);
    if (!parsed.success) return this.refuse(issueReason(parsed.issues[0]));
    const message = parsed.output;
    if (message.type === 'erase_all') return this.eraseAll();
    return this.restore(message.text, message.mode);
  }

  private async restore(text: string, mode: RestoreMode): Promise<DataReply> {
    const parsed = parseExtensionBackup(text);
    if (!parsed.ok) {
      this.deps.log(`restore refused: ${parsed.code}`);
      return failed(parsed.code, parsed.problem);
    }
    const { db } = this.deps;
    try {
      const current = await readBackupState(db, await this.deps.settings.get());
      const plan = planRestore(current, parsed.backup, mode);
      if (plan.noChange) return { ok: true, restored: summarizePlan(plan) };
      const names = new Set<string>(Array.from(db.objectStoreNames));
      const stores = RESTORE_STORES.filter((s) => names.has(s));
      for (const store of RESTORE_STORES) {
        const p = plan[store];
        if (!names.has(store) && (p.put.length > 0 || p.delete.length > 0))
          return failed(undefined, problem('restore_store_missing', store));
      }
      // One transaction over every store: all of it is written, or (on any failure) none of it.
      const tx = db.transaction([...stores, 'days'] as StoreNames<SuiviDbSchema>[], 'readwrite');
      const done = tx.done;
      done.catch(() => undefined); // awaited below; never left unhandled when a write throws first
      const writes: Promise<unknown>[] = [];
      try {
        for (const store of stores) {
          const os = tx.objectStore(store as StoreNames<SuiviDbSchema>);
          for (const id of plan[store].delete) writes.push(os.delete(id));
          for (const record of plan[store].put) writes.push(os.put(record as never));
        }
      } catch (error) {
        // A write that could not even be queued: abort, so the ones before it are undone too.
        for (const w of writes) w.catch(() => undefined);
        tx.abort();
        await done.catch(() => undefined);
        throw error;
      }
      await Promise.all(writes);
      // The day summaries follow the events and spans, in the same transaction.
      await rebuildDaySummaries(tx);
      await done;
      // Settings live in storage.local, written once the records are safely in.
      if (plan.settings.changed || plan.profile.changed)
        await this.deps.settings.set(settingsAfterPlan(plan));
      this.deps.onChange();
      return { ok: true, restored: summarizePlan(plan) };
    } catch (error) {
      this.deps.log(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
      const full = (error as { name?: string })?.name === 'QuotaExceededError';
      return full
        ? failed('storage_full', problem('restore_storage_full'))
        : failed('write_failed', problem('restore_write_failed'));
    }
  }

  private async eraseAll(): Promise<DataReply> {
    const { db } = this.deps;
    try {
      // Every store but the schema's own record, in one transaction.
      const stores = Array.from(db.objectStoreNames).filter(
        (s) => s !== 'meta',
      ) as StoreNames<SuiviDbSchema>[];
      const tx = db.transaction(stores, 'readwrite');
      await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done]);
      await this.deps.clearStorage();
      this.deps.onChange();
      return { ok: true, erased: true };
    } catch (error) {
      this.deps.log(`erase failed: ${error instanceof Error ? error.message : String(error)}`);
      return failed('write_failed', problem('erase_failed'));
    }
  }
}
