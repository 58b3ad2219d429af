import type { EventKind } from '../domain/events';
import type { RateGlance } from '../domain/feeding-rate';
import type { SendMessage } from '../messaging/client';
import { ANNOUNCE_PATIENCE, patientClient } from '../messaging/patience';
import type { PayloadOf } from '../messaging/protocol';
import type { CountedEvent } from '../messaging/replies';
import { pageMessageListener, type PageSender } from './page-messages';
import type { TeachingTools } from './picker-slot';
import { adapterForHost, loadAdapters, type Adapter } from '../domain/rules';
import { programAdapter, siteOfHost } from '../sites/program-sites';
import { RuleEngine } from './engine/runtime';
import { controlSignals } from './engine/selector';
import { engineHost } from './engine-host';
import { watchUrlChanges } from './spa-navigation';
import { costlyPattern, DEFAULT_COSTLY_KINDS } from '../domain/costly-acts';
import { watchInlineFrames } from './inline-frames';

type Counts = Partial<Record<EventKind, number>>;

/** What the page shows in the overlay (components/overlay/mount.tsx, OverlayHandle). */
export interface ProgramOverlay {
  update(patch: {
    depositsToday?: number;
    month?: RateGlance;
    notice?: { event: CountedEvent; undone: boolean };
    error?: string | null;
    program?: {
      counts: Counts | null;
      waiting: boolean;
      onAddManual?: () => void;
      onTeach?: () => void;
    };
  }): void;
  remove(): void;
}

/** A button the user taught with the picker (components/picker/picker.ts). */
export type Taught = Omit<PayloadOf<'taught_save'>, 'id' | 'site'>;

type PageListener = (message: unknown, sender: PageSender) => Promise<unknown> | undefined;

export interface ProgramPageDeps {
  /** The frame's window: its location, document, history events. */
  win: Window;
  /** This page load is a reload (the navigation timing says so). */
  isReload: boolean;
  /** This extension's id: only its background and pages may push to the page. */
  ownId: string;
  send: SendMessage;
  /** `runtime.onMessage`. */
  messages: { addListener(l: PageListener): void; removeListener(l: PageListener): void };
  /** Aborts when the script's context is invalidated (extension updated or removed): all stops. */
  signal: AbortSignal;
  mountOverlay(site: string, onUndo: (id: string) => void): Promise<ProgramOverlay>;
  /**
   * The picker and the rule test, injected into the page on first use (lib/content/picker-slot.ts):
   * loading them may fail, and then nothing is taught or tested.
   */
  teaching(site: string): Promise<TeachingTools>;
}

const newId = () => crypto.randomUUID();
const log = (reason: string) => console.warn(`[Suivi DMP] ${reason}`);
/** The script's global in this frame: marked while an instance runs there. */
const frame = globalThis as { __suiviDmpPrograms?: boolean };

/**
 * A practice-program page (any frame): says hello to the background, runs the rule engine,
 * follows SPA URL changes, takes the pushed messages, and in the top frame shows the overlay,
 * from which the user adds an event by hand or teaches a button.
 */
export async function startProgramPage(deps: ProgramPageDeps): Promise<void> {
  const { win, send } = deps;
  // Injected again into an open page when its site is added: one instance per frame.
  if (frame.__suiviDmpPrograms) return;
  frame.__suiviDmpPrograms = true;
  const doc = win.document;
  const host = win.location.hostname.toLowerCase();
  const site = siteOfHost(host);
  const topFrame = win.top === win;
  // Sent again if the background was stopped as it answered (lib/messaging/patience.ts).
  const hello = await patientClient(send, ANNOUNCE_PATIENCE)('engine_hello', { site, topFrame });
  // Not an enabled site (a built-in the user turned off): nothing runs, nothing is drawn.
  if (!hello.ok) {
    frame.__suiviDmpPrograms = false;
    return;
  }

  let overlay: ProgramOverlay | null = null;
  let encounter: Counts | null = hello.encounterCounts ?? null;
  let waiting = false;
  const program = () => ({
    counts: encounter,
    waiting,
    onAddManual: () => void send('add_manual', { id: newId(), site, kind: 'dmp_upload' }),
    onTeach: () => void teach(),
  });

  // The site's adapter (built-in, or the generic one for a site the user added) with the rules
  // taught on this host.
  let taught = hello.taught ?? [];
  const build = () => {
    const raw = adapterForHost(host, site, programAdapter(site), programAdapter('generic')!, taught);
    return loadAdapters(raw ? [raw] : []);
  };
  const reports = engineHost(send, site, log);
  const costly = costlyPattern(hello.costlyActs ?? DEFAULT_COSTLY_KINDS);
  const start = (adapters: readonly Adapter[], isReload: boolean) => {
    const started = new RuleEngine({
      doc,
      adapters,
      host: reports,
      isReload,
      costlyPattern: costly,
      readControl: controlSignals,
    });
    started.start();
    return started;
  };
  const { adapters, problems } = build();
  for (const p of problems) log(`adapter ${p.adapter} skipped: ${p.reason}`);
  let current = adapters;
  let engine = start(adapters, deps.isReload);
  if (topFrame && hello.carried?.length) engine.resume(hello.carried);

  const { signal } = deps;
  watchUrlChanges(win, () => engine.onUrlChange(), signal);
  // Frames of this page with no address of their own (about:blank, srcdoc): one more engine
  // each, on their document, reporting as this page (lib/content/inline-frames.ts).
  const inner = new Map<Document, RuleEngine>();
  watchInlineFrames(
    doc,
    (frameDoc) => {
      const started = new RuleEngine({ doc: frameDoc, adapters: current, host: reports, isReload: true });
      started.start();
      inner.set(frameDoc, started);
      return () => {
        // The engine running there now (a taught rule restarts it).
        inner.get(frameDoc)?.stop();
        inner.delete(frameDoc);
      };
    },
    signal,
  );
  const everyEngine = () => [engine, ...inner.values()];
  win.addEventListener('pagehide', () => everyEngine().forEach((e) => e.flush()), { signal });

  const onMessage = pageMessageListener(deps.ownId, {
    response_seen: (m) => everyEngine().forEach((e) => e.responseSeen(m.attemptId, m.status)),
    start_picker: () => void teach(),
    test_rule: async (m) => ({
      found: await deps
        .teaching(site)
        .then((tools) => tools.flash(doc, m))
        .catch(() => 0),
    }),
    overlay_push: (m) => {
      if (!overlay) return;
      if (m.waiting !== undefined) waiting = m.waiting;
      if (m.encounterCounts) encounter = m.encounterCounts;
      overlay.update({
        error: null,
        program: program(),
        ...(m.depositsToday !== undefined && { depositsToday: m.depositsToday }),
        ...(m.month && { month: m.month }),
        ...(m.counted && { notice: { event: m.counted, undone: false } }),
      });
    },
  });
  deps.messages.addListener(onMessage);

  let picking = false;
  async function teach(): Promise<void> {
    if (picking) return;
    picking = true;
    try {
      const picked = await deps
        .teaching(site)
        .then((tools) => tools.pick(doc))
        .catch((error: unknown) => {
          log(`picker: ${error instanceof Error ? error.message : String(error)}`);
          overlay?.update({ error: 'picker_unavailable' });
          return null;
        });
      if (picked) {
        const id = `taught-${newId()}`;
        const reply = await send('taught_save', { id, site, ...picked });
        if (!reply.ok) overlay?.update({ error: reply.error });
        else {
          // The new rule works at once: the engine restarts with it (URL triggers not re-fired).
          taught = [...taught, { ...picked, id, host, createdAt: Date.now() }];
          current = build().adapters;
          engine.stop();
          engine = start(current, true);
          for (const [frameDoc, old] of inner) {
            old.stop();
            const restarted = new RuleEngine({
              doc: frameDoc,
              adapters: current,
              host: reports,
              isReload: true,
            });
            restarted.start();
            inner.set(frameDoc, restarted);
          }
        }
      }
    } finally {
      picking = false;
    }
  }

  signal.addEventListener('abort', () => {
    engine.stop();
    deps.messages.removeListener(onMessage);
    overlay?.remove();
  });

  if (!topFrame) return;
  overlay = await deps.mountOverlay(site, async (id) => {
    const reply = await send('undo', { id, site });
    if (reply.ok && reply.event)
      overlay?.update({
        notice: { event: reply.event, undone: true },
        depositsToday: reply.today?.dmp_upload ?? 0,
        ...(reply.month && { month: reply.month }),
      });
  });
  overlay.update({
    depositsToday: hello.today?.dmp_upload ?? 0,
    ...(hello.month && { month: hello.month }),
    program: program(),
  });
}
