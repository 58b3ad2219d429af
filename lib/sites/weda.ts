import type { Adapter, Signal } from '../domain/rules';
import type { DocClass } from '../domain/doc-classes';
import { costlyPattern, DEFAULT_COSTLY_KINDS } from '../domain/costly-acts';

/** The default list of costly acts as a pattern (a profile's own list replaces it in the page). */
const COSTLY_DEFAULT = costlyPattern(DEFAULT_COSTLY_KINDS)!;

/**
 * Weda (secure.weda.fr): ASP.NET WebForms pages with Angular Material widgets (pre-MDC class
 * names). Every signal below rests on docs/evidence.md: the comment beside it says where it was
 * seen (`// evidence: <repository> <path> <commit>`, facts only, never code) or that nothing
 * public shows it (`// supposition: ...`). The detection report counts these tags per rule, so
 * keep one tag per signal. Each rule can be turned off with the site, and any button re-taught.
 */

export const WEDA_HOSTS = ['secure.weda.fr'];

/** The four document forms that print a document and carry the DMP share panel. */
const DOCUMENT_FORMS = '^/foldermedical/(courrierform|prescriptionform|certificatform|demandeform)\\.aspx$';
const PATIENT_RECORD = '^/foldermedical/patientviewform\\.aspx$';
const DMP_VIEW = '^/foldermedical/dmp/view';

/** Pages of one patient's record: arriving from one of them is not a new consultation. */
const SAME_RECORD =
  '^/(foldermedical/(patientviewform|courrierform|prescriptionform|certificatform|demandeform|consultationform|cdaform|antecedentform|aati|popupviewbinaryform)\\.aspx|foldermedical/dmp/|binarydata\\.aspx|vitalzen/)';

/** The DMP share panel of the document forms: its current id, and its id until Oct. 2025. */
const PANELS = [
  '#ContentPlaceHolder1_DocVersionUserControl_PanelShareDocToDMP',
  '#ContentPlaceHolder1_DocVersionUserControl_PanelPrescriptionDmp',
];
/** The panel's "send to the DMP" checkbox (Angular Material's hidden input). */
const SHARE_BOX = PANELS.map((p) => `${p} input.mat-checkbox-input`).join(', ');
/** The panel's send button; not while Material marks it disabled. */
const SEND_BUTTON = PANELS.map((p) => `${p} button:not(.mat-button-disabled):not([disabled])`).join(', ');

/** The letter's DMP document type (an ASP.NET select; its option values are not known). */
const TYPE_SELECT = '#ContentPlaceHolder1_DropDownListDocumentTypes';
/** Class of the documents of forms with no known type control. */
const PAGE_CLASSES: Array<{ path: string; docClass: DocClass }> = [
  { path: '^/foldermedical/prescriptionform\\.aspx$', docClass: '57833-6' },
  { path: '^/foldermedical/certificatform\\.aspx$', docClass: '89601-9' },
  { path: '^/foldermedical/demandeform\\.aspx$', docClass: '57832-8' },
];
const DOCUMENT_TYPE = { from: 'select' as const, selector: TYPE_SELECT, pageClasses: PAGE_CLASSES };

/** A send under way: the spinner's circle, formerly a progress bar; gone = sent. */
const SPINNER = 'svg circle';
const PROGRESS = '[role="progressbar"]';
/** What a failed send might show: a Material dialog or field error, Weda's alert panel. */
const ERROR_SIGN = {
  on: 'appear',
  selector: '.mat-dialog-title, mat-error, .mat-error, .alertPanel',
  text: '[ée]chec|erreur|impossible|refus',
} satisfies Signal;

/**
 * A request's type list (Biologie, Imagerie, paramedical) and the entries it offers; the kind
 * chosen is the label Weda draws in red bold. Only while "Imagerie" is chosen.
 */
const REQUEST_TYPES = '#ContentPlaceHolder1_UpdatePanelBaseGlossaireUCForm1';
const IMAGING_CHOSEN = `${REQUEST_TYPES}:has(#ContentPlaceHolder1_BaseGlossaireUCForm1_LabelILRadio[style*="bold" i])`;
/** The print models menu (its items post back), and the request's own "Valider". */
const PRINT_ITEM = '[onclick*="MenuPrint"]:not([onclick*="\'mss\'"])';
const VALIDATE_REQUEST = '#ContentPlaceHolder1_BaseGlossaireUCForm1_ButtonValidDocument';

/** The print preview's "return to patient" close (an `input type="button"` posting back). */
const RETURN_TO_PATIENT = '#ContentPlaceHolder1_ViewPdfDocumentUCForm1_ButtonClose';

export const WEDA_ADAPTER = {
  id: 'weda',
  name: 'Weda',
  hosts: WEDA_HOSTS,
  // The safety net behind these rules (the generic heuristic, lib/sites/generic.ts) does not
  // read custom element names here: Weda prefixes all its components with `dmp-`, the sick
  // leave's and the IMTi's too, so a name says nothing about the DMP.
  // evidence: Refhi/Weda-Helper src/features/aati.js c75cbe72f0 (dmp-aati-form, dmp-aati-leave-permission; src/features/imti.js: dmp-imti-response)
  safetyNet: { elementNames: false },
  rules: [
    {
      // The patient record opened: the consultation under way, to link what follows. Not when
      // coming back from a page of the same record (a document's "return to patient", a
      // postback of the record itself, billing): that is the same consultation.
      id: 'record-opened',
      startsEncounter: true,
      trigger: {
        on: 'url',
        // evidence: Refhi/Weda-Helper src/features/accueil.js c75cbe72f0
        path: PATIENT_RECORD,
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (the record is reached again after "return to patient")
        notFrom: SAME_RECORD,
      },
    },
    {
      // The FSE secured: one consultation billed. Weda shows nothing known after it, so the
      // click is the sign (the same consultation billed twice counts once).
      id: 'billing',
      event: 'encounter',
      // evidence: Refhi/Weda-Helper src/features/fse.js c75cbe72f0
      pages: '^/vitalzen/fse\\.aspx$',
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper src/features/fse.js c75cbe72f0 (a button reading "Sécuriser")
        text: '^\\s*s[ée]curiser\\s*$',
        // supposition: Material's disabled class on that button, as on the share panel
        selector: 'button:not(.mat-button-disabled):not([disabled])',
      },
    },
    {
      // Weda's own send: the panel's box ticked, the preview closed with "return to patient";
      // Weda sends, then shows the patient record.
      id: 'share-on-return',
      event: 'dmp_upload',
      pages: DOCUMENT_FORMS,
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (since content.js dbb765e4d9)
        selector: RETURN_TO_PATIENT,
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (box; former panel id: print.js 2f687bb400)
        checked: SHARE_BOX,
      },
      confirm: {
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (the record reached after "return to patient")
        success: [{ on: 'url', path: PATIENT_RECORD }],
        // supposition: no error sign of a send is known
        failure: [ERROR_SIGN],
        timeoutMs: 60_000,
      },
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (letters; other forms by page: supposition)
      docClass: DOCUMENT_TYPE,
    },
    {
      // The same with a WeDoc model's preview and its "Retourner au dossier patient" button.
      id: 'share-on-return-wedoc',
      event: 'dmp_upload',
      pages: DOCUMENT_FORMS,
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper print.js 43231a3428 (and src/utils/print.js c75cbe72f0)
        selector: '.wdc-print-buttons button',
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0
        text: '^\\s*retourner au dossier patient\\s*$',
        // supposition: that Weda sends on this button as on the classic preview's
        checked: SHARE_BOX,
      },
      confirm: {
        // supposition: the record reached, as after the classic preview
        success: [{ on: 'url', path: PATIENT_RECORD }],
        // supposition: no error sign of a send is known
        failure: [ERROR_SIGN],
        timeoutMs: 60_000,
      },
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (letters; other forms by page: supposition)
      docClass: DOCUMENT_TYPE,
    },
    {
      // The panel's own send button: sent once its spinner has come and gone with no error.
      id: 'share-panel-send',
      event: 'dmp_upload',
      // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (page-agnostic print sequence; inferred)
      pages: DOCUMENT_FORMS,
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (button, mat-button-disabled since cc5649a9a7; former id 2f687bb400)
        selector: SEND_BUTTON,
      },
      confirm: {
        success: [
          // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (svg circle gone = sent, since 1742025dea)
          { on: 'disappear', selector: SPINNER },
          // evidence: Refhi/Weda-Helper print.js 99a58bcfc2 (progress bar gone)
          { on: 'disappear', selector: PROGRESS },
        ],
        // supposition: no error sign of a send is known
        failure: [ERROR_SIGN],
        // evidence: Refhi/Weda-Helper print.js 99a58bcfc2 (an error after 40 s of progress)
        timeoutMs: 40_000,
      },
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (letters; other forms by page: supposition)
      docClass: DOCUMENT_TYPE,
    },
    {
      // A PDF of the record shared from Weda's DMP page.
      id: 'dmp-view-share',
      event: 'dmp_upload',
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0
      pages: DMP_VIEW,
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (the dmp-share-document component)
        selector: 'dmp-share-document button',
        // supposition: the send button's text is not shown
        text: 'envoyer|partager|d[ée]poser|valider',
      },
      confirm: {
        success: [
          // supposition: the same spinner as the document forms' panel
          { on: 'disappear', selector: SPINNER },
          // supposition: the same progress bar as the document forms' panel
          { on: 'disappear', selector: PROGRESS },
        ],
        // supposition: no error sign of a send is known
        failure: [ERROR_SIGN],
        timeoutMs: 40_000,
      },
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (LOINC values, 11490-0 by default)
      docClass: { from: 'select', selector: 'dmp-share-document .fieldContainer > select' },
    },
    {
      // Weda's DMP page opened: a read of the patient's DMP. Not when it is reached from the
      // VSM pages (the VSM ends there) or from itself (a postback).
      id: 'dmp-view',
      event: 'dmp_consult',
      trigger: {
        on: 'url',
        // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0
        path: DMP_VIEW,
        // supposition: a VSM is told apart by the page it comes from (CdaForm / AntecedentForm)
        notFrom: '^/foldermedical/(cdaform\\.aspx|antecedentform\\.aspx|dmp/view)',
      },
    },
    {
      // Online sick leave (AATi) at its end: the link to the notice appears once it is made.
      id: 'sick-leave',
      event: 'sick_leave',
      // evidence: Refhi/Weda-Helper src/features/aati.js c75cbe72f0
      pages: '^/foldermedical/aati\\.aspx$',
      trigger: {
        on: 'appear',
        // evidence: Refhi/Weda-Helper aati.js f1f593a80a (and src/features/aati.js c75cbe72f0)
        selector: '.frameback.dmtiForm .imgfixe a',
        // supposition: how long the teleservice takes to answer
        windowMs: 120_000,
      },
    },
    {
      // E-prescription: the box ticked, the dialog "Création d'une ordonnance numérique" shown at
      // print, submitted. Its way out ("Continuez sans l'ordonnance numérique") counts nothing.
      id: 'eprescription',
      event: 'eprescription',
      // evidence: Refhi/Weda-Helper prescription.js c4a5638ebf (prescriptions and requests)
      pages: '^/foldermedical/(prescriptionform|demandeform)\\.aspx$',
      trigger: {
        on: 'appear',
        // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (since 9dbe8eee92)
        selector: '.mat-dialog-title',
        // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0
        text: "cr[ée]ation d['’]une ordonnance num[ée]rique",
        // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (since c4a5638ebf)
        checked: '#ContentPlaceHolder1_EvenementUcForm1_CheckBoxEPrescription',
        // supposition: how long the dialog takes to open after the print click
        windowMs: 30_000,
      },
      confirm: {
        // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (the dialog's submit)
        success: [{ on: 'click', selector: '.cdk-overlay-container .mat-raised-button[type="submit"]' }],
        cancel: [
          // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (since content.js 23a1e6c462)
          { on: 'click', text: "^\\s*continuez sans l['’]ordonnance num[ée]rique\\s*$" },
          // supposition: the dialog closed another way (its title gone) is a cancel
          { on: 'disappear', selector: '.mat-dialog-title' },
        ],
        timeoutMs: 10 * 60_000,
      },
    },
    {
      // A costly act: an imaging request for an exam on the profile's list (CT, MRI, PET by
      // default), chosen in the request's type list, then printed or validated. Only the
      // entry's label is matched, in the page, never the request's text; nothing of it is sent.
      id: 'costly-imaging-request',
      event: 'costly_act',
      // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (DemandeForm.aspx, the request page)
      pages: '^/foldermedical/demandeform\\.aspx$',
      trigger: {
        on: 'click',
        // evidence: Refhi/Weda-Helper src/features/prescription.js c75cbe72f0 (LabelILRadio "Imagerie" chosen = red bold, style since 61d2239)
        // supposition: the type list's entries are links or clickable cells inside that panel
        selector: `${IMAGING_CHOSEN} a, ${IMAGING_CHOSEN} [onclick]`,
        // supposition: an entry names its exam (scanner, IRM, TEP...); the profile's list replaces this one
        text: COSTLY_DEFAULT,
      },
      textFrom: 'costly-acts',
      confirm: {
        success: [
          // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (the print menu's items, MenuPrint postback)
          { on: 'click', selector: PRINT_ITEM },
          // evidence: Refhi/Weda-Helper src/utils/keyCommands.js c75cbe72f0 (the request's ButtonValidDocument)
          { on: 'click', selector: VALIDATE_REQUEST },
        ],
        // supposition: a request left unprinted for half an hour was given up
        timeoutMs: 30 * 60_000,
      },
    },
    {
      // A document produced: its print preview shown on one of the four forms.
      id: 'document-printed',
      event: 'document_produced',
      pages: DOCUMENT_FORMS,
      trigger: {
        on: 'appear',
        // evidence: Refhi/Weda-Helper src/utils/print.js c75cbe72f0 (classic frame; wedoc-pdf-preview since 43231a3428)
        selector: '#ContentPlaceHolder1_ViewPdfDocumentUCForm1_iFrameViewFile, wedoc-pdf-preview iframe',
        // supposition: how long a print takes to show its preview
        windowMs: 30_000,
      },
      // evidence: Refhi/Weda-Helper src/features/content.js c75cbe72f0 (letters; other forms by page: supposition)
      docClass: DOCUMENT_TYPE,
    },
  ],
} satisfies Adapter;
