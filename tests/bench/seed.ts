import type { Page } from 'playwright-core';
import { summarizeDays, type DaySummary } from '../../lib/domain/day-summary';
import type { DmpEvent } from '../../lib/domain/events';
import type { TimeSpan } from '../../lib/domain/spans';
import { localDay } from '../../lib/domain/calendar';

const KINDS = [
  'dmp_upload',
  'dmp_consult',
  'encounter',
  'dmp_upload_failed',
  'document_produced',
  'eprescription',
  'sick_leave',
  'costly_act',
] as const;
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
] as const;

/**
 * `years` of synthetic activity ending at `end`: 60,000 events and 20,000 spans a year (the size
 * of "one year of data" the benchmarks were set for), deterministic, six events a consultation.
 */
export function benchData(years: number, end: number): { events: DmpEvent[]; spans: TimeSpan[] } {
  const span = years * 365 * 86_400_000;
  const eventCount = Math.round(years * 60_000);
  const spanCount = Math.round(years * 20_000);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const events: DmpEvent[] = [];
  for (let i = 0; i < eventCount; i++) {
    const at = Math.floor(end - span + (span * i) / eventCount);
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    const event: DmpEvent = {
      id: `bench-${i}`,
      kind,
      at,
      day: localDay(at),
      site: 'dmp-web',
      source: 'auto',
      encounter: `benchenc-${Math.floor(i / 6)}`,
    };
    if (kind === 'dmp_upload' || kind === 'document_produced' || kind === 'dmp_upload_failed')
      event.docClass = CLASSES[i % CLASSES.length];
    if (kind === 'dmp_upload') event.durationMs = 20_000 + Math.floor(random() * 60_000);
    events.push(event);
  }
  const spans: TimeSpan[] = [];
  for (let i = 0; i < spanCount; i++) {
    const start = Math.floor(end - span + (span * i) / spanCount);
    const activity = i % 3 === 0 ? 'program' : 'dmp';
    spans.push({
      id: `span:bench:${activity}:${start}`,
      site: 'dmp-web',
      activity,
      start,
      end: start + 60_000 + (i % 7) * 30_000,
      day: localDay(start),
    });
  }
  return { events, spans };
}

/** Writes records into one store of the extension's database, from one of its pages, in batches. */
async function putAll(ext: Page, store: string, records: readonly unknown[]): Promise<void> {
  const BATCH = 5000;
  for (let done = 0; done < records.length; done += BATCH) {
    await ext.evaluate(
      async ({ store, batch }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('suivi-dmp');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const tx = db.transaction(store, 'readwrite');
        for (const r of batch) tx.objectStore(store).put(r);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { store, batch: records.slice(done, done + BATCH) },
    );
  }
}

/**
 * Fills the extension's database with `years` of activity ending now, and the day summaries the
 * background would have kept for it (computed by the extension's own `summarizeDays`).
 */
export async function seedYears(ext: Page, years: number): Promise<{ events: number; spans: number }> {
  const { events, spans } = benchData(years, Date.now());
  const days: DaySummary[] = summarizeDays(events, spans);
  await putAll(ext, 'events', events);
  await putAll(ext, 'spans', spans);
  await putAll(ext, 'days', days);
  return { events: events.length, spans: spans.length };
}

/** Empties the stores the seed fills. */
export async function clearData(ext: Page): Promise<void> {
  await ext.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('suivi-dmp');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const stores = ['events', 'spans', 'days'];
    const tx = db.transaction(stores, 'readwrite');
    for (const s of stores) tx.objectStore(s).clear();
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
}
