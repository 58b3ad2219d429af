// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://cabinet.example.fr/agenda" }
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProgramPage, type ProgramOverlay, type Taught } from '@/lib/content/program-page';
import type { PageSender } from '@/lib/content/page-messages';
import type { SendMessage } from '@/lib/messaging/client';

const OWN = 'own-extension-id';
/** A site the user added: the generic adapter, and the rules taught there. */
const SITE = 'custom:cabinet.example.fr';
const COUNTED = { id: 'event-0001', kind: 'dmp_upload', source: 'taught' } as const;

type Listener = (message: unknown, sender: PageSender) => Promise<unknown> | undefined;

function trustedClick(el: Element): void {
  const event = new MouseEvent('click', { bubbles: true, composed: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  el.dispatchEvent(event);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let controller: AbortController;
afterEach(() => {
  controller?.abort();
  delete (globalThis as { __suiviDmpPrograms?: boolean }).__suiviDmpPrograms;
  document.body.innerHTML = '';
});

/** Starts the page with fakes; `replies` answers the background's messages by name. */
function setup(
  options: { replies?: Record<string, unknown>; topFrame?: boolean; picked?: Taught | null } = {},
) {
  controller = new AbortController();
  const replies: Record<string, unknown> = {
    engine_hello: { ok: true, today: { dmp_upload: 4 }, encounterCounts: { dmp_upload: 1 } },
    ...options.replies,
  };
  const sent: Array<[string, unknown]> = [];
  const send = vi.fn(async (name: string, payload?: unknown) => {
    sent.push([name, payload]);
    return replies[name] ?? { ok: true };
  });
  const listeners = new Set<Listener>();
  const overlay = { update: vi.fn(), remove: vi.fn() } satisfies ProgramOverlay;
  const mountOverlay = vi.fn(async (_site: string, _onUndo: (id: string) => void) => overlay);
  const pick = vi.fn(async () => options.picked ?? null);
  const flash = vi.fn(() => 2);
  // A sub-frame: its `top` is another window.
  const win =
    options.topFrame === false
      ? (new Proxy(window, {
          get: (target, key) => (key === 'top' ? {} : Reflect.get(target, key, target)),
        }) as Window)
      : window;
  const started = startProgramPage({
    win,
    isReload: false,
    ownId: OWN,
    send: send as unknown as SendMessage,
    messages: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    signal: controller.signal,
    mountOverlay,
    pick,
    flash,
  });
  const push = (message: unknown, sender: PageSender = { id: OWN }) =>
    [...listeners].map((l) => l(message, sender)).find((r) => r !== undefined);
  /** The `program` line the overlay was last given. */
  const program = () =>
    overlay.update.mock.calls
      .map(([patch]) => patch.program)
      .filter(Boolean)
      .at(-1) as {
      counts: unknown;
      waiting: boolean;
      onAddManual: () => void;
      onTeach: () => void;
    };
  return { started, send, sent, listeners, overlay, mountOverlay, pick, flash, push, program };
}

describe('a practice-program page', () => {
  it('says hello with its site and frame, then shows the overlay: deposits today, the consultation', async () => {
    const { started, sent, mountOverlay, overlay, program } = setup();
    await started;
    expect(sent[0]).toEqual(['engine_hello', { site: SITE, topFrame: true }]);
    expect(mountOverlay).toHaveBeenCalledWith(SITE, expect.any(Function));
    expect(overlay.update).toHaveBeenLastCalledWith({ depositsToday: 4, program: expect.any(Object) });
    expect(program()).toMatchObject({ counts: { dmp_upload: 1 }, waiting: false });
  });

  it('a site not enabled: nothing runs, nothing is drawn, and a later start may run', async () => {
    const { started, listeners, mountOverlay } = setup({
      replies: { engine_hello: { ok: false, error: 'off' } },
    });
    await started;
    expect(listeners.size).toBe(0);
    expect(mountOverlay).not.toHaveBeenCalled();
    expect((globalThis as { __suiviDmpPrograms?: boolean }).__suiviDmpPrograms).toBe(false);
  });

  it('one instance per frame: injected again, it does nothing', async () => {
    const first = setup();
    await first.started;
    const again = setup();
    await again.started;
    expect(again.send).not.toHaveBeenCalled();
    expect(again.mountOverlay).not.toHaveBeenCalled();
  });

  it('+1 adds a deposit by hand; undo from the overlay shows it undone', async () => {
    const { started, sent, mountOverlay, overlay, program } = setup({
      replies: { undo: { ok: true, event: COUNTED, today: { dmp_upload: 3 } } },
    });
    await started;
    vi.spyOn(crypto, 'randomUUID').mockReturnValue('0000-aaaa-0000-aaaa-0000');
    program().onAddManual();
    expect(sent.at(-1)).toEqual([
      'add_manual',
      { id: '0000-aaaa-0000-aaaa-0000', site: SITE, kind: 'dmp_upload' },
    ]);
    await mountOverlay.mock.calls[0]![1]('event-0001');
    expect(sent.at(-1)).toEqual(['undo', { id: 'event-0001', site: SITE }]);
    expect(overlay.update).toHaveBeenLastCalledWith({
      notice: { event: COUNTED, undone: true },
      depositsToday: 3,
    });
  });

  it('pushed counts reach the overlay: what was counted, deposits, the consultation, waiting', async () => {
    const { started, push, overlay, program } = setup();
    await started;
    push({
      type: 'overlay_push',
      counted: COUNTED,
      depositsToday: 5,
      waiting: true,
      encounterCounts: { dmp_upload: 2 },
    });
    expect(overlay.update).toHaveBeenLastCalledWith({
      error: null,
      program: expect.any(Object),
      depositsToday: 5,
      notice: { event: COUNTED, undone: false },
    });
    expect(program()).toMatchObject({ counts: { dmp_upload: 2 }, waiting: true });
    // Only what the push carries changes.
    push({ type: 'overlay_push', waiting: false });
    expect(overlay.update).toHaveBeenLastCalledWith({ error: null, program: expect.any(Object) });
    expect(program()).toMatchObject({ counts: { dmp_upload: 2 }, waiting: false });
    // Not from this extension, or from a tab: ignored.
    const calls = overlay.update.mock.calls.length;
    push({ type: 'overlay_push', depositsToday: 9 }, { id: 'someone-else' });
    push({ type: 'overlay_push', depositsToday: 9 }, { id: OWN, tab: {} });
    expect(overlay.update).toHaveBeenCalledTimes(calls);
  });

  it('a sub-frame draws no overlay, but runs its engine and answers test_rule', async () => {
    const { started, sent, mountOverlay, push, flash } = setup({ topFrame: false });
    await started;
    expect(sent[0]).toEqual(['engine_hello', { site: SITE, topFrame: false }]);
    expect(mountOverlay).not.toHaveBeenCalled();
    await expect(push({ type: 'test_rule', selector: '#send' })).resolves.toEqual({ found: 2 });
    expect(flash).toHaveBeenCalledWith(document, { type: 'test_rule', selector: '#send' });
    // A push to the overlay, where there is none, changes nothing.
    expect(push({ type: 'overlay_push', depositsToday: 1 })).toBeUndefined();
  });

  it('start_picker: the taught button is saved, and counted at once by the restarted engine', async () => {
    document.body.innerHTML = '<button id="send">Envoyer</button>';
    const taught: Taught = { name: 'Dépôt DMP', event: 'dmp_upload', selector: '#send' };
    const { started, sent, push, pick } = setup({ picked: taught });
    await started;
    vi.spyOn(crypto, 'randomUUID').mockReturnValue('1111-bbbb-1111-bbbb-1111');
    push({ type: 'start_picker' });
    // A second request while the picker is open opens no other.
    push({ type: 'start_picker' });
    await flush();
    expect(pick).toHaveBeenCalledTimes(1);
    expect(sent).toContainEqual([
      'taught_save',
      { id: 'taught-1111-bbbb-1111-bbbb-1111', site: SITE, ...taught },
    ]);
    trustedClick(document.getElementById('send')!);
    expect(sent.at(-1)).toEqual([
      'engine_attempt',
      expect.objectContaining({
        site: SITE,
        source: 'taught',
        ruleId: 'taught-1111-bbbb-1111-bbbb-1111',
        kind: 'dmp_upload',
        outcome: 'counted',
      }),
    ]);
  });

  it('a rule the background refuses is not used; the overlay says why', async () => {
    document.body.innerHTML = '<button id="send">Envoyer</button>';
    const { started, sent, program, overlay } = setup({
      picked: { name: 'Dépôt DMP', event: 'dmp_upload', selector: '#send' },
      replies: { taught_save: { ok: false, error: 'storage_full' } },
    });
    await started;
    program().onTeach();
    await flush();
    expect(overlay.update).toHaveBeenLastCalledWith({ error: 'storage_full' });
    const before = sent.length;
    trustedClick(document.getElementById('send')!);
    expect(sent.slice(before).filter(([name]) => name === 'engine_attempt')).toEqual([]);
  });

  it('a picker that cannot be loaded: the overlay says so, nothing is saved, a later try works', async () => {
    document.body.innerHTML = '<button id="send">Envoyer</button>';
    const { started, sent, program, overlay, pick } = setup({
      picked: { name: 'Dépôt DMP', event: 'dmp_upload', selector: '#send' },
    });
    await started;
    pick.mockRejectedValueOnce(new Error('picker not loaded'));
    program().onTeach();
    await flush();
    expect(overlay.update).toHaveBeenLastCalledWith({ error: 'picker_unavailable' });
    expect(sent.filter(([name]) => name === 'taught_save')).toEqual([]);
    expect(pick).toHaveBeenCalledWith(document, SITE);
    program().onTeach();
    await flush();
    expect(sent.filter(([name]) => name === 'taught_save')).toHaveLength(1);
  });

  it('invalidated: the pushes stop, the engine stops, the overlay goes', async () => {
    document.body.innerHTML = '<button id="send">Envoyer</button>';
    const { started, listeners, overlay, push, sent } = setup({
      picked: { name: 'Dépôt DMP', event: 'dmp_upload', selector: '#send' },
    });
    await started;
    push({ type: 'start_picker' });
    await flush();
    controller.abort();
    expect(listeners.size).toBe(0);
    expect(overlay.remove).toHaveBeenCalledTimes(1);
    const before = sent.length;
    trustedClick(document.getElementById('send')!);
    expect(sent.length).toBe(before);
  });
});
