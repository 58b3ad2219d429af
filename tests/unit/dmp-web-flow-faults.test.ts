import { describe, expect, it } from 'vitest';
import { INITIAL_TAB_STATE, stepDmpFlow, type DmpSignal, type DmpTabState } from '@/lib/sites/dmp-web-flow';

/**
 * Messages lost to a stopped service worker (tests/e2e/faults.chromium.e2e.ts found it): the
 * accept is sent as its page navigates away, and can be lost while the worker starts again.
 */
const T0 = new Date(2025, 2, 14, 10).getTime();
const page = (p: Extract<DmpSignal, { type: 'page' }>['page'], at: number, n = at): DmpSignal => ({
  type: 'page',
  page: p,
  navType: 'navigate',
  pageLoadId: `load-${n}`,
  at,
});

function run(signals: DmpSignal[], state: DmpTabState = { ...INITIAL_TAB_STATE, recordOpen: true }) {
  const recorded = [];
  for (const s of signals) {
    const step = stepDmpFlow(state, s);
    state = step.state;
    recorded.push(...step.record);
  }
  return recorded;
}

describe('a deposit whose accept message was lost', () => {
  it('still counts once: the signature page comes only after the accept', () => {
    const recorded = run([
      page('add_document', T0),
      { type: 'submitted', flowId: 'flow-00000001', docClass: 'VSM', at: T0 + 1_000 },
      page('confirm_action', T0 + 2_000),
      page('signature', T0 + 4_000),
      page('upload_confirmed', T0 + 9_000),
      page('upload_confirmed', T0 + 9_500),
    ]);
    expect(recorded).toEqual([
      { id: 'flow-00000001', kind: 'dmp_upload', at: T0 + 9_000, docClass: 'VSM', durationMs: 8_000 },
    ]);
  });

  it('counts nothing without a submit from the user, whatever pages follow', () => {
    expect(
      run([
        page('add_document', T0),
        page('confirm_action', T0 + 1),
        page('signature', T0 + 2),
        page('upload_confirmed', T0 + 3),
      ]),
    ).toEqual([]);
  });

  it('a cancel on the confirmation step still cancels', () => {
    const recorded = run([
      { type: 'submitted', flowId: 'flow-00000002', docClass: 'VSM', at: T0 },
      page('confirm_action', T0 + 1),
      { type: 'decision', decision: 'cancel', at: T0 + 2 },
      page('record_summary', T0 + 3),
      page('upload_confirmed', T0 + 4),
    ]);
    expect(recorded.filter((e) => e.kind === 'dmp_upload')).toEqual([]);
  });
});
