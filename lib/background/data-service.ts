import { planRestore, type RestoreMode } from '../domain/backup';
import {
  parseExtensionBackup,
  settingsAfterPlan,
  summarizePlan,
  type DataProblem,
} from '../domain/backup-extension';
import type { Settings } from '../domain/settings';
import { rebuildDaySummaries, type SuiviDb, type SuiviDbSchema } from '../storage/db';
import { readBackupState, RESTORE_STORES } from '../storage/backup-state';
import type { RequestOf } from '../messaging/protocol';
import type { DataReply } from '../messaging/replies';
import type { StoreNames } from 'idb';
import { problem, problemDebugText } from '../domain/problem';
import { SerialQueue } from './serial';

/**
 * The user's data as a whole: restore a backup, erase everything. The background is the only
 * writer; the dashboard reads, previews a restore with the same pure functions
 * (lib/domain/backup-extension.ts), and asks this service to apply it. The file is parsed again
 * here: what is written is what this service checked, whatever the page sent.
 */
export type DataMessage = RequestOf<'restore_apply' | 'erase_all'>;

function failed(code: string | undefined, p: DataProblem): DataReply {
  return { ok: false, error: problemDebugText(p), ...(code ? { code } : {}), problem: p };
}

// ---------------------------------------------------------------------------------------------
// The service

export interface DataServiceDeps {
  db: SuiviDb;
  /** The `settings` key of storage.local. */
  settings: { get(): Promise<unknown>; set(settings: Settings): Promise<void> };
  /** Empties the extension's storage areas (local and session). */
  clearStorage: () => Promise<void>;
  log: (reason: string) => void;
  /** After a restore or an erase (badge, site scripts). */
  onChange: () => void;
}

/** Restore and erase, from the extension's own pages only, one at a time. */
export class DataService {
  private readonly queue = new SerialQueue<'data'>();

  constructor(private readonly deps: DataServiceDeps) {}

  /** A restore or an erase from the extension's pages (checked by the router). */
  handle(message: DataMessage): Promise<DataReply> {
    return this.queue.run('data', () =>
      message.type === 'erase_all' ? this.eraseAll() : this.restore(message.text, message.mode),
    );
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
