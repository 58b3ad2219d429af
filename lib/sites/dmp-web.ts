import type { Adapter } from '../domain/rules';
import { ERROR_BLOCK, TYPE_SELECT } from './dmp-web-selectors';
import { DMP_WEB_HOSTS, DMP_WEB_SITE } from './dmp-web-pages';

/**
 * The DMP web access for professionals, as engine rules. A deposit is a chain of pages
 * (docs/domain.md): the form submitted here, the action accepted or cancelled on the next page,
 * and its confirmation (`confirmationajout`) or an error page on a later one. The engine reports
 * these steps; the background holds the chain per tab (lib/dmp-web/flow.ts), which counts the
 * deposit when the confirmation page is reached, and a DMP read once per record opening from
 * the page path of each load (a rule cannot: it needs the tab's history).
 */
const CONTROL = 'button, a[href], input[type="submit"], input[type="button"]';
const CONFIRM_PAGE = '/demandeconfirmationactiondocument$';

export const DMP_WEB_ADAPTER = {
  id: DMP_WEB_SITE,
  name: 'DMP (accès web professionnel)',
  hosts: [...DMP_WEB_HOSTS],
  rules: [
    {
      id: 'deposit',
      flowStep: 'submitted',
      pages: '/ajoutdocument$',
      trigger: { on: 'submit', selector: `form:has(${TYPE_SELECT})` },
      // Held by the background across page loads: listed here so the adapter says it all.
      confirm: {
        success: [{ on: 'url', path: '/confirmationajout$' }],
        failure: [
          { on: 'url', path: '/(erreur|error)' },
          { on: 'appear', selector: ERROR_BLOCK },
        ],
        timeoutMs: 30 * 60 * 1000,
      },
      // The type select's value is the only field read: never the title, the file or the patient.
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
    {
      // Cancel first: "Annuler et revenir" must not read as an accept.
      id: 'decision-cancel',
      flowStep: 'cancel',
      pages: CONFIRM_PAGE,
      trigger: { on: 'click', selector: CONTROL, text: 'annul|cancel|retour|abandon|refus|\\bnon\\b' },
    },
    {
      id: 'decision-accept',
      flowStep: 'accept',
      pages: CONFIRM_PAGE,
      trigger: {
        on: 'click',
        selector: CONTROL,
        text: 'confirm|valid|accept|\\boui\\b|continu|sign|envoy|d[ée]pos|\\bok\\b',
      },
    },
  ],
} satisfies Adapter;
