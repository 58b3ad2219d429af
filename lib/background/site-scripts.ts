/**
 * Content scripts of user-added sites, registered at run time for exactly the hosts the user
 * granted. Chrome (MV3) and Firefox (MV2, 142+) both have `scripting.registerContentScripts`.
 * Match patterns carry no port (Firefox refuses ports; Chrome's match any port).
 */
import { originsOf } from '../sites/origins';

export const PROGRAM_SCRIPT = 'content-scripts/programs.js';

export interface ScriptingLike {
  registerContentScripts(
    scripts: Array<{
      id: string;
      js: string[];
      matches: string[];
      allFrames: boolean;
      runAt: 'document_idle';
      persistAcrossSessions?: boolean;
    }>,
  ): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string }>>;
}

export interface PermissionsLike {
  remove(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export { originsOf };

export function scriptId(host: string): string {
  return `suivi-site-${host}`;
}

export async function registerSiteScript(scripting: ScriptingLike, host: string): Promise<void> {
  const id = scriptId(host);
  const existing = await scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) return;
  await scripting.registerContentScripts([
    { id, js: [PROGRAM_SCRIPT], matches: originsOf(host), allFrames: true, runAt: 'document_idle' },
  ]);
}

export async function unregisterSiteScript(
  scripting: ScriptingLike,
  permissions: PermissionsLike,
  host: string,
): Promise<void> {
  const id = scriptId(host);
  if ((await scripting.getRegisteredContentScripts({ ids: [id] })).length)
    await scripting.unregisterContentScripts({ ids: [id] });
  // Removing the site removes the access too.
  await permissions.remove({ origins: originsOf(host) }).catch(() => false);
}

/**
 * At start: a script for each enabled site whose access is still granted (Firefox does not
 * keep registrations across restarts; Chrome does, and then this changes nothing).
 */
export async function syncSiteScripts(
  scripting: ScriptingLike,
  permissions: PermissionsLike,
  hosts: readonly string[],
): Promise<void> {
  const wanted = new Set<string>();
  for (const host of hosts) {
    if (await permissions.contains({ origins: originsOf(host) }).catch(() => false))
      wanted.add(scriptId(host));
  }
  const registered = (await scripting.getRegisteredContentScripts())
    .map((s) => s.id)
    .filter((id) => id.startsWith('suivi-site-'));
  const stale = registered.filter((id) => !wanted.has(id));
  if (stale.length) await scripting.unregisterContentScripts({ ids: stale });
  for (const host of hosts) if (wanted.has(scriptId(host))) await registerSiteScript(scripting, host);
}

export interface TabsScriptingLike {
  query(q: { url: string[] }): Promise<Array<{ id?: number }>>;
  executeScript(injection: {
    target: { tabId: number; allFrames: boolean };
    files: string[];
  }): Promise<unknown>;
}

/** Pages of the site already open when it is added are watched at once, without a reload. */
export async function injectIntoOpenTabs(api: TabsScriptingLike, host: string): Promise<void> {
  const tabs = await api.query({ url: originsOf(host) }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    await api
      .executeScript({ target: { tabId: tab.id, allFrames: true }, files: [PROGRAM_SCRIPT] })
      .catch(() => undefined);
  }
}
