import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountOverlay, type OverlayHandle } from '@/components/overlay/mount';
import { startPicker } from '@/components/picker/picker';
import { flashMatches } from '@/components/picker/test-rule';
import type { EventKind } from '@/lib/domain/events';
import { parsePageMessage } from '@/lib/messaging/protocol';
import { sendMessage } from '@/lib/messaging/client';
import { adapterForHost, loadAdapters } from '@/lib/domain/rules';
import { RuleEngine, type EngineReport } from '@/lib/content/engine/runtime';
import { builtinAdapter, PROGRAM_MATCHES, siteOfHost } from '@/lib/sites';

/**
 * Practice-program pages: built-in ones (Weda) from the manifest, sites the user added through
 * a content script registered at run time (same file). Runs in every frame, so a DMP widget in
 * an iframe is seen; the overlay lives in the top frame only.
 */
export default defineContentScript({
  matches: PROGRAM_MATCHES,
  allFrames: true,
  runAt: 'document_idle',
  async main(ctx) {
    // Injected again into an open page when its site is added: one instance per frame.
    const flag = globalThis as { __suiviDmpPrograms?: boolean };
    if (flag.__suiviDmpPrograms) return;
    flag.__suiviDmpPrograms = true;
    const host = location.hostname.toLowerCase();
    const site = siteOfHost(host);
    const topFrame = window.top === window;
    const hello = await sendMessage('engine_hello', { site, topFrame });
    // Not an enabled site (a built-in the user turned off): nothing runs, nothing is drawn.
    if (!hello.ok) {
      flag.__suiviDmpPrograms = false;
      return;
    }

    let taughtRules = hello.taught ?? [];
    const build = () => {
      const raw = adapterForHost(host, site, builtinAdapter(site), builtinAdapter('generic')!, taughtRules);
      return loadAdapters(raw ? [raw] : []);
    };
    const { adapters, problems } = build();
    for (const p of problems) console.warn(`[Suivi DMP] adapter ${p.adapter} skipped: ${p.reason}`);

    let overlay: OverlayHandle | null = null;
    let encounter: Partial<Record<EventKind, number>> | null = hello.encounterCounts ?? null;
    let waiting = false;
    const program = () => ({
      counts: encounter,
      waiting,
      onAddManual: () =>
        void sendMessage('add_manual', { id: crypto.randomUUID(), site, kind: 'dmp_upload' }),
      onTeach: () => void teach(),
    });

    const report = (r: EngineReport) => {
      if (r.type === 'encounter_start') {
        void sendMessage('engine_encounter', { attemptId: r.attemptId, site, ruleId: r.ruleId });
        return;
      }
      // Page-chain steps belong to the DMP web access script; rules never report "manual".
      if (r.type !== 'attempt' || r.source === 'manual') return;
      const { type: _t, adapterId: _a, source, ...rest } = r;
      void sendMessage('engine_attempt', { site, source, ...rest });
    };
    const navType = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
      ?.type;
    const makeEngine = (list: typeof adapters, isReload: boolean) =>
      new RuleEngine({
        doc: document,
        adapters: list,
        host: {
          report,
          // Response signals: the background sees the requests (webRequest), the page cannot.
          watchResponses: (attemptId, signals, timeoutMs, startedAt) =>
            void sendMessage('engine_watch', {
              attemptId,
              site,
              watches: signals.map(({ url, status }) => ({ url, status })),
              timeoutMs,
              startedAt,
            }),
          problem: (a, rule, reason) => console.warn(`[Suivi DMP] rule ${a}/${rule} skipped: ${reason}`),
        },
        isReload,
      });
    let engine = makeEngine(adapters, navType === 'reload');
    engine.start();
    if (topFrame && hello.carried?.length) engine.resume(hello.carried);

    // Single-page apps change the URL without a load. The isolated world cannot patch the
    // page's history API, so: the Navigation API where there is one (Chromium), and otherwise
    // popstate/hashchange plus a cheap check after each trusted click (Firefox).
    const nav = (window as unknown as { navigation?: EventTarget }).navigation;
    const onUrl = () => engine.onUrlChange();
    const afterClick = (e: Event) => {
      if (e.isTrusted) setTimeout(onUrl, 0);
    };
    if (nav) nav.addEventListener('currententrychange', onUrl);
    window.addEventListener('popstate', onUrl);
    window.addEventListener('hashchange', onUrl);
    if (!nav) document.addEventListener('click', afterClick, true);
    const onPageHide = () => engine.flush();
    window.addEventListener('pagehide', onPageHide);

    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (sender.id !== browser.runtime.id || sender.tab) return;
      // Checked like any message: a push of the wrong shape is ignored.
      const m = parsePageMessage(message);
      if (!m) return;
      if (m.type === 'response_seen') {
        engine.responseSeen(m.attemptId, m.status);
        return;
      }
      if (m.type === 'start_picker') {
        void teach();
        return;
      }
      if (m.type === 'test_rule') return Promise.resolve({ found: flashMatches(document, m) });
      if (m.type !== 'overlay_push' || !overlay) return;
      if (m.waiting !== undefined) waiting = m.waiting;
      if (m.encounterCounts) encounter = m.encounterCounts;
      overlay.update({
        error: null,
        program: program(),
        ...(m.depositsToday !== undefined ? { depositsToday: m.depositsToday } : {}),
        ...(m.counted ? { notice: { event: m.counted, undone: false } } : {}),
      });
    };
    browser.runtime.onMessage.addListener(onMessage as never);

    let picking = false;
    async function teach(): Promise<void> {
      if (picking) return;
      picking = true;
      try {
        const taught = await startPicker(document);
        if (taught) {
          const id = `taught-${crypto.randomUUID()}`;
          const reply = await sendMessage('taught_save', { id, site, ...taught });
          if (!reply.ok) overlay?.update({ error: reply.error });
          else {
            // The new rule works at once: the engine restarts with it (URL triggers not re-fired).
            taughtRules = [...taughtRules, { ...taught, id, host, createdAt: Date.now() }];
            const next = build().adapters;
            engine.stop();
            engine = makeEngine(next, true);
            engine.start();
          }
        }
      } finally {
        picking = false;
      }
    }

    ctx.onInvalidated(() => {
      engine.stop();
      if (nav) nav.removeEventListener('currententrychange', onUrl);
      window.removeEventListener('popstate', onUrl);
      window.removeEventListener('hashchange', onUrl);
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('click', afterClick, true);
      browser.runtime.onMessage.removeListener(onMessage as never);
      overlay?.remove();
    });

    if (!topFrame) return;
    overlay = await mountOverlay(site, async (id) => {
      const reply = await sendMessage('undo', { id, site });
      if (reply.ok && reply.event)
        overlay?.update({
          notice: { event: reply.event, undone: true },
          depositsToday: reply.today?.dmp_upload ?? 0,
        });
    });
    overlay.update({ depositsToday: hello.today?.dmp_upload ?? 0, program: program() });
  },
});
