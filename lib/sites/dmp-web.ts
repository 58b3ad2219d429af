import type { Adapter } from '../domain/rules';
import {
  ACCEPT_CONTROL,
  DEPOSIT_FORM,
  ERROR_BLOCK,
  OPEN_OTHER_RECORD_YES,
  TYPE_SELECT,
} from './dmp-web-selectors';
import { DMP_WEB_HOSTS, DMP_WEB_SITE } from './dmp-web-pages';

/**
 * The DMP web access for professionals, as engine rules. A deposit is a chain of pages
 * (docs/domain.md): the form submitted here (and sent again when the site refused it), the action
 * accepted or cancelled on the next page, the signature that runs by itself, and the
 * confirmation (`confirmationajout`). The engine reports these steps; the background holds the
 * chain per tab (lib/sites/dmp-web-flow.ts), which counts the deposit when the confirmation page
 * is reached, and a DMP read once per record opening from the page path of each load (a rule
 * cannot: it needs the tab's history).
 *
 * Each signal names its evidence ("WD" = Ophtao-Program/WebDMP-App-ajout-patient-de-StudioVision,
 * see docs/evidence.md) or says it is a supposition.
 */
const CONTROL = 'button, a[href], input[type="submit"], input[type="button"]';
// evidence: WD src/replay.ts d86310ad7a (URL "contains"; the end anchor is supposition)
const CONFIRM_PAGE = '/demandeconfirmationactiondocument$';
// evidence: WD README.md 2ff17f5a8c, src/replay.ts d86310ad7a (a further path part follows)
const OTHER_RECORD_PAGE = '/confirmationouvertureautre(/|$)';

export const DMP_WEB_ADAPTER = {
  id: DMP_WEB_SITE,
  name: 'DMP (accès web professionnel)',
  hosts: [...DMP_WEB_HOSTS],
  rules: [
    {
      id: 'deposit',
      flowStep: 'submitted',
      // The fresh form, and the form shown again after a refusal, from which the user sends
      // the corrected form. evidence: WD src/replay.ts d86310ad7a, README.md 2ff17f5a8c
      pages: '/ajoutdocument(\\.formajoutdocument)?$',
      // evidence: WD src/replay.ts d86310ad7a (`#submit` posts the form); that the browser fires
      // a `submit` event for it is supposition (a plain submit button does).
      trigger: { on: 'submit', selector: DEPOSIT_FORM },
      // Held by the background across page loads: listed here so the adapter says it all.
      confirm: {
        // evidence: WD src/replay.ts d86310ad7a ("confirmationajout" within 30 s of `#accept`)
        success: [{ on: 'url', path: '/confirmationajout(/|$)' }],
        failure: [
          { on: 'url', path: '/(erreur|error)' }, // supposition
          { on: 'appear', selector: ERROR_BLOCK }, // supposition (see dmp-web-selectors.ts)
        ],
        timeoutMs: 30 * 60 * 1000,
      },
      // The type select's value is the only field read: never the title, the file or the patient.
      docClass: { from: 'select', selector: TYPE_SELECT },
    },
    {
      // Cancel first: "Annuler et revenir" must not read as an accept.
      // supposition: the cancel control of the confirmation page is not shown by any source.
      id: 'decision-cancel',
      flowStep: 'cancel',
      pages: CONFIRM_PAGE,
      trigger: { on: 'click', selector: CONTROL, text: 'annul|cancel|retour|abandon|refus|\\bnon\\b' },
    },
    {
      // evidence: WD src/replay.ts d86310ad7a (`#accept`)
      id: 'decision-accept',
      flowStep: 'accept',
      pages: CONFIRM_PAGE,
      trigger: { on: 'click', selector: ACCEPT_CONTROL },
    },
    {
      // supposition (text): older markup without `#accept`; the texts are not shown.
      id: 'decision-accept-text',
      flowStep: 'accept',
      pages: CONFIRM_PAGE,
      trigger: {
        on: 'click',
        selector: `:is(${CONTROL}):not(${ACCEPT_CONTROL})`,
        text: 'confirm|valid|accept|\\boui\\b|continu|sign|envoy|d[ée]pos|\\bok\\b',
      },
    },
    {
      // "Confirmation d'accès à un autre DMP": a refusal keeps the former record open, so
      // coming back to it is not a new read. supposition: the refusal control is not shown (only
      // the "Oui" link, whose href holds `confirmopendmp`, is: it never matches here).
      id: 'other-record-cancel',
      flowStep: 'cancel',
      pages: OTHER_RECORD_PAGE,
      trigger: {
        on: 'click',
        selector: `:is(${CONTROL}):not(${OPEN_OTHER_RECORD_YES})`,
        text: '\\bnon\\b|annul|retour|abandon',
      },
    },
  ],
} satisfies Adapter;
