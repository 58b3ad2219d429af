// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forgetKeptSubmit,
  keepSubmit,
  KEPT_SUBMIT_KEY,
  readKeptSubmit,
  type KeptStorage,
} from '@/lib/content/dmp-kept-submit';
import {
  announcePage,
  arrivedFromOtherSite,
  currentDmpPage,
  flowReporter,
  navigationKind,
  pageMessage,
  startDmpWebPage,
  type DmpOverlay,
  type PageLoad,
} from '@/lib/content/dmp-web-page';
import type { SendMessage } from '@/lib/messaging/client';
import { DEFAULT_SETTINGS } from '@/lib/domain/settings';
import { DMP_PAGES, type DmpPage } from '@/lib/sites/dmp-web-pages';
import { PAGES_AFTER_SUBMIT } from '@/lib/sites/dmp-web-flow';
import { addDocumentForm, confirmAction } from '../fixtures/dmp-web';
import { FAKE_PATIENTS, FAKE_TITLES, sensitiveStrings } from '../fixtures/fake-patients';

/**
 * The DMP web access page side (lib/content/dmp-web-page.ts, dmp-kept-submit.ts): the deposit's
 * submit kept by the tab, so that no count rests on the message sent while the form unloads.
 */

/** A Map behind the Storage API (the tab's sessionStorage). */
function memoryStorage(): KeptStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}
const broken: KeptStorage = {
  getItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
};

type Sent = { type: string } & Record<string, unknown>;
/** A fake client: records what is sent and answers like the background (or says the worker is gone). */
function fakeSend(answer: (m: Sent) => unknown = () => ({ ok: true, counted: [] })) {
  const sent: Sent[] = [];
  const send = (async (type: string, payload?: object) => {
    const m = { ...payload, type } as Sent;
    sent.push(m);
    return answer(m);
  }) as unknown as SendMessage;
  return { send, sent };
}

const X = { flowId: 'f00dcafe-0000-4000-8000-00000000000x', docClass: '11488-4' } as const;
const load = (page: DmpPage): PageLoad => ({
  page,
  navType: 'navigate',
  pageLoadId: 'load-00000001',
  fromOtherSite: false,
});

function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
function bodyOf(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the submit kept by the tab (sessionStorage)', () => {
  it('keeps the flow id and the class code only, under its namespaced key', () => {
    const storage = memoryStorage();
    keepSubmit(storage, X);
    expect([...storage.map.keys()]).toEqual([KEPT_SUBMIT_KEY]);
    expect(KEPT_SUBMIT_KEY).toBe('suivi-dmp:pending');
    expect(JSON.parse(storage.map.get(KEPT_SUBMIT_KEY)!)).toEqual(X);
    expect(readKeptSubmit(storage)).toEqual(X);
    forgetKeptSubmit(storage);
    expect(readKeptSubmit(storage)).toBeUndefined();
  });

  it('drops anything else found under the key (page text, a label, a bad id, not JSON)', () => {
    for (const raw of [
      JSON.stringify({ ...X, title: FAKE_TITLES[0] }),
      JSON.stringify({ ...X, docClass: 'Synthèse médicale' }),
      JSON.stringify({ ...X, flowId: 'DUPONTEL Josiane' }),
      JSON.stringify({ flowId: X.flowId }),
      JSON.stringify([X]),
      '{"flowId":',
      'null',
    ]) {
      const storage = memoryStorage();
      storage.map.set(KEPT_SUBMIT_KEY, raw);
      expect(readKeptSubmit(storage), raw).toBeUndefined();
      expect(storage.map.has(KEPT_SUBMIT_KEY), raw).toBe(false);
    }
  });

  it('a storage the page forbids or that is full is no error: the submit message is all there is', () => {
    expect(() => keepSubmit(broken, X)).not.toThrow();
    expect(readKeptSubmit(broken)).toBeUndefined();
    expect(() => forgetKeptSubmit(broken)).not.toThrow();
    expect(readKeptSubmit(null)).toBeUndefined();
  });
});

describe('the engine steps told to the background', () => {
  it('keeps the submit before telling it, so a lost message loses nothing', () => {
    const storage = memoryStorage();
    const keptWhenSent: unknown[] = [];
    const { send, sent } = fakeSend(() => {
      keptWhenSent.push(readKeptSubmit(storage));
      // The worker was asleep: the message is lost.
      return { ok: false, error: 'unreachable' };
    });
    const report = flowReporter(send, storage);
    report({
      type: 'flow_step',
      step: 'submitted',
      attemptId: X.flowId,
      adapterId: 'dmp-web',
      ruleId: 'deposit',
      docClass: X.docClass,
    });
    expect(sent).toEqual([{ type: 'dmp_submitted', ...X }]);
    expect(keptWhenSent).toEqual([X]);
    expect(readKeptSubmit(storage)).toEqual(X);
    report({
      type: 'flow_step',
      step: 'accept',
      attemptId: 'a-00000001',
      adapterId: 'dmp-web',
      ruleId: 'decision-accept',
    });
    report({ type: 'encounter_start', attemptId: 'a-00000002', adapterId: 'dmp-web', ruleId: 'x' });
    expect(sent.at(-1)).toEqual({ type: 'dmp_decision', decision: 'accept' });
    expect(sent).toHaveLength(2);
  });

  it('a submit without a known type keeps the class "other"', () => {
    const storage = memoryStorage();
    const { send } = fakeSend();
    flowReporter(
      send,
      storage,
    )({ type: 'flow_step', step: 'submitted', attemptId: X.flowId, adapterId: 'dmp-web', ruleId: 'deposit' });
    expect(readKeptSubmit(storage)).toEqual({ flowId: X.flowId, docClass: 'other' });
  });
});

describe("the page's message on load", () => {
  it('carries the kept submit on the pages after the form only', () => {
    for (const page of DMP_PAGES) {
      const message = pageMessage(load(page), X);
      if (PAGES_AFTER_SUBMIT.includes(page)) expect(message.submitted, page).toEqual(X);
      else expect(message, page).not.toHaveProperty('submitted');
    }
    expect(pageMessage(load('confirm_action'), undefined)).not.toHaveProperty('submitted');
  });

  it('keeps it along the chain, forgets it once the confirmation was taken, and off the chain', async () => {
    const storage = memoryStorage();
    const { send, sent } = fakeSend();
    keepSubmit(storage, X);
    for (const page of ['add_document_refused', 'confirm_action', 'signature'] as const) {
      await announcePage(send, storage, load(page));
      expect(sent.at(-1), page).toMatchObject({ type: 'dmp_page', page, submitted: X });
      expect(readKeptSubmit(storage), page).toEqual(X);
    }
    await announcePage(send, storage, load('upload_confirmed'));
    expect(sent.at(-1)).toMatchObject({ page: 'upload_confirmed', submitted: X });
    expect(readKeptSubmit(storage)).toBeUndefined();
    await announcePage(send, storage, { ...load('upload_confirmed'), navType: 'reload' });
    expect(sent.at(-1)).not.toHaveProperty('submitted');

    // Left on the way (the summary, a fresh form, outside): forgotten, never sent.
    for (const page of ['record_summary', 'add_document', 'outside', 'record_other'] as const) {
      keepSubmit(storage, X);
      await announcePage(send, storage, load(page));
      expect(sent.at(-1), page).not.toHaveProperty('submitted');
      expect(readKeptSubmit(storage), page).toBeUndefined();
    }
  });

  it('keeps it when the confirmation could not be written (a reload tells it again)', async () => {
    const storage = memoryStorage();
    const { send } = fakeSend(() => ({ ok: false, error: 'storage_full' }));
    keepSubmit(storage, X);
    expect(await announcePage(send, storage, load('upload_confirmed'))).toEqual({
      ok: false,
      error: 'storage_full',
    });
    expect(readKeptSubmit(storage)).toEqual(X);
  });

  it('where the page stands, how it was reached, where from', () => {
    document.body.innerHTML = '<div class="error">Erreur</div>';
    expect(currentDmpPage(document, '/confirmationajout')).toBe('error');
    document.body.innerHTML = bodyOf(addDocumentForm(FAKE_PATIENTS[0]!, 'Vous devez fournir un titre'));
    expect(currentDmpPage(document, '/ajoutdocument.formajoutdocument')).toBe('add_document_refused');
    expect(currentDmpPage(document, '/signaturedocument')).toBe('signature');
    expect(navigationKind([{ type: 'reload' } as unknown as PerformanceEntry])).toBe('reload');
    expect(navigationKind([])).toBe('navigate');
    expect(arrivedFromOtherSite('https://secure.weda.fr/FolderMedical/PatientViewForm.aspx')).toBe(true);
    expect(arrivedFromOtherSite('https://wps-psc.dmp.monespacesante.fr/mespatients/raz')).toBe(false);
    expect(arrivedFromOtherSite('')).toBe(false);
    expect(arrivedFromOtherSite('not a url')).toBe(false);
  });
});

describe('a deposit across page loads, its submit message lost', () => {
  const storage = memoryStorage();
  const overlays: Array<Parameters<DmpOverlay['update']>[0]> = [];
  beforeEach(() => overlays.splice(0));

  function runPage(path: string, html: string, send: SendMessage) {
    history.replaceState({}, '', path);
    document.body.innerHTML = bodyOf(html);
    return startDmpWebPage({
      doc: document,
      pathname: path,
      referrer: '',
      navigation: [],
      store: storage,
      send,
      settings: { get: async () => DEFAULT_SETTINGS, watch: () => () => undefined },
      mountOverlay: async () => ({ update: (p) => void overlays.push(p), remove: () => undefined }),
      newId: () => 'load-00000001',
    });
  }

  it('the form page keeps the submit; the next page sends it on load with its class, nothing else', async () => {
    // The form: the user picks a type, types a title naming the patient, and sends.
    const lost = fakeSend((m) =>
      m.type === 'dmp_submitted' ? { ok: false, error: 'unreachable' } : { ok: true },
    );
    const form = runPage('/ajoutdocument', addDocumentForm(FAKE_PATIENTS[0]!), lost.send);
    await form.ready;
    (document.getElementById('typeDocument') as HTMLSelectElement).value =
      'CR ou fiche de consultation ou de visite';
    (document.getElementById('TitreDocument') as HTMLInputElement).value = FAKE_TITLES[0]!;
    const submit = document.getElementById('submit')!;
    const formEl = submit.closest('form')!;
    formEl.addEventListener('submit', (e) => e.preventDefault());
    submit.addEventListener('click', (e) => e.preventDefault(), { once: true });
    submit.dispatchEvent(
      trusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })),
    );
    formEl.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
    form.stop();
    const submitted = lost.sent.find((m) => m.type === 'dmp_submitted');
    expect(submitted).toMatchObject({ docClass: '11488-4' });
    const kept = storage.map.get(KEPT_SUBMIT_KEY)!;
    expect(JSON.parse(kept)).toEqual({ flowId: submitted!.flowId, docClass: '11488-4' });
    for (const s of sensitiveStrings()) expect(kept).not.toContain(s);

    // The confirmation-action page, loaded: it tells the background, kept submit included.
    const next = fakeSend(() => ({ ok: true, counted: [], today: { dmp_upload: 3 } }));
    const confirm = runPage(
      '/demandeconfirmationactiondocument',
      confirmAction(FAKE_PATIENTS[0]!),
      next.send,
    );
    await confirm.ready;
    confirm.stop();
    expect(next.sent.find((m) => m.type === 'dmp_page')).toEqual({
      type: 'dmp_page',
      page: 'confirm_action',
      navType: 'navigate',
      pageLoadId: 'load-00000001',
      fromOtherSite: false,
      submitted: { flowId: submitted!.flowId, docClass: '11488-4' },
    });
    expect(overlays.at(-1)).toEqual({ error: null, depositsToday: 3 });
  });
});
