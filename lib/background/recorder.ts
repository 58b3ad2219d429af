import { SerialQueue } from './serial';
import { makeEvent } from '../domain/events';
import { INITIAL_TAB_STATE, stepDmpFlow, type DmpSignal, type DmpTabState } from '../sites/dmp-web-flow';
import { DMP_WEB_SITE } from '../sites/dmp-web-pages';
import type { RequestOf } from '../messaging/protocol';
import type { EventReply } from '../messaging/replies';
import { counted, describeWriteError, type EventService } from './event-service';

/** Where the per-tab flow state is kept (session storage in the extension). */
export interface TabStateStore {
  get(tabId: number): Promise<DmpTabState | undefined>;
  set(tabId: number, state: DmpTabState): Promise<void>;
  delete(tabId: number): Promise<void>;
}

/** The messages of the DMP web access pages' chain. */
export type FlowMessage = RequestOf<'dmp_page' | 'dmp_submitted' | 'dmp_decision'>;

export interface RecorderDeps {
  events: EventService;
  tabStates: TabStateStore;
  now: () => number;
}

/**
 * The DMP web access chain in the background: each page, submit and decision of a tab moves
 * its flow (lib/sites/dmp-web-flow.ts), and what the flow counts is written as events.
 * Messages of one tab are handled one after another, so two page loads never race on the
 * tab's flow state.
 */
export class Recorder {
  private readonly queue = new SerialQueue<number>();

  constructor(private readonly deps: RecorderDeps) {}

  handle(message: FlowMessage, tabId?: number): Promise<EventReply> {
    if (tabId === undefined) return Promise.resolve({ ok: false, error: 'no_tab' });
    return this.queue.run(tabId, () => this.step(tabId, this.signalOf(message)));
  }

  async forgetTab(tabId: number): Promise<void> {
    await this.deps.tabStates.delete(tabId);
  }

  private signalOf(message: FlowMessage): DmpSignal {
    const at = this.deps.now();
    switch (message.type) {
      case 'dmp_page':
        return {
          type: 'page',
          page: message.page,
          navType: message.navType,
          pageLoadId: message.pageLoadId,
          fromOtherSite: message.fromOtherSite ?? false,
          ...(message.submitted ? { submitted: message.submitted } : {}),
          at,
        };
      case 'dmp_submitted':
        return { type: 'submitted', flowId: message.flowId, docClass: message.docClass, at };
      case 'dmp_decision':
        return { type: 'decision', decision: message.decision, at };
    }
  }

  private async step(tabId: number, signal: DmpSignal): Promise<EventReply> {
    const { events, tabStates } = this.deps;
    try {
      const before = (await tabStates.get(tabId)) ?? INITIAL_TAB_STATE;
      const step = stepDmpFlow(before, signal);
      const recorded = step.record.map((e) => makeEvent({ ...e, site: DMP_WEB_SITE, source: 'auto' }));
      // Events first: if writing fails, the flow state is left as it was and a retry can count.
      await events.writeAll(recorded);
      await tabStates.set(tabId, step.state);
      return { ok: true, counted: recorded.map(counted), ...(await events.figures()) };
    } catch (error) {
      return { ok: false, error: describeWriteError(error) };
    }
  }
}
