import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { AMELI_PRO_HOST } from '../../lib/sites/ameli-pro';
import { BEYOND_SENSITIVE } from '../fixtures/programs/beyond';
import { sensitiveStrings } from '../fixtures/fake-patients';
import { active } from '../support/extension-data';
import {
  gotoExtensionPage,
  launchFirefox,
  OVERLAY_READY,
  readAllStorage,
  readEvents,
  type FirefoxSession,
} from '../support/firefox';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

/**
 * Ameli Pro in Firefox ESR (production build): offered in the dashboard, added in one click
 * (the optional host permission granted without Firefox's prompt, see launchFirefox), then its
 * sick leaves counted from the service's PDF requests: online, on paper, and nothing for a
 * refused transmission.
 */
describe('Ameli Pro sick leaves in Firefox ESR (production build)', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let ext: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchFirefox({ grantOptionalPermissions: true });
    ext = await session.openExtensionPage('popup.html');
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const sickLeaves = async () => active(await readEvents(ext), 'sick_leave');

  /** Opens the sick-leave page once the extension's script runs there. */
  async function openSickLeave(query: string): Promise<Page> {
    const page = await session.openFixturePage(server, `/aat/${query}`, AMELI_PRO_HOST);
    await page.waitForSelector(OVERLAY_READY, { timeout: 10_000 });
    return page;
  }

  it('adds Ameli Pro from the dashboard offer, in one click', async () => {
    const dashboard = await session.newPage();
    await gotoExtensionPage(dashboard, 'dashboard.html', 'li[data-offer="ameli-pro"] button');
    await dashboard.click('li[data-offer="ameli-pro"] button');
    await dashboard.waitForSelector('li[data-offer="ameli-pro"] .offer-added', { timeout: 10_000 });
    const status = await dashboard.$eval('.offers [role="status"]', (el) => el.textContent);
    expect(status).toContain(AMELI_PRO_HOST);
    await dashboard.close();
  });

  it('counts a sick leave transmitted online once, though two PDFs are fetched', async () => {
    const page = await openSickLeave('');
    await page.click('#transmettre');
    await page.waitForFunction(() => document.getElementById('resultat')?.textContent?.includes('transmis'));
    await expect.poll(async () => (await sickLeaves()).length, { timeout: 5_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await sickLeaves()).map((e) => [e.mode, e.site])).toEqual([
      ['online', `custom:${AMELI_PRO_HOST}`],
    ]);
    await page.close();
  });

  it('counts a paper form printed instead, marked paper', async () => {
    const page = await openSickLeave('?patient=2');
    await page.click('#papier');
    await expect.poll(async () => (await sickLeaves()).length, { timeout: 5_000 }).toBe(2);
    expect((await sickLeaves())[1]).toMatchObject({ mode: 'paper', source: 'auto' });
    await page.close();
  });

  it('counts nothing for a refused transmission then abandoned', async () => {
    const page = await openSickLeave('?echec=1');
    await page.click('#transmettre');
    await page.waitForFunction(() => document.getElementById('resultat')?.textContent?.includes('Échec'));
    await page.click('#abandonner');
    await new Promise((r) => setTimeout(r, 800));
    expect(await sickLeaves()).toHaveLength(2);
    await page.close();
  });

  it('keeps no patient or doctor identity', async () => {
    const stored = JSON.stringify(await readAllStorage(ext));
    for (const secret of [...sensitiveStrings(), ...BEYOND_SENSITIVE]) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/idAAT|aat-api/);
  });
});
