import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { active, readAllStorage, readEvents } from '../support/extension-data';
import { DMP_OLD_HOST, WEDA_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { overlayText } from '../support/overlay-probe';
import { sensitiveStrings } from '../fixtures/fake-patients';

describe('DMP web access in Chromium (production build)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let page: Page;
  let walker: DmpWalker;
  let ext: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    page = await session.context.newPage();
    walker = new DmpWalker(page, server);
    ext = await session.openExtensionPage('popup.html');
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('counts a DMP read once per record opening, not per reload', async () => {
    await walker.openPatientList();
    await walker.openRecord(0);
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(1);
    expect(await overlayText(page)).toContain('Lecture DMP comptée');

    await page.reload();
    await walker.overlayReady();
    await page.goto(walker.url('/dmp/documents?patient=1'));
    await walker.overlayReady();
    await page.getByText('Retour au récapitulatif').click();
    await page.waitForURL(/recapitulatif/);
    await walker.overlayReady();
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(1);

    // The first record is still open on the DMP: opening another goes through "Confirmation
    // d'accès à un autre DMP" (the walker answers "Oui"), and counts one read for the new record.
    await walker.openPatientList();
    await walker.openRecord(1);
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(2);

    // The practice program opens the next patient's record straight into the summary.
    await page.goto(server.url(WEDA_HOST, '/FolderMedical/PatientViewForm.aspx?PatDk=3'));
    await page.locator('#lienDmp').click();
    await page.waitForURL(/recapitulatif/);
    await walker.overlayReady();
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(3);
  });

  it('counts a confirmed deposit with the class of the chosen type', async () => {
    const before = server.accepted;
    await walker.deposit('CR ou fiche de consultation ou de visite', 0);
    expect(server.accepted).toBe(before + 1);
    const uploads = active(await readEvents(ext), 'dmp_upload');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ docClass: '11488-4', site: 'dmp-web', source: 'auto' });
    expect(uploads[0]!.durationMs).toBeGreaterThan(0);
    const text = await overlayText(page);
    expect(text).toContain('Dépôt DMP compté');
    expect(text).toContain('1 dépôt(s) aujourd');
    // The month's rate, the popup's figure: a deposit with no consultation counted and no
    // document produced leaves nothing to compare it with, and the overlay says so.
    expect(text).toContain('Mois : pas encore de taux');
    await walker.backToRecord();
  });

  it('counts nothing for a deposit cancelled at the confirmation step', async () => {
    await walker.depositThenCancel("CR d'examens biologiques");
    const events = await readEvents(ext);
    expect(active(events, 'dmp_upload')).toHaveLength(1);
    expect(active(events, 'dmp_upload_failed')).toHaveLength(0);
  });

  it('records a failed deposit when the DMP answers with an error page', async () => {
    server.failNextDeposit();
    await walker.deposit('Prescription de produits de santé', 1);
    expect(page.url()).toContain('/dmp/erreur');
    const events = await readEvents(ext);
    expect(active(events, 'dmp_upload')).toHaveLength(1);
    const failed = active(events, 'dmp_upload_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.docClass).toBe('57833-6');
    await walker.backToRecord();
  });

  it('ignores a deposit submitted by a synthetic click', async () => {
    const before = server.accepted;
    await walker.fillDepositForm('Synthèse médicale', 2);
    await page.evaluate(() => (document.querySelector('#submit') as HTMLButtonElement).click());
    await page.waitForURL(/demandeconfirmationactiondocument/);
    await walker.overlayReady();
    await walker.acceptAndWaitForSignature();
    expect(page.url()).toContain('/confirmationajout');
    expect(server.accepted).toBe(before + 1);
    expect(active(await readEvents(ext), 'dmp_upload')).toHaveLength(1);
    await walker.backToRecord();
  });

  it('works on the older www.dmp.fr entry point too', async () => {
    const old = new DmpWalker(page, server, DMP_OLD_HOST);
    await old.openPatientList();
    await old.openRecord(2);
    await old.deposit("CR d'imagerie médicale", 2);
    const uploads = active(await readEvents(ext), 'dmp_upload');
    expect(uploads.map((u) => u.docClass)).toEqual(['11488-4', '18748-4']);
    await old.backToRecord();
  });

  it('undoes the count from the overlay', async () => {
    await walker.deposit('Certificat médical', 0);
    expect(active(await readEvents(ext), 'dmp_upload')).toHaveLength(3);
    await clickOverlayUndo(page);
    await expect.poll(async () => active(await readEvents(ext), 'dmp_upload').length).toBe(2);
    expect(await overlayText(page)).toContain('Annulé');
    await walker.backToRecord();
  });

  it('shows the counts in the popup, adds a manual deposit and undoes the last event', async () => {
    await ext.reload();
    await expect.poll(() => ext.getByTestId('today-uploads').locator('dd').textContent()).toBe('2');
    expect(await ext.getByTestId('today-failures').locator('span').textContent()).toBe('1');
    expect(await ext.getByTestId('today-reads').locator('dd').textContent()).toBe('4');
    expect(await ext.getByTestId('month-uploads').locator('dd').textContent()).toBe('2');
    await expect.poll(() => ext.locator('tr[data-class="18748-4"] td').first().textContent()).toBe('1');

    await ext.locator('#manual-doc-class').selectOption('VSM');
    await ext.getByRole('button', { name: '+1 dépôt' }).click();
    await expect.poll(() => ext.getByTestId('today-uploads').locator('dd').textContent()).toBe('3');
    expect(await ext.getByRole('status').textContent()).toContain('Volet de synthèse médicale');
    const manual = (await readEvents(ext)).filter((e) => e.source === 'manual');
    expect(manual).toMatchObject([{ kind: 'dmp_upload', docClass: 'VSM', site: 'manual' }]);

    await ext.getByRole('button', { name: 'Annuler le dernier' }).click();
    await expect.poll(() => ext.getByTestId('today-uploads').locator('dd').textContent()).toBe('2');
    expect(await ext.getByRole('status').textContent()).toContain('Annulé');
  });

  it('counts a deposit refused, corrected and sent again once, with no failure and no new read', async () => {
    const before = await readEvents(ext);
    const accepted = server.accepted;
    // Sent without a title: the DMP shows the form again at its post address, with the error.
    await walker.fillDepositForm('Prescription (autre)', 1, { title: false });
    expect(await walker.submitForm()).toBe('refused');
    expect(new URL(page.url()).pathname).toBe('/ajoutdocument.formajoutdocument');
    expect(await page.locator('.error').count()).toBe(1);
    let events = await readEvents(ext);
    expect(active(events, 'dmp_upload_failed')).toHaveLength(active(before, 'dmp_upload_failed').length);
    expect(active(events, 'dmp_upload')).toHaveLength(active(before, 'dmp_upload').length);

    // Corrected and sent again from the refused form: accepted, confirmed, counted once.
    await walker.fillDepositForm('Prescription (autre)', 1);
    expect(await walker.submitForm()).toBe('accepted');
    await walker.acceptAndWaitForSignature();
    expect(server.accepted).toBe(accepted + 1);
    events = await readEvents(ext);
    const uploads = active(events, 'dmp_upload');
    expect(uploads).toHaveLength(active(before, 'dmp_upload').length + 1);
    expect(uploads.at(-1)).toMatchObject({ docClass: '57828-6', site: 'dmp-web', source: 'auto' });
    expect(active(events, 'dmp_upload_failed')).toHaveLength(active(before, 'dmp_upload_failed').length);
    expect(await overlayText(page)).toContain('Dépôt DMP compté');

    // Back on the record summary: the record stayed open, so no read.
    await walker.backToRecord();
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(active(before, 'dmp_consult').length);
  });

  it('another patient\'s record: "Oui" counts one read for the new record, "Non" none', async () => {
    const reads = async () => active(await readEvents(ext), 'dmp_consult').length;
    const before = await reads();

    await walker.openPatientList();
    await page.locator('a[id^="openDMPLink"]').nth(3).click();
    await page.waitForURL(/\/dmp\/confirmationouvertureautre\//);
    await walker.overlayReady();
    expect(await reads()).toBe(before);
    await walker.answerOtherRecord('Oui');
    expect(await reads()).toBe(before + 1);
    expect(await overlayText(page)).toContain('Lecture DMP comptée');

    // Asked again for another patient, the doctor says "Non": back on the record still open.
    await walker.openPatientList();
    await page.locator('a[id^="openDMPLink"]').nth(0).click();
    await walker.answerOtherRecord('Non');
    expect(await reads()).toBe(before + 1);
  });

  it('after a deposit, back to the summary is no read; closing the record then reopening it is one', async () => {
    const reads = async () => active(await readEvents(ext), 'dmp_consult').length;
    const before = await reads();
    await walker.deposit('Certificat médical', 2);
    await walker.backToRecord();
    expect(await reads()).toBe(before);
    await walker.deposit("Lettre d'adressage", 0);
    await walker.closeRecord();
    expect(await reads()).toBe(before);
    // Closed: the same patient opens straight, without the other-record question.
    await walker.openRecord(3);
    expect(page.url()).toContain('/dmp/recapitulatif');
    expect(await reads()).toBe(before + 1);
  });

  it('keeps no patient name, identifier, birth date, title or file name anywhere', async () => {
    const stored = JSON.stringify(await readAllStorage(ext));
    expect(stored.length).toBeGreaterThan(100);
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    // Not even the record's query parameter: the URL path alone is read.
    expect(stored).not.toMatch(/patient=/);
  });

  it('keeps the counts across a browser restart with the same profile', async () => {
    const before = await readEvents(ext);
    await session.close();
    session = await launchChromium({ userDataDir: session.userDataDir });
    page = await session.context.newPage();
    ext = await session.openExtensionPage('popup.html');
    expect(await readEvents(ext)).toEqual(before);
    await expect.poll(() => ext.getByTestId('today-uploads').locator('dd').textContent()).toBe('5');
  });
});

/** Clicks the overlay's "Annuler" inside its closed shadow root, as a user's pointer does. */
async function clickOverlayUndo(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: 'suivi-dmp-overlay',
    });
    const { node } = await cdp.send('DOM.describeNode', { nodeId: nodeIds[0]!, depth: -1, pierce: true });
    type N = {
      backendNodeId: number;
      nodeName: string;
      children?: N[];
      shadowRoots?: N[];
      attributes?: string[];
    };
    const findLink = (n: N): N | undefined => {
      if (n.nodeName === 'BUTTON' && (n.attributes ?? []).join(' ').includes('link')) return n;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
        const hit = findLink(c);
        if (hit) return hit;
      }
      return undefined;
    };
    const link = findLink(node as N);
    if (!link) throw new Error('no undo button in the overlay');
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: link.backendNodeId });
    const [x1, y1, , , x3, y3] = model.content;
    await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
  } finally {
    await cdp.detach();
  }
}
