import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, overlayCopyInBlankPage } from '../support/axe';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

describe('accessibility (axe-core) of the popup and the overlay', () => {
  let server: FixtureServer;
  let session: ChromiumSession;

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    // Some data, so tables and notices are drawn too.
    const page = await session.context.newPage();
    const walker = new DmpWalker(page, server);
    await walker.openPatientList();
    await walker.openRecord(0);
    await walker.deposit('CR ou fiche de consultation ou de visite');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`popup has no violations (${scheme})`, async () => {
      const popup = await session.openExtensionPage('popup.html', { width: 400, height: 700 });
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.getByTestId('today-uploads').waitFor();
      expect(await axeViolations(popup)).toEqual([]);
      await popup.close();
    });

    it(`overlay, with a counted deposit shown, has no violations (${scheme})`, async () => {
      const page = session.context.pages().find((p) => p.url().includes('confirmationajout'))!;
      const copy = await overlayCopyInBlankPage(page, scheme);
      const violations = await axeViolations(copy);
      // The copy really holds the drawn overlay, not an empty host.
      expect(
        await copy.evaluate(() => document.querySelector('suivi-dmp-overlay')?.shadowRoot?.textContent ?? ''),
      ).toContain('Dépôt DMP compté');
      expect(violations).toEqual([]);
      await copy.close();
    });
  }

  it('the popup works with the keyboard alone', async () => {
    const popup = await session.openExtensionPage('popup.html', { width: 400, height: 700 });
    await popup.getByTestId('today-uploads').waitFor();
    const before = await popup.getByTestId('today-uploads').locator('dd').textContent();
    // Tab to "+1 dépôt" and press Enter.
    for (let i = 0; i < 20; i++) {
      await popup.keyboard.press('Tab');
      if ((await popup.evaluate(() => document.activeElement?.textContent)) === '+1 dépôt') break;
    }
    await popup.keyboard.press('Enter');
    await expect
      .poll(() => popup.getByTestId('today-uploads').locator('dd').textContent())
      .toBe(String(Number(before) + 1));
    await popup.close();
  });
});
