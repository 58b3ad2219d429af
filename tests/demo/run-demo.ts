/**
 * The demo: a morning of consultations on the fixture practice program and DMP web access,
 * with the real extension loaded in Chromium. Screenshots go to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { active, readEvents } from '../support/extension-data';
import { DMP_HOST, WEDA_HOST, startFixtureServer } from '../support/fixture-server';
import { ROOT } from '../support/paths';

const OUT = resolve(ROOT, 'demo-output');
mkdirSync(OUT, { recursive: true });
const headless = !process.env.DISPLAY;

const server = await startFixtureServer();
const session = await launchChromium({ headless });
const page = await session.context.newPage();
const dmp = new DmpWalker(page, server, DMP_HOST);
const shot = async (p: Page, name: string) => {
  const path = resolve(OUT, name);
  await p.screenshot({ path });
  console.log(`  screenshot: demo-output/${name}`);
};

/** A consultation: the patient's file in the program, then the DMP opened from it. */
async function consultation(patientId: string): Promise<void> {
  await page.goto(server.url(WEDA_HOST, `/FolderMedical/PatientViewForm.aspx?PatDk=${patientId}`));
  await page.locator('#lienDmp').click();
  await page.waitForURL(/recapitulatif/);
  await dmp.overlayReady();
}

/**
 * In the program, Weda's usual way (docs/evidence.md): a letter of a chosen type printed with
 * its "share to DMP" box ticked, then the print preview closed by "return to patient", which
 * sends it. The letter counts as produced and as deposited.
 */
async function letterSharedFromProgram(patientId: string, docClass: string): Promise<void> {
  await page.goto(server.url(WEDA_HOST, `/FolderMedical/CourrierForm.aspx?PatDk=${patientId}`));
  await page.locator('#ContentPlaceHolder1_DropDownListDocumentTypes').selectOption(docClass);
  await Promise.all([page.waitForNavigation(), page.locator('.popout-dynamic.level2').click()]);
  await Promise.all([
    page.waitForURL(/PatientViewForm/),
    page.locator('#ContentPlaceHolder1_ViewPdfDocumentUCForm1_ButtonClose').click(),
  ]);
  await page.waitForTimeout(800);
}

/** In the program: the consultation billed with "Sécuriser" (the encounter counts here). */
async function billing(patientId: string): Promise<void> {
  await page.goto(server.url(WEDA_HOST, `/vitalzen/fse.aspx?PatDk=${patientId}`));
  await page.locator('#securiser').click();
  await page.waitForTimeout(600);
}

try {
  console.log(
    `Suivi DMP demo (${headless ? 'headless' : 'headed'} Chromium, fixture server on port ${server.port})`,
  );
  await page.goto(server.url(WEDA_HOST, '/FolderMedical/Agenda.aspx'));
  await shot(page, '01-agenda-logiciel.png');

  console.log(
    '8:00  patient 1: DMP read, consultation report deposited on the DMP web access, letter shared from the program, billed',
  );
  await consultation('1');
  await shot(page, '02-dossier-dmp-lecture-comptee.png');
  await dmp.deposit('CR ou fiche de consultation ou de visite', 0);
  await shot(page, '03-depot-compte.png');
  await letterSharedFromProgram('1', '11488-4');
  await shot(page, '03b-courrier-partage-depuis-le-logiciel.png');
  await billing('1');

  console.log('8:30  patient 2: prescription deposited, then a second deposit cancelled');
  await consultation('2');
  await dmp.deposit('Prescription de produits de santé', 1);
  await dmp.backToRecord();
  await dmp.depositThenCancel("CR d'examens biologiques");
  await billing('2');

  console.log('9:00  patient 3: the DMP fails to take the document');
  await consultation('3');
  server.failNextDeposit();
  await dmp.deposit('Synthèse médicale', 2);
  await shot(page, '04-echec-depot.png');
  await billing('3');

  console.log('9:30  patient 4: medical certificate deposited');
  await consultation('4');
  await dmp.deposit('Certificat médical', 0);
  await letterSharedFromProgram('4', '11490-0');
  await billing('4');

  const popup = await session.openExtensionPage('popup.html', { width: 400, height: 600 });
  await popup.getByTestId('today-uploads').waitFor();
  await shot(popup, '05-popup.png');
  await popup.emulateMedia({ colorScheme: 'dark' });
  await shot(popup, '06-popup-sombre.png');
  const dashboard = await session.openExtensionPage('dashboard.html', { width: 1100, height: 1400 });
  await dashboard.getByRole('heading', { level: 1 }).waitFor();
  await dashboard.waitForTimeout(500);
  await shot(dashboard, '07-tableau-de-bord.png');

  const events = await readEvents(popup);
  console.log('\nCounted this morning:');
  console.table({
    'dépôts DMP': active(events, 'dmp_upload').length,
    'échecs de dépôt': active(events, 'dmp_upload_failed').length,
    'lectures DMP': active(events, 'dmp_consult').length,
    consultations: active(events, 'encounter').length,
    'documents produits (logiciel)': active(events, 'document_produced').length,
    'dont acceptés par l’accès web DMP (fixture)': server.accepted,
  });
  console.log(`Screenshots in ${OUT}`);
} finally {
  await session.close();
  await server.close();
}
