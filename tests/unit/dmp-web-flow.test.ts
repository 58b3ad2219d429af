import { describe, expect, it } from 'vitest';
import {
  INITIAL_TAB_STATE,
  PENDING_TTL_MS,
  stepDmpFlow,
  type DmpSignal,
  type DmpTabState,
  type EventToRecord,
  type NavigationKind,
} from '@/lib/sites/dmp-web-flow';
import type { DmpPage } from '@/lib/sites/dmp-web-pages';

const T0 = new Date(2025, 2, 14, 10, 0).getTime();
let loads = 0;

const page = (p: DmpPage, at: number, navType: NavigationKind = 'navigate'): DmpSignal => ({
  type: 'page',
  page: p,
  navType,
  pageLoadId: `load-${String(++loads).padStart(6, '0')}`,
  at,
});
const submitted = (at: number, flowId = 'flow-00000001'): DmpSignal => ({
  type: 'submitted',
  flowId,
  docClass: 'VSM',
  at,
});
const decision = (d: 'accept' | 'cancel', at: number): DmpSignal => ({ type: 'decision', decision: d, at });

/** Runs signals from a state and collects every event the reducer asked to record. */
function run(signals: DmpSignal[], from: DmpTabState = INITIAL_TAB_STATE) {
  let state = from;
  const recorded: EventToRecord[] = [];
  const perStep: EventToRecord[][] = [];
  for (const s of signals) {
    const step = stepDmpFlow(state, s);
    state = step.state;
    recorded.push(...step.record);
    perStep.push(step.record);
  }
  return { state, recorded, perStep };
}

const uploads = (r: EventToRecord[]) => r.filter((e) => e.kind === 'dmp_upload');
const failures = (r: EventToRecord[]) => r.filter((e) => e.kind === 'dmp_upload_failed');
const reads = (r: EventToRecord[]) => r.filter((e) => e.kind === 'dmp_consult');

/** A record already open, as after reaching its summary. */
const OPEN: DmpTabState = { recordOpen: true };

describe('deposit', () => {
  it('counts once the confirmation page is reached after submit and accept', () => {
    const { recorded, perStep, state } = run(
      [
        page('add_document', T0),
        submitted(T0 + 1_000),
        page('confirm_action', T0 + 2_000),
        decision('accept', T0 + 3_000),
        page('signature', T0 + 4_000),
        page('upload_confirmed', T0 + 9_000),
      ],
      OPEN,
    );
    expect(recorded).toEqual([
      { id: 'flow-00000001', kind: 'dmp_upload', at: T0 + 9_000, docClass: 'VSM', durationMs: 8_000 },
    ]);
    // Nothing before the confirmation page.
    expect(perStep.slice(0, -1).flat()).toEqual([]);
    expect(state.pending).toBeUndefined();
    expect(state.recordOpen).toBe(true);
  });

  it('does not count on submit alone, nor on accept alone', () => {
    expect(run([submitted(T0), page('upload_confirmed', T0 + 1)], OPEN).recorded).toEqual([]);
    expect(run([decision('accept', T0), page('upload_confirmed', T0 + 1)], OPEN).recorded).toEqual([]);
    expect(run([page('upload_confirmed', T0)], OPEN).recorded).toEqual([]);
  });

  it('tracks the stage of the deposit under way', () => {
    const afterSubmit = run([submitted(T0)], OPEN).state;
    expect(afterSubmit.pending).toMatchObject({ flowId: 'flow-00000001', stage: 'submitted', startedAt: T0 });
    const afterAccept = run([submitted(T0), decision('accept', T0 + 5)], OPEN).state;
    expect(afterAccept.pending).toMatchObject({ stage: 'accepted', startedAt: T0, updatedAt: T0 + 5 });
  });

  it('a cancel counts nothing and drops the deposit', () => {
    const { recorded, state } = run(
      [
        submitted(T0),
        page('confirm_action', T0 + 1),
        decision('cancel', T0 + 2),
        page('upload_confirmed', T0 + 3),
      ],
      OPEN,
    );
    expect(recorded).toEqual([]);
    expect(state.pending).toBeUndefined();
  });

  it('an accept after a cancel counts nothing', () => {
    const { recorded } = run(
      [
        submitted(T0),
        decision('cancel', T0 + 1),
        decision('accept', T0 + 2),
        page('upload_confirmed', T0 + 3),
      ],
      OPEN,
    );
    expect(recorded).toEqual([]);
  });

  it('an error page after a submit counts one failure', () => {
    const { recorded, state } = run(
      [
        submitted(T0),
        decision('accept', T0 + 1),
        page('error', T0 + 2),
        page('error', T0 + 3, 'reload'),
        page('upload_confirmed', T0 + 4),
      ],
      OPEN,
    );
    expect(failures(recorded)).toEqual([
      { id: 'flow-00000001:failed', kind: 'dmp_upload_failed', at: T0 + 2, docClass: 'VSM' },
    ]);
    expect(uploads(recorded)).toEqual([]);
    expect(state.pending).toBeUndefined();
  });

  it('an error page before any submit counts nothing', () => {
    expect(run([page('error', T0)], OPEN).recorded).toEqual([]);
  });

  it('a reload of the confirmation page does not count again', () => {
    const { recorded } = run(
      [
        submitted(T0),
        decision('accept', T0 + 1),
        page('upload_confirmed', T0 + 2),
        page('upload_confirmed', T0 + 3, 'reload'),
        page('upload_confirmed', T0 + 4, 'back_forward'),
      ],
      OPEN,
    );
    expect(uploads(recorded)).toHaveLength(1);
  });

  it('a second deposit in the same record counts under its own id', () => {
    const { recorded } = run(
      [
        submitted(T0, 'flow-00000001'),
        decision('accept', T0 + 1),
        page('upload_confirmed', T0 + 2),
        page('add_document', T0 + 3),
        submitted(T0 + 4, 'flow-00000002'),
        decision('accept', T0 + 5),
        page('upload_confirmed', T0 + 6),
      ],
      OPEN,
    );
    expect(uploads(recorded).map((e) => e.id)).toEqual(['flow-00000001', 'flow-00000002']);
  });

  it('a fresh deposit form abandons the deposit under way', () => {
    const { recorded } = run(
      [
        submitted(T0),
        decision('accept', T0 + 1),
        page('add_document', T0 + 2),
        page('upload_confirmed', T0 + 3),
      ],
      OPEN,
    );
    expect(recorded).toEqual([]);
  });

  it('back on the summary, a deposit not yet accepted is dropped, an accepted one kept', () => {
    const notAccepted = run([submitted(T0), page('record_summary', T0 + 1)], OPEN);
    expect(notAccepted.state.pending).toBeUndefined();
    const accepted = run(
      [
        submitted(T0),
        decision('accept', T0 + 1),
        page('record_summary', T0 + 2),
        page('upload_confirmed', T0 + 3),
      ],
      OPEN,
    );
    expect(uploads(accepted.recorded)).toHaveLength(1);
  });
});

describe('pending expiry', () => {
  it('a deposit left alone longer than PENDING_TTL_MS is forgotten', () => {
    const { recorded, state } = run(
      [submitted(T0), decision('accept', T0 + 1), page('upload_confirmed', T0 + 1 + PENDING_TTL_MS + 1)],
      OPEN,
    );
    expect(recorded).toEqual([]);
    expect(state.pending).toBeUndefined();
  });

  it('an expired deposit cannot be accepted any more', () => {
    const { state } = run([submitted(T0), decision('accept', T0 + PENDING_TTL_MS + 1)], OPEN);
    expect(state.pending).toBeUndefined();
  });

  it('an expired deposit does not count as a failure either', () => {
    expect(run([submitted(T0), page('error', T0 + PENDING_TTL_MS + 1)], OPEN).recorded).toEqual([]);
  });

  it('a deposit at exactly PENDING_TTL_MS still counts', () => {
    const { recorded } = run(
      [submitted(T0), decision('accept', T0 + 1), page('upload_confirmed', T0 + 1 + PENDING_TTL_MS)],
      OPEN,
    );
    expect(uploads(recorded)).toHaveLength(1);
  });

  it('each step of the deposit keeps it alive', () => {
    const step = PENDING_TTL_MS - 1;
    const { recorded } = run(
      [
        submitted(T0),
        page('confirm_action', T0 + step),
        decision('accept', T0 + 2 * step),
        page('signature', T0 + 3 * step),
        page('upload_confirmed', T0 + 4 * step),
      ],
      OPEN,
    );
    expect(uploads(recorded)).toEqual([expect.objectContaining({ durationMs: 4 * step })]);
  });
});

describe('DMP reads', () => {
  it('counts a read for each record opened from another site, though a record was open', () => {
    const fromProgram = (at: number): DmpSignal =>
      ({ ...page('record_summary', at), fromOtherSite: true }) as DmpSignal;
    const { recorded } = run([fromProgram(T0), page('record_other', T0 + 1), fromProgram(T0 + 2)]);
    expect(recorded.filter((e) => e.kind === 'dmp_consult')).toHaveLength(2);
  });

  it('never counts a reload, even of a page reached from another site', () => {
    const reloadFromProgram: DmpSignal = {
      ...page('record_summary', T0, 'reload'),
      fromOtherSite: true,
    } as DmpSignal;
    expect(run([reloadFromProgram]).recorded).toEqual([]);
  });

  it('counts one read when a record summary is opened', () => {
    const s = page('record_summary', T0);
    const { recorded, state } = run([page('outside', T0 - 1), s]);
    expect(recorded).toEqual([
      { id: `read:${(s as { pageLoadId: string }).pageLoadId}`, kind: 'dmp_consult', at: T0 },
    ]);
    expect(state.recordOpen).toBe(true);
  });

  it('not again on reload, nor when coming back to the summary within the record', () => {
    const { recorded } = run([
      page('record_summary', T0),
      page('record_summary', T0 + 1, 'reload'),
      page('record_other', T0 + 2),
      page('record_summary', T0 + 3),
      page('add_document', T0 + 4),
      page('record_summary', T0 + 5, 'back_forward'),
    ]);
    expect(reads(recorded)).toHaveLength(1);
  });

  it('a reload as the first load of the summary does not count', () => {
    expect(run([page('record_summary', T0, 'reload')]).recorded).toEqual([]);
  });

  it('again after leaving to a page outside the record', () => {
    const { recorded, state } = run([
      page('record_summary', T0),
      page('outside', T0 + 1),
      page('record_summary', T0 + 2),
      page('outside', T0 + 3),
    ]);
    expect(reads(recorded)).toHaveLength(2);
    expect(new Set(recorded.map((e) => e.id)).size).toBe(2);
    expect(state.recordOpen).toBe(false);
  });

  it('leaving the record drops a deposit under way', () => {
    const { state } = run([submitted(T0), decision('accept', T0 + 1), page('outside', T0 + 2)], OPEN);
    expect(state).toEqual({ recordOpen: false });
  });
});

describe('purity', () => {
  it('does not mutate the state it is given', () => {
    const before: DmpTabState = {
      recordOpen: true,
      pending: { flowId: 'flow-00000001', docClass: 'VSM', stage: 'submitted', startedAt: T0, updatedAt: T0 },
    };
    const copy = structuredClone(before);
    stepDmpFlow(before, decision('accept', T0 + 1));
    stepDmpFlow(before, page('upload_confirmed', T0 + 2));
    expect(before).toEqual(copy);
    expect(INITIAL_TAB_STATE).toEqual({ recordOpen: false });
  });
});
