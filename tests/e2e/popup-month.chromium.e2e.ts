import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TimeSpan } from '../../lib/domain/spans';
import { localDay, pad } from '../../lib/domain/calendar';
import { makeEvent, type DmpEvent } from '../../lib/domain/events';
import { formatEur, formatMinutes, formatNumber, formatPercent } from '../../lib/domain/format';
import { buildPopupModel } from '../../lib/domain/popup-model';
import { DEFAULT_SETTINGS } from '../../lib/domain/settings';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { SCREENSHOT_DIR } from '../support/paths';
import { summarizeDays } from '../../lib/domain/day-summary';

/** A prepared month, up to today: consultations, deposits, failures, reads, costly acts, time. */
function preparedMonth(now: Date): { events: DmpEvent[]; spans: TimeSpan[] } {
  const events: DmpEvent[] = [];
  const spans: TimeSpan[] = [];
  const y = now.getFullYear();
  const m = now.getMonth();
  for (let d = 1; d <= now.getDate(); d++) {
    const at = (h: number, min = 0) => new Date(y, m, d, h, min).getTime();
    const day = pad(d);
    for (let c = 0; c < 3; c++) {
      const encounter = `enc-${day}-${c}-aaaaaaaa`;
      const base = { site: 'dmp-web', source: 'auto' as const, encounter };
      events.push(makeEvent({ ...base, id: `e-${day}-${c}-enc`, kind: 'encounter', at: at(9 + c) }));
      if (c < 2)
        events.push(makeEvent({ ...base, id: `e-${day}-${c}-read`, kind: 'dmp_consult', at: at(9 + c, 5) }));
      if (c !== 1) {
        events.push(
          makeEvent({
            ...base,
            id: `e-${day}-${c}-dep`,
            kind: 'dmp_upload',
            docClass: c ? '11502-2' : '11488-4',
            at: at(9 + c, 15),
            durationMs: 30_000 + 10_000 * ((d + c) % 5),
          }),
        );
      }
      if (c === 2 && d % 2 === 0)
        events.push(makeEvent({ ...base, id: `e-${day}-${c}-cost`, kind: 'costly_act', at: at(9 + c, 20) }));
      if (c === 0 && d % 3 === 0)
        events.push(makeEvent({ ...base, id: `e-${day}-${c}-cost`, kind: 'costly_act', at: at(9, 30) }));
    }
    if (d % 4 === 0)
      events.push(
        makeEvent({
          id: `e-${day}-fail`,
          kind: 'dmp_upload_failed',
          docClass: '18748-4',
          at: at(12),
          site: 'dmp-web',
          source: 'auto',
        }),
      );
    if (d === 2)
      events.push(
        makeEvent({
          id: `e-${day}-undone`,
          kind: 'dmp_upload',
          docClass: 'VSM',
          at: at(13),
          site: 'manual',
          source: 'manual',
          undone: true,
        }),
      );
    spans.push({
      id: `span:dmp-web:dmp:${at(10)}`,
      site: 'dmp-web',
      activity: 'dmp',
      start: at(10),
      end: at(10, 7),
      day: localDay(at(10)),
    });
    spans.push({
      id: `span:dmp-web:program:${at(11)}`,
      site: 'dmp-web',
      activity: 'program',
      start: at(11),
      end: at(11, 30),
      day: localDay(at(11)),
    });
  }
  return { events, spans };
}

/**
 * Writes prepared data into the extension's database, from one of its pages, with the day
 * summaries the background keeps beside it (the popup reads those).
 */
async function seed(ext: Page, data: { events: DmpEvent[]; spans: TimeSpan[] }): Promise<void> {
  const days = summarizeDays(data.events, data.spans);
  await ext.evaluate(
    async ({ events, spans, days }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('suivi-dmp');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction(['events', 'spans', 'days'], 'readwrite');
      for (const e of events) tx.objectStore('events').put(e);
      for (const s of spans) tx.objectStore('spans').put(s);
      for (const d of days) tx.objectStore('days').put(d);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { ...data, days },
  );
}

describe('the popup shows a prepared month as the unit-tested functions compute it', () => {
  let session: ChromiumSession;
  let popup: Page;
  const now = new Date();
  const data = preparedMonth(now);

  beforeAll(async () => {
    session = await launchChromium();
    // Chrome draws a popup at its content's size, at most 800 × 600: the glance is judged there.
    popup = await session.openExtensionPage('popup.html', { width: 400, height: 600 });
    await popup.getByTestId('today-uploads').waitFor();
    await seed(popup, data);
  });
  afterAll(async () => {
    await session?.close();
  });

  for (const profileId of ['in-force', 'plfss-2026'] as const) {
    it(`figures against the ${profileId} profile`, async () => {
      // Chosen in the popup, as a user does.
      await popup.reload();
      await popup.getByLabel('Obligation de référence').selectOption(profileId);
      await expect.poll(() => popup.getByLabel('Obligation de référence').inputValue()).toBe(profileId);
      const model = buildPopupModel(
        summarizeDays(data.events, data.spans),
        { ...DEFAULT_SETTINGS, profileId },
        localDay(now.getTime()),
      );
      const dd = (id: string) => popup.getByTestId(id).locator('dd').textContent();

      await expect.poll(() => dd('today-uploads')).toBe(String(model.today.counts.dmp_upload));
      expect(await dd('today-consultations')).toBe(String(model.today.counts.encounter));
      expect(await dd('today-reads')).toBe(String(model.today.counts.dmp_consult));
      expect(await dd('today-minutes')).toBe(formatMinutes(model.today.dmpMinutes));
      expect(await dd('month-uploads')).toBe(String(model.month.counts.dmp_upload));
      expect(await dd('month-failures')).toBe(String(model.month.counts.dmp_upload_failed));
      expect(await dd('month-missing')).toBe(String(model.month.rate.missing));
      expect(await popup.getByTestId('month-rate').locator('.rate-value').textContent()).toBe(
        model.month.rate.rate === null ? '–' : formatPercent(model.month.rate.rate, 'fr'),
      );
      expect(await dd('month-fine')).toMatch(new RegExp(`^${formatEur(model.month.fine.amountEur, 'fr')}`));
      expect(await dd('month-time')).toMatch(
        new RegExp(`^${formatMinutes(model.month.dmpMinutes)}soit ${formatEur(model.month.costEur, 'fr')}`),
      );
      expect(await dd('month-per-deposit')).toBe(
        `${formatNumber(model.month.medianDepositSeconds!, 'fr')} s`,
      );
      expect(await dd('month-per-consultation')).toBe(
        `${formatNumber(model.month.minutesPerConsultation!, 'fr', 1)} min`,
      );
      if (model.month.costlyActs)
        expect(await dd('month-costly')).toBe(formatPercent(model.month.costlyActs.share!, 'fr'));
      else expect(await popup.getByTestId('month-costly').count()).toBe(0);
    });
  }

  it('takes the figures its early script read (entrypoints/popup-early.ts), not a second read', async () => {
    const page = await session.context.newPage();
    // Watches the hand-over: what the early script left, and that the popup's module took it.
    await page.addInitScript(() => {
      const seen = { today: '', days: -1 };
      let held: unknown;
      Object.defineProperty(window, '__suiviDmpEarlyRead', {
        configurable: true,
        get: () => held,
        set(value: { today: string; summaries: Promise<unknown[] | null> }) {
          held = value;
          seen.today = value.today;
          void value.summaries.then((days) => (seen.days = days === null ? -2 : days.length));
        },
      });
      (window as unknown as { __earlySeen: typeof seen }).__earlySeen = seen;
    });
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.getByTestId('today-uploads').locator('dd').waitFor();
    const today = localDay(Date.now());
    const monthDays = summarizeDays(data.events, data.spans).filter((d) =>
      d.day.startsWith(today.slice(0, 7)),
    );
    expect(monthDays.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __earlySeen: unknown }).__earlySeen))
      .toEqual({ today, days: monthDays.length });
    // Taken by the popup's module (deleted once read), so not read a second time.
    expect(await page.evaluate(() => '__suiviDmpEarlyRead' in window)).toBe(false);
    await page.close();
  });

  it("a glance in the real popup box: today and the month's rate with its fraction, unscrolled, no figure wrapped", async () => {
    await popup.reload();
    await popup.getByTestId('month-rate-fraction').waitFor();
    const box = await popup.getByTestId('month-rate-fraction').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(600);
    expect(await popup.evaluate(() => window.scrollY)).toBe(0);
    // A figure on one line is about as tall as its line height.
    const wrapped = await popup.evaluate(() =>
      [...document.querySelectorAll('.figure dd')]
        .filter((dd) => dd.getBoundingClientRect().height > parseFloat(getComputedStyle(dd).lineHeight) * 1.5)
        .map((dd) => dd.textContent),
    );
    expect(wrapped).toEqual([]);
  });

  it("screenshots for the README, light and dark, at the popup's real size", async () => {
    const dir = SCREENSHOT_DIR;
    mkdirSync(dir, { recursive: true });
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: join(dir, 'popup-light.png') });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: join(dir, 'popup-dark.png') });
    await popup.emulateMedia({ colorScheme: 'light' });
  });
});
