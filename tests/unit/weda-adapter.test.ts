// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { builtinAdapter } from '@/lib/sites';
import {
  wedaBilling,
  wedaDocumentForm,
  wedaSickLeave,
  type DocumentForm,
} from '../fixtures/programs/weda-corpus';
import { engineFixture, trustedClick, wait } from '../support/engine-fixture';

/**
 * The Weda adapter on the corpus's Weda pages (their markup only: the page scripts do not run
 * here, each test plays what the page would do). The full flows, page loads and postbacks
 * included, run in Chromium: `npm run detection-report`.
 */
const fixture = engineFixture();
const engine = () => fixture.current();

/** Shows a fixture page's body at its path and starts the engine with the Weda adapter. */
function show(path: string, html: string, referrer = '') {
  history.replaceState({}, '', path);
  Object.defineProperty(document, 'referrer', {
    value: referrer ? `${location.origin}${referrer}` : '',
    configurable: true,
  });
  // happy-dom cannot load frames: the preview frame becomes a div with the same id.
  const noFrames = html.replace(/<iframe([^>]*)><\/iframe>/g, '<div$1></div>');
  document.body.innerHTML = new DOMParser().parseFromString(noFrames, 'text/html').body.innerHTML;
  for (const s of document.querySelectorAll('script')) s.remove();
  return fixture.start([builtinAdapter('weda')!]).all;
}

const q = (s: string) => new URLSearchParams(s);
/** The e-prescription dialog as the page script draws it after a print (see weda-corpus.ts). */
const DIALOG = `<mat-dialog-container class="mat-dialog-container" role="dialog">
  <h2 class="mat-dialog-title">Création d'une ordonnance numérique</h2>
  <button type="button" class="mat-button mat-button-base" id="sansOrdoNum"><span class="mat-button-wrapper">Continuez sans l'ordonnance numérique</span></button>
  <button type="submit" class="mat-raised-button mat-button-base" id="validerOrdoNum"><span class="mat-button-wrapper">Valider</span></button></mat-dialog-container>`;
const FORM_PATHS: Record<DocumentForm, string> = {
  courrier: '/FolderMedical/CourrierForm.aspx',
  prescription: '/FolderMedical/PrescriptionForm.aspx',
  certificat: '/FolderMedical/CertificatForm.aspx',
  demande: '/FolderMedical/DemandeForm.aspx',
};

describe('the Weda adapter on the evidenced pages', () => {
  it('sick leave: counted when the notice link appears, not on the identity dialog\'s "Envoyer"', async () => {
    const outcomes = show('/FolderMedical/Aati.aspx', wedaSickLeave(q('PatDk=1')));
    const etape = document.getElementById('etape')!;
    etape.innerHTML = '<button type="button" id="envoyerIdentite">Envoyer</button>';
    trustedClick(document.getElementById('envoyerIdentite')!);
    await wait(30);
    expect(outcomes()).toEqual([]);
    etape.innerHTML =
      '<div class="frameback dmtiForm ng-star-inserted"><div class="imgfixe"><a href="/BinaryData.aspx">Avis</a></div></div>';
    await wait(40);
    expect(outcomes()).toEqual(['sick-leave:counted']);
  });

  it('"return to patient" with the box ticked sends (confirmed by the record reached); unticked, nothing', () => {
    const printed = (query: string) =>
      wedaDocumentForm('courrier', q(query), 'ctl00$ContentPlaceHolder1$MenuPrint');
    let outcomes = show(FORM_PATHS.courrier, printed('PatDk=1&type=11488-4'));
    expect(outcomes()).toEqual(['document-printed:counted:11488-4']);
    trustedClick(document.getElementById('ContentPlaceHolder1_ViewPdfDocumentUCForm1_ButtonClose')!);
    expect(outcomes()).toEqual(['document-printed:counted:11488-4', 'share-on-return:pending:11488-4']);
    engine().stop();

    outcomes = show(FORM_PATHS.courrier, printed('PatDk=1&dmp=0'));
    trustedClick(document.getElementById('ContentPlaceHolder1_ViewPdfDocumentUCForm1_ButtonClose')!);
    trustedClick(document.getElementById('ContentPlaceHolder1_ViewPdfDocumentUCForm1_ButtonCloseStay')!);
    expect(outcomes()).toEqual(['document-printed:counted:11490-0']);
    engine().stop();

    // The next page (the patient record) settles the carried attempt.
    outcomes = show('/FolderMedical/PatientViewForm.aspx', '<p>Dossier</p>', FORM_PATHS.courrier);
    expect(
      engine().resume([
        { attemptId: 'a-1', adapterId: 'weda', ruleId: 'share-on-return', startedAt: 0, docClass: '11488-4' },
      ]),
    ).toEqual(['a-1']);
    expect(outcomes()).toEqual(['share-on-return:confirmed:11488-4']);
  });

  it("the panel's send button: sent when the spinner has come and gone, never while disabled; the page's class", async () => {
    for (const form of ['prescription', 'certificat', 'demande'] as const) {
      const outcomes = show(FORM_PATHS[form], wedaDocumentForm(form, q('PatDk=2&ancien=1'), null));
      const panel = document.querySelector('.panelDmp')!;
      expect(panel.id).toBe('ContentPlaceHolder1_DocVersionUserControl_PanelPrescriptionDmp');
      trustedClick(panel.querySelector('.mat-button-wrapper')!);
      panel.insertAdjacentHTML(
        'beforeend',
        '<mat-progress-spinner role="progressbar"><svg><circle></circle></svg></mat-progress-spinner>',
      );
      await wait(30);
      panel.querySelector('mat-progress-spinner')!.remove();
      await wait(30);
      const docClass = { prescription: '57833-6', certificat: '89601-9', demande: '57832-8' }[form];
      expect(outcomes()).toEqual([
        `share-panel-send:pending:${docClass}`,
        `share-panel-send:confirmed:${docClass}`,
      ]);
      engine().stop();
    }
    const outcomes = show(FORM_PATHS.courrier, wedaDocumentForm('courrier', q('PatDk=2&dmp=0'), null));
    trustedClick(document.querySelector('.panelDmp .mat-button-wrapper')!);
    expect(outcomes()).toEqual([]);
  });

  it('a send that shows an error fails, even when its spinner then goes away', async () => {
    const outcomes = show(FORM_PATHS.courrier, wedaDocumentForm('courrier', q('PatDk=2'), null));
    const panel = document.querySelector('.panelDmp')!;
    trustedClick(panel.querySelector('button')!);
    panel.insertAdjacentHTML(
      'beforeend',
      '<mat-progress-spinner role="progressbar"><svg><circle></circle></svg></mat-progress-spinner>',
    );
    await wait(30);
    document.querySelector('.cdk-overlay-container')!.innerHTML =
      '<mat-dialog-container><h2 class="mat-dialog-title">Erreur lors de l\'envoi au DMP</h2></mat-dialog-container>';
    panel.querySelector('mat-progress-spinner')!.remove();
    await wait(30);
    expect(outcomes()).toEqual(['share-panel-send:pending:11490-0', 'share-panel-send:failed:11490-0']);
  });

  it("e-prescription: the dialog's submit counts, its way out does not; no dialog without the box", () => {
    const printed = (query: string, form: DocumentForm = 'prescription') =>
      wedaDocumentForm(form, q(query), 'ctl00$ContentPlaceHolder1$MenuPrint').replace(
        '<div class="cdk-overlay-container"></div>',
        `<div class="cdk-overlay-container">${DIALOG}</div>`,
      );
    let outcomes = show(FORM_PATHS.prescription, printed('PatDk=3&eordo=1'));
    trustedClick(document.querySelector('#validerOrdoNum .mat-button-wrapper')!);
    expect(outcomes()).toEqual(['eprescription:pending', 'eprescription:confirmed']);
    engine().stop();
    outcomes = show(FORM_PATHS.demande, printed('PatDk=3&eordo=1', 'demande'));
    trustedClick(document.querySelector('#sansOrdoNum .mat-button-wrapper')!);
    expect(outcomes()).toEqual(['eprescription:pending', 'eprescription:cancelled']);
    engine().stop();
    // The box unticked (an imaging request: Weda unticks it): the same title starts nothing.
    outcomes = show(FORM_PATHS.demande, printed('PatDk=3&eordo=1&imagerie=1', 'demande'));
    expect(outcomes().filter((o) => o.startsWith('eprescription'))).toEqual([]);
  });

  it('billing: the "Sécuriser" button only', () => {
    const outcomes = show('/vitalzen/fse.aspx', wedaBilling(q('PatDk=1')));
    document
      .getElementById('actions')!
      .insertAdjacentHTML(
        'beforeend',
        '<button type="button" class="mat-raised-button" id="imprimerFse"><span class="mat-button-wrapper">Imprimer</span></button>',
      );
    trustedClick(document.getElementById('imprimerFse')!);
    trustedClick(document.querySelector('#securiser .mat-button-wrapper')!);
    expect(outcomes()).toEqual(['billing:counted']);
  });

  it('the record opens a consultation, but not on a postback nor on the way back from a document', () => {
    expect(show('/FolderMedical/PatientViewForm.aspx', '<p></p>', '/FolderMedical/Agenda.aspx')()).toEqual([
      'record-opened:encounter',
    ]);
    engine().stop();
    expect(
      show('/FolderMedical/PatientViewForm.aspx', '<p></p>', '/FolderMedical/PatientViewForm.aspx')(),
    ).toEqual([]);
    engine().stop();
    expect(
      show('/FolderMedical/PatientViewForm.aspx', '<p></p>', '/FolderMedical/CourrierForm.aspx')(),
    ).toEqual([]);
    engine().stop();
    expect(show('/FolderMedical/PatientViewForm.aspx', '<p></p>')()).toEqual(['record-opened:encounter']);
  });

  it("Weda's DMP page is a read from the record, not at the end of a VSM", () => {
    expect(show('/FolderMedical/DMP/view', '<p></p>', '/FolderMedical/PatientViewForm.aspx')()).toEqual([
      'dmp-view:counted',
    ]);
    engine().stop();
    expect(show('/FolderMedical/DMP/view', '<p></p>', '/FolderMedical/CdaForm.aspx')()).toEqual([]);
  });

  it('a WeDoc preview\'s "Retourner au dossier patient" sends like the classic one, with the box ticked', () => {
    const wedoc = (query: string) =>
      wedaDocumentForm('certificat', q(query), null).replace(
        '</main>',
        '<div class="wdc-print-buttons"><button type="button" class="mat-button"><span class="mat-button-wrapper">Fermer</span></button><button type="button" class="mat-button" id="retour"><span class="mat-button-wrapper">Retourner au dossier patient</span></button></div></main>',
      );
    let outcomes = show(FORM_PATHS.certificat, wedoc('PatDk=1'));
    trustedClick(document.querySelector('.wdc-print-buttons .mat-button-wrapper')!);
    trustedClick(document.querySelector('#retour .mat-button-wrapper')!);
    expect(outcomes()).toEqual(['share-on-return-wedoc:pending:89601-9']);
    engine().stop();
    outcomes = show(FORM_PATHS.certificat, wedoc('PatDk=1&dmp=0'));
    trustedClick(document.querySelector('#retour .mat-button-wrapper')!);
    expect(outcomes()).toEqual([]);
  });
});
