import { describe, expect, it } from 'vitest';
import {
  INITIAL_TAB_STATE,
  stepDmpFlow,
  type DmpSignal,
  type DmpTabState,
  type EventToRecord,
  type NavigationKind,
} from '@/lib/sites/dmp-web-flow';
import { classifyDmpPath } from '@/lib/sites/dmp-web-pages';

/**
 * The page chain of the real DMP web access, walked with its real paths (docs/evidence.md):
 * each page signal comes from `classifyDmpPath`, as the content script sends it.
 */
const T0 = new Date(2025, 2, 14, 10, 0).getTime();
let loads = 0;

const at = (
  path: string,
  time: number,
  navType: NavigationKind = 'navigate',
  fromOtherSite = false,
): DmpSignal => ({
  type: 'page',
  page: classifyDmpPath(path),
  navType,
  pageLoadId: `load-${String(++loads).padStart(6, '0')}`,
  at: time,
  ...(fromOtherSite ? { fromOtherSite } : {}),
});
const submitted = (time: number, flowId = 'flow-00000001'): DmpSignal => ({
  type: 'submitted',
  flowId,
  docClass: '11488-4',
  at: time,
});
const decision = (d: 'accept' | 'cancel', time: number): DmpSignal => ({
  type: 'decision',
  decision: d,
  at: time,
});

function run(signals: DmpSignal[], from: DmpTabState = INITIAL_TAB_STATE) {
  let state = from;
  const recorded: EventToRecord[] = [];
  for (const s of signals) {
    const step = stepDmpFlow(state, s);
    state = step.state;
    recorded.push(...step.record);
  }
  return { state, recorded };
}
const kinds = (r: EventToRecord[]) => r.map((e) => e.kind);
const reads = (r: EventToRecord[]) => r.filter((e) => e.kind === 'dmp_consult');
const uploads = (r: EventToRecord[]) => r.filter((e) => e.kind === 'dmp_upload');

/** Record opened from the patient list: the usual start. */
const openRecord = (time: number) => [at('/mespatients/raz', time), at('/dmp/recapitulatif', time + 1)];

describe('a refused form, corrected and sent again', () => {
  it('counts the deposit once when the corrected form is accepted and confirmed', () => {
    const { recorded, state } = run([
      ...openRecord(T0),
      at('/ajoutdocument', T0 + 10),
      submitted(T0 + 1_000, 'flow-00000001'),
      at('/ajoutdocument.formajoutdocument', T0 + 2_000),
      submitted(T0 + 30_000, 'flow-00000002'),
      at('/demandeconfirmationactiondocument', T0 + 31_000),
      decision('accept', T0 + 32_000),
      at('/signaturedocument', T0 + 33_000),
      at('/confirmationajout', T0 + 40_000),
    ]);
    // One read (the opening), one deposit, no failure: a refusal is not a failed deposit.
    expect(kinds(recorded)).toEqual(['dmp_consult', 'dmp_upload']);
    // Timed from the first send: the correction is part of the deposit's time.
    expect(uploads(recorded)[0]).toMatchObject({
      id: 'flow-00000002',
      docClass: '11488-4',
      durationMs: 39_000,
    });
    expect(state).toEqual({ recordOpen: true, lastFlowId: 'flow-00000002' });
  });

  it('keeps the record open: the summary after a refusal is not a new read', () => {
    // The bug this fixes: the refused form read as "outside" closed the record, and the summary
    // reached next counted a false read.
    const { recorded, state } = run([
      ...openRecord(T0),
      at('/ajoutdocument', T0 + 10),
      submitted(T0 + 20),
      at('/ajoutdocument.formajoutdocument', T0 + 30),
      at('/dmp/recapitulatif', T0 + 40),
    ]);
    expect(kinds(recorded)).toEqual(['dmp_consult']);
    // Walked away from the refused form: nothing counted, the deposit dropped.
    expect(state).toEqual({ recordOpen: true });
  });

  it('a form refused several times, then accepted, counts once', () => {
    const { recorded } = run(
      [
        at('/ajoutdocument', T0),
        submitted(T0 + 1, 'flow-00000001'),
        at('/ajoutdocument.formajoutdocument', T0 + 2),
        submitted(T0 + 3, 'flow-00000002'),
        at('/ajoutdocument.formajoutdocument', T0 + 4),
        submitted(T0 + 5, 'flow-00000003'),
        at('/demandeconfirmationactiondocument', T0 + 6),
        decision('accept', T0 + 7),
        at('/confirmationajout', T0 + 8),
        at('/confirmationajout', T0 + 9, 'reload'),
      ],
      { recordOpen: true },
    );
    expect(recorded).toEqual([
      { id: 'flow-00000003', kind: 'dmp_upload', at: T0 + 8, docClass: '11488-4', durationMs: 7 },
    ]);
  });

  it('a refused form then cancelled at the confirmation step counts nothing', () => {
    const { recorded } = run(
      [
        submitted(T0),
        at('/ajoutdocument.formajoutdocument', T0 + 1),
        submitted(T0 + 2),
        at('/demandeconfirmationactiondocument', T0 + 3),
        decision('cancel', T0 + 4),
        at('/dmp/recapitulatif', T0 + 5),
        at('/confirmationajout', T0 + 6),
      ],
      { recordOpen: true },
    );
    expect(recorded).toEqual([]);
  });

  it('a refused form left without a new send counts nothing, even on a later confirmation', () => {
    const { recorded, state } = run(
      [submitted(T0), at('/ajoutdocument.formajoutdocument', T0 + 1), at('/confirmationajout', T0 + 2)],
      { recordOpen: true },
    );
    expect(recorded).toEqual([]);
    expect(state.pending).toBeUndefined();
  });

  it('the refused form reached with no deposit known (worker restarted) keeps the record open', () => {
    const { recorded, state } = run([
      at('/dmp/recapitulatif', T0),
      at('/ajoutdocument.formajoutdocument', T0 + 1),
      at('/dmp/recapitulatif', T0 + 2),
    ]);
    expect(kinds(recorded)).toEqual(['dmp_consult']);
    expect(state).toEqual({ recordOpen: true });
  });

  it('a refusal then a real error page after the corrected send counts one failure', () => {
    const { recorded } = run(
      [
        submitted(T0, 'flow-00000001'),
        at('/ajoutdocument.formajoutdocument', T0 + 1),
        submitted(T0 + 2, 'flow-00000002'),
        decision('accept', T0 + 3),
        at('/dmp/erreur', T0 + 4),
      ],
      { recordOpen: true },
    );
    expect(recorded).toEqual([
      { id: 'flow-00000002:failed', kind: 'dmp_upload_failed', at: T0 + 4, docClass: '11488-4' },
    ]);
  });
});

describe("another patient's record still open (confirmationouvertureautre)", () => {
  it('"Oui" then the new summary counts one read for the new record', () => {
    const { recorded, state } = run([
      ...openRecord(T0),
      // Back to the list: the record stays open on the site; the next patient is asked about.
      at('/mespatients/raz', T0 + 10),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 20),
      decision('accept', T0 + 25),
      at('/dmp/recapitulatif', T0 + 30),
    ]);
    expect(reads(recorded)).toHaveLength(2);
    expect(state).toEqual({ recordOpen: true });
  });

  it('counts the new read even when the confirmation comes straight from an open record', () => {
    // Without a page outside the record between (a patient link from a record page, or the
    // practice program opening the next patient while the DMP still holds the former one).
    const { recorded } = run([
      ...openRecord(T0),
      at('/ajoutdocument', T0 + 2),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 3),
      at('/dmp/recapitulatif', T0 + 4),
    ]);
    expect(reads(recorded)).toHaveLength(2);
  });

  it('is not a record page: it marks no record open (it was `record_other` before)', () => {
    const { state } = run([at('/dmp/confirmationouvertureautre/opendmp', T0)]);
    expect(state.recordOpen).toBe(false);
  });

  it('a refusal there keeps the former record open: back on its summary is not a read', () => {
    const { recorded, state } = run([
      ...openRecord(T0),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 10),
      decision('cancel', T0 + 11),
      at('/dmp/recapitulatif', T0 + 12),
    ]);
    expect(reads(recorded)).toHaveLength(1);
    expect(state).toEqual({ recordOpen: true });
  });

  it('a refusal that leads to the patient list, then a new opening, counts that opening', () => {
    const { recorded } = run([
      ...openRecord(T0),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 10),
      decision('cancel', T0 + 11),
      at('/mespatients/raz', T0 + 12),
      at('/dmp/recapitulatif', T0 + 13),
    ]);
    expect(reads(recorded)).toHaveLength(2);
  });

  it('drops a deposit under way in the former record', () => {
    const { recorded, state } = run([
      ...openRecord(T0),
      submitted(T0 + 2),
      decision('accept', T0 + 3),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 4),
      at('/dmp/recapitulatif', T0 + 5),
      at('/confirmationajout', T0 + 6),
    ]);
    expect(uploads(recorded)).toEqual([]);
    expect(state.pending).toBeUndefined();
  });

  it('a reload of the new summary does not count again', () => {
    const { recorded } = run([
      at('/dmp/confirmationouvertureautre/opendmp', T0),
      at('/dmp/recapitulatif', T0 + 1),
      at('/dmp/recapitulatif', T0 + 2, 'reload'),
      at('/dmp/documents', T0 + 3),
      at('/dmp/recapitulatif', T0 + 4),
    ]);
    expect(reads(recorded)).toHaveLength(1);
  });
});

describe('signature and confirmation (confirmationajout)', () => {
  it('the signature runs by itself: reaching it stands for the accept', () => {
    const { recorded } = run(
      [
        at('/ajoutdocument', T0),
        submitted(T0 + 1),
        at('/demandeconfirmationactiondocument', T0 + 2),
        at('/signaturedocument', T0 + 3),
        at('/confirmationajout', T0 + 4),
      ],
      { recordOpen: true },
    );
    expect(kinds(recorded)).toEqual(['dmp_upload']);
  });

  it('a signature that ends on an error page counts one failure, no deposit', () => {
    const { recorded } = run(
      [
        submitted(T0),
        decision('accept', T0 + 1),
        at('/signaturedocument', T0 + 2),
        at('/dmp/erreur', T0 + 3),
      ],
      { recordOpen: true },
    );
    expect(kinds(recorded)).toEqual(['dmp_upload_failed']);
  });

  it('"back to the summary" (#recapitulatif) after a deposit is not a new read', () => {
    const { recorded } = run([
      ...openRecord(T0),
      at('/ajoutdocument', T0 + 2),
      submitted(T0 + 3),
      decision('accept', T0 + 4),
      at('/confirmationajout', T0 + 5),
      at('/dmp/recapitulatif', T0 + 6),
    ]);
    expect(kinds(recorded)).toEqual(['dmp_consult', 'dmp_upload']);
  });

  it('closing the record (#closeDMPLink, to the patient list) then reopening it is a new read', () => {
    const { recorded } = run([
      ...openRecord(T0),
      submitted(T0 + 3),
      decision('accept', T0 + 4),
      at('/confirmationajout', T0 + 5),
      at('/mespatients/raz', T0 + 6),
      at('/dmp/recapitulatif', T0 + 7),
    ]);
    expect(kinds(recorded)).toEqual(['dmp_consult', 'dmp_upload', 'dmp_consult']);
  });
});

describe('a read counts once per real opening, whatever the route', () => {
  it('from the patient list, from a search, from the other-record question, from the practice program', () => {
    const { recorded } = run([
      // From the list.
      at('/mespatients/raz', T0),
      at('/dmp/recapitulatif', T0 + 1),
      at('/dmp/recapitulatif', T0 + 2, 'reload'),
      // From a search (outside any record).
      at('/dmp/recherche', T0 + 3),
      at('/dmp/recapitulatif', T0 + 4),
      // From the other-record question.
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 5),
      at('/dmp/recapitulatif', T0 + 6),
      // From the practice program, though a record is open.
      at('/dmp/recapitulatif', T0 + 7, 'navigate', true),
      // Back and forth inside the record: nothing more.
      at('/dmp/documents', T0 + 8),
      at('/dmp/recapitulatif', T0 + 9, 'back_forward'),
    ]);
    expect(reads(recorded)).toHaveLength(4);
    expect(new Set(reads(recorded).map((e) => e.id)).size).toBe(4);
  });

  it('the practice program landing on the other-record question counts one read after "Oui"', () => {
    // The summary after "Oui" comes from the DMP itself (no other-site referrer).
    const { recorded } = run([
      ...openRecord(T0),
      at('/dmp/confirmationouvertureautre/opendmp', T0 + 10, 'navigate', true),
      at('/dmp/recapitulatif', T0 + 11),
    ]);
    expect(reads(recorded)).toHaveLength(2);
  });
});
