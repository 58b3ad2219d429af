import { describe, expect, it } from 'vitest';
import { hostFromInput } from '@/components/dashboard/SitesPanel';
import {
  injectIntoOpenTabs,
  originsOf,
  registerSiteScript,
  scriptId,
  syncSiteScripts,
  unregisterSiteScript,
  type ScriptingLike,
} from '@/lib/background/site-scripts';

describe('adding a site', () => {
  it('accepts a host or a full address, keeps the host only, refuses the rest', () => {
    expect(hostFromInput('  Logiciel.Exemple.fr ')).toBe('logiciel.exemple.fr');
    expect(hostFromInput('https://app.medispa.test:8443/app/patients?id=12')).toBe('app.medispa.test');
    expect(hostFromInput('')).toBeNull();
    expect(hostFromInput('localhost')).toBeNull();
    expect(hostFromInput('pas une adresse')).toBeNull();
  });

  it('registers one script per host with port-less patterns; removing drops the script and the access', async () => {
    const registered = new Map<string, string[]>();
    const scripting: ScriptingLike = {
      registerContentScripts: async (scripts) => scripts.forEach((s) => registered.set(s.id, s.matches)),
      unregisterContentScripts: async ({ ids }) => ids.forEach((id) => registered.delete(id)),
      getRegisteredContentScripts: async (filter) =>
        [...registered.keys()].filter((id) => !filter?.ids || filter.ids.includes(id)).map((id) => ({ id })),
    };
    const removed: string[][] = [];
    const granted = new Set(['lgc.exemple.fr']);
    const permissions = {
      remove: async ({ origins }: { origins: string[] }) => (removed.push(origins), true),
      contains: async ({ origins }: { origins: string[] }) =>
        granted.has(new URL(origins[0]!.replace('/*', '/')).hostname),
    };
    await registerSiteScript(scripting, 'lgc.exemple.fr');
    await registerSiteScript(scripting, 'lgc.exemple.fr');
    expect([...registered]).toEqual([
      [scriptId('lgc.exemple.fr'), ['https://lgc.exemple.fr/*', 'http://lgc.exemple.fr/*']],
    ]);
    expect(originsOf('lgc.exemple.fr').every((o) => !/:\d/.test(o.replace(/^https?:/, '')))).toBe(true);
    // At start: scripts for the granted enabled sites only.
    registered.set(scriptId('ancien.exemple.fr'), []);
    await syncSiteScripts(scripting, permissions, ['lgc.exemple.fr', 'refuse.exemple.fr']);
    expect([...registered.keys()]).toEqual([scriptId('lgc.exemple.fr')]);
    await unregisterSiteScript(scripting, permissions, 'lgc.exemple.fr');
    expect(registered.size).toBe(0);
    expect(removed).toEqual([originsOf('lgc.exemple.fr')]);
  });

  it('injects the script into the pages of the site already open', async () => {
    const injected: number[] = [];
    await injectIntoOpenTabs(
      {
        query: async () => [{ id: 4 }, {}, { id: 9 }],
        executeScript: async (i) => void injected.push(i.target.tabId),
      },
      'lgc.exemple.fr',
    );
    expect(injected).toEqual([4, 9]);
  });
});
