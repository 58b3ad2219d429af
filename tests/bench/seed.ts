import type { Page } from 'playwright-core';

/**
 * Fills the extension's database (from one of its pages) with `years` of synthetic activity
 * ending today: 60,000 events and 20,000 spans a year, as issue 6 sizes "one year of data".
 * Generated inside the page in batches, so millions of objects never cross the protocol.
 */
export async function seedYears(ext: Page, years: number): Promise<{ events: number; spans: number }> {
  return ext.evaluate(async (years) => {
    const KINDS = [
      'dmp_upload',
      'dmp_consult',
      'encounter',
      'dmp_upload_failed',
      'document_produced',
      'eprescription',
      'sick_leave',
      'costly_act',
    ];
    const CLASSES = [
      '11488-4',
      '11490-0',
      '18761-7',
      '11502-2',
      '18748-4',
      'VSM',
      '57833-6',
      '89601-9',
      'other',
    ];
    // This function runs inside the page (serialized by evaluate), where imports do not exist:
    // a copy of lib/domain/calendar.ts `pad` and `localDay`, the one place they are repeated.
    const pad = (n: number) => String(n).padStart(2, '0');
    const dayOf = (at: number) => {
      const d = new Date(at);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('suivi-dmp');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const end = Date.now();
    const span = years * 365 * 86_400_000;
    const eventCount = Math.round(years * 60_000);
    const spanCount = Math.round(years * 20_000);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const BATCH = 5000;
    for (let done = 0; done < eventCount; done += BATCH) {
      const tx = db.transaction('events', 'readwrite');
      const store = tx.objectStore('events');
      for (let i = done; i < Math.min(eventCount, done + BATCH); i++) {
        const at = Math.floor(end - span + (span * i) / eventCount);
        const kind = KINDS[Math.floor(random() * KINDS.length)]!;
        const event: Record<string, unknown> = {
          id: `bench-${i}`,
          kind,
          at,
          day: dayOf(at),
          site: 'dmp-web',
          source: 'auto',
          encounter: `benchenc-${Math.floor(i / 6)}`,
        };
        if (kind === 'dmp_upload' || kind === 'document_produced' || kind === 'dmp_upload_failed')
          event.docClass = CLASSES[i % CLASSES.length];
        if (kind === 'dmp_upload') event.durationMs = 20_000 + Math.floor(random() * 60_000);
        store.put(event);
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    for (let done = 0; done < spanCount; done += BATCH) {
      const tx = db.transaction('spans', 'readwrite');
      const store = tx.objectStore('spans');
      for (let i = done; i < Math.min(spanCount, done + BATCH); i++) {
        const start = Math.floor(end - span + (span * i) / spanCount);
        const activity = i % 3 === 0 ? 'program' : 'dmp';
        store.put({
          id: `span:bench:${activity}:${start}`,
          site: 'dmp-web',
          activity,
          start,
          end: start + 60_000 + (i % 7) * 30_000,
          day: dayOf(start),
        });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
    return { events: eventCount, spans: spanCount };
  }, years);
}

/** Empties the stores the seed fills. */
export async function clearData(ext: Page): Promise<void> {
  await ext.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('suivi-dmp');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['events', 'spans'], 'readwrite');
    tx.objectStore('events').clear();
    tx.objectStore('spans').clear();
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
}
