import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { active, readAllStorage, readEvents } from '../support/extension-data';
import { WEDA_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { overlayText } from '../support/overlay-probe';
import { dmpChainScenarios } from '../support/dmp-chain-scenarios';
import type { DmpEvent } from '../../lib/domain/events';

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

  dmpChainScenarios(() => ({
    server,
    walker,
    walkerOn: (host) => new DmpWalker(page, server, host),
    events: () => readEvents(ext),
    storage: () => readAllStorage(ext),
    overlayText: () => overlayText(page),
  }));

  it('undoes the count from the overlay', async () => {
    const uploads = async () => active(await readEvents(ext), 'dmp_upload').length;
    const before = await uploads();
    await walker.deposit('Certificat médical', 0);
    expect(await uploads()).toBe(before + 1);
    const text = await overlayText(page);
    expect(text).toContain(`${before + 1} dépôt(s) aujourd`);
    // The month's rate, the popup's figure: deposits with no consultation counted and no
    // document produced leave nothing to compare them with, and the overlay says so.
    expect(text).toContain('Mois : pas encore de taux');
    await clickOverlayUndo(page);
    await expect.poll(uploads).toBe(before);
    expect(await overlayText(page)).toContain('Annulé');
    await walker.backToRecord();
  });

  it('shows the counts in the popup, adds a manual deposit and undoes the last event', async () => {
    const events = await readEvents(ext);
    const count = (kind: DmpEvent['kind']) => String(active(events, kind).length);
    const imaging = active(events, 'dmp_upload').filter((e) => e.docClass === '18748-4').length;
    const dd = (testId: string) => ext.getByTestId(testId).locator('dd').textContent();
    await ext.reload();
    await expect.poll(() => dd('today-uploads')).toBe(count('dmp_upload'));
    expect(await ext.getByTestId('today-failures').locator('span').textContent()).toBe(
      count('dmp_upload_failed'),
    );
    expect(await dd('today-reads')).toBe(count('dmp_consult'));
    expect(await dd('month-uploads')).toBe(count('dmp_upload'));
    await expect
      .poll(() => ext.locator('tr[data-class="18748-4"] td').first().textContent())
      .toBe(String(imaging));

    await ext.locator('#manual-doc-class').selectOption('VSM');
    await ext.getByRole('button', { name: '+1 dépôt' }).click();
    await expect.poll(() => dd('today-uploads')).toBe(String(Number(count('dmp_upload')) + 1));
    expect(await ext.getByRole('status').textContent()).toContain('Volet de synthèse médicale');
    const manual = (await readEvents(ext)).filter((e) => e.source === 'manual');
    expect(manual).toMatchObject([{ kind: 'dmp_upload', docClass: 'VSM', site: 'manual' }]);

    await ext.getByRole('button', { name: 'Annuler le dernier' }).click();
    await expect.poll(() => dd('today-uploads')).toBe(count('dmp_upload'));
    expect(await ext.getByRole('status').textContent()).toContain('Annulé');
  });

  it('keeps the counts across a browser restart with the same profile', async () => {
    const before = await readEvents(ext);
    await session.close();
    session = await launchChromium({ userDataDir: session.userDataDir });
    page = await session.context.newPage();
    ext = await session.openExtensionPage('popup.html');
    expect(await readEvents(ext)).toEqual(before);
    await expect
      .poll(() => ext.getByTestId('today-uploads').locator('dd').textContent())
      .toBe(String(active(before, 'dmp_upload').length));
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
