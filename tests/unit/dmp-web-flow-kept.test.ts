import { describe, expect, it } from 'vitest';
import type { DocClass } from '@/lib/domain/doc-classes';
import {
  INITIAL_TAB_STATE,
  PAGES_AFTER_SUBMIT,
  stepDmpFlow,
  type DmpSignal,
  type DmpTabState,
  type EventToRecord,
  type KeptSubmit,
} from '@/lib/sites/dmp-web-flow';
import { DMP_PAGES, type DmpPage } from '@/lib/sites/dmp-web-pages';

/**
 * The lost submit message (issue 10, item 7). A doctor takes more than 30 s to fill the form, so
 * the service worker is asleep when it is sent, and `dmp_submitted` is sent while the form's page
 * unloads: it can be lost. No count rests on it: the tab's page keeps the submit (a flow id and
 * the class code) and the pages that follow send it on load. Told by both, it is one deposit.
 */
const T0 = new Date(2025, 2, 14, 10).getTime();
const X: KeptSubmit = { flowId: 'flow-0000000x', docClass: '11488-4' };
const Y: KeptSubmit = { flowId: 'flow-0000000y', docClass: 'VSM' };

let loads = 0;
const page = (p: DmpPage, at: number, submitted?: KeptSubmit): Extract<DmpSignal, { type: 'page' }> => ({
  type: 'page',
  page: p,
  navType: 'navigate',
  pageLoadId: `load-${++loads}`,
  at,
  ...(submitted ? { submitted } : {}),
});
const submittedMsg = (s: KeptSubmit, at: number): DmpSignal => ({ type: 'submitted', ...s, at });
const accept = (at: number): DmpSignal => ({ type: 'decision', decision: 'accept', at });
const cancel = (at: number): DmpSignal => ({ type: 'decision', decision: 'cancel', at });

function run(signals: DmpSignal[], start: DmpTabState = { ...INITIAL_TAB_STATE, recordOpen: true }) {
  let state = start;
  const recorded: EventToRecord[] = [];
  for (const s of signals) {
    const step = stepDmpFlow(state, s);
    state = step.state;
    recorded.push(...step.record);
  }
  return { recorded, state };
}

const upload = (s: KeptSubmit, at: number, durationMs: number): EventToRecord => ({
  id: s.flowId,
  kind: 'dmp_upload',
  at,
  docClass: s.docClass,
  durationMs,
});

describe('the submit message lost: the pages that follow carry the kept submit', () => {
  it('counts once, with the right class, when the confirmation-action page carries it', () => {
    const { recorded } = run([
      page('add_document', T0),
      // dmp_submitted lost while the form's page unloaded.
      page('confirm_action', T0 + 1_000, X),
      accept(T0 + 2_000),
      page('signature', T0 + 3_000, X),
      page('upload_confirmed', T0 + 5_000, X),
    ]);
    expect(recorded).toEqual([upload(X, T0 + 5_000, 4_000)]);
  });

  it('counts once when the submit and the accept are both lost: the signature page carries it', () => {
    const { recorded } = run([
      page('add_document', T0),
      page('confirm_action', T0 + 1_000, X),
      page('signature', T0 + 3_000, X),
      page('upload_confirmed', T0 + 5_000, X),
    ]);
    expect(recorded).toEqual([upload(X, T0 + 5_000, 4_000)]);
  });

  it('counts once when only the confirmation page is seen with it (the chain inferred from it)', () => {
    // The submit and the accept lost, the two pages between gone by before their script ran.
    const { recorded } = run([page('add_document', T0), page('upload_confirmed', T0 + 5_000, X)]);
    expect(recorded).toEqual([upload(X, T0 + 5_000, 0)]);
  });

  it('without the kept submit, a confirmation still needs the accept (unchanged)', () => {
    const { recorded } = run([
      submittedMsg(X, T0),
      page('confirm_action', T0 + 1_000),
      page('upload_confirmed', T0 + 5_000),
    ]);
    expect(recorded).toEqual([]);
  });

  it('a refused form then a corrected send, both submit messages lost: one deposit, class of the last send, timed from the first', () => {
    const { recorded } = run([
      page('add_document', T0),
      page('add_document_refused', T0 + 1_000, X),
      page('confirm_action', T0 + 30_000, Y),
      page('signature', T0 + 31_000, Y),
      page('upload_confirmed', T0 + 33_000, Y),
    ]);
    expect(recorded).toEqual([upload(Y, T0 + 33_000, 32_000)]);
  });

  it('an error page that carries it records one failure, never two', () => {
    const { recorded } = run([
      page('add_document', T0),
      page('confirm_action', T0 + 1_000, X),
      page('error', T0 + 3_000, X),
      page('error', T0 + 4_000, X),
    ]);
    expect(recorded).toEqual([
      { id: `${X.flowId}:failed`, kind: 'dmp_upload_failed', at: T0 + 3_000, docClass: X.docClass },
    ]);
  });

  it('a page outside the chain that carries it does not start a deposit', () => {
    for (const p of DMP_PAGES.filter((p) => !PAGES_AFTER_SUBMIT.includes(p))) {
      const { recorded, state } = run([page(p, T0, X), page('upload_confirmed', T0 + 1_000)]);
      expect(recorded, p).toEqual([]);
      expect(state.pending, p).toBeUndefined();
    }
  });

  it('a cancel whose message was lost: back on the summary nothing is left to count', () => {
    const { recorded } = run([
      page('confirm_action', T0, X),
      // "Annuler": its message lost too; the summary follows (the page there keeps nothing).
      page('record_summary', T0 + 1_000),
      page('upload_confirmed', T0 + 2_000),
    ]);
    expect(recorded).toEqual([]);
    expect(
      run([page('confirm_action', T0, X), cancel(T0 + 500), page('record_summary', T0 + 1_000)]).recorded,
    ).toEqual([]);
  });
});

describe('the submit told twice, by its message and by the pages: one deposit', () => {
  it('both arrive in order: counted once', () => {
    const { recorded } = run([
      page('add_document', T0),
      submittedMsg(X, T0 + 500),
      page('confirm_action', T0 + 1_000, X),
      accept(T0 + 2_000),
      page('signature', T0 + 3_000, X),
      page('upload_confirmed', T0 + 5_000, X),
    ]);
    expect(recorded).toEqual([upload(X, T0 + 5_000, 4_500)]);
  });

  it('the submit message arrives late, after the next pages: it changes nothing, and never counts again', () => {
    for (const lateAfter of [1, 2, 3, 4]) {
      const chain = [
        page('confirm_action', T0 + 1_000, X),
        accept(T0 + 2_000),
        page('signature', T0 + 3_000, X),
        page('upload_confirmed', T0 + 5_000, X),
        page('record_summary', T0 + 6_000),
      ];
      chain.splice(lateAfter, 0, submittedMsg(X, T0 + 500 + lateAfter));
      const { recorded, state } = run(chain);
      expect(
        recorded.filter((e) => e.kind === 'dmp_upload'),
        `late after step ${lateAfter}`,
      ).toEqual([upload(X, T0 + 5_000, 4_000)]);
      expect(state.pending, `late after step ${lateAfter}`).toBeUndefined();
    }
  });

  it('a reload of the confirmation, still carrying it, counts nothing more; the next deposit counts', () => {
    const { recorded } = run([
      page('confirm_action', T0 + 1_000, X),
      page('signature', T0 + 3_000, X),
      page('upload_confirmed', T0 + 5_000, X),
      { ...page('upload_confirmed', T0 + 6_000, X), navType: 'reload' },
      page('record_summary', T0 + 7_000),
      page('add_document', T0 + 8_000),
      page('confirm_action', T0 + 9_000, Y),
      page('signature', T0 + 10_000, Y),
      page('upload_confirmed', T0 + 11_000, Y),
    ]);
    expect(recorded).toEqual([upload(X, T0 + 5_000, 4_000), upload(Y, T0 + 11_000, 2_000)]);
  });

  /**
   * Every way the two page-unload messages (the submit, the accept) can go: delivered in order,
   * delivered late (after any later step), or lost; and the signature page seen or not (it runs
   * by itself, maybe before the page's script does). Always exactly one deposit of the right
   * class, with the pages carrying the kept submit.
   */
  it('whatever happens to the submit and accept messages, a carried deposit counts exactly once', () => {
    type Fate = 'in-order' | 'lost' | `late-${number}`;
    const fates = (n: number): Fate[] => [
      'in-order',
      'lost',
      ...Array.from({ length: n }, (_, i) => `late-${i + 1}` as Fate),
    ];
    let runs = 0;
    for (const docClass of ['11488-4', 'VSM'] as DocClass[]) {
      const s: KeptSubmit = { flowId: `flow-${docClass.replace(/\W/g, '')}-0001`, docClass };
      for (const signatureSeen of [true, false]) {
        const pages = [
          page('confirm_action', T0 + 1_000, s),
          ...(signatureSeen ? [page('signature', T0 + 3_000, s)] : []),
          page('upload_confirmed', T0 + 5_000, s),
          page('record_summary', T0 + 6_000),
        ];
        for (const submitFate of fates(pages.length)) {
          for (const acceptFate of fates(pages.length - 1)) {
            // In order: the submit before the first page, the accept after it.
            const chain: Array<DmpSignal | null> = [...pages];
            const place = (signal: DmpSignal, fate: Fate, inOrderAt: number) => {
              if (fate === 'lost') return;
              const at = fate === 'in-order' ? inOrderAt : inOrderAt + Number(fate.slice(5));
              chain.splice(Math.min(at, chain.length), 0, signal);
            };
            place(accept(T0 + 2_000), acceptFate, 1);
            place(submittedMsg(s, T0 + 500), submitFate, 0);
            const { recorded } = run(chain.filter((c): c is DmpSignal => c !== null));
            const uploads = recorded.filter((e) => e.kind === 'dmp_upload');
            expect(
              uploads,
              `${docClass} sig:${signatureSeen} submit:${submitFate} accept:${acceptFate}`,
            ).toHaveLength(1);
            expect(uploads[0]).toMatchObject({ id: s.flowId, docClass, at: T0 + 5_000 });
            runs++;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(50);
  });
});
