import type { Adapter, Confirm } from '../domain/rules';

/**
 * The generic French heuristic, for any site the user enables, and the safety net behind the
 * built-in adapters: an enabled control that speaks of sending, sharing, depositing or feeding
 * to the DMP or Mon espace santé (by its own label, by the label of the panel or dialog it sits
 * in, or by sitting in a region whose id names the DMP), confirmed by a French success message
 * or a busy indicator come and gone, failed by an error message. Best guesses (suppositions,
 * docs/evidence.md): a user teaches the buttons it misses.
 */

const VERB = '(envoy|envoi\\b|partag|d[ée]pos|vers|alimente|transm|publi|ajout)';
const TARGET = '(\\bdmp\\b|mon espace sant[ée]|dossier m[ée]dical partag[ée])';

/** Where a page shows what happened: live regions, toasts, snack bars, alerts, messages. */
export const MESSAGE_SELECTOR = [
  '[role="status"]',
  '[role="alert"]',
  '[aria-live]',
  '[class*="toast" i]',
  '[class*="snack" i]',
  '[class*="notif" i]',
  '[class*="succes" i]',
  '[class*="success" i]',
  '[class*="alert" i]',
  '[class*="message" i]',
  '[class*="erreur" i]',
  '[class*="error" i]',
].join(', ');

/** Where a failure may also show: an alert dialog, a dialog's title, a form error. Never a
 * dialog's body for success: "le document sera versé au DMP" is a question, not an answer. */
export const FAILURE_SELECTOR = `${MESSAGE_SELECTOR}, [role="alertdialog"], [role="dialog"] :is(h1, h2, h3, [class*="title" i]), mat-error`;

/** "Envoyé", "déposé", "partagé", "versé", "transmis", "ajouté", "succès". */
// No \\b after an accented letter: without the u flag, "é" is not a word character.
export const SUCCESS_TEXT =
  '\\b(envoy[ée]e?s?|d[ée]pos[ée]e?s?|partag[ée]e?s?|vers[ée]e?s?|transmise?s?|ajout[ée]e?s?)(?![a-zà-ÿ])|succ[eè]s';
/** "Échec", "erreur", "impossible", "n'a pas pu", "non envoyé", "indisponible", "refusé". */
export const FAILURE_TEXT =
  "[ée]chec|erreur|impossible|n['’]a pas (pu|été)|\\bnon (envoy|d[ée]pos|partag|transmis|vers)|indisponible|refus[ée]";
/** A busy indicator: seen after the click, then gone with no error shown, the send is done. */
export const SPINNER_SELECTOR =
  '[role="progressbar"], mat-progress-spinner, mat-spinner, [class*="spinner" i], [class*="loader" i]';
/** What a user acts on, not while disabled (a greyed-out send button does nothing). */
const CONTROL =
  ':is(button, a[href], [role="button"], [role="menuitem"], [role="link"], [role="tab"], input[type="submit"], input[type="button"], summary):not([disabled], [aria-disabled="true"], [class*="disabled" i])';
/** A region whose id names the DMP (Weda's panels: `…PanelShareDocToDMP`, `…PanelPrescriptionDmp`). */
const DMP_REGION = '[id*="dmp" i]';
export const CANCEL_TEXT = '^(annuler|abandonner|fermer|non|cancel)$';
const TYPE_SELECT = 'select[name*="type" i], select[id*="type" i], select[formcontrolname*="type" i]';

const confirm = {
  success: [
    { on: 'appear', selector: MESSAGE_SELECTOR, text: SUCCESS_TEXT },
    { on: 'disappear', selector: SPINNER_SELECTOR },
  ],
  failure: [{ on: 'appear', selector: FAILURE_SELECTOR, text: FAILURE_TEXT }],
  cancel: [{ on: 'click', text: CANCEL_TEXT }],
  timeoutMs: 10_000,
} satisfies Confirm;

export const GENERIC_ADAPTER = {
  id: 'generic',
  name: 'Heuristique générale',
  hosts: [],
  rules: [
    {
      id: 'deposit-own-label',
      event: 'dmp_upload',
      trigger: { on: 'click', selector: CONTROL, text: `${VERB}.{0,60}${TARGET}` },
      confirm,
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
    {
      id: 'deposit-in-dmp-panel',
      event: 'dmp_upload',
      trigger: {
        on: 'click',
        selector: CONTROL,
        text: `^\\s*(${VERB}|valider l['’]envoi)`,
        container: TARGET,
      },
      confirm,
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
    {
      id: 'deposit-in-dmp-region',
      event: 'dmp_upload',
      trigger: {
        on: 'click',
        selector: `${DMP_REGION} ${CONTROL}`,
        text: `^\\s*(${VERB}|valider l['’]envoi)`,
      },
      confirm,
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
  ],
} satisfies Adapter;
