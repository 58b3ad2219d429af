import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AMELI_PRO_HOST } from '../../lib/sites/ameli-pro';
import { BEYOND_CORPUS, BEYOND_SENSITIVE, DOCTOLIB_HOST, STELLAIR_HOST } from '../fixtures/programs/beyond';
import { sensitiveStrings } from '../fixtures/fake-patients';
import { axeViolations } from '../support/axe';
import { chromiumSuite } from '../support/chromium-suite';
import { SCREENSHOT_DIR } from '../support/paths';
import { formatReport, runCorpus } from '../support/corpus-runner';
import { readAllStorage, readEvents } from '../support/extension-data';
import { grantHostInChromeSettings } from '../support/sites';
import { overlayReady } from '../support/overlay-probe';

/** Chrome's extension API, as seen inside the extension's own pages (page.evaluate). */
declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>> };
  permissions: { getAll(): Promise<{ origins?: string[] }> };
};

/**
 * Beyond Weda, in Chromium (production build): Ameli Pro and the suggested programs offered in
 * the dashboard and added in one click (the browser's access asked for then, for that host
 * only), Ameli Pro's sick leaves counted online and on paper from its evidenced PDF requests,
 * the suggested programs watched by the generic heuristic, and nothing about the patient kept.
 */
describe('beyond Weda in Chromium (production build)', () => {
  const suite = chromiumSuite();

  it('asks for no offered host before the click', async () => {
    const origins = (await suite.ext.evaluate(async () => (await chrome.permissions.getAll()).origins)) ?? [];
    for (const host of [AMELI_PRO_HOST, DOCTOLIB_HOST, STELLAIR_HOST])
      expect(origins.some((o) => o.includes(host))).toBe(false);
  });

  it('adds Ameli Pro and Doctolib in one click each, and registers their scripts only', async () => {
    const dashboard = await suite.session.openExtensionPage('dashboard.html');
    try {
      for (const [offer, host] of [
        ['ameli-pro', AMELI_PRO_HOST],
        ['doctolib', DOCTOLIB_HOST],
      ] as const) {
        // Headless Chromium cannot answer the prompt: the answer is given in Chrome's own
        // settings (tests/support/sites.ts); the click's permissions.request then resolves.
        await grantHostInChromeSettings(suite.session, host);
        // The settings tab it opened is gone: the doctor clicks in the dashboard, in front.
        await dashboard.bringToFront();
        const item = dashboard.locator(`li[data-offer="${offer}"]`);
        await item.getByRole('button').click();
        await dashboard.locator('.offers [role="status"]').filter({ hasText: host }).waitFor();
        await item.locator('.offer-added').waitFor();
      }
      // The program without an evidenced host has no button, only the word to type it.
      expect(await dashboard.locator('li[data-offer="monlogicielmedical"] button').count()).toBe(0);
    } finally {
      await dashboard.close();
    }
    const registered = await suite.ext.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(registered.map((r) => r.id).sort()).toEqual([
      `suivi-site-${AMELI_PRO_HOST}`,
      `suivi-site-${DOCTOLIB_HOST}`,
    ]);
    const origins = (await suite.ext.evaluate(async () => (await chrome.permissions.getAll()).origins)) ?? [];
    expect(origins).toContain(`https://${AMELI_PRO_HOST}/*`);
    expect(origins).not.toContain('https://*/*');
    expect(origins.some((o) => o.includes(STELLAIR_HOST))).toBe(false);
  });

  it('watches a program added from its offer at once: a share in Doctolib counts', async () => {
    const page = await suite.session.context.newPage();
    try {
      await page.goto(suite.server.url(DOCTOLIB_HOST, '/calendar/today'));
      await overlayReady(page);
      await page.locator('[data-route]').click();
      await page.locator('[data-test="share"]').click();
      await page.getByText('partagé dans le DMP').waitFor();
      await expect
        .poll(
          async () =>
            (await readEvents(suite.ext)).filter((e) => e.site === `custom:${DOCTOLIB_HOST}`).length,
        )
        .toBe(1);
      expect((await readEvents(suite.ext)).find((e) => e.site === `custom:${DOCTOLIB_HOST}`)).toMatchObject({
        kind: 'dmp_upload',
        source: 'auto',
      });
    } finally {
      await page.close();
    }
  });

  it('shows the offers accessibly, light and dark (screenshots of "Sites suivis")', async () => {
    const dashboard = await suite.session.openExtensionPage('dashboard.html');
    try {
      await dashboard.setViewportSize({ width: 1000, height: 900 });
      const sites = dashboard.locator('#sites');
      // Two offers added, two still offered: both states are in the picture.
      await sites.locator('li[data-offer="ameli-pro"] .offer-added').waitFor();
      expect(await sites.locator('li[data-offer="maiia"] button').count()).toBe(1);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await sites.scrollIntoViewIfNeeded();
      await sites.screenshot({ path: join(SCREENSHOT_DIR, 'offers-light.png') });
      const violations = [...(await axeViolations(dashboard))];
      await dashboard.emulateMedia({ colorScheme: 'dark' });
      await sites.screenshot({ path: join(SCREENSHOT_DIR, 'offers-dark.png') });
      violations.push(...(await axeViolations(dashboard)));
      expect(violations).toEqual([]);
    } finally {
      await dashboard.close();
    }
  });

  it('counts the corpus beyond Weda exactly: online and paper sick leaves, programs, no false positive', async () => {
    const results = await runCorpus(suite.session, suite.server, BEYOND_CORPUS, suite.ext);
    console.log(formatReport(results));
    for (const r of results) {
      expect(r.misses, `${r.id}: misses`).toEqual([]);
      expect(r.falsePositives, `${r.id}: false positives`).toEqual([]);
      expect(r.unconfirmed, `${r.id}: unconfirmed`).toBe(r.unconfirmedExpected);
    }
    const leaves = (await readEvents(suite.ext)).filter((e) => e.kind === 'sick_leave');
    expect(leaves.map((e) => [e.mode, e.site, e.source])).toEqual([
      ['online', `custom:${AMELI_PRO_HOST}`, 'auto'],
      ['paper', `custom:${AMELI_PRO_HOST}`, 'auto'],
    ]);
  }, 120_000);

  it('keeps no patient or doctor identity from these pages', async () => {
    const stored = JSON.stringify(await readAllStorage(suite.ext));
    expect(stored).toContain('sick_leave');
    for (const secret of [...sensitiveStrings(), ...BEYOND_SENSITIVE]) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/idAAT|aat-api|patient_files/);
  });
});
