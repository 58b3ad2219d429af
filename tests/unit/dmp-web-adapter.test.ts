// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DMP_WEB_ADAPTER } from '@/lib/sites/dmp-web';
import { ERROR_BLOCK, TYPE_SELECT } from '@/lib/sites/dmp-web-selectors';
import { engineFixture, loadedAdapter, trusted, trustedClick } from '../support/engine-fixture';

/**
 * The DMP web access's rules on markup shaped like the real pages' evidenced parts (ids from
 * docs/evidence.md): what the engine reports to the background for each user action.
 */
function userSubmits(button: HTMLElement): void {
  const form = button.closest('form')!;
  // The test dispatches the submit itself (happy-dom's own would be untrusted), and no page loads.
  form.addEventListener('submit', (e) => e.preventDefault());
  button.addEventListener('click', (e) => e.preventDefault(), { once: true });
  trustedClick(button);
  form.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
}

const fixture = engineFixture();

function start(path: string, body: string) {
  history.replaceState({}, '', path);
  document.body.innerHTML = body;
  const { steps } = fixture.start([loadedAdapter(DMP_WEB_ADAPTER)]);
  return { steps };
}

const FORM = (typeLabel: string, attrs = 'id="typeDocument"') => `
  <form action="/ajoutdocument.formajoutdocument" method="post">
    <input type="file" id="file"><select ${attrs}><option value="${typeLabel}" selected>${typeLabel}</option></select>
    <input id="TitreDocument" value="Titre"><input type="checkbox" id="confidentiality0">
    <button type="submit" id="submit">Envoyer</button>
  </form>`;

describe('the deposit form', () => {
  it('reports the submit with the class of the chosen label (#typeDocument)', () => {
    const { steps } = start('/ajoutdocument', FORM('Certificat médical'));
    userSubmits(document.querySelector('#submit')!);
    expect(steps()).toEqual(['deposit:submitted:89601-9']);
  });

  it('reports the corrected form sent again from the refused form', () => {
    const { steps } = start(
      '/ajoutdocument.formajoutdocument',
      `<div class="error">Vous devez fournir un titre pour le document</div>${FORM('Prescription (autre)')}`,
    );
    userSubmits(document.querySelector('#submit')!);
    expect(steps()).toEqual(['deposit:submitted:57828-6']);
  });

  it('falls back on name="typeDocument" (supposition) when the id is absent', () => {
    const { steps } = start('/dmp/ajoutdocument', FORM('Synthèse', 'name="typeDocument"'));
    userSubmits(document.querySelector('#submit')!);
    expect(steps()).toEqual(['deposit:submitted:VSM']);
  });

  it('reports nothing for a submit on another page', () => {
    const { steps } = start('/dmp/recapitulatif', FORM('Certificat médical'));
    userSubmits(document.querySelector('#submit')!);
    expect(steps()).toEqual([]);
  });

  it('the type select is found by its evidenced id', () => {
    document.body.innerHTML = FORM('Synthèse');
    expect(document.querySelector(TYPE_SELECT)?.id).toBe('typeDocument');
  });
});

describe('error blocks', () => {
  it('an error block on the refused deposit form is not an error page', () => {
    document.body.innerHTML = `<div class="error">Certaines données sont invalides</div>${FORM('Synthèse')}`;
    expect(document.querySelector(ERROR_BLOCK)).toBeNull();
  });

  it('an error block on any other page is', () => {
    document.body.innerHTML = '<main><div class="erreur">Service indisponible</div></main>';
    expect(document.querySelector(ERROR_BLOCK)).not.toBeNull();
  });
});

describe('the confirmation page (demandeconfirmationactiondocument)', () => {
  const PAGE = `<form method="post"><button type="submit" id="accept">Valider</button>
    <a href="/dmp/recapitulatif" id="cancel">Annuler</a></form>`;

  it('#accept is the accept, whatever its text', () => {
    const { steps } = start('/demandeconfirmationactiondocument', PAGE.replace('Valider', '→'));
    trustedClick(document.querySelector('#accept')!);
    expect(steps()).toEqual(['decision-accept:accept']);
  });

  it('a control reading "Annuler" is the cancel (supposition)', () => {
    const { steps } = start('/demandeconfirmationactiondocument', PAGE);
    document.querySelector('#cancel')!.addEventListener('click', (e) => e.preventDefault());
    trustedClick(document.querySelector('#cancel')!);
    expect(steps()).toEqual(['decision-cancel:cancel']);
  });
});

describe('the other-record question (confirmationouvertureautre)', () => {
  const PAGE = `<p>Confirmation d'accès à un autre DMP</p>
    <a id="oui" href="/dmp/confirmationouvertureautre.confirmopendmp">Oui</a>
    <a id="non" href="/mespatients/raz">Non</a>`;

  it('"Non" reports a cancel: the former record stays open', () => {
    const { steps } = start('/dmp/confirmationouvertureautre/opendmp', PAGE);
    const non = document.querySelector('#non')!;
    non.addEventListener('click', (e) => e.preventDefault());
    trustedClick(non);
    expect(steps()).toEqual(['other-record-cancel:cancel']);
  });

  it('"Oui" (href with confirmopendmp) reports nothing: the page reached says it', () => {
    const { steps } = start('/dmp/confirmationouvertureautre/opendmp', PAGE);
    const oui = document.querySelector('#oui')!;
    oui.addEventListener('click', (e) => e.preventDefault());
    trustedClick(oui);
    expect(steps()).toEqual([]);
  });
});
