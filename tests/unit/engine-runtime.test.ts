// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Adapter } from '@/lib/domain/rules';
import type { EngineReport } from '@/lib/content/engine/runtime';
import { builtinAdapter } from '@/lib/sites';
import { engineFixture, loadedAdapter, trustedClick, wait } from '../support/engine-fixture';

const adapter = (rules: unknown[]): Adapter => loadedAdapter({ id: 'test', name: 'Test', hosts: [], rules });

const fixture = engineFixture();
const engine = () => fixture.current();

function run(adapters: Adapter[], options: { isReload?: boolean } = {}) {
  const { reports, all } = fixture.start(adapters, options);
  return { reports, outcomes: all };
}

function toast(text: string, cls = 'toast'): HTMLElement {
  const el = document.createElement('div');
  el.className = cls;
  el.setAttribute('role', 'status');
  el.textContent = text;
  document.body.append(el);
  return el;
}

describe('the rule engine in a page', () => {
  it('counts a trusted click once the page confirms it, with the type select read', async () => {
    document.body.innerHTML = `<section aria-label="Dossier Médical Partagé"><select name="typeDocument"><option value="11488-4" selected>CR</option></select>
      <button id="go">Envoyer</button></section>`;
    const { outcomes } = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#go')!);
    expect(outcomes()).toEqual(['deposit-in-dmp-panel:pending:11488-4']);
    toast('Document déposé avec succès');
    await wait(40);
    expect(outcomes()).toEqual([
      'deposit-in-dmp-panel:pending:11488-4',
      'deposit-in-dmp-panel:confirmed:11488-4',
    ]);
    expect(engine().waiting).toBe(0);
  });

  it('ignores a synthetic click (isTrusted false)', async () => {
    document.body.innerHTML = '<button id="go">Envoyer au DMP</button>';
    const { outcomes } = run([builtinAdapter('generic')!]);
    (document.querySelector('#go') as HTMLButtonElement).click();
    toast('Document envoyé au DMP');
    await wait(30);
    expect(outcomes()).toEqual([]);
  });

  it('an error message fails the attempt, even with a success word in the page', async () => {
    document.body.innerHTML = '<button id="go" aria-label="Envoyer au DMP"><svg></svg></button>';
    const { outcomes } = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#go svg')!);
    toast("Échec : le document n'a pas été envoyé", 'alert alert-danger');
    await wait(30);
    expect(outcomes()).toEqual(['deposit-own-label:pending:other', 'deposit-own-label:failed:other']);
  });

  it('a message shown before the click does not confirm it; one message confirms one attempt', async () => {
    document.body.innerHTML = '<button id="a">Envoyer au DMP</button>';
    const old = toast('Document envoyé au DMP');
    const { outcomes } = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#a')!);
    // The page redraws around the old toast: not a new message.
    document.body.append(document.createElement('span'));
    old.setAttribute('data-x', '1');
    await wait(30);
    expect(outcomes()).toEqual(['deposit-own-label:pending:other']);
    toast('Document envoyé au DMP');
    await wait(30);
    expect(outcomes().at(-1)).toBe('deposit-own-label:confirmed:other');
  });

  it('"Annuler" in a confirmation dialog cancels; the same button clicked again while waiting is one attempt', async () => {
    document.body.innerHTML =
      '<button id="a">Verser au DMP</button><div role="dialog"><button id="no">Annuler</button></div>';
    const { outcomes } = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#a')!);
    trustedClick(document.querySelector('#a')!);
    trustedClick(document.querySelector('#no')!);
    await wait(20);
    expect(outcomes()).toEqual(['deposit-own-label:pending:other', 'deposit-own-label:cancelled:other']);
  });

  it('with no answer in time the attempt is reported unconfirmed, and the observer stops', async () => {
    document.body.innerHTML = '<button id="a">Envoyer</button>';
    const { outcomes } = run([
      adapter([
        {
          id: 'rr',
          event: 'dmp_upload',
          trigger: { on: 'click', text: '^envoyer$' },
          confirm: { success: [{ on: 'appear', selector: '.ok' }], timeoutMs: 500 },
        },
      ]),
    ]);
    trustedClick(document.querySelector('#a')!);
    expect(engine().waiting).toBe(1);
    await wait(560);
    expect(outcomes()).toEqual(['rr:pending', 'rr:unconfirmed']);
    expect(engine().waiting).toBe(0);
  });

  it('a spinner that goes away confirms (Weda share panel), an error beside it fails', async () => {
    document.body.innerHTML = `<dmp-share-document><select><option value="11490-0" selected></option></select><button>Envoyer au DMP</button></dmp-share-document>`;
    const weda = adapter([
      {
        id: 'share',
        event: 'dmp_upload',
        trigger: { on: 'click', selector: 'dmp-share-document button' },
        confirm: {
          success: [{ on: 'disappear', selector: 'mat-progress-spinner' }],
          failure: [{ on: 'appear', selector: 'mat-error' }],
          timeoutMs: 5000,
        },
        docClass: { from: 'select', selector: 'dmp-share-document select' },
      },
    ]);
    const { outcomes } = run([weda]);
    const panel = document.querySelector('dmp-share-document')!;
    trustedClick(panel.querySelector('button')!);
    const spinner = document.createElement('mat-progress-spinner');
    panel.append(spinner);
    await wait(30);
    spinner.remove();
    await wait(30);
    expect(outcomes()).toEqual(['share:pending:11490-0', 'share:confirmed:11490-0']);
    trustedClick(panel.querySelector('button')!);
    const again = document.createElement('mat-progress-spinner');
    panel.append(again);
    await wait(30);
    again.remove();
    panel.append(Object.assign(document.createElement('mat-error'), { textContent: 'Échec' }));
    await wait(30);
    expect(outcomes().slice(2)).toEqual(['share:pending:11490-0', 'share:failed:11490-0']);
  });

  it('URL triggers: on load (not on a reload) and on a single-page route change', () => {
    history.replaceState({}, '', '/FolderMedical/PatientViewForm.aspx');
    const first = run([builtinAdapter('weda')!]);
    expect(first.outcomes()).toEqual(['record-opened:encounter']);
    engine().stop();
    const reload = run([builtinAdapter('weda')!], { isReload: true });
    expect(reload.outcomes()).toEqual([]);
    history.pushState({}, '', '/FolderMedical/DMP/view');
    engine().onUrlChange();
    engine().onUrlChange();
    expect(reload.outcomes()).toEqual(['dmp-view:counted']);
  });

  it('an attempt carried from the previous page is settled by the URL this page reached', () => {
    history.replaceState({}, '', '/dmp/confirmationajout');
    const chain = adapter([
      {
        id: 'deposit',
        event: 'dmp_upload',
        trigger: { on: 'submit' },
        confirm: {
          success: [{ on: 'url', path: '/confirmationajout$' }],
          failure: [{ on: 'url', path: '/erreur' }],
          timeoutMs: 60_000,
        },
      },
    ]);
    const { reports } = run([chain]);
    expect(
      engine().resume([
        {
          attemptId: 'flow-1',
          adapterId: 'test',
          ruleId: 'deposit',
          startedAt: Date.now() - 1000,
          docClass: 'VSM',
        },
      ]),
    ).toEqual(['flow-1']);
    expect(reports).toMatchObject([
      { attemptId: 'flow-1', outcome: 'confirmed', docClass: 'VSM', kind: 'dmp_upload' },
    ]);
    expect(
      engine().resume([{ attemptId: 'flow-2', adapterId: 'test', ruleId: 'unknown', startedAt: 0 }]),
    ).toEqual([]);
  });

  it('a rule with a selector the page cannot parse is skipped and reported; the others run', () => {
    document.body.innerHTML = '<button id="a">Envoyer au DMP</button>';
    const problems: string[] = [];
    const broken = adapter([
      { id: 'broken', event: 'dmp_upload', trigger: { on: 'click', selector: 'button[' } },
      { id: 'fine', event: 'dmp_upload', trigger: { on: 'click', text: 'dmp' } },
    ]);
    const reports: EngineReport[] = [];
    fixture.start([broken], {
      host: { report: (r) => reports.push(r), problem: (_a, rule) => problems.push(rule) },
    });
    trustedClick(document.querySelector('#a')!);
    expect(problems).toEqual(['broken']);
    expect(reports).toMatchObject([{ ruleId: 'fine', outcome: 'counted' }]);
  });

  it("clicks on the extension's own overlay are never the page's", () => {
    document.body.innerHTML = '<suivi-dmp-overlay><button id="a">Envoyer au DMP</button></suivi-dmp-overlay>';
    const { outcomes } = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#a')!);
    expect(outcomes()).toEqual([]);
  });
});

function setReferrer(url: string): void {
  Object.defineProperty(document, 'referrer', { value: url, configurable: true });
}

describe('conditions and signals of the engine (checkbox, previous page, late elements, page classes)', () => {
  afterEach(() => setReferrer(''));

  it('a click trigger with `checked` counts only while the checkbox is ticked', () => {
    document.body.innerHTML = `<div id="panel"><input type="checkbox" class="box"></div><input type="button" id="close" value="Fermer">`;
    const rules = adapter([
      {
        id: 'return',
        event: 'dmp_upload',
        trigger: { on: 'click', selector: '#close', checked: '#panel input.box' },
      },
    ]);
    const { outcomes } = run([rules]);
    trustedClick(document.querySelector('#close')!);
    expect(outcomes()).toEqual([]);
    (document.querySelector('.box') as HTMLInputElement).checked = true;
    trustedClick(document.querySelector('#close')!);
    expect(outcomes()).toEqual(['return:counted']);
  });

  it('a URL trigger with `notFrom` skips arrivals from matching pages (referrer, previous route)', () => {
    const rules = adapter([
      { id: 'opened', startsEncounter: true, trigger: { on: 'url', path: '^/record$', notFrom: '^/doc' } },
    ]);
    history.replaceState({}, '', '/record');
    setReferrer(`${location.origin}/doc/letter?x=1`);
    expect(run([rules]).outcomes()).toEqual([]);
    engine().stop();
    // From another site, or from the agenda: a new arrival.
    setReferrer('https://elsewhere.example/doc/letter');
    expect(run([rules]).outcomes()).toEqual(['opened:encounter']);
    engine().stop();
    setReferrer(`${location.origin}/agenda`);
    const spa = run([rules]);
    expect(spa.outcomes()).toEqual(['opened:encounter']);
    history.pushState({}, '', '/doc/letter');
    engine().onUrlChange();
    history.pushState({}, '', '/record');
    engine().onUrlChange();
    expect(spa.outcomes()).toEqual(['opened:encounter']);
  });

  it('an appear trigger waits `windowMs` after a click, and honours `checked`', async () => {
    document.body.innerHTML = '<input type="checkbox" id="eordo"><button id="print">Imprimer</button>';
    const rules = adapter([
      {
        id: 'late',
        event: 'sick_leave',
        trigger: { on: 'appear', selector: '.end a', windowMs: 5000 },
      },
      {
        id: 'dialog',
        event: 'eprescription',
        trigger: { on: 'appear', selector: '.title', checked: '#eordo' },
      },
    ]);
    const { outcomes } = run([rules]);
    trustedClick(document.querySelector('#print')!);
    await wait(3100);
    document.body.insertAdjacentHTML('beforeend', '<div class="title">Dialogue</div>');
    document.body.insertAdjacentHTML('beforeend', '<div class="end"><a href="/pdf">Avis</a></div>');
    await wait(40);
    expect(outcomes()).toEqual(['late:counted']);
    (document.querySelector('#eordo') as HTMLInputElement).checked = true;
    trustedClick(document.querySelector('#print')!);
    document.body.insertAdjacentHTML('beforeend', '<div class="title">Dialogue</div>');
    await wait(40);
    expect(outcomes()).toEqual(['late:counted', 'dialog:counted']);
  });

  it('a click signal may name a selector only; a disappear signal may cancel', async () => {
    document.body.innerHTML = '<button id="print">Imprimer</button>';
    const rules = adapter([
      {
        id: 'eordo',
        event: 'eprescription',
        trigger: { on: 'appear', selector: '.dialog-title' },
        confirm: {
          success: [{ on: 'click', selector: '.dialog button[type="submit"]' }],
          cancel: [
            { on: 'click', text: '^continuez sans' },
            { on: 'disappear', selector: '.dialog-title' },
          ],
          timeoutMs: 5000,
        },
      },
    ]);
    const dialog = `<div class="dialog"><h2 class="dialog-title">Création</h2><button type="submit">OK</button><button type="button">Continuez sans</button></div>`;
    const { outcomes } = run([rules]);
    trustedClick(document.querySelector('#print')!);
    document.body.insertAdjacentHTML('beforeend', dialog);
    await wait(40);
    trustedClick(document.querySelector('.dialog button[type="submit"]')!);
    document.querySelector('.dialog')!.remove();
    await wait(40);
    trustedClick(document.querySelector('#print')!);
    document.body.insertAdjacentHTML('beforeend', dialog);
    await wait(40);
    trustedClick(document.querySelector('.dialog button[type="button"]')!);
    document.querySelector('.dialog')!.remove();
    trustedClick(document.querySelector('#print')!);
    document.body.insertAdjacentHTML('beforeend', dialog);
    await wait(40);
    document.querySelector('.dialog')!.remove();
    await wait(40);
    expect(outcomes()).toEqual([
      'eordo:pending',
      'eordo:confirmed',
      'eordo:pending',
      'eordo:cancelled',
      'eordo:pending',
      'eordo:cancelled',
    ]);
  });

  it("a type select's label is read when its value is a program's own code; with no select, the page's class", () => {
    const rules = adapter([
      {
        id: 'doc',
        event: 'document_produced',
        trigger: { on: 'click', selector: '#go' },
        docClass: {
          from: 'select',
          selector: '#type',
          pageClasses: [{ path: '^/prescription', docClass: '57833-6' }],
        },
      },
    ]);
    document.body.innerHTML = `<select id="type"><option value="7" selected>CR ou fiche de consultation ou de visite</option></select><button id="go">Imprimer</button>`;
    const { outcomes } = run([rules]);
    trustedClick(document.querySelector('#go')!);
    document.body.innerHTML = '<button id="go">Imprimer</button>';
    trustedClick(document.querySelector('#go')!);
    history.replaceState({}, '', '/prescription');
    trustedClick(document.querySelector('#go')!);
    expect(outcomes()).toEqual(['doc:counted:11488-4', 'doc:counted:other', 'doc:counted:57833-6']);
  });
});
