import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX_EXTENSION_ORIGIN, launchFirefox, type FirefoxSession } from '../support/firefox';

/** The first run in Firefox: installing the build opens the welcome page once, in French. */
describe('first run (Firefox)', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefox();
  });
  afterAll(() => session?.close());

  /** Tabs showing the welcome page; BiDi reports a tab the extension opened as about:blank, so ask the page. */
  const welcomeTabs = async (): Promise<Page[]> => {
    const tabs: Page[] = [];
    for (const page of await session.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${FIREFOX_EXTENSION_ORIGIN}/welcome.html`)) tabs.push(page);
    }
    return tabs;
  };

  it('opens the welcome page on install, in French', async () => {
    await expect.poll(async () => (await welcomeTabs()).length, { timeout: 10_000 }).toBe(1);
    const [page] = await welcomeTabs();
    const heading = await page!.waitForSelector('h1', { timeout: 10_000 });
    expect(await heading!.evaluate((h) => h.textContent)).toBe('Bienvenue dans Suivi DMP');
    const text = await page!.evaluate(() => document.querySelector('main')!.innerText);
    expect(text).toContain("Rien n'est envoyé");
    expect(text).toContain('secure.weda.fr');
  });
});
