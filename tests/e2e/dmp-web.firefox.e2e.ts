import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from '../../wxt.config';
import type { DmpEvent } from '../../lib/domain/events';
import { dmpChainScenarios } from '../support/dmp-chain-scenarios';
import { active } from '../support/extension-data';
import {
  expectFrenchInterface,
  figure,
  FirefoxDmpWalker,
  gotoExtensionPage,
  launchFirefox,
  readAllStorage,
  readEvents,
  type FirefoxSession,
} from '../support/firefox';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

describe('DMP web access in Firefox ESR (production build)', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let page: Page;
  let walker: FirefoxDmpWalker;
  let ext: Page;

  beforeAll(async () => {
    // Any free port: Firefox's match patterns carry no port and match every one of them.
    server = await startFixtureServer();
    session = await launchFirefox();
    expect(session.addonId).toBe(FIREFOX_ADDON_ID);
    ext = await session.openExtensionPage('popup.html');
    await expectFrenchInterface(ext);
    page = await session.newPage();
    walker = new FirefoxDmpWalker(page, server, session);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('runs the content script on the DMP host served on a non-default port', async () => {
    await walker.openPatientList();
    expect(new URL(page.url()).port).toBe(String(server.port));
    await walker.openRecord(0);
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(1);
  });

  dmpChainScenarios(() => ({
    server,
    walker,
    walkerOn: (host) => new FirefoxDmpWalker(page, server, session, host),
    events: () => readEvents(ext),
    storage: () => readAllStorage(ext),
  }));

  it('shows the counts in the popup and adds a manual deposit with "+1 dépôt"', async () => {
    const events = await readEvents(ext);
    const count = (kind: DmpEvent['kind']) => String(active(events, kind).length);
    const ofClass = (docClass: string) =>
      String(active(events, 'dmp_upload').filter((e) => e.docClass === docClass).length);
    const uploads = count('dmp_upload');
    const popup = await session.newPage();
    await gotoExtensionPage(popup, 'popup.html', '[data-testid="today-uploads"] dd');
    await expect.poll(() => figure(popup, 'today-uploads')).toBe(uploads);
    expect(await figure(popup, 'today-failures')).toBe(count('dmp_upload_failed'));
    expect(await figure(popup, 'today-reads')).toBe(count('dmp_consult'));
    expect(await figure(popup, 'month-uploads')).toBe(uploads);
    for (const docClass of ['11488-4', '18748-4'])
      expect(await popup.$eval(`tr[data-class="${docClass}"] td`, (td) => td.textContent)).toBe(
        ofClass(docClass),
      );

    await popup.select('#manual-doc-class', 'VSM');
    await popup.click('button::-p-text(+1 dépôt)');
    const added = String(Number(uploads) + 1);
    await popup.waitForFunction(
      (n) => document.querySelector('[data-testid="today-uploads"] dd')?.textContent === n,
      { timeout: 5_000 },
      added,
    );
    expect(await popup.$eval('[role="status"]', (s) => s.textContent)).toContain(
      'Volet de synthèse médicale',
    );
    expect(await figure(popup, 'month-uploads')).toBe(added);
    const manual = (await readEvents(ext)).filter((e) => e.source === 'manual');
    expect(manual).toMatchObject([{ kind: 'dmp_upload', docClass: 'VSM', site: 'manual' }]);
    await popup.close();
  });
});
