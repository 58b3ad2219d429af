import type { DocClass } from '../domain/doc-classes';
import type { EventKind } from '../domain/events';
import type { DmpPage } from './dmp-web-pages';

/**
 * What the extension remembers about one tab on the DMP web access, between page loads.
 * Kept by the background (session storage) so that the counting survives page changes and a
 * restart of the service worker; it holds no patient data.
 */
export interface DmpTabState {
  /** A record summary was reached and no page outside a record was seen since. */
  recordOpen: boolean;
  /** A deposit under way since its form was submitted by the user. */
  pending?: PendingDeposit;
}

export interface PendingDeposit {
  flowId: string;
  docClass: DocClass;
  stage: 'submitted' | 'accepted';
  /** When the form was submitted (epoch ms): the start of the deposit's duration. */
  startedAt: number;
  /** Last step, epoch ms: a deposit left alone too long is dropped. */
  updatedAt: number;
}

/** A deposit left without a next step for this long is forgotten (signing with a CPS can be slow). */
export const PENDING_TTL_MS = 30 * 60 * 1000;

export type DmpSignal =
  | {
      type: 'page';
      page: DmpPage;
      navType: NavigationKind;
      pageLoadId: string;
      at: number;
      /** Arrived from another site (the practice program, a bookmark): a new record opening. */
      fromOtherSite?: boolean;
    }
  | { type: 'submitted'; flowId: string; docClass: DocClass; at: number }
  | { type: 'decision'; decision: 'accept' | 'cancel'; at: number };

export type NavigationKind = 'navigate' | 'reload' | 'back_forward' | 'prerender';

/** An event the reducer asks to record; the caller stamps day, site and source. */
export interface EventToRecord {
  id: string;
  kind: EventKind;
  at: number;
  docClass?: DocClass;
  durationMs?: number;
}

export interface FlowStep {
  state: DmpTabState;
  record: EventToRecord[];
}

export const INITIAL_TAB_STATE: DmpTabState = { recordOpen: false };

function withoutPending(state: DmpTabState): DmpTabState {
  return { recordOpen: state.recordOpen };
}

/**
 * The deposit and read rules of the DMP web access, as a pure function:
 * - a deposit counts once, when `confirmationajout` is reached after a submit and an accept;
 * - an error page after a submit counts one failure; a cancel counts nothing;
 * - reaching a record summary while no record was open, or from another site (the practice
 *   program opens each patient's record there), counts one DMP read; a reload never does.
 */
export function stepDmpFlow(current: DmpTabState, signal: DmpSignal): FlowStep {
  let state = current;
  if (state.pending && signal.at - state.pending.updatedAt > PENDING_TTL_MS) state = withoutPending(state);
  const pending = state.pending;

  switch (signal.type) {
    case 'submitted':
      return {
        state: {
          ...state,
          pending: {
            flowId: signal.flowId,
            docClass: signal.docClass,
            stage: 'submitted',
            startedAt: signal.at,
            updatedAt: signal.at,
          },
        },
        record: [],
      };

    case 'decision':
      if (!pending) return { state, record: [] };
      if (signal.decision === 'cancel') return { state: withoutPending(state), record: [] };
      return {
        state: { ...state, pending: { ...pending, stage: 'accepted', updatedAt: signal.at } },
        record: [],
      };

    case 'page':
      return stepPage(state, signal);
  }
}

function stepPage(state: DmpTabState, signal: Extract<DmpSignal, { type: 'page' }>): FlowStep {
  const pending = state.pending;
  const record: EventToRecord[] = [];
  switch (signal.page) {
    case 'upload_confirmed':
      if (pending?.stage === 'accepted') {
        record.push({
          id: pending.flowId,
          kind: 'dmp_upload',
          at: signal.at,
          docClass: pending.docClass,
          durationMs: Math.max(0, signal.at - pending.startedAt),
        });
      }
      return { state: { recordOpen: true }, record };

    case 'error':
      if (pending) {
        record.push({
          id: `${pending.flowId}:failed`,
          kind: 'dmp_upload_failed',
          at: signal.at,
          docClass: pending.docClass,
        });
      }
      return { state: withoutPending(state), record };

    case 'confirm_action':
      // Steps of the deposit under way: keep it alive.
      if (!pending) return { state, record };
      return { state: { ...state, pending: { ...pending, updatedAt: signal.at } }, record };

    case 'signature':
      // The DMP shows the signature step only once the confirmation was accepted. The accept
      // message is sent as the page navigates away: when the service worker was stopped, it can
      // be lost while the worker starts. The page reached says it happened, so the deposit
      // counts all the same.
      if (!pending) return { state, record };
      return {
        state: { ...state, pending: { ...pending, stage: 'accepted', updatedAt: signal.at } },
        record,
      };

    case 'add_document':
      // A fresh form: whatever was under way was abandoned.
      return { state: { recordOpen: true }, record };

    case 'record_summary':
      if ((!state.recordOpen || signal.fromOtherSite) && signal.navType !== 'reload') {
        record.push({ id: `read:${signal.pageLoadId}`, kind: 'dmp_consult', at: signal.at });
      }
      // Back on the summary with a deposit not accepted: the user walked away from it.
      return {
        state: { recordOpen: true, pending: pending?.stage === 'accepted' ? pending : undefined },
        record,
      };

    case 'record_other':
      return { state: { ...state, recordOpen: true }, record };

    case 'outside':
      return { state: { recordOpen: false }, record };
  }
}
