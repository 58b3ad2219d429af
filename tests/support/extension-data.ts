import type { Page } from 'playwright-core';
import type { DmpEvent } from '../../lib/domain/events';
import { dumpExtensionStorage } from './storage-dump';

/** Everything the extension stores, read from one of its own pages. */
export function readAllStorage(extensionPage: Page): Promise<Record<string, unknown>> {
  return extensionPage.evaluate(dumpExtensionStorage);
}

/** One key of the extension's `storage.local`, read from one of its own pages. */
export function readLocal(extensionPage: Page, key: string): Promise<unknown> {
  return extensionPage.evaluate(async (k) => {
    const api = globalThis as unknown as {
      chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
    };
    return (await api.chrome.storage.local.get(k))[k];
  }, key);
}

/** The stored events, oldest first. */
export async function readEvents(extensionPage: Page): Promise<DmpEvent[]> {
  const all = await readAllStorage(extensionPage);
  const events = (all['idb:suivi-dmp:events'] ?? []) as DmpEvent[];
  return events.sort((a, b) => a.at - b.at);
}

/** Events not undone, of one kind. */
export function active(events: DmpEvent[], kind: DmpEvent['kind']): DmpEvent[] {
  return events.filter((e) => e.kind === kind && !e.undone);
}
