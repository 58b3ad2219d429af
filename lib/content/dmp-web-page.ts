import type { RateGlance } from '../domain/feeding-rate';
import { loadAdapters } from '../domain/rules';
import type { SendMessage } from '../messaging/client';
import { ANNOUNCE_PATIENCE, patientClient } from '../messaging/patience';
import type { PayloadOf } from '../messaging/protocol';
import type { CountedEvent, EventReply, Failure } from '../messaging/replies';
import { DMP_WEB_ADAPTER } from '../sites/dmp-web';
import { PAGES_AFTER_SUBMIT, type KeptSubmit, type NavigationKind } from '../sites/dmp-web-flow';
import { classifyDmpPath, isDmpWebHost, type DmpPage } from '../sites/dmp-web-pages';
import { ERROR_BLOCK } from '../sites/dmp-web-selectors';
import { startActivityReporter, type SettingsSource } from './activity-reporter';
import { forgetKeptSubmit, keepSubmit, readKeptSubmit, type KeptStorage } from './dmp-kept-submit';
import { RuleEngine, type EngineReport } from './engine/runtime';

/**
 * A page of the DMP web access, on the page side: where it stands in the chain, the engine's
 * steps (submit, accept, cancel) told to the background, and the deposit's submit kept by the
 * tab across page loads so that no count rests on a message sent while a page unloads
 * (lib/sites/dmp-web-flow.ts, KeptSubmit). The chain itself is the background's.
 */

/** Where this page stands in the chain: its path, or an error block shown instead. */
export function currentDmpPage(doc: Document, pathname: string): DmpPage {
  if (doc.querySelector(ERROR_BLOCK)) return 'error';
  return classifyDmpPath(pathname);
}

/** How this page was reached (a reload is never a new read). */
export function navigationKind(entries: readonly PerformanceEntry[]): NavigationKind {
  const type = (entries[0] as PerformanceNavigationTiming | undefined)?.type;
  return type === 'reload' || type === 'back_forward' || type === 'prerender' ? type : 'navigate';
}

/**
 * Whether the previous page was on another site (the practice program opening a record).
 * Only the referrer's host is looked at. No referrer (typed address, strict referrer policy)
 * says nothing: the tab's own history decides then.
 */
export function arrivedFromOtherSite(referrer: string): boolean {
  if (!referrer) return false;
  try {
    return !isDmpWebHost(new URL(referrer).hostname);
  } catch {
    return false;
  }
}

/**
 * The engine's steps of the chain, told to the background. The submit is kept by the tab first
 * (synchronously, before the page unloads), then told: the message may be lost, the kept
 * submit is not.
 */
export function flowReporter(send: SendMessage, store: KeptStorage | null): (report: EngineReport) => void {
  return (r) => {
    if (r.type !== 'flow_step') return;
    if (r.step === 'submitted') {
      const submit: KeptSubmit = { flowId: r.attemptId, docClass: r.docClass ?? 'other' };
      keepSubmit(store, submit);
      void send('dmp_submitted', submit);
    } else void send('dmp_decision', { decision: r.step });
  };
}

export interface PageLoad {
  page: DmpPage;
  navType: NavigationKind;
  pageLoadId: string;
  fromOtherSite: boolean;
}

/** The page's message on load; the pages after the form carry the submit the tab kept. */
export function pageMessage(load: PageLoad, kept: KeptSubmit | undefined): PayloadOf<'dmp_page'> {
  const carry = kept && PAGES_AFTER_SUBMIT.includes(load.page);
  return { ...load, ...(carry ? { submitted: kept } : {}) };
}

/** Pages after which the kept submit has done its work once the background answered. */
const CHAIN_ENDS: readonly DmpPage[] = ['upload_confirmed', 'error'];

/**
 * Tells the background where the page stands, sent on load (never on unload), with the kept
 * submit on the pages of the chain. The kept submit is forgotten off the chain (a fresh form,
 * the summary, outside: the deposit was left), and at its end once the background took it; a
 * failure there keeps it, for a reload to tell again.
 */
export async function announcePage(
  send: SendMessage,
  store: KeptStorage | null,
  load: PageLoad,
): Promise<EventReply | Failure> {
  const kept = readKeptSubmit(store);
  if (kept && !PAGES_AFTER_SUBMIT.includes(load.page)) forgetKeptSubmit(store);
  const reply = await send('dmp_page', pageMessage(load, kept));
  if (kept && reply.ok && CHAIN_ENDS.includes(load.page)) forgetKeptSubmit(store);
  return reply;
}

/** What the page's overlay needs (components/overlay/mount.tsx's handle, which lib/content may not import). */
export interface DmpOverlay {
  update(patch: {
    error?: string | null;
    depositsToday?: number;
    month?: RateGlance;
    notice?: { event: CountedEvent; undone: boolean } | null;
  }): void;
  remove(): void;
}

/** A reply shown in the overlay: an error, or today's deposits and what was just counted. */
export function showReply(overlay: DmpOverlay | null, reply: EventReply | Failure): void {
  if (!overlay) return;
  if (!reply.ok) {
    overlay.update({ error: reply.error });
    return;
  }
  const last = reply.counted?.at(-1);
  overlay.update({
    error: null,
    ...(reply.today ? { depositsToday: reply.today.dmp_upload } : {}),
    ...(reply.month ? { month: reply.month } : {}),
    ...(last ? { notice: { event: last, undone: false } } : {}),
  });
}

export interface DmpWebPageDeps {
  doc: Document;
  pathname: string;
  referrer: string;
  navigation: readonly PerformanceEntry[];
  /** The tab's sessionStorage (lib/content/dmp-kept-submit.ts), null where forbidden. */
  store: KeptStorage | null;
  send: SendMessage;
  /** Saved settings (lib/storage/items.ts's settingsItem, handed in: see activity-reporter.ts). */
  settings: SettingsSource;
  /** Mounts the overlay (components/overlay/mount.tsx, handed in by the entrypoint). */
  mountOverlay(onUndo: (id: string) => void): Promise<DmpOverlay>;
  newId(): string;
}

/**
 * Runs the page: the engine's rules (trusted clicks and submits only, lib/sites/dmp-web.ts),
 * the time heartbeats, the page's message and the overlay. `ready` settles once the page was
 * told to the background and the overlay shows the answer; `stop` undoes it all.
 */
export function startDmpWebPage(deps: DmpWebPageDeps): { ready: Promise<void>; stop(): void } {
  const { doc, store, send } = deps;
  let overlay: DmpOverlay | null = null;
  let stopped = false;
  const load: PageLoad = {
    page: currentDmpPage(doc, deps.pathname),
    navType: navigationKind(deps.navigation),
    pageLoadId: deps.newId(),
    fromOtherSite: arrivedFromOtherSite(deps.referrer),
  };
  const engine = new RuleEngine({
    doc,
    adapters: loadAdapters([DMP_WEB_ADAPTER]).adapters,
    host: { report: flowReporter(send, store) },
  });
  engine.start();
  const stopActivity = startActivityReporter(() => 'dmp', deps.settings);

  const ready = (async () => {
    // Told at once, while the overlay mounts: a page of the chain may not stay long.
    const announced = announcePage(patientClient(send, ANNOUNCE_PATIENCE), store, load);
    const mounted = await deps.mountOverlay(async (id) => {
      const reply = await send('undo', { id });
      if (reply.ok && reply.event)
        overlay?.update({
          notice: { event: reply.event, undone: true },
          depositsToday: reply.today?.dmp_upload ?? 0,
          ...(reply.month ? { month: reply.month } : {}),
        });
      else showReply(overlay, reply);
    });
    if (stopped) {
      mounted.remove();
      return;
    }
    overlay = mounted;
    showReply(overlay, await announced);
  })();

  return {
    ready,
    stop() {
      stopped = true;
      stopActivity();
      engine.stop();
      overlay?.remove();
      overlay = null;
    },
  };
}
