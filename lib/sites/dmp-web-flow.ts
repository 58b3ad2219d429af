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
  /**
   * The site asked whether to close the open record for another patient's
   * (`confirmationouvertureautre`). Its "Oui" is the way on: the record that opens next is a
   * new read. A cancel there keeps the former record open.
   */
  switchingRecord?: boolean;
  /** A deposit under way since its form was submitted by the user. */
  pending?: PendingDeposit;
  /**
   * The last deposit this tab counted (or recorded as failed). Its submit may still be told
   * late (a message sent while the form's page unloaded) or again (kept by the page, see
   * `KeptSubmit`): it is not a new deposit.
   */
  lastFlowId?: string;
}

/**
 * A deposit's submit, as its own tab keeps it across page loads (the page's sessionStorage,
 * lib/content/dmp-kept-submit.ts): a random flow id and the class code, nothing else. The
 * pages of the chain that follow send it on load, so the deposit does not rest on the submit
 * message, which is sent as the form's page unloads and can be lost while a stopped service
 * worker starts again.
 */
export interface KeptSubmit {
  flowId: string;
  docClass: DocClass;
}

/** Pages of the deposit chain after the form is sent: those that carry the kept submit. */
export const PAGES_AFTER_SUBMIT: readonly DmpPage[] = [
  'add_document_refused',
  'confirm_action',
  'signature',
  'upload_confirmed',
  'error',
];

export interface PendingDeposit {
  flowId: string;
  docClass: DocClass;
  /**
   * `submitted`: the form was sent; `refused`: the site showed it again with errors (the user
   * is correcting it); `accepted`: the action was confirmed.
   */
  stage: 'submitted' | 'refused' | 'accepted';
  /** When the form was first submitted (epoch ms): the start of the deposit's duration. */
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
      /** The submit this tab's page kept, on a page of PAGES_AFTER_SUBMIT (ignored elsewhere). */
      submitted?: KeptSubmit;
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
  return state.switchingRecord
    ? { recordOpen: state.recordOpen, switchingRecord: true }
    : { recordOpen: state.recordOpen };
}

/**
 * The user sent the deposit form (told by the submit message, or by the next page, which
 * carries the submit its tab kept). Told twice, by both, it is one deposit: a flow already
 * under way, or already counted, is left as it is.
 */
function submit(state: DmpTabState, sent: KeptSubmit, at: number): DmpTabState {
  const pending = state.pending;
  if (sent.flowId === state.lastFlowId || sent.flowId === pending?.flowId) return state;
  return {
    ...state,
    pending: {
      flowId: sent.flowId,
      docClass: sent.docClass,
      stage: 'submitted',
      // Sent again after a refusal: the same deposit, still timed from its first send.
      startedAt: pending?.stage === 'refused' ? pending.startedAt : at,
      updatedAt: at,
    },
  };
}

/**
 * The deposit and read rules of the DMP web access, as a pure function (docs/evidence.md,
 * "What counts as success"):
 * - a deposit counts once, when `confirmationajout` is reached after a submit and an accept;
 * - a refused form (shown again with its errors) counts nothing: the user corrects it and sends
 *   it again, and that deposit counts once when it is confirmed, its duration from the first send;
 * - an error page after a submit counts one failure; a cancel counts nothing;
 * - reaching a record summary while no record was open, after confirming the opening of another
 *   patient's record, or from another site (the practice program opens each patient's record
 *   there), counts one DMP read; a reload never does.
 */
export function stepDmpFlow(current: DmpTabState, signal: DmpSignal): FlowStep {
  const step = stepFlow(current, signal);
  // The last deposit counted is remembered whatever page comes next.
  const lastFlowId = step.state.lastFlowId ?? current.lastFlowId;
  return lastFlowId === undefined ? step : { ...step, state: { ...step.state, lastFlowId } };
}

function stepFlow(current: DmpTabState, signal: DmpSignal): FlowStep {
  let state = current;
  if (state.pending && signal.at - state.pending.updatedAt > PENDING_TTL_MS) state = withoutPending(state);
  const pending = state.pending;

  switch (signal.type) {
    case 'submitted':
      return { state: submit(state, signal, signal.at), record: [] };

    case 'decision':
      if (state.switchingRecord) {
        // The other-record question: "Oui" opens the new record (nothing to change), a cancel
        // leaves the former record open, so coming back to it is not a new read.
        if (signal.decision === 'accept') return { state, record: [] };
        return { state: { recordOpen: true }, record: [] };
      }
      if (!pending) return { state, record: [] };
      if (signal.decision === 'cancel') return { state: withoutPending(state), record: [] };
      return {
        state: { ...state, pending: { ...pending, stage: 'accepted', updatedAt: signal.at } },
        record: [],
      };

    case 'page': {
      // A page of the chain carries the submit its tab kept: the submit message may have been
      // lost (it is sent while the form's page unloads), the deposit is not.
      const carried =
        signal.submitted && PAGES_AFTER_SUBMIT.includes(signal.page) ? signal.submitted : undefined;
      return stepPage(carried ? submit(state, carried, signal.at) : state, signal, carried);
    }
  }
}

function stepPage(
  state: DmpTabState,
  signal: Extract<DmpSignal, { type: 'page' }>,
  carried: KeptSubmit | undefined,
): FlowStep {
  const pending = state.pending;
  const record: EventToRecord[] = [];
  switch (signal.page) {
    case 'upload_confirmed':
      // Counted once the accept is known (its message, or the signature page), or when this
      // page carries the deposit's own submit: the site shows `confirmationajout` only after
      // the submit, the accept and the signature, and the tab's page kept the submit from the
      // user's own send (the accept message and the signature page can both go unseen).
      if (pending && (pending.stage === 'accepted' || carried?.flowId === pending.flowId)) {
        record.push({
          id: pending.flowId,
          kind: 'dmp_upload',
          at: signal.at,
          docClass: pending.docClass,
          durationMs: Math.max(0, signal.at - pending.startedAt),
        });
        return { state: { recordOpen: true, lastFlowId: pending.flowId }, record };
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
        return { state: { ...withoutPending(state), lastFlowId: pending.flowId }, record };
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

    case 'add_document_refused':
      // The site refused the form (a missing title, a wrong file...) and shows it again: not a
      // failed deposit, the user is still filling it. Keep it to time the corrected send.
      if (!pending || pending.stage === 'accepted') return { state: { recordOpen: true }, record };
      return {
        state: { recordOpen: true, pending: { ...pending, stage: 'refused', updatedAt: signal.at } },
        record,
      };

    case 'confirm_other_record':
      // Another patient's record is being opened while this one is still open: this record is
      // being left, and the summary that follows the "Oui" is a new read.
      return { state: { recordOpen: false, switchingRecord: true }, record };

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
      return { state: { recordOpen: true, ...(state.pending ? { pending: state.pending } : {}) }, record };

    case 'outside':
      return { state: { recordOpen: false }, record };
  }
}
