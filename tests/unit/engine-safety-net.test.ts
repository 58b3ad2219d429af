// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { adapterForHost, loadAdapters, type Adapter } from '@/lib/domain/rules';
import { EMPTY_HEALTH, noteRule, ruleState } from '@/lib/domain/rule-health';
import { composedClosest, containerLabel, openShadowRoots } from '@/lib/content/engine/dom';
import { builtinAdapter } from '@/lib/sites';
import { sharePanel } from '../fixtures/programs/weda-corpus';
import { engineFixture, loadedAdapter, trustedClick, wait } from '../support/engine-fixture';

/**
 * The safety net (the generic heuristic behind a built-in adapter's rules) and the engine's
 * sight into open shadow roots. Full flows in a browser: `npm run detection-report`.
 */
const fixture = engineFixture();

/** Weda's adapter as its pages run it: its own rules, then the safety net. */
function weda(): Adapter {
  return loadedAdapter(
    adapterForHost('secure.weda.fr', 'weda', builtinAdapter('weda'), builtinAdapter('generic')!, []),
  );
}

/** Starts the engine; answers its attempts' outcomes so far. */
const run = (adapters: Adapter[]) => fixture.start(adapters).attempts;

function spinnerIn(where: Element | ShadowRoot): HTMLElement {
  const s = document.createElement('mat-progress-spinner');
  s.setAttribute('role', 'progressbar');
  where.appendChild(s);
  return s;
}

const TYPE_SELECT = `<select id="ContentPlaceHolder1_DropDownListDocumentTypes"><option value="11488-4" selected>CR</option></select>`;

describe('the safety net behind a built-in adapter', () => {
  it("the adapter's rule wins when both match a click: one attempt, one count", async () => {
    history.replaceState({}, '', '/FolderMedical/CourrierForm.aspx');
    document.body.innerHTML = `${TYPE_SELECT}${sharePanel(new URLSearchParams('PatDk=1'))}`;
    const outcomes = run([weda()]);
    const panel = document.querySelector('.panelDmp')!;
    trustedClick(panel.querySelector('button')!);
    const s = spinnerIn(panel);
    await wait(30);
    s.remove();
    await wait(30);
    expect(outcomes()).toEqual(['share-panel-send:pending:11488-4', 'share-panel-send:confirmed:11488-4']);
  });

  it('a renamed panel: the net catches its send and follows the spinner; an error fails it', async () => {
    history.replaceState({}, '', '/FolderMedical/CourrierForm.aspx');
    document.body.innerHTML = `${TYPE_SELECT}${sharePanel(new URLSearchParams('PatDk=1&renomme=1'))}`;
    const outcomes = run([weda()]);
    const panel = document.querySelector('.panelDmp')!;
    expect(panel.id).not.toMatch(/PanelShareDocToDMP|PanelPrescriptionDmp/);
    trustedClick(panel.querySelector('button')!);
    const s = spinnerIn(panel);
    await wait(30);
    s.remove();
    await wait(30);
    trustedClick(panel.querySelector('button')!);
    const again = spinnerIn(panel);
    await wait(30);
    panel.insertAdjacentHTML(
      'beforeend',
      '<div role="dialog"><h2 class="mat-dialog-title">Erreur lors de l\'envoi au DMP</h2></div>',
    );
    again.remove();
    await wait(30);
    expect(outcomes()).toEqual([
      'net-deposit-in-dmp-region:pending:11488-4',
      'net-deposit-in-dmp-region:confirmed:11488-4',
      'net-deposit-in-dmp-region:pending:11488-4',
      'net-deposit-in-dmp-region:failed:11488-4',
    ]);
  });

  it('a disabled send, a "Partager" that is not the DMP, a script\'s click: the net catches nothing', async () => {
    history.replaceState({}, '', '/FolderMedical/CourrierForm.aspx');
    document.body.innerHTML = `${sharePanel(new URLSearchParams('dmp=0&renomme=1'))}
      <button id="patient">Partager avec le patient</button><button id="mes" aria-label="Partager dans Mon espace santé"></button>`;
    const outcomes = run([weda()]);
    trustedClick(document.querySelector('.panelDmp button')!);
    trustedClick(document.querySelector('#patient')!);
    (document.querySelector('#mes') as HTMLButtonElement).click();
    await wait(30);
    expect(outcomes()).toEqual([]);
  });

  it('Weda\'s dmp- components are not DMP panels to the net (the sick leave\'s "Transmettre")', () => {
    history.replaceState({}, '', '/FolderMedical/Aati.aspx');
    document.body.innerHTML =
      '<dmp-aati-form><div><button id="go">Transmettre</button></div></dmp-aati-form>';
    const onWeda = run([weda()]);
    trustedClick(document.querySelector('#go')!);
    expect(onWeda()).toEqual([]);
    fixture.current().stop();
    // On a site the user added, the same markup reads as a DMP panel (the generic heuristic).
    const generic = run([builtinAdapter('generic')!]);
    trustedClick(document.querySelector('#go')!);
    expect(generic()).toEqual(['deposit-in-dmp-panel:pending:other']);
  });

  it('the net gives way when a rule of the adapter takes over the send it caught', async () => {
    document.body.innerHTML = `<button id="mes" aria-label="Partager dans Mon espace santé"></button>
      <div class="panneau"><button id="send">OK</button></div>`;
    const own = {
      id: 'prog',
      name: 'Prog',
      hosts: ['prog.exemple.fr'],
      rules: [
        {
          id: 'panel-send',
          event: 'dmp_upload',
          trigger: { on: 'click', selector: '.panneau #send' },
          confirm: { success: [{ on: 'appear', selector: '.done' }], timeoutMs: 5000 },
        },
      ],
    };
    const raw = adapterForHost('prog.exemple.fr', 'prog', own as Adapter, builtinAdapter('generic')!, []);
    const outcomes = run(loadAdapters([raw]).adapters);
    trustedClick(document.querySelector('#mes')!);
    trustedClick(document.querySelector('#send')!);
    // While the adapter's attempt waits, the net starts none of its kind.
    trustedClick(document.querySelector('#mes')!);
    document.body.insertAdjacentHTML('beforeend', '<p class="done" role="status">Document partagé</p>');
    await wait(30);
    expect(outcomes()).toEqual([
      'net-deposit-own-label:pending:other',
      'net-deposit-own-label:cancelled:other',
      'panel-send:pending',
      'panel-send:confirmed',
    ]);
  });

  it('a caught send with no answer goes to the unconfirmed list, never lost', () => {
    vi.useFakeTimers();
    document.body.innerHTML = '<button id="mes" aria-label="Partager dans Mon espace santé"></button>';
    const outcomes = run([weda()]);
    trustedClick(document.querySelector('#mes')!);
    // A second click while it waits is the same send: one attempt.
    trustedClick(document.querySelector('#mes')!);
    vi.advanceTimersByTime(10_500);
    expect(outcomes()).toEqual([
      'net-deposit-own-label:pending:other',
      'net-deposit-own-label:unconfirmed:other',
    ]);
  });
});

describe('rule health of the safety net', () => {
  const DAY = 24 * 3600 * 1000;
  it('a catch is noted at its end, not while it may still give way; "caught" for 14 days', () => {
    let h = noteRule(EMPTY_HEALTH, 'weda', 'net-deposit-own-label', 'pending', 1000);
    expect(h.rules['weda/net-deposit-own-label']?.matchedAt).toBeUndefined();
    h = noteRule(h, 'weda', 'net-deposit-own-label', 'cancelled', 1100);
    expect(ruleState(h, 'weda', 'net-deposit-own-label', 2000)).toBe('ok');
    h = noteRule(h, 'weda', 'net-deposit-own-label', 'confirmed', 5000);
    expect(h.rules['weda/net-deposit-own-label']).toMatchObject({ matchedAt: 5000, confirmedAt: 5000 });
    // The diagnostic's counts see every step: one match that gave way, one confirmation.
    expect(h.rules['weda/net-deposit-own-label']?.counts).toMatchObject({
      matches: 1,
      cancellations: 1,
      confirmations: 1,
    });
    expect(ruleState(h, 'weda', 'net-deposit-own-label', 5000 + DAY)).toBe('caught');
    expect(ruleState(h, 'weda', 'net-deposit-own-label', 5000 + 15 * DAY)).toBe('ok');
    h = noteRule(h, 'weda', 'net-deposit-in-dmp-region', 'unconfirmed', 7000);
    expect(ruleState(h, 'weda', 'net-deposit-in-dmp-region', 8000)).toBe('caught');
    // A site in use whose net never caught anything is healthy (not "never").
    const used = { ...EMPTY_HEALTH, sitesSeen: { weda: 9000 } };
    expect(ruleState(used, 'weda', 'net-deposit-in-dmp-panel', 9000)).toBe('ok');
    expect(ruleState(used, 'weda', 'share-panel-send', 9000)).toBe('never');
  });
});

/** `<tag>` with an open shadow root holding `html`. */
function host(tag: string, html: string, parent: Element | ShadowRoot = document.body): ShadowRoot {
  const el = document.createElement(tag);
  parent.appendChild(el);
  const root = el.attachShadow({ mode: 'open' });
  root.innerHTML = html;
  return root;
}

describe('open shadow roots', () => {
  it('walks up across shadow boundaries, and finds nested open roots (not closed ones)', () => {
    const list = host(
      'lgc-documents',
      '<section aria-label="Dossier Médical Partagé"><div class="row"></div></section>',
    );
    const send = host('lgc-dmp-send', '<button><svg></svg></button>', list.querySelector('.row')!);
    const closed = document.createElement('lgc-closed');
    document.body.append(closed);
    closed.attachShadow({ mode: 'closed' }).innerHTML = '<button>Envoyer au DMP</button>';
    const svg = send.querySelector('svg')!;
    expect(composedClosest(svg, 'button')).toBe(send.querySelector('button'));
    expect(composedClosest(svg, '.row')).toBe(list.querySelector('.row'));
    expect(composedClosest(svg, 'lgc-documents')).toBe(document.querySelector('lgc-documents'));
    expect(composedClosest(svg, 'main')).toBeNull();
    expect(containerLabel(send.querySelector('button')!)).toBe('lgc dmp send');
    expect(containerLabel(send.querySelector('button')!, 8, false)).toBe('Dossier Médical Partagé');
    expect(openShadowRoots(document.documentElement)).toEqual([list, send]);
  });

  it('a send button, spinner and messages in open shadow roots: counted, confirmed, failed', async () => {
    const list = host(
      'lgc-documents',
      '<div class="row"><select name="typeDocument"><option value="11488-4" selected>CR</option></select></div>',
    );
    const send = host(
      'lgc-dmp-send',
      '<button aria-label="Envoyer au DMP"><svg></svg></button>',
      list.querySelector('.row')!,
    );
    const toaster = host('lgc-toaster', '<div class="zone"></div>');
    const outcomes = run([builtinAdapter('generic')!]);
    const button = send.querySelector('svg')!;
    // A spinner in the list's shadow root, come and gone.
    trustedClick(button);
    const s = document.createElement('span');
    s.className = 'spinner';
    list.querySelector('.row')!.append(s);
    await wait(30);
    s.remove();
    await wait(30);
    // A message in the toaster's shadow root.
    trustedClick(button);
    toaster
      .querySelector('.zone')!
      .insertAdjacentHTML('beforeend', '<div role="status">Document envoyé au DMP</div>');
    await wait(30);
    // An error there.
    trustedClick(button);
    toaster
      .querySelector('.zone')!
      .insertAdjacentHTML('beforeend', '<div role="alert">Échec de l\'envoi</div>');
    await wait(30);
    expect(outcomes()).toEqual([
      'deposit-own-label:pending:11488-4',
      'deposit-own-label:confirmed:11488-4',
      'deposit-own-label:pending:11488-4',
      'deposit-own-label:confirmed:11488-4',
      'deposit-own-label:pending:11488-4',
      'deposit-own-label:failed:11488-4',
    ]);
  });
});
