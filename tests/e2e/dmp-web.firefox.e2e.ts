import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from '../../wxt.config';
import { sensitiveStrings } from '../fixtures/fake-patients';
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
import { DMP_OLD_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';

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

  it('counts a confirmed deposit once, with the class of the chosen type', async () => {
    const before = server.accepted;
    await walker.deposit('CR ou fiche de consultation ou de visite', 0);
    expect(server.accepted).toBe(before + 1);
    expect(new URL(page.url()).pathname).toBe('/confirmationajout');
    const uploads = active(await readEvents(ext), 'dmp_upload');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ docClass: '11488-4', site: 'dmp-web', source: 'auto' });
    expect(uploads[0]!.durationMs).toBeGreaterThan(0);
    await walker.backToRecord();
    // Back on the record: still one deposit, and no second read for the same record.
    const events = await readEvents(ext);
    expect(active(events, 'dmp_upload')).toHaveLength(1);
    expect(active(events, 'dmp_consult')).toHaveLength(1);
  });

  it('counts nothing for a deposit cancelled at the confirmation step', async () => {
    const before = server.accepted;
    await walker.depositThenCancel("CR d'examens biologiques", 1);
    expect(server.accepted).toBe(before);
    const events = await readEvents(ext);
    expect(active(events, 'dmp_upload')).toHaveLength(1);
    expect(active(events, 'dmp_upload_failed')).toHaveLength(0);
  });

  it('records a failed deposit when the DMP answers with an error page', async () => {
    server.failNextDeposit();
    await walker.deposit('Prescription de produits de santé', 2);
    expect(page.url()).toContain('/dmp/erreur');
    const events = await readEvents(ext);
    expect(active(events, 'dmp_upload')).toHaveLength(1);
    expect(active(events, 'dmp_upload_failed')).toMatchObject([{ docClass: '57833-6' }]);
    await walker.backToRecord();
  });

  it('ignores a deposit submitted by a synthetic click', async () => {
    const before = server.accepted;
    await walker.fillDepositForm('Synthèse médicale', 0);
    // An untrusted click (isTrusted false) from page script: the DMP takes it, the count does not.
    await walker.navigate(
      () => page.evaluate(() => (document.querySelector('#submit') as HTMLButtonElement).click()),
      /demandeconfirmationactiondocument/,
    );
    await walker.submitFromConfirmation();
    expect(server.accepted).toBe(before + 1);
    expect(active(await readEvents(ext), 'dmp_upload')).toHaveLength(1);
    await walker.backToRecord();
  });

  it('works on the older www.dmp.fr entry point too', async () => {
    const old = new FirefoxDmpWalker(page, server, session, DMP_OLD_HOST);
    await old.openPatientList();
    await old.openRecord(2);
    await old.deposit("CR d'imagerie médicale", 2);
    const uploads = active(await readEvents(ext), 'dmp_upload');
    expect(uploads.map((u) => u.docClass)).toEqual(['11488-4', '18748-4']);
    await old.backToRecord();
  });

  it('shows the counts in the popup and adds a manual deposit with "+1 dépôt"', async () => {
    const popup = await session.newPage();
    await gotoExtensionPage(popup, 'popup.html', '[data-testid="today-uploads"] dd');
    await expect.poll(() => figure(popup, 'today-uploads')).toBe('2');
    expect(await figure(popup, 'today-failures')).toBe('1');
    expect(await figure(popup, 'today-reads')).toBe('2');
    expect(await figure(popup, 'month-uploads')).toBe('2');
    expect(await popup.$eval('tr[data-class="11488-4"] td', (td) => td.textContent)).toBe('1');
    expect(await popup.$eval('tr[data-class="18748-4"] td', (td) => td.textContent)).toBe('1');

    await popup.select('#manual-doc-class', 'VSM');
    await popup.click('button::-p-text(+1 dépôt)');
    await popup.waitForFunction(
      () => document.querySelector('[data-testid="today-uploads"] dd')?.textContent === '3',
      { timeout: 5_000 },
    );
    expect(await popup.$eval('[role="status"]', (s) => s.textContent)).toContain(
      'Volet de synthèse médicale',
    );
    expect(await figure(popup, 'month-uploads')).toBe('3');
    const manual = (await readEvents(ext)).filter((e) => e.source === 'manual');
    expect(manual).toMatchObject([{ kind: 'dmp_upload', docClass: 'VSM', site: 'manual' }]);
    await popup.close();
  });

  it('keeps no patient name, identifier, birth date, title or file name anywhere', async () => {
    const stored = JSON.stringify(await readAllStorage(ext));
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toContain('dmp_upload');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/patient=/);
  });
});
