import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from '../../wxt.config';
import { FAKE_PATIENTS, sensitiveStrings } from '../fixtures/fake-patients';
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
    await walker.acceptAndWaitForSignature();
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

  it('counts a deposit refused, corrected and sent again once, with no failure and no new read', async () => {
    const before = await readEvents(ext);
    const accepted = server.accepted;
    // Sent without a title: the DMP shows the form again at its post address, with the error.
    await walker.fillDepositForm('Prescription (autre)', 1, { title: false });
    expect(await walker.submitForm()).toBe('refused');
    expect(new URL(page.url()).pathname).toBe('/ajoutdocument.formajoutdocument');
    expect(await page.$$eval('.error', (errors) => errors.length)).toBe(1);
    let events = await readEvents(ext);
    expect(active(events, 'dmp_upload_failed')).toHaveLength(active(before, 'dmp_upload_failed').length);
    expect(active(events, 'dmp_upload')).toHaveLength(active(before, 'dmp_upload').length);

    // Corrected and sent again from the refused form: accepted, confirmed, counted once.
    await walker.fillDepositForm('Prescription (autre)', 1);
    expect(await walker.submitForm()).toBe('accepted');
    await walker.acceptAndWaitForSignature();
    expect(new URL(page.url()).pathname).toBe('/confirmationajout');
    expect(server.accepted).toBe(accepted + 1);
    events = await readEvents(ext);
    const uploads = active(events, 'dmp_upload');
    expect(uploads).toHaveLength(active(before, 'dmp_upload').length + 1);
    expect(uploads.at(-1)).toMatchObject({ docClass: '57828-6', site: 'dmp-web', source: 'auto' });
    expect(active(events, 'dmp_upload_failed')).toHaveLength(active(before, 'dmp_upload_failed').length);

    // Back on the record summary: the record stayed open, so no read.
    await walker.backToRecord();
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(active(before, 'dmp_consult').length);
  });

  it('another patient\'s record: "Oui" counts one read for the new record, "Non" none', async () => {
    const reads = async () => active(await readEvents(ext), 'dmp_consult').length;
    const before = await reads();

    // The first patient's record is still open on this host: the DMP asks before opening another.
    await walker.openPatientList();
    await walker.clickPatient(3);
    expect(new URL(page.url()).pathname).toMatch(/^\/dmp\/confirmationouvertureautre\//);
    expect(await reads()).toBe(before);
    await walker.answerOtherRecord('Oui');
    expect(new URL(page.url()).searchParams.get('patient')).toBe(FAKE_PATIENTS[3]!.id);
    expect(await reads()).toBe(before + 1);

    // Asked again for another patient, the doctor says "Non": back on the record still open.
    await walker.openPatientList();
    await walker.clickPatient(0);
    expect(page.url()).toContain('/dmp/confirmationouvertureautre/');
    await walker.answerOtherRecord('Non');
    expect(new URL(page.url()).pathname).toBe('/dmp/recapitulatif');
    expect(new URL(page.url()).searchParams.get('patient')).toBe(FAKE_PATIENTS[3]!.id);
    expect(await reads()).toBe(before + 1);
  });

  it('after a deposit, back to the summary is no read; closing the record then reopening it is one', async () => {
    const reads = async () => active(await readEvents(ext), 'dmp_consult').length;
    const before = await reads();
    const accepted = server.accepted;
    await walker.deposit('Certificat médical', 2);
    await walker.backToRecord();
    expect(await reads()).toBe(before);
    await walker.deposit("Lettre d'adressage", 0);
    expect(server.accepted).toBe(accepted + 2);
    const uploads = active(await readEvents(ext), 'dmp_upload').filter((u) => u.source === 'auto');
    expect(uploads.slice(-2).map((u) => u.docClass)).toEqual(['89601-9', '18761-7']);
    await walker.closeRecord();
    expect(new URL(page.url()).pathname).toBe('/mespatients/raz');
    expect(await reads()).toBe(before);
    // Closed: the same patient opens straight, without the other-record question.
    await walker.clickPatient(3);
    expect(new URL(page.url()).pathname).toBe('/dmp/recapitulatif');
    expect(await reads()).toBe(before + 1);
  });

  it('keeps no patient name, identifier, birth date, title or file name anywhere', async () => {
    const stored = JSON.stringify(await readAllStorage(ext));
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toContain('dmp_upload');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/patient=/);
  });
});
