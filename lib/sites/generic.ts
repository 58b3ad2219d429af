import type { Adapter, Confirm } from '../domain/rules';

/**
 * The generic French heuristic, for any site the user enables: a control that speaks of
 * sending, sharing, depositing or feeding to the DMP or Mon espace santé (by its own label, or
 * by the label of the panel or dialog it sits in), confirmed by a French success message and
 * failed by an error message. Best guesses: a user teaches the buttons it misses.
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

/** "Envoyé", "déposé", "partagé", "versé", "transmis", "ajouté", "succès". */
// No \\b after an accented letter: without the u flag, "é" is not a word character.
export const SUCCESS_TEXT =
  '\\b(envoy[ée]e?s?|d[ée]pos[ée]e?s?|partag[ée]e?s?|vers[ée]e?s?|transmise?s?|ajout[ée]e?s?)(?![a-zà-ÿ])|succ[eè]s';
/** "Échec", "erreur", "impossible", "n'a pas pu", "non envoyé", "indisponible", "refusé". */
export const FAILURE_TEXT =
  "[ée]chec|erreur|impossible|n['’]a pas (pu|été)|\\bnon (envoy|d[ée]pos|partag|transmis|vers)|indisponible|refus[ée]";
export const CANCEL_TEXT = '^(annuler|abandonner|fermer|non|cancel)$';
const TYPE_SELECT = 'select[name*="type" i], select[id*="type" i], select[formcontrolname*="type" i]';

const confirm = {
  success: [{ on: 'appear', selector: MESSAGE_SELECTOR, text: SUCCESS_TEXT }],
  failure: [{ on: 'appear', selector: MESSAGE_SELECTOR, text: FAILURE_TEXT }],
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
      trigger: { on: 'click', text: `${VERB}.{0,60}${TARGET}` },
      confirm,
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
    {
      id: 'deposit-in-dmp-panel',
      event: 'dmp_upload',
      trigger: { on: 'click', text: `^\\s*(${VERB}|valider l['’]envoi)`, container: TARGET },
      confirm,
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
  ],
} satisfies Adapter;
