/**
 * Reads everything the extension stores, from inside one of its pages: every IndexedDB
 * database and store, and every extension storage area. Passed to `page.evaluate` (extension
 * pages refuse inline scripts), so it must stay self-contained.
 */
export async function dumpExtensionStorage(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const dbs = await indexedDB.databases();
  for (const info of dbs) {
    if (!info.name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(info.name!);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const storeName of Array.from(db.objectStoreNames)) {
      out[`idb:${info.name}:${storeName}`] = await new Promise((resolve, reject) => {
        const req = db.transaction(storeName).objectStore(storeName).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    db.close();
  }
  type Area = { get(keys: null): Promise<Record<string, unknown>> };
  const g = globalThis as unknown as {
    browser?: { storage: Record<string, Area> };
    chrome?: { storage: Record<string, Area> };
  };
  const api = g.browser ?? g.chrome;
  for (const area of ['local', 'session', 'sync']) {
    const storage = api?.storage[area];
    if (storage) out[`storage:${area}`] = await storage.get(null);
  }
  return out;
}
