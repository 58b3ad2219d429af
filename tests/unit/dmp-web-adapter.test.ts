// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { loadAdapters } from '@/lib/domain/rules';
import { RuleEngine, type EngineReport } from '@/lib/content/engine/runtime';
import { DMP_WEB_ADAPTER } from '@/lib/sites/dmp-web';
import { ERROR_BLOCK, TYPE_SELECT } from '@/lib/sites/dmp-web-selectors';

/**
 * The DMP web access's rules on markup shaped like the real pages' evidenced parts (ids from
 * docs/evidence.md): what the engine reports to the background for each user action.
 */
function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
function userSubmits(button: HTMLElement): void {
  const form = button.closest('form')!;
  // The test dispatches the submit itself (happy-dom's own would be untrusted), and no page loads.
  form.addEventListener('submit', (e) => e.preventDefault());
  button.addEventListener('click', (e) => e.preventDefault(), { once: true });
  button.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
  form.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
}
function userClicks(el: Element): void {
  el.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
}

let engine: RuleEngine | null = null;
afterEach(() => {
  engine?.stop();
  engine = null;
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

function start(path: string, body: string) {
  history.replaceState({}, '', path);
  document.body.innerHTML = body;
  const { adapters, problems } = loadAdapters([DMP_WEB_ADAPTER]);
  expect(problems).toEqual([]);
  const reports: EngineReport[] = [];
  let n = 0;
  engine = new RuleEngine({
    doc: document,
    adapters,
    host: { report: (r) => reports.push(r) },
    newId: () => `flow-${++n}`,
    debounceMs: 10,
  });
  engine.start();
  const steps = () =>
    reports.flatMap((r) =>
      r.type === 'flow_step' ? [`${r.ruleId}:${r.step}${r.docClass ? `:${r.docClass}` : ''}`] : [],
    );
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
    userClicks(document.querySelector('#accept')!);
    expect(steps()).toEqual(['decision-accept:accept']);
  });

  it('a control reading "Annuler" is the cancel (supposition)', () => {
    const { steps } = start('/demandeconfirmationactiondocument', PAGE);
    document.querySelector('#cancel')!.addEventListener('click', (e) => e.preventDefault());
    userClicks(document.querySelector('#cancel')!);
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
    userClicks(non);
    expect(steps()).toEqual(['other-record-cancel:cancel']);
  });

  it('"Oui" (href with confirmopendmp) reports nothing: the page reached says it', () => {
    const { steps } = start('/dmp/confirmationouvertureautre/opendmp', PAGE);
    const oui = document.querySelector('#oui')!;
    oui.addEventListener('click', (e) => e.preventDefault());
    userClicks(oui);
    expect(steps()).toEqual([]);
  });
});
