import type { SuiviDb } from './db';
import type { SiteRecord, TaughtRule } from '../domain/rules';
import type { UnconfirmedRecord } from '../domain/unconfirmed';

// --- sites -----------------------------------------------------------------------------------

export function listSites(db: SuiviDb): Promise<SiteRecord[]> {
  return db.getAll('sites');
}

export async function putSite(db: SuiviDb, site: SiteRecord): Promise<void> {
  await db.put('sites', site);
}

/** Removes a user site and the rules taught for its host. */
export async function removeSite(db: SuiviDb, id: string): Promise<SiteRecord | undefined> {
  const tx = db.transaction(['sites', 'taughtRules'], 'readwrite');
  const site = await tx.objectStore('sites').get(id);
  if (site) {
    await tx.objectStore('sites').delete(id);
    if (site.host) {
      const rules = tx.objectStore('taughtRules');
      for (const key of await rules.index('host').getAllKeys(site.host)) await rules.delete(key);
    }
  }
  await tx.done;
  return site;
}

// --- taught rules ----------------------------------------------------------------------------

export function taughtRulesOf(db: SuiviDb, host: string): Promise<TaughtRule[]> {
  return db.getAllFromIndex('taughtRules', 'host', host);
}

export function allTaughtRules(db: SuiviDb): Promise<TaughtRule[]> {
  return db.getAll('taughtRules');
}

export async function putTaughtRule(db: SuiviDb, rule: TaughtRule): Promise<void> {
  await db.put('taughtRules', rule);
}

export async function renameTaughtRule(
  db: SuiviDb,
  id: string,
  name: string,
): Promise<TaughtRule | undefined> {
  const tx = db.transaction('taughtRules', 'readwrite');
  const rule = await tx.store.get(id);
  if (rule) await tx.store.put({ ...rule, name });
  await tx.done;
  return rule ? { ...rule, name } : undefined;
}

export async function deleteTaughtRule(db: SuiviDb, id: string): Promise<void> {
  await db.delete('taughtRules', id);
}

/** Notes when a taught rule last matched (its health in the dashboard). */
export async function touchTaughtRule(db: SuiviDb, id: string, at: number): Promise<void> {
  const tx = db.transaction('taughtRules', 'readwrite');
  const rule = await tx.store.get(id);
  if (rule) await tx.store.put({ ...rule, lastMatchedAt: at });
  await tx.done;
}

// --- unconfirmed -----------------------------------------------------------------------------

export async function putUnconfirmed(db: SuiviDb, record: UnconfirmedRecord): Promise<void> {
  await db.put('unconfirmed', record);
}

export async function listUnconfirmed(db: SuiviDb): Promise<UnconfirmedRecord[]> {
  return (await db.getAll('unconfirmed')).sort((a, b) => b.at - a.at);
}

/** Takes an unconfirmed attempt off the list, returning it. */
export async function takeUnconfirmed(db: SuiviDb, id: string): Promise<UnconfirmedRecord | undefined> {
  const tx = db.transaction('unconfirmed', 'readwrite');
  const record = await tx.store.get(id);
  if (record) await tx.store.delete(id);
  await tx.done;
  return record;
}
