import type { Adapter } from '../domain/rules';

/**
 * Weda (secure.weda.fr), from what is known of it (docs/domain.md): ASP.NET WebForms pages with
 * Angular Material widgets. Best guesses until a user confirms them: each rule can be turned
 * off with the site, and any button re-taught.
 */

export const WEDA_HOSTS = ['secure.weda.fr'];

/** The share-to-DMP panel on letters and prescriptions (a custom element). */
const SHARE_PANEL = 'dmp-share-document';
const SNACK =
  'mat-snack-bar-container, simple-snack-bar, .mat-mdc-snack-bar-label, [role="status"], [role="alert"]';

export const WEDA_ADAPTER = {
  id: 'weda',
  name: 'Weda',
  hosts: WEDA_HOSTS,
  rules: [
    {
      // The patient record opened: the consultation under way, to link what follows.
      id: 'record-opened',
      startsEncounter: true,
      trigger: { on: 'url', path: '^/foldermedical/patientviewform\\.aspx$' },
    },
    {
      // Billing (FSE) validated: one consultation.
      id: 'billing',
      event: 'encounter',
      pages: '^/vitalzen/fse\\.aspx$',
      trigger: {
        on: 'click',
        selector: 'button, input[type="submit"], a[href]',
        text: '(valider|s[ée]curiser|facturer|t[ée]l[ée]transmettre).{0,20}(fse|facture)?',
      },
      confirm: {
        success: [
          {
            on: 'appear',
            selector: SNACK + ', .fse-resultat',
            text: '(fse|facture).{0,40}(s[ée]curis[ée]e|valid[ée]e|transmise|cr[ée][ée]e)',
          },
        ],
        failure: [
          {
            on: 'appear',
            selector: SNACK + ', .fse-resultat, .erreur',
            text: '[ée]chec|erreur|rejet[ée]e|impossible',
          },
        ],
        timeoutMs: 60_000,
      },
    },
    {
      id: 'dmp-share',
      event: 'dmp_upload',
      trigger: { on: 'click', selector: `${SHARE_PANEL} button`, text: 'envoyer|partager|d[ée]poser' },
      confirm: {
        success: [
          {
            on: 'appear',
            selector: `${SHARE_PANEL} .dmp-share-status, ${SNACK}`,
            text: 'partag[ée]|envoy[ée]|d[ée]pos[ée]',
          },
          { on: 'response', url: '/api/dmp/', status: '2xx' },
        ],
        failure: [
          {
            on: 'appear',
            selector: `${SHARE_PANEL} mat-error, ${SHARE_PANEL} .mat-mdc-form-field-error, ${SNACK}`,
            text: '[ée]chec|erreur|impossible|refus',
          },
          { on: 'response', url: '/api/dmp/', status: '5xx' },
          { on: 'response', url: '/api/dmp/', status: '4xx' },
        ],
        timeoutMs: 30_000,
      },
      // The panel's DMP type select holds LOINC codes (11490-0 by default for letters).
      docClass: { from: 'select', selector: `${SHARE_PANEL} select` },
    },
    {
      id: 'dmp-view',
      event: 'dmp_consult',
      trigger: { on: 'url', path: '^/foldermedical/dmp/view' },
    },
    {
      id: 'sick-leave',
      event: 'sick_leave',
      pages: '^/foldermedical/aati\\.aspx$',
      trigger: {
        on: 'click',
        selector: 'button, input[type="submit"]',
        text: '(transmettre|envoyer|valider).{0,30}(arr[êe]t|aati)?',
      },
      confirm: {
        success: [
          {
            on: 'appear',
            selector: `${SNACK}, .aati-resultat`,
            text: 'arr[êe]t.{0,40}(transmis|envoy[ée]|enregistr[ée])|avis.{0,20}transmis',
          },
        ],
        failure: [
          {
            on: 'appear',
            selector: `${SNACK}, .aati-resultat, .erreur`,
            text: '[ée]chec|erreur|refus|impossible',
          },
        ],
        timeoutMs: 60_000,
      },
    },
    {
      id: 'eprescription',
      event: 'eprescription',
      pages: '^/foldermedical/prescription',
      trigger: {
        on: 'click',
        selector: 'button, input[type="submit"]',
        text: 'ordonnance num[ée]rique|e-?prescription',
      },
      confirm: {
        success: [
          {
            on: 'appear',
            selector: SNACK,
            text: '(ordonnance num[ée]rique|e-?prescription).{0,40}(enregistr[ée]e|transmise|cr[ée][ée]e)',
          },
        ],
        failure: [{ on: 'appear', selector: `${SNACK}, .erreur`, text: '[ée]chec|erreur|impossible' }],
        timeoutMs: 30_000,
      },
    },
    {
      id: 'letter-saved',
      event: 'document_produced',
      pages: '^/foldermedical/courrierform\\.aspx$',
      trigger: { on: 'click', selector: 'button, input[type="submit"]', text: '^enregistrer' },
      // The letter's class is the share panel's type (11490-0 by default), so the feeding rate
      // can tell whether this document was required.
      docClass: { from: 'select', selector: `${SHARE_PANEL} select` },
      confirm: {
        success: [{ on: 'appear', selector: SNACK, text: 'courrier.{0,20}enregistr[ée]' }],
        failure: [{ on: 'appear', selector: `${SNACK}, .erreur`, text: '[ée]chec|erreur|impossible' }],
        timeoutMs: 30_000,
      },
    },
  ],
} satisfies Adapter;
